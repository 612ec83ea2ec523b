#!/usr/bin/env bash
# Runs the whole platform on this machine, no Kubernetes: a loopback nats-server, one silo in standalone mode
# reconciling the manifests in samples/ (edit them while it runs), and two hosts. Ctrl-C stops everything.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/prerequisites.sh
ensure_run_prerequisites

manifests=${MANIFESTS:-}
silo_url=${SILO_URL:-http://127.0.0.1:8080}
state=$(mktemp -d)
pids=()
cleanup() {
  trap - EXIT INT TERM
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$state"
}
trap cleanup EXIT INT TERM

echo "Building…"
dotnet build Orleans.sln -c Release -nologo -v q -clp:ErrorsOnly
fixtures/build.sh >/dev/null
samples=""
if [ -z "$manifests" ]; then
  # The samples name their components by this checkout's absolute path. They go into the watched folder once both
  # hosts have registered: replicas are spread over the hosts there are when they are placed, and nothing moves a
  # running replica to a host that joins later.
  manifests="$state/manifests"
  samples="$state/samples"
  mkdir -p "$manifests" "$samples"
  for f in samples/*.yaml; do sed "s|@REPO@|$PWD|g" "$f" >"$samples/$(basename "$f")"; done
fi

# NATS on a free loopback port, with JetStream for the host plugins.
nats-server -a 127.0.0.1 -p -1 -m -1 -js -sd "$state/jetstream" --ports_file_dir "$state" >"$state/nats.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do
  ports=$(ls "$state"/nats-server_*.ports 2>/dev/null | head -n1 || true)
  [ -n "$ports" ] && break
  sleep 0.1
done
nats_url=$(grep -o 'nats://[^"]*' "$ports" | head -n1)
echo "NATS:  $nats_url"

dotnet Silo/bin/Release/net10.0/Wasmcloud.Silo.dll --standalone --manifests "$manifests" \
  --urls "$silo_url" --Nats:Url "$nats_url" >"$state/silo.log" 2>&1 &
pids+=($!)
for port in 9191 9192; do
  dotnet HostRuntime/bin/Release/net10.0/Wasmcloud.HostRuntime.dll --host-group default --environment default \
    --scheduler-nats-url "$nats_url" --data-nats-url "$nats_url" --http-addr "127.0.0.1:$port" \
    --oci-cache-dir "$state/oci-cache" >"$state/host-$port.log" 2>&1 &
  pids+=($!)
done

for _ in $(seq 1 300); do
  curl -fs "$silo_url/readyz" >/dev/null 2>&1 && break
  sleep 0.2
done
if [ -n "$samples" ]; then
  for _ in $(seq 1 300); do
    [ "$(curl -fs "$silo_url/" 2>/dev/null | grep -c '^Host  .* True' || true)" -ge 2 ] && break
    sleep 0.2
  done
  cp "$samples"/*.yaml "$manifests/"
fi
echo "Silo:  $silo_url   (objects and conditions: curl $silo_url/ ; JSON: $silo_url/api/objects)"
echo "Hosts: http://127.0.0.1:9191 and http://127.0.0.1:9192 (routed by Host header)"
echo "Logs:  $state/*.log"
echo "Manifests: $manifests (edit a file there and the deployment rolls out)"
echo
# The JavaScript samples take a while to compile on first start (tens of seconds on 2 cores); wait for hello-world.
for _ in $(seq 1 900); do
  if curl -fs "$silo_url/" 2>/dev/null | grep -q "^WorkloadDeployment  *default/hello-world  *True"; then break; fi
  sleep 0.2
done
curl -fs "$silo_url/" || true
echo
for _ in $(seq 1 100); do
  for port in 9191 9192; do
    if answer=$(curl -fs -H 'Host: localhost' "http://127.0.0.1:$port/" 2>/dev/null); then
      echo "Try:   curl -H 'Host: localhost' http://127.0.0.1:$port/"
      echo "       → $answer"
      break 2
    fi
  done
  sleep 0.2
done
echo "       curl -X POST -H 'Host: counter.localhost' http://127.0.0.1:9191/incr/visits   (samples/keyvalue-messaging.yaml)"
echo "       nats -s $nats_url request demo.echo.hello hi                      (3 echo replicas, one answers)"
echo "       curl -H 'Host: secrets.localhost' http://127.0.0.1:9191/secret/api-key        (samples/secrets.yaml: length and byte sum; one replica, so 9191 or 9192)"
echo "Press Ctrl-C to stop."
wait -n "${pids[@]}"
