#!/usr/bin/env bash
# The full-size generated Clothing, Shoes & Jewelry set (issue #12 item 4), timed next to the disk's sequential write
# speed in the same run. Usage: run-generate-bench.sh [OUT_DIR] (default /work/bigdata/clothing); ITEMS=N to change
# the size (default 1500000, the real category's). Takes the benchmark lock; prints what RESULTS-generate.md quotes.
set -euo pipefail
out=${1:-/work/bigdata/clothing}
items=${ITEMS:-1500000}
root=$(cd "$(dirname "$0")/../../.." && pwd)
cli=$root/lib/CompatNotebooks.Cli/bin/Release/net10.0/compat-notebooks.dll
dotnet build "$root/lib/CompatNotebooks.Cli" -c Release -nologo -v q >/dev/null
mkdir -p "$out"
echo "date: $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git -C "$root" rev-parse --short HEAD), $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GB RAM"
echo "free on $(df --output=target "$out" | tail -1): $(df -h --output=avail "$out" | tail -1)"
# BENCH_LOCK_HELD=1: the caller already holds the benchmark lock (e.g. runs this and run-order-bench.sh under one flock).
lock=(flock /tmp/bench.lock); [ -z "${BENCH_LOCK_HELD:-}" ] || lock=()
"${lock[@]}" bash -c '
  set -euo pipefail
  echo "== baseline: dd, 8 GiB sequential write to the same file system, fdatasync at the end"
  dd if=/dev/zero of="$1/.dd-probe" bs=16M count=512 conv=fdatasync 2>&1 | tail -1
  rm -f "$1/.dd-probe"
  echo "== sample-data --category Clothing_Shoes_and_Jewelry --items $2"
  /usr/bin/time -v dotnet "$3" sample-data --out "$1" --items "$2" --category Clothing_Shoes_and_Jewelry 2>&1 |
    grep -E "^Clothing|^wrote|Elapsed \(wall|Maximum resident|Percent of CPU"
  echo "== sync (dirty pages still in the page cache when the generator returned)"
  /usr/bin/time -f "sync: %e s" sync
' _ "$out" "$items" "$cli"
ls -l "$out"
