#!/usr/bin/env bash
# A throwaway, real Kubernetes API server (etcd + kube-apiserver) on loopback, for tests and the
# quick start on machines without Docker. Only Debian packages are used: kube-apiserver is built
# once from Debian bookworm's `kubernetes` source package and cached.
#
#   eng/local-cluster.sh up            provision (first time), start, install Gateway API CRDs
#   eng/local-cluster.sh down          stop and remove all state
#   eng/local-cluster.sh status        exit 0 when running
#   eng/local-cluster.sh kubeconfig    print the admin kubeconfig path
#   eng/local-cluster.sh crds [DIR]    (re)install Gateway API CRDs from DIR
#   eng/local-cluster.sh delete-crds   remove the Gateway API CRDs (for "missing CRD" tests)
#   eng/local-cluster.sh apply PATH    server-side apply the YAML object on stdin at API PATH (as admin)
#   eng/local-cluster.sh restart-apiserver [SECONDS]
#                                      kill -9 kube-apiserver, wait SECONDS, start it again (fault tests)
#
# Settings: OPENMCF_CACHE (default ~/.cache/openmcf) holds the built binary and the cluster state;
# OPENMCF_GATEWAY_API_CRDS names the CRD folder (default: the shared test fixtures).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
cache=${OPENMCF_CACHE:-$HOME/.cache/openmcf}
k8s_deb_version='1.20.5+really1.20.2-1.1+deb12u1'
k8s_version='1.20.2'
apiserver="$cache/kube-apiserver-$k8s_version/kube-apiserver"
state="$cache/cluster"
# The fixtures are test data that live outside the repository (see ../shared/README.md).
default_crds="$repo/../shared/fixtures/gateway-api/v1.6.1/experimental"
crds_dir=${OPENMCF_GATEWAY_API_CRDS:-$default_crds}

say() { printf '%s\n' "local-cluster: $*" >&2; }
die() { say "error: $*"; exit 1; }

packages=(golang-go etcd-server rsync jq openssl curl make gcc dpkg-dev)

need_packages() {
  local missing=() p
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if ((${#missing[@]})); then
    if [[ $(id -u) -ne 0 ]]; then
      die "missing Debian packages: ${missing[*]}. Install them as root: apt-get update && apt-get install -y ${missing[*]}"
    fi
    say "installing Debian packages: ${missing[*]}"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

build_apiserver() {
  [[ -x $apiserver ]] && return 0
  [[ $(id -u) -eq 0 ]] || die "kube-apiserver is not built yet and building it needs root (apt-get source). Run 'sudo $0 up' once."
  local work; work=$(mktemp -d)
  say "building kube-apiserver $k8s_version from Debian's source package (first run only, about 7-10 minutes; log: $work/build.log)"
  local src_list=/etc/apt/sources.list.d/openmcf-bookworm-src.sources
  if ! apt-cache showsrc "kubernetes=$k8s_deb_version" >/dev/null 2>&1; then
    # The machine's apt sources have no deb-src entry; add one for bookworm main only.
    local uri
    uri=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
    printf 'Types: deb-src\nURIs: %s\nSuites: bookworm\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
      "${uri:-http://deb.debian.org/debian}" >"$src_list"
    apt-get update -qq >/dev/null
  fi
  # apt warns that root downloads "unsandboxed" into a private temporary folder: expected, not shown.
  (cd "$work" && apt-get source -qq --download-only "kubernetes=$k8s_deb_version" 2>&1 >/dev/null | grep -v unsandboxed >&2 || true)
  (cd "$work" && apt-get download -qq golang-github-modern-go-reflect2-dev 2>&1 >/dev/null | grep -v unsandboxed >&2 || true)
  ls "$work"/kubernetes_*.orig.tar.gz "$work"/golang-github-modern-go-reflect2-dev_*.deb >/dev/null 2>&1 ||
    die "could not download Debian's kubernetes source package or reflect2 (see the messages above)"
  rm -f "$src_list"
  say "unpacking sources"
  tar -xzf "$work"/kubernetes_*.orig.tar.gz -C "$work"
  local src="$work/kubernetes-$k8s_version"
  # reflect2 1.0.1 (vendored) crashes under Go >= 1.18 on the first custom-resource write
  # (fatal error in mapiterinit); Debian's 1.0.2 fixes it.
  dpkg -x "$work"/golang-github-modern-go-reflect2-dev_*.deb "$work/reflect2"
  rm -rf "$src/vendor/github.com/modern-go/reflect2"
  cp -r "$work/reflect2/usr/share/gocode/src/github.com/modern-go/reflect2" "$src/vendor/github.com/modern-go/reflect2"
  say "compiling (progress dots every 15 s)"
  (cd "$src" && make WHAT=cmd/kube-apiserver >"$work/build.log" 2>&1) &
  local pid=$!
  while kill -0 "$pid" 2>/dev/null; do sleep 15; printf '.' >&2; done
  printf '\n' >&2
  if ! wait "$pid"; then
    tail -n 30 "$work/build.log" >&2
    die "kube-apiserver build failed; full log: $work/build.log"
  fi
  mkdir -p "$(dirname "$apiserver")"
  cp "$src/_output/bin/kube-apiserver" "$apiserver.tmp" && mv "$apiserver.tmp" "$apiserver"
  rm -rf "$work"
  say "built $apiserver"
}

free_port() {
  local p
  while :; do
    p=$((20000 + RANDOM % 30000))
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
  done
}

alive() { [[ -f $state/$1.pid ]] && kill -0 "$(cat "$state/$1.pid")" 2>/dev/null; }

server_url() { cat "$state/server"; }
admin_token() { cat "$state/admin.token"; }

api() { # api METHOD PATH [curl args...]
  local method=$1 path=$2; shift 2
  curl -sS --cacert "$state/certs/apiserver.crt" -H "Authorization: Bearer $(admin_token)" \
    -X "$method" "$(server_url)$path" "$@"
}

ready() { [[ -f $state/server ]] && [[ $(api GET /readyz 2>/dev/null) == ok ]]; }

status() { alive etcd && alive kube-apiserver && ready; }

crds_installed() {
  [[ $(api GET /apis/apiextensions.k8s.io/v1/customresourcedefinitions/tcproutes.gateway.networking.k8s.io -o /dev/null -w '%{http_code}') == 200 ]]
}

install_crds() {
  local dir=${1:-$crds_dir}
  [[ -d $dir ]] || die "Gateway API CRD folder not found: $dir (set OPENMCF_GATEWAY_API_CRDS)"
  local f name code
  for f in "$dir"/*.yaml; do
    name=$(awk '/^metadata:/ {m=1; next} m && /^  name:/ {print $2; exit}' "$f")
    # Kubernetes 1.20 rejects `default: ""` on string fields ("must be of type string");
    # newer servers accept it. Dropping just those lines is the only change made.
    # A plain create (not server-side apply): 1.20's apply path refuses the CRD's
    # x-kubernetes-validations, which create silently drops (1.20 has no CEL).
    code=$(sed -E '/^[[:space:]]*default: ""[[:space:]]*$/d' "$f" |
      api POST "/apis/apiextensions.k8s.io/v1/customresourcedefinitions" \
        -H 'Content-Type: application/yaml' --data-binary @- -o "$state/crd.out" -w '%{http_code}')
    [[ $code == 201 ]] || { cat "$state/crd.out" >&2; die "installing $name failed (HTTP $code)"; }
    for _ in $(seq 1 50); do
      api GET "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/$name" |
        jq -e '.status.conditions[]? | select(.type=="Established" and .status=="True")' >/dev/null && break
      sleep 0.2
    done
  done
  say "installed Gateway API CRDs from $dir"
}

delete_crds() {
  local r
  for r in tcproutes gateways gatewayclasses referencegrants; do
    api DELETE "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/$r.gateway.networking.k8s.io" -o /dev/null || true
  done
  for _ in $(seq 1 100); do
    [[ $(api GET /apis/apiextensions.k8s.io/v1/customresourcedefinitions/tcproutes.gateway.networking.k8s.io -o /dev/null -w '%{http_code}') == 404 ]] && break
    sleep 0.2
  done
  say "deleted Gateway API CRDs"
}

write_kubeconfig() {
  cat >"$state/kubeconfig" <<KCFG
apiVersion: v1
kind: Config
clusters:
- name: openmcf-local
  cluster:
    server: $(server_url)
    certificate-authority: $state/certs/apiserver.crt
users:
- name: admin
  user:
    token: $(admin_token)
- name: no-rights
  user:
    token: $(cat "$state/norights.token")
contexts:
- name: openmcf-local
  context:
    cluster: openmcf-local
    user: admin
- name: openmcf-local-no-rights
  context:
    cluster: openmcf-local
    user: no-rights
current-context: openmcf-local
KCFG
  chmod 600 "$state/kubeconfig"
}

start_apiserver() {
  local secure_port=${1:-$(server_url | sed 's/.*://')}
  # --advertise-address keeps the server's advertised endpoint on loopback: traffic must stay here.
  setsid "$apiserver" --etcd-servers="http://127.0.0.1:$(cat "$state/etcd.port")" \
    --bind-address=127.0.0.1 --advertise-address=127.0.0.1 --secure-port="$secure_port" \
    --cert-dir="$state/certs" --token-auth-file="$state/tokens.csv" --authorization-mode=RBAC \
    --service-account-issuer=https://kubernetes.default.svc \
    --service-account-key-file="$state/sa.pub" --service-account-signing-key-file="$state/sa.key" \
    --service-cluster-ip-range=10.96.0.0/16 --disable-admission-plugins=ServiceAccount \
    >>"$state/kube-apiserver.log" 2>&1 </dev/null &
  echo $! >"$state/kube-apiserver.pid"
}

wait_ready() {
  local i
  for i in $(seq 1 240); do
    ready && return 0
    alive etcd || { tail -n 20 "$state/etcd.log" >&2; die "etcd exited; log: $state/etcd.log"; }
    alive kube-apiserver || { tail -n 20 "$state/kube-apiserver.log" >&2; die "kube-apiserver exited; log: $state/kube-apiserver.log"; }
    sleep 0.25
  done
  die "kube-apiserver did not become ready within 60 s; log: $state/kube-apiserver.log"
}

# Kills kube-apiserver without warning (as a crash would), leaves it down for a while, and starts it
# again on the same port with the same certificates and data, for tests of a server that goes away.
restart_apiserver() {
  local down=${1:-0} pid
  pid=$(cat "$state/kube-apiserver.pid")
  kill -9 "$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  say "killed kube-apiserver (pid $pid); down for ${down}s"
  sleep "$down"
  start_apiserver
  wait_ready
  say "kube-apiserver is back at $(server_url)"
}

stop() {
  local n pid
  for n in kube-apiserver etcd; do
    if [[ -f $state/$n.pid ]]; then
      pid=$(cat "$state/$n.pid")
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -9 "$pid" 2>/dev/null || true
      rm -f "$state/$n.pid"
    fi
  done
}

up() {
  if status; then
    say "already running at $(server_url)"
    crds_installed || install_crds "$crds_dir"
    echo "$state/kubeconfig"
    return 0
  fi
  need_packages
  build_apiserver
  stop
  rm -rf "$state"
  mkdir -p "$state/certs" "$state/etcd"
  local etcd_port peer_port secure_port
  etcd_port=$(free_port); peer_port=$(free_port); secure_port=$(free_port)
  openssl genrsa -out "$state/sa.key" 2048 2>/dev/null
  openssl rsa -in "$state/sa.key" -pubout -out "$state/sa.pub" 2>/dev/null
  head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$state/admin.token"
  head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$state/norights.token"
  chmod 600 "$state"/*.token "$state/sa.key"
  {
    echo "$(admin_token),openmcf-admin,1,\"system:masters\""
    echo "$(cat "$state/norights.token"),openmcf-no-rights,2"
  } >"$state/tokens.csv"
  echo "https://127.0.0.1:$secure_port" >"$state/server"
  echo "$etcd_port" >"$state/etcd.port"

  setsid etcd --name openmcf --data-dir "$state/etcd" \
    --listen-client-urls "http://127.0.0.1:$etcd_port" --advertise-client-urls "http://127.0.0.1:$etcd_port" \
    --listen-peer-urls "http://127.0.0.1:$peer_port" --initial-advertise-peer-urls "http://127.0.0.1:$peer_port" \
    --initial-cluster "openmcf=http://127.0.0.1:$peer_port" \
    >"$state/etcd.log" 2>&1 </dev/null &
  echo $! >"$state/etcd.pid"

  start_apiserver
  wait_ready
  write_kubeconfig
  install_crds "$crds_dir"
  say "running at $(server_url); kubeconfig:"
  echo "$state/kubeconfig"
}

case ${1:-} in
  up) up ;;
  down) stop; rm -rf "$state"; say "stopped" ;;
  status) if status; then say "running at $(server_url)"; else say "not running"; exit 1; fi ;;
  kubeconfig) [[ -f $state/kubeconfig ]] || die "not running; start it with: $0 up"; echo "$state/kubeconfig" ;;
  crds) status || die "not running; start it with: $0 up"; delete_crds; install_crds "${2:-$crds_dir}" ;;
  apply)
    status || die "not running; start it with: $0 up"
    [[ -n ${2:-} ]] || die "usage: $0 apply API-PATH < object.yaml"
    code=$(api PATCH "$2?fieldManager=local-cluster&force=true" -H 'Content-Type: application/apply-patch+yaml' --data-binary @- -o "$state/apply.out" -w '%{http_code}')
    [[ $code == 200 || $code == 201 ]] || { cat "$state/apply.out" >&2; die "apply to $2 failed (HTTP $code)"; } ;;
  delete-crds) status || die "not running; start it with: $0 up"; delete_crds ;;
  restart-apiserver) status || die "not running; start it with: $0 up"; restart_apiserver "${2:-0}" ;;
  *) echo "usage: $0 up|down|status|kubeconfig|crds [DIR]|delete-crds|apply PATH|restart-apiserver [SECONDS]" >&2; exit 2 ;;
esac
