#!/usr/bin/env bash
# t-SNE benchmark: CompatNotebooks TSne vs scikit-learn 1.2 TSNE on the same make_blobs data, same machine, same run.
# usage: tests/CompatNotebooks.Benchmarks/python/run_tsne_benchmark.sh [N=10000] [WORK_DIR=/tmp/tsnebench]
# Every timed run holds /work/wt/bench.lock (if present) so benchmarks do not overlap.
set -euo pipefail
N=${1:-10000}
WORK=${2:-/tmp/tsnebench}
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../../.." && pwd)
PY=/usr/bin/python3
LOCK=/work/wt/bench.lock
locked() { if [ -e "$(dirname $LOCK)" ]; then flock "$LOCK" "$@"; else "$@"; fi; }
mkdir -p "$WORK"
[ -f "$WORK/blobs_$N.csv" ] || $PY "$HERE/make_blobs_csv.py" "$N" "$WORK"
dotnet build "$REPO/tests/CompatNotebooks.Benchmarks" -c Release -v q -nologo >/dev/null
BENCH="$REPO/tests/CompatNotebooks.Benchmarks/bin/Release/net10.0/CompatNotebooks.Benchmarks.dll"
echo "== CompatNotebooks TSne (N=$N)"; locked dotnet "$BENCH" tsne "$WORK/blobs_$N.csv" "$WORK/cn_$N.csv" 2>"$WORK/cn_$N.log" | tail -1
if [ "${SKIP_SKLEARN:-0}" != 1 ]; then
  echo "== scikit-learn TSNE (N=$N)"; locked $PY "$HERE/sklearn_tsne.py" "$WORK/blobs_$N.csv" "$WORK/sk_$N.csv" | tail -1
fi
if [ "${SKIP_SCORE:-0}" != 1 ]; then
  echo "== scores (one shared P, exact Z)"
  SPECS="compatnotebooks=$WORK/cn_$N.csv"
  [ -f "$WORK/sk_$N.csv" ] && SPECS="$SPECS sklearn=$WORK/sk_$N.csv"
  $PY "$HERE/compare_tsne.py" "$WORK/blobs_$N.csv" "$WORK/blobs_$N.labels" $SPECS
fi
