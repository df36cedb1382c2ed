#!/usr/bin/env bash
# Runs notebooks 02–05 on a full-size category, one runner process per notebook, each under /usr/bin/time -v and the
# benchmark lock, and prints per notebook: wall time, peak RSS, the executed notebook's and the HTML report's size,
# and the three longest cells. Usage (from the repository root):
#   bash tests/CompatNotebooks.Benchmarks/LargeCategories/run-notebooks-bench.sh OUT_DIR [NOTEBOOK_NUMBER...] [-- EXTRA -p ARGS]
# Environment: DATA (default /work/bigdata/clothing), CATEGORY (default Clothing_Shoes_and_Jewelry), LOCK (default
# /tmp/bench.lock), CLI (default the worktree's build), P_02 … P_05: extra parameters of one notebook, e.g.
# P_05="-p epochs=1"; P_03 defaults to "-p epochs=1" (notebook 03 trains five models: see RESULTS-notebooks.md).
# Every notebook that loads the 1.5 M-item set needs about 10 GB of RAM: the lock keeps them one at a time.
set -euo pipefail
out=${1:?usage: run-notebooks-bench.sh OUT_DIR [02 03 04 05] [-- -p name=value ...]}
shift
numbers=()
while [[ $# -gt 0 && $1 != -- ]]; do numbers+=("$1"); shift; done
[[ ${1:-} == -- ]] && shift
extra=("$@")
[[ ${#numbers[@]} -eq 0 ]] && numbers=(02 03 04 05)
data=${DATA:-/work/bigdata/clothing}
category=${CATEGORY:-Clothing_Shoes_and_Jewelry}
lock=${LOCK:-/tmp/bench.lock}
cli=${CLI:-lib/CompatNotebooks.Cli/bin/Release/net10.0/compat-notebooks.dll}
mkdir -p "$out"
[[ -f $cli ]] || dotnet build lib/CompatNotebooks.Cli -c Release -nologo -v q
echo "commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- lib notebooks || echo ' (+ uncommitted changes)'), $(date -u +%FT%TZ), $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores"
for n in "${numbers[@]}"; do
  nb=$(ls notebooks/"$n"-*.ipynb)
  name=$(basename "$nb" .ipynb)
  params=(-p "dataDir=$data" -p "category=$category")
  own_var=P_$n; own=${!own_var-}
  [[ $n == 03 && -z ${P_03+set} ]] && own="-p epochs=1"
  read -r -a own_args <<< "$own"
  params+=("${own_args[@]}")
  log="$out/$name.log"
  echo "== $name: dotnet $cli run $nb --out $out ${params[*]} ${extra[*]}"
  flock "$lock" bash -c 'echo "load average at start: $(cut -d" " -f1-3 /proc/loadavg)"; exec /usr/bin/time -v "$@"' _ \
    dotnet "$cli" run "$nb" --out "$out" "${params[@]}" "${extra[@]}" > "$log" 2>&1 || echo "   FAILED (see $log)"
  grep -h "load average at start" "$log" | sed 's/^/   /'
  sed -n 's/^\s*Elapsed (wall clock) time (h:mm:ss or m:ss): /   wall /p; s/^\s*Maximum resident set size (kbytes): /   peak RSS kB /p' "$log"
  for f in "$out/$name.ipynb" "$out/$name.html"; do [[ -f $f ]] && echo "   $(basename "$f"): $(stat -c %s "$f") bytes"; done
  echo "   longest cells:"
  grep -E '^\[[^]]+\] +[0-9]+/[0-9]+ ok' "$log" | sort -t' ' -k1,1 | awk '{for (i = 1; i <= NF; i++) if ($i == "s") { print $(i-1) "\t" $0; break }}' \
    | sort -rn | head -3 | cut -f2 | cut -c1-150 | sed 's/^/     /'
done
