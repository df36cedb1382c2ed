#!/usr/bin/env bash
# One-time machine set-up for tests and notebooks: Debian's headless Chromium (for the browser check of
# exported HTML) and the pinned dotnet tools (the VS Code kernel and dotnet-repl) from .config/dotnet-tools.json.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
dotnet tool restore
# The notebooks reference lib/CompatNotebooks/bin/Release/net10.0/CompatNotebooks.dll (VS Code, dotnet-repl).
dotnet build lib/CompatNotebooks -c Release -v quiet -nologo
