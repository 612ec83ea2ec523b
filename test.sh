#!/usr/bin/env bash
# Runs every test of the platform. Installs what the tests need first; safe to run again.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/prerequisites.sh
ensure_test_prerequisites

dotnet build Orleans.sln -c Release -warnaserror -nologo -clp:ErrorsOnly
log=$(mktemp)
status=0
# Microsoft.Testing.Platform (global.json): exit code 8 means a project has no tests yet, which is not a failure.
dotnet test --solution Orleans.sln -c Release --no-build --ignore-exit-code 8 "$@" 2>&1 | tee "$log" || status=$?

# The failures again, last: CI shows the end of the output, and the per-test logs above can bury them.
if [ "$status" -ne 0 ]; then
  echo "Failed tests (repeated from above):"
  grep -E -A 25 '^[[:space:]]*failed [A-Za-z]' "$log" | cut -c1-400 | head -300 || true
fi
# One closing line for humans and CI, from the test platform's run summary (the totals over every assembly).
awk '$1 == "succeeded:" { p = $2 } $1 == "failed:" { f = $2 } $1 == "skipped:" { s = $2 }
     END { printf "Tests: %d passed, %d failed, %d skipped\n", p, f, s }' "$log"
rm -f "$log"
exit $status
