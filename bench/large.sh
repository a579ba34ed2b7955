#!/usr/bin/env bash
# make bench-large: `analyze` end to end (defaults, no placebo draws) on seed-shaped panels at 1x, 10x
# and 100x (about 0.69M, 6.9M and 69M rows; the 100x file is about 6 GB), one run each, with wall time,
# peak RSS (mapped file pages included) and both per row, so that the growth can be read off.
# The 1x and 10x panels are simulated; the 100x panel is the 10x panel ten times over, each copy's
# account ids suffixed, so that it holds 10x's accounts ten times. Needs about 7 GB of free disk in
# $TMPDIR. Results go to bench/results/bench-large-<date>.csv.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --static-swift-stdlib --product g3-design >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bin=.build/release/g3-design
$bin simulate --customers 53367 --engaged 235 --out "$work/x1" >/dev/null
$bin simulate --customers 533670 --engaged 2350 --out "$work/x10" >/dev/null
mkdir -p "$work/x100"
{
  head -1 "$work/x10/panel.csv"
  for copy in 0 1 2 3 4 5 6 7 8 9; do
    tail -n +2 "$work/x10/panel.csv" | sed "s/^\([^,]*\),/\1-$copy,/"
  done
} >"$work/x100/panel.csv"
lines=()
for scale in 1 10 100; do
  panel="$work/x$scale/panel.csv"
  rows=$(($(wc -l <"$panel") - 1))
  mb=$(($(stat -c %s "$panel") / 1000000))
  /usr/bin/time -f "%e %M" -o "$work/time" $bin analyze --data "$panel" --placebo-draws 0 --timings --format json \
    >"$work/x$scale/results.json" 2>"$work/x$scale/stderr"
  read -r seconds kb <"$work/time"
  lines+=("$(awk -v s="$scale" -v r="$rows" -v mb="$mb" -v t="$seconds" -v kb="$kb" 'BEGIN {
    printf "analyze_panel_x%s,%d_rows,%d_MB,%.2f_s,peak_rss_mb=%.0f,ns_per_row=%.0f,bytes_per_row=%.0f",
      s, r, mb, t, kb / 1024, t * 1e9 / r, kb * 1024 / r }')")
  while IFS= read -r line; do lines+=("# x$scale $line"); done < <(grep '^timing:' "$work/x$scale/stderr")
done
out=bench/results/bench-large-$(date -u +%Y%m%dT%H%M%SZ).csv
{
  echo "# cores=$(nproc) machine=$(uname -m) swift=$(swift --version 2>&1 | head -1 | sed 's/,/;/g')"
  printf '%s\n' "${lines[@]}"
} | tee "$out"
echo "written: $out" >&2
