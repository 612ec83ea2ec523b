# Sourced by run.sh and test.sh: installs missing prerequisites, idempotently.

source "$(dirname "${BASH_SOURCE[0]}")/helm.sh"

apt_updated=0
ensure_apt_package() { # <command-to-check> <package>
  if ! command -v "$1" >/dev/null 2>&1; then
    if [ "$apt_updated" = 0 ]; then
      sudo_if_needed apt-get update -qq
      apt_updated=1
    fi
    sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null
  fi
}

ensure_apt_file() { # <file-to-check> <package>: for packages that install no command (libraries, sysroots)
  if [ ! -e "$1" ]; then
    if [ "$apt_updated" = 0 ]; then
      sudo_if_needed apt-get update -qq
      apt_updated=1
    fi
    sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null
  fi
}

sudo_if_needed() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

ensure_dotnet() {
  command -v dotnet >/dev/null 2>&1 || { echo "The .NET 10 SDK is required (https://dot.net)." >&2; exit 1; }
  dotnet restore Orleans.sln -nologo -v q
}

ensure_test_prerequisites() {
  ensure_dotnet
  ensure_apt_package nats-server nats-server
  # OCI pull tests run a real registry on loopback; htpasswd writes the bcrypt file for its basic-auth variant.
  ensure_apt_package docker-registry docker-registry
  ensure_apt_package htpasswd apache2-utils
  ensure_wasm_fixtures
  # The chart tests run the real helm (lint, template).
  ensure_helm
  ensure_browser_tests
}

# The dashboard's browser tests: Debian's Chromium driven by playwright-core (never a browser download of its own),
# installed from the lock file into the gitignored node_modules beside the script.
ensure_browser_tests() {
  ensure_apt_package chromium chromium
  ensure_apt_package npm npm
  local folder=Tests/Silo.Tests/Dashboard/browser
  if [ ! -d "$folder/node_modules/playwright-core" ] || [ "$folder/package-lock.json" -nt "$folder/node_modules/.package-lock.json" ]; then
    (cd "$folder" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  fi
}

# The Wasm test fixtures (fixtures/build.sh): C compiled to WASI preview1 command modules, a few WAT modules, and
# wasi:http components (component WAT through jco, JavaScript through componentize-js; npm installs both into
# fixtures/js/node_modules).
ensure_wasm_fixtures() {
  ensure_apt_package node nodejs
  ensure_apt_package npm npm
  ensure_apt_package clang clang
  ensure_apt_package wasm-ld lld
  ensure_apt_file /usr/lib/wasm32-wasi/libc.a wasi-libc
  ensure_apt_file "$(clang -print-resource-dir)/lib/wasi/libclang_rt.builtins-wasm32.a" libclang-rt-dev-wasm32
  ensure_apt_package wat2wasm wabt
  fixtures/build.sh >/dev/null
}

ensure_run_prerequisites() {
  ensure_dotnet
  ensure_wasm_fixtures
  ensure_apt_package nats-server nats-server
  ensure_apt_package curl curl
}
