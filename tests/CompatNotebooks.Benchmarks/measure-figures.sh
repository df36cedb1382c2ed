#!/usr/bin/env bash
# Re-measures the README's headline figures on the current commit, each beside its baseline in the same run, and
# rewrites the results files in tests/CompatNotebooks.Benchmarks/figures/ (the previous version of each moves to
# figures/history/, named by its run). Run it whole under the shared benchmark lock:
#
#   flock /tmp/bench.lock bash tests/CompatNotebooks.Benchmarks/measure-figures.sh [--quick] [--sections "LIST"] [--out DIR]
#
# Sections (default all, in this order):
#   training   memory bandwidth (`bandwidth` subcommand) then the training comparison (`training` subcommand: fused
#              trainer vs PyTorch minibatches vs the book's one-pair loop) on a generated 84,901-item Musical_Instruments set
#   tsne       10,000 points, ours and scikit-learn interleaved in separate processes (python/run_tsne_repeated.sh), then
#              80,000 points (ours)
#   catalog    `compat-notebooks inspect` vs the seed notebook's Python (Catalog/run-catalog-bench.sh)
#   cli        CLI start-up, current build vs a baseline commit's (Cli/run-cli-startup.sh; --cli-baseline REF, default ca4a87d)
#   notebooks  the five notebooks through the in-process runner (twice) and through Jupyter's executor (once)
# --quick: small data, few repeats, results in /tmp/compat-figures-quick (never in the repository): a smoke run.
# Generated data stays under /tmp (full: /tmp/full84, 1.35 GB, reused if present; --data DIR to use another folder).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
cd "$REPO"

QUICK=0; SECTIONS="training tsne catalog cli notebooks"; OUT=""; DATA=""; CLI_BASELINE=ca4a87d
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) QUICK=1; shift ;;
    --sections) SECTIONS=${2:?--sections needs a list}; shift 2 ;;
    --out) OUT=${2:?--out needs a folder}; shift 2 ;;
    --data) DATA=${2:?--data needs a folder}; shift 2 ;;
    --cli-baseline) CLI_BASELINE=${2:?--cli-baseline needs a commit}; shift 2 ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "measure-figures.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
for s in $SECTIONS; do
  case "$s" in training|tsne|catalog|cli|notebooks) ;; *) echo "measure-figures.sh: unknown section '$s'" >&2; exit 2 ;; esac
done
if [ "$QUICK" = 1 ]; then
  OUT=${OUT:-/tmp/compat-figures-quick}; DATA=${DATA:-/tmp/compat-figures-quick-data}; ITEMS=6000
else
  OUT=${OUT:-$HERE/figures}; DATA=${DATA:-/tmp/full84}; ITEMS=84901
fi
WORK=$(mktemp -d /tmp/compat-figures-work.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$OUT/history"
PY=/usr/bin/python3
CAT=Musical_Instruments
COMMIT=$(git rev-parse --short HEAD)
DIRTY=$(git status --porcelain --untracked-files=no | grep -q . && echo " (with uncommitted changes)" || true)
RUN_ID="$(date -u +%Y-%m-%dT%H%MZ)-$COMMIT"
CPU=$(lscpu | sed -n 's/^Model name: *//p' | head -1)
MACHINE="$CPU (\`lscpu\`), $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GB memory, $(uname -r)"
load() { cut -d' ' -f1-3 /proc/loadavg; }
log() { echo "[$(date -u +%H:%M:%S)] $*" >&2; }
die() { echo "measure-figures.sh: $*" >&2; exit 1; }

log "run $RUN_ID$DIRTY, sections: $SECTIONS, quick=$QUICK, results → $OUT"
bash "$HERE/setup-baselines.sh" >&2
# Debian's torch 1.13.1 reports itself as 1.13.0a0; both are stated.
TORCH="$($PY -c 'import torch; print(torch.__version__)') (Debian python3-torch $(dpkg-query -W -f='${Version}' python3-torch))"
SKLEARN="$($PY -c 'import sklearn; print(sklearn.__version__)') (Debian python3-sklearn $(dpkg-query -W -f='${Version}' python3-sklearn))"
dotnet build lib/CompatNotebooks.Cli -c Release -v q -nologo >&2
dotnet build lib/CompatNotebooks.Notebooks -c Release -v q -nologo >&2
dotnet build tests/CompatNotebooks.Benchmarks -c Release -v q -nologo >&2
CLI_DLL=$REPO/lib/CompatNotebooks.Cli/bin/Release/net10.0/compat-notebooks.dll
BENCH=$REPO/tests/CompatNotebooks.Benchmarks/bin/Release/net10.0/CompatNotebooks.Benchmarks.dll

ensure_data() {
  if [ ! -s "$DATA/image_features_$CAT.b" ] || [ ! -s "$DATA/meta_$CAT.json.gz" ]; then
    log "generating $ITEMS items into $DATA"
    dotnet "$CLI_DLL" sample-data --out "$DATA" --items "$ITEMS" --categories "$CAT" >&2
  fi
}

# write_result NAME TITLE COMMAND START_TIME LOAD_BEFORE BODY_FILE [RAW_FILE...]: the results file with its header, and
# the raw outputs copied beside it; the previous versions (if any) move to history/ under their own run id.
write_result() {
  local name=$1 title=$2 command=$3 start=$4 before=$5 body=$6 target="$OUT/$1.md" old="" raw
  shift 6
  if [ -f "$target" ]; then
    old=$(sed -n 's/^Run: `\([^`]*\)`.*/\1/p' "$target" | head -1)
    mv "$target" "$OUT/history/${old:-unknown}-$name.md"
  fi
  for raw in "$@"; do
    [ ! -f "$OUT/$(basename "$raw")" ] || mv "$OUT/$(basename "$raw")" "$OUT/history/${old:-unknown}-$(basename "$raw")"
    cp "$raw" "$OUT/"
  done
  {
    echo "# $title"
    echo
    echo "Run: \`$RUN_ID\`$([ "$QUICK" = 1 ] && echo " (--quick smoke run: small data, not a figure to quote)")"
    echo
    echo "- Command: \`flock /tmp/bench.lock bash tests/CompatNotebooks.Benchmarks/measure-figures.sh$([ "$QUICK" = 1 ] && echo " --quick") --sections $name\` (section \`$name\`), which ran:"
    echo "  \`$command\`"
    echo "- Machine: $MACHINE"
    echo "- Date: $start – $(date -u '+%Y-%m-%d %H:%M:%S') UTC"
    echo "- Commit: $COMMIT$DIRTY"
    echo "- Load average (1, 5, 15 min) before → after: $before → $(load) (2 cores shared with other developers' builds and tests; above 2, processes were waiting for a core)"
    echo "- Baselines (installed by tests/CompatNotebooks.Benchmarks/setup-baselines.sh, run with /usr/bin/python3): PyTorch $TORCH, scikit-learn $SKLEARN"
    echo
    cat "$body"
  } >"$target"
  log "wrote $target"
}

section_training() {
  ensure_data
  local start before mb repeats epochs book
  start=$(date -u '+%Y-%m-%d %H:%M:%S'); before=$(load)
  if [ "$QUICK" = 1 ]; then mb=256; repeats=2; epochs=1; book=300; else mb=2048; repeats=5; epochs=3; book=3000; fi
  log "training: bandwidth"
  dotnet "$BENCH" bandwidth --megabytes $mb --repeats $repeats | tee "$WORK/bandwidth.log" >&2
  tail -1 "$WORK/bandwidth.log" >"$WORK/training-bandwidth.json"
  log "training: comparison (fused, PyTorch, book loops)"
  dotnet "$BENCH" training --data "$DATA" --cli "$CLI_DLL" --epochs $epochs --threads 2 --seed 1 --book-steps $book \
    --out "$WORK/training.json" | tee "$WORK/training.log" >&2
  grep -q '"pytorch"' "$WORK/training.json" || die "training: no PyTorch run in the training JSON"
  {
    echo "Raw outputs beside this file: \`training.json\` (every run's JSON, per-epoch history) and \`training-bandwidth.json\`."
    echo
    $PY "$HERE/python/figures_report.py" training "$WORK/training.json" "$WORK/training-bandwidth.json"
    echo
    echo "The \`training\` subcommand's own summary:"
    echo
    echo '```'
    sed -n '/^| model | trainer/,/^load average/p' "$WORK/training.log"
    echo '```'
  } >"$WORK/training.md"
  write_result training "Training comparison and memory bandwidth" \
    "dotnet $BENCH bandwidth --megabytes $mb --repeats $repeats; dotnet $BENCH training --data $DATA --cli $CLI_DLL --epochs $epochs --threads 2 --seed 1 --book-steps $book --out training.json" \
    "$start" "$before" "$WORK/training.md" "$WORK/training.json" "$WORK/training-bandwidth.json"
}

section_tsne() {
  local start before n rounds large=""
  start=$(date -u '+%Y-%m-%d %H:%M:%S'); before=$(load)
  if [ "$QUICK" = 1 ]; then n=2000; rounds=1; else n=10000; rounds=4; fi
  log "tsne: $n points, $rounds rounds"
  bash "$HERE/python/run_tsne_repeated.sh" $n $rounds "$WORK/tsne" | tee "$WORK/tsne.log" >&2
  cp "$WORK/tsne.log" "$WORK/tsne-repeated.log"
  if [ "$QUICK" = 0 ]; then
    log "tsne: 80,000 points (ours)"
    $PY "$HERE/python/make_blobs_csv.py" 80000 "$WORK/tsne" >&2
    dotnet "$BENCH" tsne "$WORK/tsne/blobs_80000.csv" "$WORK/tsne/cn_80000.csv" 2>/dev/null | tail -1 >"$WORK/tsne-80000.json"
    large="$WORK/tsne-80000.json"
  fi
  {
    echo "Data: \`make_blobs(n, n_features=5, centers=12, random_state=42)\` (python/make_blobs_csv.py); both tools: perplexity 30,"
    echo "exaggeration 12 for 250 iterations, learning rate auto, PCA initialisation, 1,000 iterations, 2 threads. Scores:"
    echo "python/compare_tsne.py (one P built as scikit-learn builds it, exact KL for each embedding). Raw output: \`tsne-repeated.log\`."
    echo
    $PY "$HERE/python/figures_report.py" tsne "$WORK/tsne-repeated.log" $large
  } >"$WORK/tsne.md"
  write_result tsne "t-SNE: this library vs scikit-learn, same run" \
    "bash tests/CompatNotebooks.Benchmarks/python/run_tsne_repeated.sh $n $rounds WORK$([ -n "$large" ] && echo "; dotnet $BENCH tsne blobs_80000.csv OUT.csv")" \
    "$start" "$before" "$WORK/tsne.md" "$WORK/tsne-repeated.log" $large
}

section_catalog() {
  ensure_data
  local start before runs
  start=$(date -u '+%Y-%m-%d %H:%M:%S'); before=$(load)
  runs=$([ "$QUICK" = 1 ] && echo 1 || echo 3)
  log "catalog: $runs runs"
  bash "$HERE/Catalog/run-catalog-bench.sh" "$DATA" $runs | tee "$WORK/catalog.log" >&2
  for label in "C# inspect (section 1)" "Python seed (section 1)" "Python seed (exercise 9.1)"; do
    grep -qF "$label" "$WORK/catalog.log" || die "catalog: no '$label' line"
  done
  { echo "Data: $DATA (generated, $ITEMS items requested). Each line: wall time, peak RSS, the command's last output line."; echo
    echo '```'; grep -E 'wall .* peak RSS|^machine' "$WORK/catalog.log"; echo '```'; } >"$WORK/catalog.md"
  write_result catalog "Catalog load: compat-notebooks inspect vs the seed notebook's Python" \
    "bash tests/CompatNotebooks.Benchmarks/Catalog/run-catalog-bench.sh $DATA $runs" "$start" "$before" "$WORK/catalog.md"
}

section_cli() {
  local start before base="/tmp/compat-figures-cli-$CLI_BASELINE" base_dll sample="$REPO/data/sample"
  base_dll="$base/lib/CompatNotebooks.Cli/bin/Release/net10.0/compat-notebooks.dll"
  if [ ! -f "$base_dll" ]; then
    log "cli: building the baseline CLI at $CLI_BASELINE in $base"
    rm -rf "$base"; mkdir -p "$base"
    git archive "$CLI_BASELINE" | tar -x -C "$base"
    dotnet build "$base/lib/CompatNotebooks.Cli" -c Release -v q -nologo >&2
  fi
  [ -s "$sample/image_features_$CAT.b" ] || dotnet "$CLI_DLL" sample-data --out "$sample" >&2
  start=$(date -u '+%Y-%m-%d %H:%M:%S'); before=$(load)
  log "cli: start-up, baseline $CLI_BASELINE vs $COMMIT"
  bash "$HERE/Cli/run-cli-startup.sh" "$base_dll" "$CLI_DLL" "$sample" | tee "$WORK/cli.log" >&2
  [ "$(grep -c '^NEW run .* load_seconds [0-9]' "$WORK/cli.log")" = 5 ] || die "cli: expected 5 NEW runs with load_seconds"
  [ "$(grep -c '^OLD run .* load_seconds [0-9]' "$WORK/cli.log")" = 5 ] || die "cli: expected 5 OLD runs with load_seconds"
  { echo "OLD = \`compat-notebooks\` built from $CLI_BASELINE (the hand-written parser), NEW = this commit; interleaved; data: data/sample."
    echo; echo '```'; cat "$WORK/cli.log"; echo '```'; echo
    awk '{ for (i = 1; i <= NF; i++) if ($i == "help") h[$1] = h[$1] " " substr($(i+1), 1, length($(i+1)) - 1) }
         END { for (k in h) print "- " k " `inspect --help` seconds:" h[k] }' "$WORK/cli.log" | sort; } >"$WORK/cli.md"
  write_result cli "CLI start-up: current build vs $CLI_BASELINE" \
    "bash tests/CompatNotebooks.Benchmarks/Cli/run-cli-startup.sh $base_dll $CLI_DLL $sample" "$start" "$before" "$WORK/cli.md"
}

section_notebooks() {
  local start before runs=2 args=(notebooks) jupyter=1 wall
  start=$(date -u '+%Y-%m-%d %H:%M:%S'); before=$(load)
  # Quick: notebook 01 alone, once, no Jupyter.
  if [ "$QUICK" = 1 ]; then runs=1; args=(notebooks/01-visual-compatibility.ipynb); jupyter=0; fi
  : >"$WORK/notebooks.times"
  local dirs=()
  for r in $(seq $runs); do
    log "notebooks: runner, run $r"
    /usr/bin/time -f "%e" -o "$WORK/wall" dotnet "$CLI_DLL" run "${args[@]}" --out "$WORK/runner-$r" --no-html >"$WORK/runner-$r.log" 2>&1 \
      || { tail -20 "$WORK/runner-$r.log" >&2; die "notebooks: runner run $r failed"; }
    wall=$(tail -1 "$WORK/wall"); echo "in-process runner, run $r: $wall s wall (load $(load))" >>"$WORK/notebooks.times"
    dirs+=("$WORK/runner-$r")
  done
  if [ "$jupyter" = 1 ]; then
    log "notebooks: Jupyter's executor"
    /usr/bin/time -f "%e" -o "$WORK/wall" $PY jupyter/run_notebook.py notebooks/*.ipynb --out "$WORK/jupyter" >"$WORK/jupyter.log" 2>&1 \
      || { tail -20 "$WORK/jupyter.log" >&2; die "notebooks: Jupyter's executor failed"; }
    wall=$(tail -1 "$WORK/wall"); echo "Jupyter's executor (jupyter/run_notebook.py), once: $wall s wall (load $(load))" >>"$WORK/notebooks.times"
  fi
  {
    echo "The notebooks on the generated sample, default parameters. Wall times (\`/usr/bin/time -f %e\`):"
    echo; echo '```'; cat "$WORK/notebooks.times"; echo '```'; echo
    echo "Commands: \`dotnet lib/CompatNotebooks.Cli/bin/Release/net10.0/compat-notebooks.dll run ${args[*]} --out DIR --no-html\`$([ "$jupyter" = 1 ] && echo ", then \`/usr/bin/python3 jupyter/run_notebook.py notebooks/*.ipynb --out DIR\`")."
    echo "Per notebook, from the runner's \`metadata.compat_notebooks.duration_seconds\`:"
    echo
    $PY "$HERE/python/figures_report.py" notebooks "${dirs[@]}"
    if [ "$jupyter" = 1 ]; then echo; echo "Jupyter's summary line:"; echo; echo '```'; tail -1 "$WORK/jupyter.log"; echo '```'; fi
  } >"$WORK/notebooks.md"
  write_result notebooks "The notebook set's time: in-process runner and Jupyter's executor" \
    "dotnet $CLI_DLL run ${args[*]} --out DIR --no-html (×$runs)$([ "$jupyter" = 1 ] && echo "; $PY jupyter/run_notebook.py notebooks/*.ipynb --out DIR")" \
    "$start" "$before" "$WORK/notebooks.md"
}

for s in $SECTIONS; do "section_$s"; done
log "done: $SECTIONS → $OUT"
