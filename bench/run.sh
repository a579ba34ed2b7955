#!/usr/bin/env bash
# make bench: times g3-design's benchmarks and, when R with pwr is installed, the same work in R.
# Results go to bench/results/power-<date>.csv with the machine's core count.
set -euo pipefail
cd "$(dirname "$0")/.."
reps=${BENCH_REPETITIONS:-30}
swift build -c release --product g3-bench >/dev/null
out=bench/results/power-$(date -u +%Y%m%dT%H%M%SZ).csv
{
  echo "# cores=$(nproc) machine=$(uname -m) swift=$(swift --version 2>&1 | head -1 | sed 's/,/;/g')"
  .build/release/g3-bench "$reps"
  if command -v Rscript >/dev/null && Rscript -e 'library(pwr)' >/dev/null 2>&1; then
    Rscript bench/reference/power_curve.R "$reps" | tail -n +2
  else
    echo "# R with pwr not installed (apt-get install r-base-core r-cran-pwr): reference pipeline skipped" >&2
  fi
} | tee "$out"
echo "written: $out" >&2
