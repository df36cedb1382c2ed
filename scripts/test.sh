#!/usr/bin/env bash
# The README's test command: sets the machine up (scripts/setup.sh, idempotent), builds everything and runs the
# whole xunit suite (notebooks included). Extra arguments go to dotnet test, e.g. --filter "FullyQualifiedName~Data".
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
results=$(mktemp -d)
status=0
# The naming and formatting rules of .editorconfig: a change that breaks them fails the test command (after the tests
# have run, so their results are still reported). `dotnet format CompatNotebooks.sln` fixes what it can.
format_status=0
if [ "$#" -eq 0 ]; then
  dotnet format CompatNotebooks.sln --verify-no-changes -v q || format_status=$?
  if [ "$format_status" != 0 ]; then echo "dotnet format --verify-no-changes: the code breaks .editorconfig's rules (run: dotnet format CompatNotebooks.sln)"; fi
fi
# A test still running after 20 minutes (the longest take a few) is hung: the blame collector writes a mini dump and
# the stack of the hung test into $results and ends the run, instead of letting it eat CI's 90 minutes.
dotnet test CompatNotebooks.sln -c Release --logger "trx;LogFileName=results.trx" --results-directory "$results" \
  --blame-hang-timeout 20min --blame-hang-dump-type mini "$@" || status=$?
# One plain closing line for CI readers: "N passed, N failed".
if compgen -G "$results/*.trx" >/dev/null; then
  passed=0; failed=0; skipped=0
  for f in "$results"/*.trx; do
    line=$(grep -o '<Counters [^>]*>' "$f" | head -1)
    p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$line"); passed=$((passed + ${p:-0}))
    x=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$line"); failed=$((failed + ${x:-0}))
    s=$(sed -n 's/.* notExecuted="\([0-9]*\)".*/\1/p' <<<"$line"); skipped=$((skipped + ${s:-0}))
  done
  echo "tests: $passed passed, $failed failed, $skipped skipped"
fi
if [ "$format_status" != 0 ] && [ "$status" = 0 ]; then status=$format_status; fi
if [ "$status" != 0 ]; then echo "test results (and any hang dump: Sequence_*.xml, *.dmp): $results"; fi
exit $status
