#!/usr/bin/env bash
# make bench: times g3-design's benchmarks and, when R with pwr is installed, the same work in R;
# times `analyze` on simulated panels at seed scale and 10x, and the pandas/statsmodels/scikit-learn
# reference pipeline (bench/reference_pipeline.py) on the same file, with the comparison of estimates.
# Results go to bench/results/bench-<date>.csv with the machine's core count.
set -euo pipefail
cd "$(dirname "$0")/.."
reps=${BENCH_REPETITIONS:-30}
swift build -c release --static-swift-stdlib --product g3-bench >/dev/null
swift build -c release --static-swift-stdlib --product g3-design >/dev/null
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

# The observational analyzer end to end on simulated panels: seed scale (53,367 accounts, 235 engaged,
# about 690,000 rows) and 10x. Defaults of `analyze` (10,000-draw bootstrap, DiD, event study,
# Callaway & Sant'Anna, clusters, sensitivity) without placebo draws; median of 3 wall times, peak RSS.
panel_lines=()
for scale in 1 10; do
  .build/release/g3-design simulate --customers $((53367 * scale)) --engaged $((235 * scale)) --out "$work/panel$scale" >/dev/null
  times=()
  reads=()
  for _ in 1 2 3; do
    /usr/bin/time -f "%e %M" -o "$work/time" .build/release/g3-design analyze --data "$work/panel$scale/panel.csv" --placebo-draws 0 \
      --timings --format json >"$work/panel$scale/results.json" 2>"$work/panel$scale/stderr"
    times+=("$(cat "$work/time")")
    reads+=("$(awk '/^timing: read and parse the panel:/ {print $7}' "$work/panel$scale/stderr")")
  done
  median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 2p)
  rows=$(($(wc -l <"$work/panel$scale/panel.csv") - 1))
  panel_lines+=("analyze_panel_x${scale}_${rows}_rows,3,$(echo "$median" | awk '{printf "%.3f,peak_rss_mb=%.0f", $1, $2 / 1024}')")
  while IFS= read -r line; do panel_lines+=("# x$scale $line"); done < <(grep '^timing:' "$work/panel$scale/stderr")
  # The read's speed: the file's bytes over the median of the three runs' read times (`--timings`).
  panel_lines+=("$(printf '%s\n' "${reads[@]}" | sort -n | sed -n 2p | awk -v scale="$scale" \
    -v bytes="$(stat -c %s "$work/panel$scale/panel.csv")" '{printf "analyze_read_x%s_mb_per_s,3,%.0f", scale, bytes / 1e6 / $1}')")
done
# The default analysis at seed scale, 200 placebo draws included (issue 17's target 0.6 s); median of 3.
default_times=()
for _ in 1 2 3; do
  start=$(date +%s%N)
  .build/release/g3-design analyze --data "$work/panel1/panel.csv" --format json >/dev/null 2>&1
  default_times+=($(( ($(date +%s%N) - start) / 1000 )))
done
panel_lines+=("$(printf '%s\n' "${default_times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "analyze_panel_x1_default_200_placebo_draws,%d,%.3f,%.3f,%.3f", NR, a[int((NR+1)/2)]/1e6, a[1]/1e6, a[NR]/1e6}')")
# Simulated power on the accounts' history (issue 16): `diagnose --history` with the rollout design
# (9 strata, re-randomization at acceptance 0.2), 1,000 replications of 50,000 accounts resampled
# from a 24-month seed-shaped panel; median of 3 wall times (reading the 110 MB panel included).
.build/release/g3-design simulate --customers 53367 --months 24 --out "$work/history" >/dev/null
diagnose_times=()
for _ in 1 2 3; do
  start=$(date +%s%N)
  .build/release/g3-design diagnose --design designs/g3-rollout-2026.yaml --history "$work/history/panel.csv" \
    --lift 0.05 --accounts 50000 --replications 1000 --format csv >"$work/diagnose.csv" 2>/dev/null
  diagnose_times+=($(( ($(date +%s%N) - start) / 1000 )))
done
diagnose_line=$(printf '%s\n' "${diagnose_times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "cli_diagnose_history_1000_reps_50000_accounts,%d,%.3f,%.3f,%.3f\n", NR, a[int((NR+1)/2)]/1000, a[1]/1000, a[NR]/1000}')

# PostgreSQL as a source (issue 17): the seed-scale panel loaded into a throwaway local server
# (Tests/with-postgres.sh) with typed columns, as a warehouse holds it (dates; revenue and counts as
# float8, the dirty cells NULL), then `analyze --source --table` with the defaults but no placebo
# draws: the baselines reduced in the database (the default), and with --no-pushdown (every row
# fetched). Median of 3 wall times each, and whether the JSON equals the CSV path's on the same rows
# (the table's own CSV export).
pg_lines=()
if command -v psql >/dev/null && ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1; then
  cat >"$work/pg.sh" <<'SH'
set -euo pipefail
export PGPASSWORD=$G3_TEST_POSTGRES_PASSWORD
work=$1
cols=$(head -1 "$work/panel1/panel.csv" | tr ',' '\n' | sed 's/$/ text/' | paste -sd, -)
typed=$(head -1 "$work/panel1/panel.csv" | tr ',' '\n' | while read -r c; do
  case $c in
    ar_date | firstactivitydate) echo "CAST(NULLIF($c, '') AS date) AS $c" ;;
    ttl_* | *_count | *_score__c) echo "CASE WHEN $c ~ '^-?[0-9]+([.][0-9]+)?\$' THEN CAST($c AS float8) END AS $c" ;;
    *) echo "$c" ;;
  esac
done | paste -sd, -)
psql -q "$G3_TEST_POSTGRES" -c "CREATE TABLE raw ($cols)" \
  -c "\\copy raw FROM '$work/panel1/panel.csv' WITH (FORMAT csv, HEADER true)" \
  -c "CREATE TABLE panel AS SELECT $typed FROM raw" -c "ANALYZE panel" \
  -c "\\copy panel TO '$work/typed.csv' WITH (FORMAT csv, HEADER true)"
.build/release/g3-design analyze --data "$work/typed.csv" --placebo-draws 0 --format json >"$work/typed.json" 2>/dev/null
for flags in "" "--no-pushdown"; do
  for _ in 1 2 3; do
    start=$(date +%s%N)
    # shellcheck disable=SC2086
    .build/release/g3-design analyze --source "$G3_TEST_POSTGRES" --table panel $flags --placebo-draws 0 --format json \
      >"$work/pg.json" 2>/dev/null
    echo $(( ($(date +%s%N) - start) / 1000000 ))
  done | sort -n | sed -n 2p | awk -v name="${flags:-pushdown}" '{printf "%s %.3f ", name, $1 / 1000}'
  cmp -s "$work/pg.json" "$work/typed.json" && echo same_json_as_csv || echo json_differs
done
SH
  while read -r name seconds same; do
    pg_lines+=("analyze_postgresql_source_${name#--}_x1,3,$seconds,$same")
  done < <(Tests/with-postgres.sh bash "$work/pg.sh" "$work")
else
  echo "# PostgreSQL not installed (apt-get install postgresql): the --source bench skipped" >&2
fi

reference_lines=()
# The reference pipeline's packages (Fixtures/reference/requirements.txt) are installed when missing.
if ! python3 -c 'import pandas, statsmodels, sklearn, pyfixest' 2>/dev/null && command -v pip >/dev/null; then
  pip install -q -r Fixtures/reference/requirements.txt >&2 || echo "# pip could not install Fixtures/reference/requirements.txt" >&2
fi
if python3 -c 'import pandas, statsmodels, sklearn' 2>/dev/null; then
  start=$(date +%s%N)
  python3 bench/reference_pipeline.py "$work/panel1/panel.csv" "$work/panel1/results.json" >"$work/reference.txt"
  reference_wall=$(( ($(date +%s%N) - start) / 1000000 ))
  ours=$(echo "${panel_lines[0]}" | cut -d, -f3)
  while IFS= read -r line; do reference_lines+=("# $line"); done <"$work/reference.txt"
  reference_lines+=("reference_pipeline_panel_x1_wall,1,$(awk -v ms="$reference_wall" 'BEGIN {printf "%.3f", ms / 1000}'),ratio_to_g3=$(awk -v ms="$reference_wall" -v ours="$ours" 'BEGIN {printf "%.1f", ms / 1000 / ours}')")
else
  echo "# pandas, statsmodels and scikit-learn not installed (pip install pandas statsmodels scikit-learn pyfixest): reference pipeline skipped" >&2
fi

out=bench/results/bench-$(date -u +%Y%m%dT%H%M%SZ).csv
{
  echo "# cores=$(nproc) machine=$(uname -m) swift=$(swift --version 2>&1 | head -1 | sed 's/,/;/g')"
  .build/release/g3-bench "$reps"
  echo "$cli"
  echo "$diagnose_line"
  printf '%s\n' "${panel_lines[@]}"
  printf '%s\n' "${pg_lines[@]}"
  printf '%s\n' "${reference_lines[@]}"
  if command -v Rscript >/dev/null && Rscript -e 'library(pwr)' >/dev/null 2>&1; then
    Rscript bench/reference/power_curve.R "$reps" | tail -n +2
  else
    echo "# R with pwr not installed (apt-get install r-base-core r-cran-pwr): reference pipeline skipped" >&2
  fi
} | tee "$out"
echo "written: $out" >&2
