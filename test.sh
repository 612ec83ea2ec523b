#!/usr/bin/env bash
# Runs every test of the platform. Installs what the tests need first; safe to run again.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/prerequisites.sh
ensure_test_prerequisites

dotnet build Orleans.sln -c Release -warnaserror -nologo -clp:ErrorsOnly
log=$(mktemp)
status=0
dotnet test Orleans.sln -c Release --no-build -nologo "$@" 2>&1 | tee "$log" || status=$?

# One closing line for humans and CI: totals over every test assembly.
awk '/^(Passed|Failed)!/ {
       for (i = 1; i <= NF; i++) { gsub(",", "", $(i+1)); if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) }
     }
     END { printf "Tests: %d passed, %d failed, %d skipped\n", p, f, s }' "$log"
rm -f "$log"
exit $status
