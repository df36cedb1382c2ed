#!/usr/bin/env bash
# Issue #12, "style vectors + t-SNE of all items ≤ 10 min; peak RSS ≤ 12 GB" on the full-size generated Clothing set.
# One process (the benchmarks' `tsne-large` subcommand, LargeCategories/TSneLarge.cs): the catalog as notebook 04 loads
# it (RequireSubcategory), same-subcategory ("difficult") negatives, a Euclidean model (K = 5) trained ONE epoch
# (notebook 04 trains 5), the style vectors (E1) of every item, the catalog released, then t-SNE with notebook 04's
# settings (perplexity 30, 500 iterations, seed 1) on all items and, for reference, on a 100,000-row subsample of the
# same style vectors. Timed phase by phase; peak RSS from /usr/bin/time -v. Writes RESULTS-tsne.md beside this script.
# Usage: run-tsne-bench.sh [DATA_DIR] [CATEGORY]   (default /work/bigdata/clothing Clothing_Shoes_and_Jewelry)
# Env: SUBSAMPLE (default 100000), ITERATIONS (default 500), EPOCHS (default 1), OUT (default RESULTS-tsne.md here).
set -euo pipefail
data=${1:-/work/bigdata/clothing}
category=${2:-Clothing_Shoes_and_Jewelry}
subsample=${SUBSAMPLE:-100000}
iterations=${ITERATIONS:-500}
epochs=${EPOCHS:-1}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
out=${OUT:-$here/RESULTS-tsne.md}
log=$(mktemp /tmp/tsne-bench.XXXXXX.log)
timing=$(mktemp /tmp/tsne-bench.XXXXXX.time)
bin=$(mktemp -d /tmp/tsne-bench.XXXXXX.bin)
trap 'rm -rf "$log" "$timing" "$bin"' EXIT
dotnet build "$root/tests/CompatNotebooks.Benchmarks" -c Release -nologo -v q >/dev/null
# A private copy of the build and the commit it was built from: the lock may take a while, and a rebuild meanwhile
# must not change what is measured.
cp -r "$root/tests/CompatNotebooks.Benchmarks/bin/Release/net10.0/." "$bin/"
bench=$bin/CompatNotebooks.Benchmarks.dll
commit="$(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet HEAD -- lib tests || echo ' (with uncommitted changes)')"

# One benchmark at a time on the machine (and every process touching /work/bigdata under the lock): held until the
# script ends (BENCH_LOCK_HELD=1: the caller holds it).
if [ -z "${BENCH_LOCK_HELD:-}" ]; then exec 9>/tmp/bench.lock; flock 9; fi
command=(dotnet "$bench" tsne-large --data "$data" --category "$category" --epochs "$epochs" --iterations "$iterations" --subsample "$subsample" --seed 1)
started=$(date -u '+%Y-%m-%d %H:%M:%S UTC')
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
/usr/bin/time -v -o "$timing" "${command[@]}" | tee "$log"
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
wall=$(sed -n 's/^\s*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$timing")
rss_kb=$(sed -n 's/^\s*Maximum resident set size (kbytes): //p' "$timing")
store=$(ls -l "$data"/image_features_"$category".compact 2>/dev/null | awk '{print $5}' || true)

{
  echo "# Style vectors + t-SNE of all items of $category (issue #12; the full-size generated set by default)"
  echo
  echo "Written by \`tests/CompatNotebooks.Benchmarks/LargeCategories/run-tsne-bench.sh\` (do not edit the measured part by hand)."
  echo
  echo "- started: $started; commit $commit"
  echo "- CPU: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; RAM $(free -g | awk '/^Mem:/{print $2}') GB"
  echo "- load average (1, 5, 15 min) before: $load_before; after: $load_after"
  echo "- data: $data, category $category; feature store ${store:-?} bytes; under \`flock /tmp/bench.lock\`"
  echo "- settings: Euclidean K = 5, difficult negatives, $epochs training epoch(s) (notebook 04 trains 5), t-SNE perplexity 30,"
  echo "  $iterations iterations, seed 1, all cores; the catalog is disposed before t-SNE (only the style vectors are kept)"
  echo
  echo '```bash'
  echo "tests/CompatNotebooks.Benchmarks/LargeCategories/run-tsne-bench.sh $data $category   # SUBSAMPLE=$subsample ITERATIONS=$iterations EPOCHS=$epochs"
  echo "# runs, under the lock, from a copy of the build (BIN):"
  echo "/usr/bin/time -v ${command[*]/$bin/BIN}"
  echo '```'
  echo
  echo "| measure | value |"
  echo "|---|---|"
  echo "| whole process, wall | $wall |"
  echo "| peak RSS (\`/usr/bin/time -v\`) | $((rss_kb / 1024)) MiB ($(awk "BEGIN{printf \"%.2f\", $rss_kb * 1024 / 1e9}") GB) |"
  grep -E '\] (catalog|pairs|training|style vectors):' "$log" | sed -E 's/^\[[0-9:]+\] ([^:]+): (.*) \(RSS ([0-9.]+ GB)\)$/| \1 | \2 (RSS then \3) |/'
  grep -E '\] t-SNE [^:]+: [0-9,]+ points,' "$log" | sed -E 's/^\[[0-9:]+\] (t-SNE [^:]+): (.*) \(RSS ([0-9.]+ GB)\)$/| \1 | \2 |/'
  grep -E '\] t-SNE [^:]+: +[0-9.]+ s (neighbours.*: [0-9,]+\/[0-9,]+ points|affinities done|initial embedding done)' "$log" | grep -E 'done|points \(' | \
    awk '/affinities done|initial embedding done/' | sed -E 's/^\[[0-9:]+\] (t-SNE [^:]+): +([0-9.]+) s (.*) \(RSS ([0-9.]+ GB)\)$/| \1: \3 at | \2 s after its start (RSS then \4) |/'
  echo
  echo "Full log (progress lines with the seconds since the t-SNE call and the process RSS at that moment):"
  echo
  echo '```text'
  cat "$log"
  echo '```'
} > "$out"
echo "wrote $out"
