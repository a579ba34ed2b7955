#!/usr/bin/env bash
# make bench: times g3-design's benchmarks and, when R with pwr is installed, the same work in R.
# Results go to bench/results/bench-<date>.csv with the machine's core count.
set -euo pipefail
cd "$(dirname "$0")/.."
reps=${BENCH_REPETITIONS:-30}
swift build -c release --product g3-bench >/dev/null
swift build -c release --product g3-design >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The CLI end to end: a 1,000,000-row units CSV, 50 strata, `randomize --dry-run` (read, hash, assign).
python3 - "$work/units.csv" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("unit_id,stratum\n")
    for i in range(1_000_000):
        f.write(f"acct-{(i * 2654435761) % 1000003}-{i},s{i % 50}\n")
PY
cat > "$work/design.yaml" <<'YAML'
kind: rct
id: bench
title: One million units in 50 strata
units: {id: unit_id}
strata: [stratum]
arms:
  - {name: control, share: 0.5}
  - {name: g3, share: 0.5}
seed: 1
YAML
cli_times=()
for _ in 1 2 3 4 5; do
  start=$(date +%s%N)
  .build/release/g3-design randomize "$work/design.yaml" --units "$work/units.csv" --dry-run >/dev/null 2>&1
  cli_times+=($(( ($(date +%s%N) - start) / 1000 )))
done
cli=$(printf '%s\n' "${cli_times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "cli_randomize_1M_rows_dry_run,%d,%.3f,%.3f,%.3f\n", NR, a[int((NR+1)/2)]/1000, a[1]/1000, a[NR]/1000}')

out=bench/results/bench-$(date -u +%Y%m%dT%H%M%SZ).csv
{
  echo "# cores=$(nproc) machine=$(uname -m) swift=$(swift --version 2>&1 | head -1 | sed 's/,/;/g')"
  .build/release/g3-bench "$reps"
  echo "$cli"
  if command -v Rscript >/dev/null && Rscript -e 'library(pwr)' >/dev/null 2>&1; then
    Rscript bench/reference/power_curve.R "$reps" | tail -n +2
  else
    echo "# R with pwr not installed (apt-get install r-base-core r-cran-pwr): reference pipeline skipped" >&2
  fi
} | tee "$out"
echo "written: $out" >&2
