#!/usr/bin/env bash
# Catalog join + pairs on a full-size generated Musical_Instruments (84,901 products, ≈1.35 GB of features):
# wall time and peak RSS of `compat-notebooks inspect` beside the Python seed-notebook baseline, same run.
# usage: flock /work/wt/bench.lock bash tests/CompatNotebooks.Benchmarks/Catalog/run-catalog-bench.sh [DATA_DIR] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/../../.."
DATA="${1:-${TMPDIR:-/tmp}/compat-bench-full}"
RUNS="${2:-3}"
CAT=Musical_Instruments
PY=/usr/bin/python3   # Debian's python with numpy (the pyenv python3 on PATH lacks it)
dotnet build lib/CompatNotebooks.Cli -c Release -v q -nologo >/dev/null
CLI=(dotnet lib/CompatNotebooks.Cli/bin/Release/net10.0/compat-notebooks.dll)
if [ ! -s "$DATA/image_features_$CAT.b" ] || [ ! -s "$DATA/meta_$CAT.json.gz" ]; then
  /usr/bin/time -f "generation: %e s wall, %M KB peak RSS" "${CLI[@]}" sample-data --out "$DATA" --items 84901 --categories "$CAT" | tail -2
fi
ls -l "$DATA"
cat "$DATA/image_features_$CAT.b" "$DATA/meta_$CAT.json.gz" >/dev/null   # page cache warm for everyone
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) (other builds may be running)"

measure() { # label, command... → "label wall_s rss_mb json-last-line"
  local label=$1; shift
  local out err
  out=$(mktemp); err=$(mktemp)
  /usr/bin/time -f "%e %M" -o "$err" "$@" >"$out"
  read -r wall rss <"$err"
  printf '%-28s wall %7.2f s  peak RSS %7.1f MB  %s\n' "$label" "$wall" "$(echo "$rss/1024" | bc -l)" "$(tail -1 "$out")"
  rm -f "$out" "$err"
}
for i in $(seq "$RUNS"); do
  measure "C# inspect (section 1)" "${CLI[@]}" inspect --data "$DATA" --category "$CAT"
  measure "C# inspect --hard-negatives" "${CLI[@]}" inspect --data "$DATA" --category "$CAT" --hard-negatives
done
measure "Python seed (section 1)" $PY tests/CompatNotebooks.Benchmarks/Catalog/seed_catalog_baseline.py "$DATA" "$CAT" section1
measure "Python seed (exercise 9.1)" $PY tests/CompatNotebooks.Benchmarks/Catalog/seed_catalog_baseline.py "$DATA" "$CAT" exercise91
measure "Python numpy memmap (sec. 1)" $PY tests/CompatNotebooks.Benchmarks/Catalog/seed_catalog_baseline.py "$DATA" "$CAT" numpy-section1
