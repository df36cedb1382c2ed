#!/usr/bin/env bash
# Machine set-up for the tests (idempotent; scripts/test.sh runs it first): Debian's headless Chromium (the browser
# check of exported HTML), python3 (tests cross-check our Python-literal parser against Python itself), Debian's
# Jupyter (nbclient, jupyter_client and nbconvert run the notebooks through the repo's kernelspec in jupyter/kernels;
# the classic Notebook UI is for people), the pinned dotnet tools (the Jupyter/VS Code kernel and dotnet-repl) from
# .config/dotnet-tools.json, and the Release library build.
set -euo pipefail
cd "$(dirname "$0")/.."
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
[ -x /usr/bin/python3 ] || missing+=(python3)
# Debian's own packages, checked by dpkg (not by `import`: a pyenv or venv python on PATH is not the one they serve).
for package in python3-nbclient jupyter-client jupyter-nbconvert jupyter-notebook; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q '^install ok installed$' || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi
dotnet tool restore
# The notebooks reference lib/CompatNotebooks.Notebooks/bin/Release/net10.0/CompatNotebooks.Notebooks.dll (VS Code, dotnet-repl).
dotnet build lib/CompatNotebooks.Notebooks -c Release -v quiet -nologo
