#!/usr/bin/env bash
# HTTP serving on loopback, driven by wrk in one run (Release builds):
#   kestrel        a native Kestrel minimal endpoint (bench/http/KestrelHello), the baseline
#   wat-pooled     HostRuntime serving fixtures/components/hello-wat.wat with poolSize 16 (warm instances)
#   wat-fresh      the same component with poolSize 0 (a fresh store and instance per request)
#   js-pooled      HostRuntime serving the componentize-js hello (fixtures/js/hello.js) with poolSize 16
#   js-fresh       the same with poolSize 0
#   wat-pooled-meters, js-pooled-meters
#                  wat-pooled and js-pooled on a second HostRuntime started with --enable-meters (fuel metering), to
#                  show what metering costs; that host idles while the first is measured, and the other way round
# For each: requests/s, p50 and p99 latency, and the server process's CPU (CPU seconds from /proc per wall second,
# so 2.0 means both cores of a 2-core machine). Each case gets a short warm-up first (JIT tiers, warm instances).
# Environment: DURATION (10s), WARMUP (3s), THREADS (2), CONNECTIONS (16).
set -euo pipefail
cd "$(dirname "$0")/.."
duration="${DURATION:-10s}"
warmup="${WARMUP:-3s}"
threads="${THREADS:-2}"
connections="${CONNECTIONS:-16}"

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
for tool in wrk nats-server; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    as_root apt-get install -y "$tool" >/dev/null || { as_root apt-get update -qq && as_root apt-get install -y "$tool" >/dev/null; }
  fi
done

bash fixtures/build.sh >/dev/null
dotnet build bench/http/KestrelHello -c Release -nologo -v:quiet >/dev/null
dotnet build bench/http/HostServer -c Release -nologo -v:quiet >/dev/null

work="$(mktemp -d)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
wait_for() { # wait_for <description> <command...>: polls for 3 min (a first start compiles the JS component)
  local what="$1"; shift
  for _ in $(seq 1800); do "$@" >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "run-http.sh: $what did not come up" >&2; exit 1
}

nats_port="$(free_port)"
nats-server -a 127.0.0.1 -p "$nats_port" >"$work/nats.log" 2>&1 &
pids+=($!)

kestrel_port="$(free_port)"
dotnet bench/http/KestrelHello/bin/Release/net10.0/Wasmcloud.Bench.KestrelHello.dll "127.0.0.1:$kestrel_port" >"$work/kestrel.log" 2>&1 &
kestrel_pid=$!
pids+=("$kestrel_pid")

host_port="$(free_port)"
dotnet bench/http/HostServer/bin/Release/net10.0/Wasmcloud.Bench.HostServer.dll \
  "nats://127.0.0.1:$nats_port" "127.0.0.1:$host_port" fixtures/out >"$work/host.log" 2>&1 &
host_pid=$!
pids+=("$host_pid")

metered_port="$(free_port)"
dotnet bench/http/HostServer/bin/Release/net10.0/Wasmcloud.Bench.HostServer.dll \
  "nats://127.0.0.1:$nats_port" "127.0.0.1:$metered_port" fixtures/out --enable-meters >"$work/metered.log" 2>&1 &
metered_pid=$!
pids+=("$metered_pid")

wait_for "Kestrel" curl -sf "http://127.0.0.1:$kestrel_port/"
wait_for "HostRuntime" grep -q '^ready$' "$work/host.log"
wait_for "HostRuntime --enable-meters" grep -q '^ready$' "$work/metered.log"

expected="Hello from wasmCloud on Orleans"
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
to_ms() { awk '{ v = $1; if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v) } else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 } printf "%.2f", v }'; }
hz="$(getconf CLK_TCK)"

declare -A rps p50 p99 cpu errors
run_case() { # run_case <name> <pid> <port> <host header>
  local name="$1" pid="$2" port="$3" host="$4"
  local body
  body="$(curl -sf -H "Host: $host" "http://127.0.0.1:$port/")"
  if [ "$body" != "$expected" ]; then
    echo "run-http.sh: $name answered '$body'" >&2; exit 1
  fi

  wrk -t"$threads" -c"$connections" -d"$warmup" -H "Host: $host" "http://127.0.0.1:$port/" >/dev/null
  local before after start end
  before="$(cpu_ticks "$pid")"
  start="$(date +%s.%N)"
  wrk -t"$threads" -c"$connections" -d"$duration" --latency -H "Host: $host" "http://127.0.0.1:$port/" >"$work/$name.txt"
  end="$(date +%s.%N)"
  after="$(cpu_ticks "$pid")"

  rps[$name]="$(awk '/^Requests\/sec:/ {printf "%.0f", $2}' "$work/$name.txt")"
  p50[$name]="$(awk '$1 == "50%" {print $2}' "$work/$name.txt" | to_ms)"
  p99[$name]="$(awk '$1 == "99%" {print $2}' "$work/$name.txt" | to_ms)"
  errors[$name]="$(awk '/Non-2xx|Socket errors/ {sub(/^[ \t]+/, ""); printf "%s; ", $0}' "$work/$name.txt")"
  cpu[$name]="$(awk -v a="$before" -v b="$after" -v s="$start" -v e="$end" -v hz="$hz" 'BEGIN {printf "%.2f", (b - a) / hz / (e - s)}')"
  echo "$name: ${rps[$name]} req/s, p50 ${p50[$name]} ms, p99 ${p99[$name]} ms, CPU ${cpu[$name]} cores ${errors[$name]}" >&2
}

run_case kestrel "$kestrel_pid" "$kestrel_port" localhost
run_case wat-pooled "$host_pid" "$host_port" pooled.bench
run_case wat-fresh "$host_pid" "$host_port" fresh.bench
run_case js-pooled "$host_pid" "$host_port" js-pooled.bench
run_case js-fresh "$host_pid" "$host_port" js-fresh.bench
run_case wat-pooled-meters "$metered_pid" "$metered_port" pooled.bench
run_case js-pooled-meters "$metered_pid" "$metered_port" js-pooled.bench

echo
echo "wrk -t$threads -c$connections -d$duration on loopback, $(nproc) cores; CPU = server process CPU seconds per wall second"
echo
echo "| Case | Requests/s | % of Kestrel | p50 (ms) | p99 (ms) | p99 / Kestrel's | Server CPU (cores) | Errors |"
echo "|---|---:|---:|---:|---:|---:|---:|---|"
for name in kestrel wat-pooled wat-fresh js-pooled js-fresh wat-pooled-meters js-pooled-meters; do
  share="$(awk -v a="${rps[$name]}" -v b="${rps[kestrel]}" 'BEGIN {printf "%.0f %%", 100 * a / b}')"
  ratio="$(awk -v a="${p99[$name]}" -v b="${p99[kestrel]}" 'BEGIN {printf "%.1f×", a / b}')"
  echo "| $name | ${rps[$name]} | $share | ${p50[$name]} | ${p99[$name]} | $ratio | ${cpu[$name]} | ${errors[$name]:-none} |"
done
