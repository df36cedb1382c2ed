#!/usr/bin/env bash
# Downloads the real Amazon 2014 files the chapter uses (image features + metadata for Baby and
# Musical_Instruments) from the book's data page, into data/real/ (git-ignored) or the folder given as $1.
# Resumes partial downloads. Needs internet and curl or wget. Then: export COMPAT_DATA_DIR=<that folder>.
set -euo pipefail
BASE_URL="${COMPAT_DATA_URL:-http://cseweb.ucsd.edu/~jmcauley/pml/data}"
OUT="${1:-$(cd "$(dirname "$0")" && pwd)/real}"
CATEGORIES=(Baby Musical_Instruments)
mkdir -p "$OUT"
fetch() { # url file
  if command -v curl >/dev/null 2>&1; then
    curl --fail --location --continue-at - --retry 5 --retry-delay 5 --output "$2" "$1"
  elif command -v wget >/dev/null 2>&1; then
    wget --continue --tries=5 --output-document="$2" "$1"
  else
    echo "download.sh: neither curl nor wget is installed" >&2; exit 1
  fi
}
for cat in "${CATEGORIES[@]}"; do
  for file in "image_features_${cat}.b" "meta_${cat}.json.gz"; do
    if [ -s "$OUT/$file" ]; then echo "have $file"; continue; fi
    echo "fetching $file"
    fetch "$BASE_URL/$file" "$OUT/$file.part"
    mv "$OUT/$file.part" "$OUT/$file"
  done
done
echo "done: files in $OUT"
echo "use them with: export COMPAT_DATA_DIR=$OUT   (or --data $OUT, or the notebooks' dataDir parameter)"
