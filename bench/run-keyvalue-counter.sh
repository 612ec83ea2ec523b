#!/usr/bin/env bash
# Throughput of the wasi:keyvalue counter component over HTTP (one in-process host, a real JetStream nats-server),
# with raw NATS.Net KV increments and a keyvalue-free JS component measured in the same run as baselines.
# Extra arguments go to the benchmark, e.g. --operations 2000 --concurrency 1,4,16.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/prerequisites.sh
ensure_test_prerequisites
dotnet build bench/KeyValueCounter -c Release -nologo -v:quiet -clp:ErrorsOnly
dotnet bench/KeyValueCounter/bin/Release/net10.0/Wasmcloud.Bench.KeyValueCounter.dll "$@"
