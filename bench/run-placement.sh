#!/usr/bin/env bash
# Measures the placement engine alone (no grains): 10,000 placements onto 1,000 hosts by default.
# Extra arguments go to the benchmark, e.g. --hosts 2000 --workloads 50000 --runs 9.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build bench/Placement -c Release -nologo -v:quiet
dotnet bench/Placement/bin/Release/net10.0/Wasmcloud.Bench.Placement.dll "$@"
