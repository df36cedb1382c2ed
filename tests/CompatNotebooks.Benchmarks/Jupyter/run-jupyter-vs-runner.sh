#!/usr/bin/env bash
# One session: the five notebooks through Jupyter's executor (jupyter/run_notebook.py, a fresh kernel each), then the
# in-process runner as the baseline, with the load average before, between and after.
# Usage: flock /tmp/bench.lock bash run-jupyter-vs-runner.sh OUT [TREE]
#   TREE: a checkout with lib/CompatNotebooks.Notebooks and lib/CompatNotebooks.Cli built in Release (default: this one;
#   a copy lets you keep building while the session waits for the lock). Summary: python3 summarize.py OUT
OUT=$(realpath -m "${1:?output folder}")
TREE=$(realpath "${2:-$(dirname "$0")/../../..}")
mkdir -p "$OUT"
cd "$TREE" || exit 2
{
  echo "tree $TREE, commit $(git -C "$(dirname "$0")" rev-parse --short HEAD 2>/dev/null)"
  date -u; lscpu | grep "Model name"
  echo "uptime before: $(uptime)"
  /usr/bin/time -f "jupyter total %e s" /usr/bin/python3 jupyter/run_notebook.py notebooks/*.ipynb --out "$OUT/jupyter" 2>"$OUT/jupyter.err"
  echo "uptime between: $(uptime)"
  /usr/bin/time -f "runner total %e s" dotnet lib/CompatNotebooks.Cli/bin/Release/net10.0/compat-notebooks.dll run notebooks --out "$OUT/runner" --no-html
  echo "uptime after: $(uptime)"
} >"$OUT/log.txt" 2>&1
