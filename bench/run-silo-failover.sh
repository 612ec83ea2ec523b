#!/usr/bin/env bash
# Losing a silo in Kubernetes mode: three silo processes forming one Orleans cluster through the MembershipTable on
# the fake API server, two hosts, nats-server. Kills the Lease-holding silo with SIGKILL and times how long until the
# survivors have declared it dead, taken the Lease and reconciled a deployment applied right after the kill (baseline:
# the same deployment with all silos up); also the membership table's request load at steady state.
# Profiles: fast (test timings) and defaults (nothing overridden). Extra arguments go to the benchmark, e.g. --runs 5.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/prerequisites.sh
ensure_test_prerequisites
dotnet build bench/SiloFailover -c Release -nologo -v:quiet -clp:ErrorsOnly
dotnet bench/SiloFailover/bin/Release/net10.0/Wasmcloud.Bench.SiloFailover.dll "$@"
