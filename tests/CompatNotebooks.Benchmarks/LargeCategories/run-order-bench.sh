#!/usr/bin/env bash
# Issue #12 item 3. Part 1 (timed, under the benchmark lock): one training epoch plus the scoring of the held-out pairs
# on the 84,901-item set, the mapped float32 file (--no-store) read by the dense kernels, with the file evicted from the
# page cache and the process in a 1 GB memory cgroup (v1 or v2; the page cache counts), shuffled order against
# block-local, next to the unconstrained run. Part 2 (not a timing, run after the lock is released): held-out AUC after
# the default 5 epochs, shuffled against block-local, for several seeds (float32 file, kernels auto).
# Must run as root (cgroup). Usage: run-order-bench.sh [DATA_DIR] (default /tmp/full84, generated when missing).
# Env: LIMIT (default 1G), TIMEOUT seconds per constrained run (default 600), BUDGETS in MiB (default "256 512"),
# KERNELS (default "dense auto"), TIMED=0 to skip part 1, AUC=0 to skip part 2, SEEDS (default "1 2 3 4 5"),
# AUC_BUDGET in MiB for part 2's block-local runs (default 256, the budget of the 1 GB case).
set -euo pipefail
data=${1:-/tmp/full84}
limit=${LIMIT:-1G}
timeout_s=${TIMEOUT:-600}
budgets=${BUDGETS:-256 512}
kernel_list=${KERNELS:-dense auto}
auc=${AUC:-1}
timed=${TIMED:-1}
seeds=${SEEDS:-1 2 3 4 5}
auc_budget=${AUC_BUDGET:-256}
category=Musical_Instruments
root=$(cd "$(dirname "$0")/../../.." && pwd)
cli=$root/lib/CompatNotebooks.Cli/bin/Release/net10.0/compat-notebooks.dll
features=$data/image_features_$category.b
dotnet build "$root/lib/CompatNotebooks.Cli" -c Release -nologo -v q >/dev/null
[ -f "$features" ] || dotnet "$cli" sample-data --out "$data" --items 84901 --categories $category

# A memory cgroup of $limit for the runs, inside this shell's own cgroup.
if [ "$(stat -fc %T /sys/fs/cgroup)" = cgroup2fs ]; then
  group=/sys/fs/cgroup$(sed -n 's/^0:://p' /proc/self/cgroup)/compat-order-bench
  mkdir -p "$group"; echo "$limit" > "$group/memory.max"; echo 0 > "$group/memory.swap.max" 2>/dev/null || true
else
  group=/sys/fs/cgroup/memory$(sed -n 's/^[0-9]*:memory://p' /proc/self/cgroup)/compat-order-bench
  mkdir -p "$group"; echo "$limit" > "$group/memory.limit_in_bytes"
fi
trap 'rmdir "$group" 2>/dev/null || true' EXIT

echo "date: $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git -C "$root" rev-parse --short HEAD), $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores"
echo "features: $features ($(stat -c %s "$features") bytes); cgroup $group, limit $limit"

# train ARGS... → one line: the JSON fields that matter, or why it stopped.
summary() { python3 -c '
import json, sys
lines = [l for l in open(sys.argv[1]) if l.startswith("{")]
if not lines: print("  no result:", open(sys.argv[2]).read().strip().splitlines()[-1:] or ""); sys.exit()
j = json.loads(lines[-1])
print("  order=%s kernels=%s block_rows=%s epochs=%d seconds=%.1f pairs/s=%d load=%.1fs test_order=%s test_seconds=%.1f test_auc=%.6f peak_rss=%d MB" % (
  j["order"], j["kernels"], j["block_rows"], j["epochs"], j["seconds"], j["pairs_per_second"], j["load_seconds"], j["test_order"], j["test_seconds"], j["test_auc"], j["peak_rss_bytes"] // 2**20))
' "$1" "$2"; }
run() { # NAME CONSTRAINED(0|1) ARGS...
  local name=$1 constrained=$2; shift 2
  local out=/tmp/order-bench-$name.out err=/tmp/order-bench-$name.err
  echo "== $name: train $*"
  if [ "$constrained" = 1 ]; then
    vmtouch -e "$features" >/dev/null
    echo "  resident before: $(vmtouch "$features" | sed -n 's/ *Resident Pages: *//p')"
    /usr/bin/time -f "  wall %e s, max RSS %M KB" timeout "$timeout_s" bash -c 'echo $$ > "$1/cgroup.procs"; shift; exec "$@"' _ "$group" \
      dotnet "$cli" train --data "$data" --category $category "$@" >"$out" 2>"$err" || echo "  exit $? (124 = not finished in $timeout_s s); last progress: $(grep -a 'pairs/s' "$err" | tail -1)"
  else
    /usr/bin/time -f "  wall %e s, max RSS %M KB" dotnet "$cli" train --data "$data" --category $category "$@" >"$out" 2>"$err"
  fi
  grep -a "wall" "$err" | tail -1 || true
  summary "$out" "$err"
}

if [ "$timed" = 1 ]; then
  # One benchmark at a time on the machine: the lock is held for part 1 (BENCH_LOCK_HELD=1: by the caller).
  if [ -z "${BENCH_LOCK_HELD:-}" ]; then exec 9>/tmp/bench.lock; flock 9; fi
  echo "part 1 from $(date -u '+%H:%M:%S UTC'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
  for kernels in $kernel_list; do
    run unconstrained-$kernels 0 --epochs 1 --no-store --kernels $kernels
    run cgroup-shuffled-$kernels 1 --epochs 1 --no-store --kernels $kernels
    for b in $budgets; do run cgroup-block-local-$b-$kernels 1 --epochs 1 --no-store --kernels $kernels --order block-local --block-budget $b; done
  done
  echo "part 1 until $(date -u '+%H:%M:%S UTC')"
  if [ -z "${BENCH_LOCK_HELD:-}" ]; then flock -u 9; exec 9>&-; fi
fi
if [ "$auc" = 1 ]; then
  echo "== held-out AUC, default 5 epochs, unconstrained, float32 file, seeds $seeds; block-local at $auc_budget MiB"
  for s in $seeds; do
    for order in shuffled block-local; do run auc-$order-seed$s 0 --no-store --seed "$s" --order $order --block-budget "$auc_budget"; done
  done
  python3 - $seeds <<'PY'
import json, statistics, sys
def auc(order, s):
    return json.loads([l for l in open(f"/tmp/order-bench-auc-{order}-seed{s}.out") if l.startswith("{")][-1])["test_auc"]
rows = [(s, auc("shuffled", s), auc("block-local", s)) for s in sys.argv[1:]]
print("| seed | shuffled | block-local | Δ |")
print("|---|---|---|---|")
for s, a, b in rows: print(f"| {s} | {a:.4f} | {b:.4f} | {b - a:+.4f} |")
sh = [a for _, a, _ in rows]; d = [b - a for _, a, b in rows]
print(f"shuffled: mean {statistics.mean(sh):.4f}, sd {statistics.stdev(sh) if len(sh) > 1 else 0:.4f}, range {min(sh):.4f}..{max(sh):.4f}")
print(f"Δ: mean {statistics.mean(d):+.4f}, sd {statistics.stdev(d) if len(d) > 1 else 0:.4f}, worst {min(d):+.4f}, all within 0.003: {all(abs(x) <= 0.003 for x in d)}")
PY
fi
