#!/usr/bin/env bash
# The README's "run it" command: executes every notebook in notebooks/ headless on the sample data (generated on
# first use) and writes the executed notebooks plus standalone HTML reports (plots work offline) to out/.
# Extra arguments go to `compat-notebooks run`, e.g. `-p epochs=5 --out other/` or a single notebook path.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build lib/CompatNotebooks.Cli -c Release -v quiet -nologo
if [ "$#" -eq 0 ] || [[ "$1" == -* ]]; then set -- notebooks "$@"; fi
has_out=0; for a in "$@"; do [ "$a" = "--out" ] && has_out=1; done
if [ "$has_out" = 0 ]; then set -- "$@" --out out; fi
exec dotnet lib/CompatNotebooks.Cli/bin/Release/net10.0/compat-notebooks.dll run "$@"
