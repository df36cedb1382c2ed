#!/usr/bin/env bash
# Feature-store figures of README "Large categories" (issue #12 items 1–2), one run, side by side:
#   1. conversion time vs reading the .b file once (`cat > /dev/null`), both from a cold page cache;
#   2. load time and training pairs/s (1 epoch) with the store and with the mapped .b (--no-store), warm;
#   3. one epoch under a 1 GB memory cgroup (v1 or v2; it counts the page cache) with both files evicted first;
#   4. held-out AUC and t-SNE exact KL, store vs float32 (benchmark `store-accuracy`).
# Needs root (cgroup, eviction) and vmtouch (apt-get install vmtouch). Run under the machine's bench lock:
#   flock /tmp/bench.lock bash tests/CompatNotebooks.Benchmarks/LargeCategories/run-store-bench.sh [DATA_DIR]
# DATA_DIR (default /tmp/store-bench84) gets the 84,901-item generated Musical_Instruments set if it has none.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
DATA=${1:-/tmp/store-bench84}
CAT=Musical_Instruments
LIMIT=${LIMIT:-1G}
SKIP_ACCURACY=${SKIP_ACCURACY:-0}
B="$DATA/image_features_$CAT.b"
S="$DATA/image_features_$CAT.compact"
command -v vmtouch >/dev/null || apt-get install -y vmtouch >/dev/null
cd "$ROOT"
dotnet build lib/CompatNotebooks.Cli -c Release -nologo -v q >/dev/null
dotnet build tests/CompatNotebooks.Benchmarks -c Release -nologo -v q >/dev/null
CLI=(dotnet "$ROOT/lib/CompatNotebooks.Cli/bin/Release/net10.0/compat-notebooks.dll")
[ -f "$B" ] || "${CLI[@]}" sample-data --out "$DATA" --items 84901 --categories "$CAT" >/dev/null

echo "date: $(date -u +%FT%TZ)  commit: $(git rev-parse --short HEAD)  cpu: $(lscpu | sed -n 's/^Model name: *//p')"
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)  .b: $(stat -c %s "$B") bytes"
now() { date +%s.%N; }
# Eviction fails for pages another process maps (e.g. a hard link of the file open elsewhere): print what stayed.
resident() { vmtouch "$@" | sed -n 's/^ *Resident Pages: *//p' | tr '\n' ' '; }
secs() { echo "$(now) - $1" | bc; }
json() { grep -o "\"$2\":[^,}]*" <<<"$1" | cut -d: -f2; }

echo "== 1. conversion vs cat (cold cache each)"
for run in 1 2; do
  vmtouch -qe "$B"; before_cat=$(resident "$B"); t=$(now); cat "$B" >/dev/null; cat_s=$(secs "$t")
  rm -f "$S"; vmtouch -qe "$B"; before_convert=$(resident "$B"); t=$(now)
  "${CLI[@]}" convert --data "$DATA" --category "$CAT" >/tmp/store-convert.out 2>/dev/null; conv_s=$(secs "$t")
  echo "run $run: resident after eviction: before cat $before_cat, before convert $before_convert"
  echo "run $run: cat ${cat_s} s, convert (whole process) ${conv_s} s, ratio $(echo "scale=2; $conv_s / $cat_s" | bc); $(head -1 /tmp/store-convert.out)"
done

echo "== 2. warm, unconstrained: train --epochs 1"
for mode in --no-store ""; do
  vmtouch -qt "$B" "$S" >/dev/null
  out=$("${CLI[@]}" train --data "$DATA" --category "$CAT" --epochs 1 $mode 2>/dev/null | tail -1)
  echo "${mode:-store}: load $(json "$out" load_seconds) s, sparse build $(json "$out" sparse_build_seconds) s, $(json "$out" pairs_per_second) pairs/s, AUC $(json "$out" test_auc), peak RSS $(( $(json "$out" peak_rss_bytes) / 1000000 )) MB"
done

echo "== 3. memory cgroup $LIMIT, both files evicted: train --epochs 1"
if [ "$(stat -fc %T /sys/fs/cgroup)" = cgroup2fs ]; then
  CG=/sys/fs/cgroup/store-bench; mkdir -p $CG; echo "$LIMIT" > $CG/memory.max; PEAK=$CG/memory.peak
else
  CG=/sys/fs/cgroup/memory/store-bench; mkdir -p $CG; echo "$LIMIT" > $CG/memory.limit_in_bytes; PEAK=$CG/memory.max_usage_in_bytes
fi
for mode in "" --no-store; do
  [ -f $CG/memory.max_usage_in_bytes ] && echo 0 > $CG/memory.max_usage_in_bytes
  vmtouch -qe "$B" "$S"; echo "resident after eviction: $(resident "$B" "$S")"; t=$(now)
  out=$(timeout 600 sh -c "echo \$\$ > $CG/cgroup.procs; exec ${CLI[*]} train --data $DATA --category $CAT --epochs 1 $mode" 2>/dev/null | tail -1) || true
  echo "${mode:-store}: whole run $(secs "$t") s, load $(json "$out" load_seconds) s, $(json "$out" pairs_per_second) pairs/s, peak cgroup memory $(( $(cat $PEAK) / 1000000 )) MB"
done
rmdir $CG 2>/dev/null || true

if [ "$SKIP_ACCURACY" != 1 ]; then
  echo "== 4. accuracy, store vs float32 (5 epochs, t-SNE 500 iterations, seed 1)"
  dotnet tests/CompatNotebooks.Benchmarks/bin/Release/net10.0/CompatNotebooks.Benchmarks.dll store-accuracy "$DATA" "$CAT" 5 500
fi
