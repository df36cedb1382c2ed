#!/usr/bin/env bash
# Issue #12 item 3 at full size: the compact store itself larger than the memory the process may use. One training
# epoch (plus the scoring of the held-out pairs) on the 1.5 M-item set, the store evicted from the page cache first:
#   1. unconstrained (the store is read into memory: it takes less than half of what is available);
#   2. in a memory cgroup smaller than the store (the page cache counts), where the catalog maps the store instead
#      (`FeatureStore.Residency` = Map, chosen by the load), block-local order at each of BUDGETS;
#   3. the same cgroup, shuffled order (random page faults), stopped after TIMEOUT seconds.
# Must run as root (cgroup). Usage, from the repository root:
#   bash tests/CompatNotebooks.Benchmarks/LargeCategories/run-mapped-store-bench.sh [DATA_DIR]
# DATA_DIR (default /work/bigdata/clothing) must hold the set of RESULTS-generate.md:
#   compat-notebooks sample-data --out DATA_DIR --category Clothing_Shoes_and_Jewelry --items 1500000
# Env: LIMIT (default 6G), BUDGETS in MiB (default "2048"), TIMEOUT seconds for a block-local run (default 1200),
# SHUFFLED_TIMEOUT for run 3 (default 600), SHUFFLED=0 to skip run 3, LOCK (default /tmp/bench.lock; BENCH_LOCK_HELD=1 when the caller holds it).
set -euo pipefail
data=${1:-/work/bigdata/clothing}
limit=${LIMIT:-6G}
budgets=${BUDGETS:-2048}
timeout_s=${TIMEOUT:-1200}
shuffled=${SHUFFLED:-1}
shuffled_timeout_s=${SHUFFLED_TIMEOUT:-600}
category=Clothing_Shoes_and_Jewelry
root=$(cd "$(dirname "$0")/../../.." && pwd)
cli=$root/lib/CompatNotebooks.Cli/bin/Release/net10.0/compat-notebooks.dll
features=$data/image_features_$category.b
store=$data/image_features_$category.compact
dotnet build "$root/lib/CompatNotebooks.Cli" -c Release -nologo -v q >/dev/null
[ -f "$features" ] || { echo "no $features: generate it first (see the header of this script)" >&2; exit 2; }
[ -f "$store" ] || dotnet "$cli" convert --data "$data" --category $category >/dev/null

if [ "$(stat -fc %T /sys/fs/cgroup)" = cgroup2fs ]; then
  group=/sys/fs/cgroup$(sed -n 's/^0:://p' /proc/self/cgroup)/compat-mapped-bench
  mkdir -p "$group"; echo "$limit" > "$group/memory.max"; echo 0 > "$group/memory.swap.max" 2>/dev/null || true
  peak_file=$group/memory.peak
else
  group=/sys/fs/cgroup/memory$(sed -n 's/^[0-9]*:memory://p' /proc/self/cgroup)/compat-mapped-bench
  mkdir -p "$group"; echo "$limit" > "$group/memory.limit_in_bytes"
  peak_file=$group/memory.max_usage_in_bytes
fi
trap 'rmdir "$group" 2>/dev/null || true' EXIT

if [ -z "${BENCH_LOCK_HELD:-}" ]; then exec 9>"${LOCK:-/tmp/bench.lock}"; flock 9; fi
echo "date: $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git -C "$root" rev-parse --short HEAD), $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GB RAM, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "store: $store ($(stat -c %s "$store") bytes); cgroup limit $limit"

summary() { python3 -c '
import json, sys
lines = [l for l in open(sys.argv[1]) if l.startswith("{")]
if not lines: print("  no result; last progress:", ([l.strip() for l in open(sys.argv[2], errors="replace") if "pairs/s" in l] or ["none"])[-1][-160:]); sys.exit()
j = json.loads(lines[-1])
print("  order=%s block_rows=%s load=%.1fs epoch=%.1fs pairs/s=%d test_order=%s test_seconds=%.1f test_auc=%.4f peak_rss=%d MiB" % (
  j["order"], j["block_rows"], j["load_seconds"], j["seconds"], j["pairs_per_second"], j["test_order"], j["test_seconds"], j["test_auc"], j["peak_rss_bytes"] // 2**20))
' "$1" "$2"; }
run() { # NAME CONSTRAINED(0|1) TIMEOUT ARGS...
  local name=$1 constrained=$2 timeout_s=$3; shift 3
  local out=/tmp/mapped-bench-$name.out err=/tmp/mapped-bench-$name.err
  vmtouch -qe "$store" "$features"
  echo "== $name: train $* (store resident before: $(vmtouch "$store" | sed -n 's/ *Resident Pages: *//p'))"
  if [ "$constrained" = 1 ]; then
    echo 0 > "$peak_file" 2>/dev/null || true
    /usr/bin/time -f "  wall %e s, max RSS %M KB" timeout "$timeout_s" bash -c 'echo $$ > "$1/cgroup.procs"; shift; exec "$@"' _ "$group" \
      dotnet "$cli" train --data "$data" --category $category "$@" >"$out" 2>"$err" || echo "  exit $? (124 = stopped after $timeout_s s)"
    echo "  cgroup peak (process + its page cache): $(( $(cat "$peak_file") / 2**20 )) MiB"
  else
    /usr/bin/time -f "  wall %e s, max RSS %M KB" dotnet "$cli" train --data "$data" --category $category "$@" >"$out" 2>"$err"
  fi
  grep -a "store:\|features:" "$err" | head -2 | sed 's/^/  /' || true
  grep -a "wall" "$err" | tail -1 || true
  summary "$out" "$err"
}

run unconstrained 0 0 --epochs 1
for b in $budgets; do run cgroup-block-local-$b 1 "$timeout_s" --epochs 1 --order block-local --block-budget "$b"; done
if [ "$shuffled" = 1 ]; then run cgroup-shuffled 1 "$shuffled_timeout_s" --epochs 1; fi
echo "until $(date -u '+%H:%M:%S UTC')"
