#!/usr/bin/env bash
# The benchmarks' Python baselines (idempotent, like scripts/setup.sh): Debian's own PyTorch (python3-torch 1.13.1),
# scikit-learn (python3-sklearn 1.2.1, the t-SNE baseline and the reference's AUC) and numpy, all for /usr/bin/python3.
# Checked by dpkg, not by `import`: a pyenv or venv python on PATH is not the one these packages serve.
# usage: bash tests/CompatNotebooks.Benchmarks/setup-baselines.sh
set -euo pipefail
missing=()
for package in python3 python3-numpy python3-sklearn python3-torch time bc; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q '^install ok installed$' || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi
  echo "installing ${missing[*]} (apt)" >&2
  $SUDO apt-get -o DPkg::Lock::Timeout=900 update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o DPkg::Lock::Timeout=900 install -y -qq "${missing[@]}" >/dev/null
fi
# Fail here, not half-way through a benchmark, if an import is broken.
/usr/bin/python3 -c 'import numpy, sklearn, torch; print(f"numpy {numpy.__version__}, scikit-learn {sklearn.__version__}, torch {torch.__version__}")'
