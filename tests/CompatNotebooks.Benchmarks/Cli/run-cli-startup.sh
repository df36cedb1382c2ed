#!/usr/bin/env bash
# Interleaved wall-clock of a baseline and the current CLI: `inspect --help` (start-up + help) and `inspect` on the generated sample.
# Usage: flock /tmp/bench.lock bash run-cli-startup.sh OLD.dll [NEW.dll] [DATA]
NEW=${2:-$(dirname "$0")/../../../lib/CompatNotebooks.Cli/bin/Release/net10.0/compat-notebooks.dll}
OLD=${1:?path of the baseline compat-notebooks.dll (e.g. built from ca4a87d in a scratch worktree)}
DATA=${3:-$(dirname "$0")/../../../data/sample}
t() { local s=$(date +%s.%N); dotnet "$@" >/dev/null 2>&1; local e=$(date +%s.%N); echo "$s $e" | awk '{printf "%.3f", $2-$1}'; }
for i in 1 2 3 4 5; do
  for v in OLD NEW; do
    dll=${!v}
    h=$(t $dll inspect --help)
    ins=$(t $dll inspect --data $DATA --category Musical_Instruments)
    load=$(dotnet $dll inspect --data $DATA --category Musical_Instruments 2>/dev/null | tail -1 | python3 -c 'import json,sys; print(json.load(sys.stdin)["load_seconds"])')
    echo "$v run $i: help ${h}s inspect ${ins}s load_seconds ${load}"
  done
done
