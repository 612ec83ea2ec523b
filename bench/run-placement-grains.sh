#!/usr/bin/env bash
# Places workloads through the grains (one in-process silo, the in-memory API store, the feeder, simulated hosts)
# and prints a table: 10,000 workloads (2,000 WorkloadDeployments × 5) onto 1,000 hosts by default.
# Progress goes to stderr. Extra arguments go to the benchmark, e.g. a quick run:
#   bench/run-placement-grains.sh --workloads 1000 --hosts 100
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build bench/PlacementGrains -c Release -nologo -v:quiet -clp:ErrorsOnly
dotnet bench/PlacementGrains/bin/Release/net10.0/Wasmcloud.Bench.PlacementGrains.dll "$@"
