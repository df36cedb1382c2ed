#!/usr/bin/env bash
# Repeated t-SNE timing in separate processes, ours and scikit-learn interleaved (and optionally a second build of
# ours, e.g. an older commit built from `git archive`), then the scores of the first embedding of each.
# usage: tests/CompatNotebooks.Benchmarks/python/run_tsne_repeated.sh [N=10000] [ROUNDS=3] [WORK_DIR=/tmp/tsnebench] [OTHER_BENCH_DLL]
# Each tool prints one JSON line per run; medians are the figures to quote (a 2-core VM varies by ±15 % run to run).
set -euo pipefail
N=${1:-10000}; ROUNDS=${2:-3}; WORK=${3:-/tmp/tsnebench}; OTHER=${4:-}
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../../.." && pwd)
PY=/usr/bin/python3
mkdir -p "$WORK"
[ -f "$WORK/blobs_$N.csv" ] || $PY "$HERE/make_blobs_csv.py" "$N" "$WORK"
dotnet build "$REPO/tests/CompatNotebooks.Benchmarks" -c Release -v q -nologo >/dev/null
BENCH="$REPO/tests/CompatNotebooks.Benchmarks/bin/Release/net10.0/CompatNotebooks.Benchmarks.dll"
echo "start $(date -u +%H:%M:%S), load average $(cut -d' ' -f1-3 /proc/loadavg)"
for r in $(seq "$ROUNDS"); do
  echo "ours $(dotnet "$BENCH" tsne "$WORK/blobs_$N.csv" "$WORK/cn_${N}_$r.csv" 2>/dev/null | tail -1)"
  [ -z "$OTHER" ] || echo "other $(dotnet "$OTHER" tsne "$WORK/blobs_$N.csv" "$WORK/other_${N}_$r.csv" 2>/dev/null | tail -1)"
  echo "sklearn $($PY "$HERE/sklearn_tsne.py" "$WORK/blobs_$N.csv" "$WORK/sk_${N}_$r.csv" | tail -1)"
done
echo "end $(date -u +%H:%M:%S), load average $(cut -d' ' -f1-3 /proc/loadavg)"
SPECS="ours=$WORK/cn_${N}_1.csv sklearn=$WORK/sk_${N}_1.csv"
[ -z "$OTHER" ] || SPECS="$SPECS other=$WORK/other_${N}_1.csv"
$PY "$HERE/compare_tsne.py" "$WORK/blobs_$N.csv" "$WORK/blobs_$N.labels" $SPECS
