#!/usr/bin/env bash
# The reminder table's cost at 10,000 reminders: Orleans' in-memory table (baseline) and the JetStream KV table, each
# behind a real in-process silo against a real nats-server (started on a free loopback port), then how often a
# 3-silo cluster reads the table in steady state. Prints markdown tables; progress goes to stderr.
# Extra arguments go to the benchmark, e.g. a quick run:
#   bench/run-reminder-table.sh --reminders 1000 --runs 3 --steady-seconds 20
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build bench/ReminderTable -c Release -nologo -v:quiet -clp:ErrorsOnly
dotnet bench/ReminderTable/bin/Release/net10.0/Wasmcloud.Bench.ReminderTable.dll "$@"
