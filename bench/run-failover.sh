#!/usr/bin/env bash
# Deploy latency (manifest written → first 200) and failover (kill -9 the serving host → first 200 from another)
# of the whole platform: nats-server, a standalone silo and two hosts, as real processes.
# Profiles: fast (1 s heartbeats) and production (the defaults: 15 s heartbeats); the production one takes minutes.
# Extra arguments go to the benchmark, e.g. --runs 9 or --profiles fast.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/prerequisites.sh
ensure_test_prerequisites
dotnet build bench/Failover -c Release -nologo -v:quiet -clp:ErrorsOnly
dotnet bench/Failover/bin/Release/net10.0/Wasmcloud.Bench.Failover.dll "$@"
