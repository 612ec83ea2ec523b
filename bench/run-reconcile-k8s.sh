#!/usr/bin/env bash
# Reconcile throughput in Kubernetes mode against the fake API server (real KubernetesClient over loopback HTTP),
# with the same load in standalone mode (in-memory store) as the baseline, in the same process: 1,000
# WorkloadDeployments (created by 8 concurrent clients) onto 50 simulated hosts by default. Prints a Markdown table; progress goes to stderr.
# Extra arguments go to the benchmark, e.g. bench/run-reconcile-k8s.sh --deployments 200 --replicas 3
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build bench/ReconcileKubernetes -c Release -nologo -v:quiet -clp:ErrorsOnly
dotnet bench/ReconcileKubernetes/bin/Release/net10.0/Wasmcloud.Bench.ReconcileKubernetes.dll "$@"
