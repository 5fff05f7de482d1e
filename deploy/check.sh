#!/usr/bin/env bash
# Validates the deployment files without a Docker engine or a cluster (CI runs it):
#   docker-compose.yml   `docker-compose config` (Debian: docker-compose)
#   deploy/caddy         `caddy adapt` for each WHARF_TLS mode (Debian: caddy; skipped without it)
#   deploy/k8s           kustomize build (kubectl kustomize or kustomize, when installed) of the
#                        base and of the base + components/registry-s3, then a schema and
#                        reference check of every manifest (python3 + PyYAML, Debian: python3-yaml)
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "== docker-compose config"
# The secret files need not exist for `config`; the values below only exercise interpolation.
WHARF_DOMAIN=registry.example.com WHARF_HTTPS_PORT=8443 docker-compose -f docker-compose.yml config -q
docker-compose -f docker-compose.yml config --services | sort | tr '\n' ' '
echo

if command -v caddy >/dev/null; then
  echo "== caddy adapt deploy/caddy/Caddyfile"
  for mode in internal files acme; do
    WHARF_TLS=$mode ACME_EMAIL=ops@example.com caddy adapt --config deploy/caddy/Caddyfile --adapter caddyfile >"$tmp/caddy.json" 2>"$tmp/caddy.err" ||
      { cat "$tmp/caddy.err"; exit 1; }
    grep -q '"/v2/token"' "$tmp/caddy.json" || { echo "Caddyfile ($mode): no /v2/token route"; exit 1; }
  done
  echo "internal, files, acme: ok"
else
  echo "== caddy not installed: Caddyfile not checked"
fi

echo "== kubernetes manifests"
"${PYTHON:-/usr/bin/python3}" deploy/check-manifests.py
kustomize_build=()
if command -v kustomize >/dev/null; then
  kustomize_build=(kustomize build)
elif command -v kubectl >/dev/null; then
  kustomize_build=(kubectl kustomize)
fi
if [ ${#kustomize_build[@]} -gt 0 ]; then
  "${kustomize_build[@]}" deploy/k8s >"$tmp/base.yaml"
  # The S3 component, applied the way an overlay would.
  mkdir -p "$tmp/overlay"
  cp -r deploy/k8s "$tmp/overlay/base"
  printf 'resources: [base]\ncomponents: [base/components/registry-s3]\n' >"$tmp/overlay/kustomization.yaml"
  "${kustomize_build[@]}" "$tmp/overlay" >"$tmp/s3.yaml"
  "${PYTHON:-/usr/bin/python3}" deploy/check-manifests.py "$tmp/base.yaml" "$tmp/s3.yaml"
else
  echo "(no kustomize or kubectl: checked the base assembled by check-manifests.py only)"
fi
echo "deployment files ok"
