#!/usr/bin/env bash
# Builds the Kubernetes control-plane binaries used by the e2e suite from their Go modules:
#   e2e/.bin/etcd, e2e/.bin/kube-apiserver, e2e/.bin/kube-controller-manager
# Versions are pinned in e2e/components/go.mod. e2e/.bin/.stamp records the hash of go.mod +
# go.sum, the Go version and the build recipe: when it matches, only missing binaries are built
# (nothing at all when every one is present), so calling it repeatedly is cheap; when it does not,
# every binary is rebuilt.
#
# Environment:
#   E2E_COMPONENTS   space-separated components (default, what the suite needs:
#                    "etcd kube-apiserver kube-controller-manager")
#   E2E_FORCE=1      rebuild even when the stamp matches
#   E2E_BIN_DIR      output directory (default: e2e/.bin)
#   GOCACHE, GOMODCACHE, GOFLAGS are honoured as usual.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
components="$here/components"
bin="${E2E_BIN_DIR:-$here/.bin}"
stamp="$bin/.stamp"

if ! command -v go >/dev/null 2>&1; then
  echo "build-components: 'go' not found on PATH" >&2
  exit 1
fi

wanted="${E2E_COMPONENTS:-etcd kube-apiserver kube-controller-manager}"

# Bump when the flags below change so existing binaries are rebuilt.
recipe="cgo0-trimpath-sw-version-v2"
hash="$(cat "$components/go.mod" "$components/go.sum" | sha256sum | cut -d' ' -f1)"
want_stamp="$hash $(go env GOVERSION) $recipe"

to_build="$wanted"
if [[ "${E2E_FORCE:-0}" != 1 && -f "$stamp" && "$(cat "$stamp")" == "$want_stamp" ]]; then
  # Binaries next to a matching stamp were built by this recipe: keep them, build what is missing.
  to_build=""
  for c in $wanted; do [[ -x "$bin/$c" ]] || to_build+=" $c"; done
  if [[ -z "$to_build" ]]; then
    echo "build-components: up to date ($bin)"
    exit 0
  fi
else
  # Stale or forced: drop every old binary (and the stamp) first.
  mkdir -p "$bin"
  rm -f "$stamp" "$bin/etcd" "$bin/kube-apiserver" "$bin/kube-controller-manager"
fi
mkdir -p "$bin"

pkg_of() {
  case "$1" in
    etcd) echo go.etcd.io/etcd/server/v3 ;;
    kube-apiserver) echo k8s.io/kubernetes/cmd/kube-apiserver ;;
    kube-controller-manager) echo k8s.io/kubernetes/cmd/kube-controller-manager ;;
    *) echo "build-components: unknown component '$1'" >&2; return 1 ;;
  esac
}

cd "$components"
export CGO_ENABLED=0
# -mod=readonly: go.mod/go.sum are authoritative; a missing entry is an error, not a silent edit.
export GOFLAGS="${GOFLAGS:-} -mod=readonly -buildvcs=false"

start=$(date +%s)
echo "build-components: downloading modules"
go mod download

# Stamp the Kubernetes version the way its release build does (hack/lib/version.sh); without it
# /version reports v0.0.0-master.
kver="$(go list -m -f '{{.Version}}' k8s.io/kubernetes)"
kmajor="${kver#v}"; kmajor="${kmajor%%.*}"
kminor="${kver#v*.}"; kminor="${kminor%%.*}"
version_x=""
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  version_x+=" -X $pkg.gitVersion=$kver -X $pkg.gitMajor=$kmajor -X $pkg.gitMinor=$kminor"
  version_x+=" -X $pkg.gitTreeState=clean -X $pkg.buildDate=1970-01-01T00:00:00Z"
done
for c in $to_build; do
  pkg="$(pkg_of "$c")"
  t0=$(date +%s)
  echo "build-components: building $c ($pkg)"
  # -s -w drops debug info: smaller binaries, faster link.
  go build -trimpath -ldflags="-s -w$version_x" -o "$bin/$c.tmp" "$pkg"
  mv -f "$bin/$c.tmp" "$bin/$c"
  echo "build-components: $c built in $(( $(date +%s) - t0 ))s"
done
echo "$want_stamp" > "$stamp"
echo "build-components: done in $(( $(date +%s) - start ))s"
