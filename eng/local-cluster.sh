#!/usr/bin/env bash
# A throwaway, real Kubernetes API server on loopback, for tests and the quick start on machines without Docker.
# Only Debian packages are used; what is built is built once and cached (see eng/local-cluster/provision.sh).
#
# Profiles (OPENMCF_CLUSTER_PROFILE=current|legacy or `up --profile PROFILE`; default current):
#   current  kube-apiserver 1.20 (namespaces, Services, tokens, RBAC) with gateway.networking.k8s.io served by
#            Kubernetes 1.36's stock apiextensions-apiserver, aggregated behind it with authentication and
#            authorization delegated to it, as in a current cluster: the Gateway API CRDs are installed unmodified,
#            CEL rules and fieldValidation are enforced. Two etcds (bookworm's 3.4 for 1.20, sid's 3.5 for 1.36).
#   legacy   kube-apiserver 1.20 alone with the Gateway API CRDs installed into it (`default: ""` lines dropped).
# Both give one kubeconfig (the 1.20 server's URL) with an admin context and a no-rights context.
#
# Named clusters (`eng/local-cluster.sh --name NAME COMMAND`, or OPENMCF_CLUSTER_NAME=NAME): several clusters run at
# once, each with its own ports, state ($OPENMCF_CACHE/clusters/NAME) and kubeconfig, and every command acts on the
# one named. NAME is up to 40 of [a-z0-9-], starting and ending with a letter or digit. Kubeconfig names, chosen so
# that kubeconfigs merge without clashes (KUBECONFIG=a:b:c):
#   unnamed  cluster openmcf-local, users admin and no-rights, contexts openmcf-local and openmcf-local-no-rights
#            (state in $OPENMCF_CACHE/cluster)
#   NAME     cluster NAME, users NAME-admin and NAME-no-rights, contexts NAME and NAME-no-rights
#
# Commands (each acts on the cluster that --name names, else on the unnamed one):
#   eng/local-cluster.sh up [--profile PROFILE]  provision (first time), start, install Gateway API CRDs; prints the
#                                      kubeconfig path last on stdout. A running other profile (of the same name) is
#                                      stopped first; clusters of different names may run different profiles at once.
#   eng/local-cluster.sh down          stop every process and remove all state
#   eng/local-cluster.sh down --all    the same for every cluster of the cache, named and unnamed (no --name)
#   eng/local-cluster.sh stop          stop every process but keep the state and the kubeconfig: a cluster that is
#                                      down (its port refuses connections, with its real certificates); `up` then
#                                      starts it afresh
#   eng/local-cluster.sh status        exit 0 when running; says which profile
#   eng/local-cluster.sh list          one line per cluster of the cache (the unnamed one as "(default)"): name,
#                                      profile, running|stopped, kubeconfig path ("-" when none)
#   eng/local-cluster.sh profile       print the running profile
#   eng/local-cluster.sh kubeconfig    print the admin kubeconfig path
#   eng/local-cluster.sh crds-kubeconfig
#                                      print a kubeconfig for the server holding the CRDs (current: the 1.36 server
#                                      itself, tokens checked against 1.20; legacy: the main kubeconfig)
#   eng/local-cluster.sh crds [DIR]    replace the Gateway API CRDs with those in DIR
#   eng/local-cluster.sh delete-crds   remove the Gateway API CRDs (for "missing CRD" tests)
#   eng/local-cluster.sh apply PATH    server-side apply the YAML object on stdin at API PATH (as admin)
#   eng/local-cluster.sh restart-apiserver [SECONDS]
#                                      kill -9 kube-apiserver 1.20, wait SECONDS, start it again (fault tests)
#
# Settings: OPENMCF_CACHE (default ~/.cache/openmcf) holds the built binaries and the cluster state;
# OPENMCF_GATEWAY_API_CRDS names the CRD folder (default: the shared test fixtures; without either, the pinned
# release's CRDs are downloaded once into the cache).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
cache=${OPENMCF_CACHE:-$HOME/.cache/openmcf}
# The fixtures are test data that live outside the repository (see ../shared/README.md).
default_crds="$repo/../shared/fixtures/gateway-api/v1.6.1/experimental"
crds_dir=${OPENMCF_GATEWAY_API_CRDS:-$default_crds}
group=gateway.networking.k8s.io
# Where the 1.20 aggregator finds the 1.36 server: an ExternalName Service (`localhost`) in a namespace that exists
# from the start. Its DNS name is what the aggregator checks the serving certificate against.
crd_service_namespace=kube-system
crd_service_name=apiextensions-apiserver

cluster_name='' # the cluster's name once checked (below); empty for the unnamed cluster
say() { printf '%s\n' "local-cluster${cluster_name:+ $cluster_name}: $*" >&2; }
die() { say "error: $*"; exit 1; }

# The cluster this run acts on: --name NAME before the command, else OPENMCF_CLUSTER_NAME, else the unnamed one.
wanted=${OPENMCF_CLUSTER_NAME:-}
name_given=0
while (($#)); do
  case $1 in
    --name) (($# >= 2)) || die "--name needs a cluster name: $0 --name NAME COMMAND"; wanted=$2; name_given=1; shift 2 ;;
    --name=*) wanted=${1#*=}; name_given=1; shift ;;
    *) break ;;
  esac
done
if ((name_given)) || [[ -n $wanted ]]; then
  [[ ${#wanted} -le 40 && $wanted =~ ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$ ]] ||
    die "cluster name '$wanted' is not valid: use at most 40 lowercase letters, digits and '-', starting and ending with a letter or digit."
  # Names that another cluster's kubeconfig uses: a context NAME-no-rights, the unnamed cluster's openmcf-local.
  [[ $wanted != *-no-rights && $wanted != openmcf-local ]] ||
    die "cluster name '$wanted' would clash with another cluster's kubeconfig names; choose one that neither ends in -no-rights nor is openmcf-local."
  cluster_name=$wanted
fi
# Without a name: the state, kubeconfig names and messages of the single cluster from before names existed.
# With one: a state folder of its own, and kubeconfig names that stay distinct when kubeconfigs are merged
# (KUBECONFIG=a:b:c: the first file to name a cluster, user or context wins).
if [[ -n $cluster_name ]]; then
  state="$cache/clusters/$cluster_name"
  self="$0 --name $cluster_name"
  kc_cluster=$cluster_name kc_admin=$cluster_name-admin kc_no_rights=$cluster_name-no-rights
  kc_admin_context=$cluster_name kc_no_rights_context=$cluster_name-no-rights
else
  state="$cache/cluster"
  self=$0
  kc_cluster=openmcf-local kc_admin=admin kc_no_rights=no-rights kc_admin_context=openmcf-local
  kc_no_rights_context=openmcf-local-no-rights
fi

# shellcheck source=local-cluster/provision.sh
source "$here/local-cluster/provision.sh"

# A loopback port that nothing listens on and that no cluster of this cache has recorded: not one this `up` has
# handed out already (six are picked before the first process listens), not one of another cluster starting at the
# same time, and not one of a stopped cluster (its kubeconfig must keep pointing at a refused port). The check and
# the record are one step under $cache/ports.lock. Ports are picked below the kernel's ephemeral range
# (ip_local_port_range, 32768-60999 by default): there, the local ends of outgoing connections (hundreds between a few
# clusters' servers and etcds) take ports that nothing listens on, and a server given one fails to bind it.
free_port() {
  (
    flock 9
    first=20000 count=30000
    read -r low _ </proc/sys/net/ipv4/ip_local_port_range 2>/dev/null && ((low > first + 1000)) && count=$((low - first))
    while :; do
      p=$((first + RANDOM % count))
      grep -qxsF "$p" "$cache/cluster/ports" "$cache"/clusters/*/ports && continue
      (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p" | tee -a "$state/ports"; exit 0; }
    done
  ) 9>>"$cache/ports.lock"
}

alive() { [[ -f $state/$1.pid ]] && kill -0 "$(cat "$state/$1.pid")" 2>/dev/null; }

# State written before profiles existed is the legacy profile's.
running_profile() { cat "$state/profile" 2>/dev/null || echo legacy; }
current() { [[ $(running_profile) == current ]]; }

server_url() { cat "$state/server"; }
admin_token() { cat "$state/admin.token"; }
crd_server_url() { echo "https://127.0.0.1:$(cat "$state/apiextensions-apiserver.port")"; }

api() { # api METHOD PATH [curl args...]: the main URL, as admin
  local method=$1 path=$2; shift 2
  curl -sS --cacert "$state/certs/apiserver.crt" -H "Authorization: Bearer $(admin_token)" \
    -X "$method" "$(server_url)$path" "$@"
}

crd_api() { # crd_api METHOD PATH [curl args...]: the server that holds the Gateway API CRDs, as admin
  if current; then
    local method=$1 path=$2; shift 2
    curl -sS --cacert "$state/pki/ca.crt" -H "Authorization: Bearer $(admin_token)" -X "$method" "$(crd_server_url)$path" "$@"
  else
    api "$@"
  fi
}

http_code() { "$@" -o /dev/null -w '%{http_code}' 2>/dev/null || true; } # http_code api|crd_api METHOD PATH

ready() { [[ -f $state/server ]] && [[ $(api GET /readyz 2>/dev/null) == ok ]]; }
crd_server_ready() { [[ -f $state/apiextensions-apiserver.port ]] && [[ $(crd_api GET /readyz 2>/dev/null) == ok ]]; }

status() {
  alive etcd && alive kube-apiserver && ready || return 1
  if current; then alive apiextensions-etcd && alive apiextensions-apiserver && crd_server_ready; fi
}

crds_installed() { [[ $(http_code crd_api GET "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/tcproutes.$group") == 200 ]]; }

# "VERSION/PLURAL" for each version that an installed CRD of the group serves.
served_resources() {
  crd_api GET /apis/apiextensions.k8s.io/v1/customresourcedefinitions |
    jq -r --arg g "$group" '.items[] | select(.spec.group == $g) | .spec.names.plural as $p
      | .spec.versions[] | select(.served) | "\(.name)/\($p)"'
}

group_api_services() {
  api GET /apis/apiregistration.k8s.io/v1/apiservices | jq -r --arg g "$group" '.items[] | select(.spec.group == $g) | .metadata.name'
}

# One APIService per version that the installed CRDs serve, and none for any other version, so that discovery
# through the main URL is what a real cluster shows (kube-apiserver registers CRD versions the same way).
sync_api_services() {
  local versions name v code ca port
  versions=$(served_resources | cut -d/ -f1 | sort -u)
  for name in $(group_api_services); do
    grep -qx "${name%%.*}" <<<"$versions" || api DELETE "/apis/apiregistration.k8s.io/v1/apiservices/$name" -o /dev/null
  done
  ca=$(base64 -w0 "$state/pki/ca.crt")
  port=$(cat "$state/apiextensions-apiserver.port")
  for v in $versions; do
    # Created, not server-side applied: 1.20's apply of an APIService crashes its handler ("FieldManager must be
    # installed to run apply"). Priorities as kube-apiserver gives CRD versions; the order within is v1, v1beta1, ...
    code=$(jq -n --arg g "$group" --arg v "$v" --arg ns "$crd_service_namespace" --arg svc "$crd_service_name" \
      --arg ca "$ca" --argjson port "$port" '{apiVersion: "apiregistration.k8s.io/v1", kind: "APIService",
        metadata: {name: "\($v).\($g)"}, spec: {group: $g, version: $v, caBundle: $ca,
          service: {namespace: $ns, name: $svc, port: $port}, groupPriorityMinimum: 1000, versionPriority: 100}}' |
      api POST /apis/apiregistration.k8s.io/v1/apiservices -H 'Content-Type: application/json' --data-binary @- \
        -o "$state/apiservice.out" -w '%{http_code}')
    [[ $code == 201 || $code == 409 ]] || { cat "$state/apiservice.out" >&2; die "creating APIService $v.$group failed (HTTP $code)"; }
  done
}

# Waits until the main URL serves the group as installed: a LIST of every served version of every CRD succeeds,
# and discovery names exactly the served versions. An APIService shows Available about 1 s before requests
# through the aggregator stop answering 404/503, so only a real success counts.
wait_group_served() {
  local pairs want got p code last='' ok
  pairs=$(served_resources)
  want=$(cut -d/ -f1 <<<"$pairs" | sed '/^$/d' | sort -u | tr '\n' ' ')
  for _ in $(seq 1 240); do
    ok=1
    for p in $pairs; do
      code=$(http_code api GET "/apis/$group/$p?limit=1")
      [[ $code == 200 ]] || { ok=0; last="LIST $p: HTTP $code"; break; }
    done
    if ((ok)); then
      got=$(api GET "/apis/$group" 2>/dev/null | jq -r '[.versions[]?.version] | sort | .[]' 2>/dev/null | tr '\n' ' ' || true)
      [[ $got == "$want" ]] || { ok=0; last="discovery lists '${got% }', expected '${want% }'"; }
    fi
    ((ok)) && return 0
    sleep 0.25
  done
  die "the Gateway API did not answer as installed through $(server_url) within 60 s ($last); logs: $state"
}

install_crds() {
  local dir f name code
  dir=$(crd_folder "${1:-}") || exit 1
  for f in "$dir"/*.yaml; do
    name=$(awk '/^metadata:/ {m=1; next} m && /^  name:/ {print $2; exit}' "$f")
    if current; then
      code=$(crd_api POST /apis/apiextensions.k8s.io/v1/customresourcedefinitions -H 'Content-Type: application/yaml' \
        --data-binary @"$f" -o "$state/crd.out" -w '%{http_code}')
    else
      # Kubernetes 1.20 rejects `default: ""` on string fields ("must be of type string");
      # newer servers accept it. Dropping just those lines is the only change made.
      # A plain create (not server-side apply): 1.20's apply path refuses the CRD's
      # x-kubernetes-validations, which create silently drops (1.20 has no CEL).
      code=$(sed -E '/^[[:space:]]*default: ""[[:space:]]*$/d' "$f" |
        api POST "/apis/apiextensions.k8s.io/v1/customresourcedefinitions" \
          -H 'Content-Type: application/yaml' --data-binary @- -o "$state/crd.out" -w '%{http_code}')
    fi
    [[ $code == 201 ]] || { cat "$state/crd.out" >&2; die "installing $name failed (HTTP $code)"; }
    for _ in $(seq 1 50); do
      crd_api GET "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/$name" |
        jq -e '.status.conditions[]? | select(.type=="Established" and .status=="True")' >/dev/null && break
      sleep 0.2
    done
  done
  if current; then sync_api_services; fi
  wait_group_served
  say "installed Gateway API CRDs from $dir"
}

delete_crds() {
  local name
  if current; then
    for name in $(group_api_services); do api DELETE "/apis/apiregistration.k8s.io/v1/apiservices/$name" -o /dev/null; done
  fi
  for name in $(crd_api GET /apis/apiextensions.k8s.io/v1/customresourcedefinitions |
    jq -r --arg g "$group" '.items[] | select(.spec.group == $g) | .metadata.name'); do
    crd_api DELETE "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/$name" -o /dev/null || true
  done
  # Until every CRD of the group is gone, not only tcproutes: a CRD is deleted only after all its objects are, and a test
  # run leaves Gateways in many namespaces (no namespace controller runs here), so gateways can outlast tcproutes, and
  # installing it again meanwhile fails with "object is being deleted" (409).
  local left=''
  for _ in $(seq 1 600); do
    left=$(crd_api GET /apis/apiextensions.k8s.io/v1/customresourcedefinitions |
      jq -r --arg g "$group" '[.items[] | select(.spec.group == $g) | .metadata.name] | join(" ")')
    [[ -z $left ]] && ! api GET /apis | jq -e --arg g "$group" '.groups[] | select(.name == $g)' >/dev/null 2>&1 && break
    sleep 0.2
  done
  [[ -z $left ]] || die "the CRDs $left were still being deleted after 120 s"
  say "deleted Gateway API CRDs"
}

kubeconfig_for() { # FILE SERVER CA: a kubeconfig with the admin and the no-rights user
  cat >"$1" <<KCFG
apiVersion: v1
kind: Config
clusters:
- name: $kc_cluster
  cluster:
    server: $2
    certificate-authority: $3
users:
- name: $kc_admin
  user:
    token: $(admin_token)
- name: $kc_no_rights
  user:
    token: $(cat "$state/norights.token")
contexts:
- name: $kc_admin_context
  context:
    cluster: $kc_cluster
    user: $kc_admin
- name: $kc_no_rights_context
  context:
    cluster: $kc_cluster
    user: $kc_no_rights
current-context: $kc_admin_context
KCFG
  chmod 600 "$1"
}

# Certificates for the aggregation: the 1.36 server's serving certificate (the APIService's caBundle is its CA), and
# the front-proxy client certificate with which 1.20 passes the authenticated user on (X-Remote-User/Group).
make_pki() {
  local pki="$state/pki"
  mkdir -p "$pki"
  pki_key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$pki/$1.key" 2>/dev/null; }
  pki_ca() { pki_key "$1" && openssl req -x509 -new -key "$pki/$1.key" -subj "/CN=openmcf-local-$1" -days 3650 -out "$pki/$1.crt"; }
  pki_leaf() { # NAME CA EXTENSIONS
    pki_key "$1"
    openssl req -new -key "$pki/$1.key" -subj "/CN=$1" |
      openssl x509 -req -CA "$pki/$2.crt" -CAkey "$pki/$2.key" -days 3650 -out "$pki/$1.crt" 2>/dev/null \
        -extfile <(printf 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\n%s\n' "$3")
  }
  pki_ca ca
  pki_leaf apiextensions-apiserver ca \
    "extendedKeyUsage=serverAuth
subjectAltName=DNS:$crd_service_name.$crd_service_namespace.svc,DNS:localhost,IP:127.0.0.1"
  pki_ca front-proxy-ca
  pki_leaf front-proxy-client front-proxy-ca extendedKeyUsage=clientAuth
  chmod 600 "$pki"/*.key
}

start_etcd() { # NAME BINARY [FLAGS...]
  local name=$1 bin=$2 port peer; shift 2
  port=$(free_port); peer=$(free_port)
  echo "$port" >"$state/$name.port"
  mkdir -p "$state/$name"
  setsid "$bin" --name openmcf --data-dir "$state/$name" \
    --listen-client-urls "http://127.0.0.1:$port" --advertise-client-urls "http://127.0.0.1:$port" \
    --listen-peer-urls "http://127.0.0.1:$peer" --initial-advertise-peer-urls "http://127.0.0.1:$peer" \
    --initial-cluster "openmcf=http://127.0.0.1:$peer" "$@" \
    >"$state/$name.log" 2>&1 </dev/null &
  echo $! >"$state/$name.pid"
}

start_apiserver() {
  local secure_port aggregation=()
  secure_port=$(server_url | sed 's/.*://')
  if current; then
    aggregation=(--requestheader-client-ca-file="$state/pki/front-proxy-ca.crt" --requestheader-allowed-names=front-proxy-client
      --requestheader-username-headers=X-Remote-User --requestheader-group-headers=X-Remote-Group
      --requestheader-extra-headers-prefix=X-Remote-Extra-
      --proxy-client-cert-file="$state/pki/front-proxy-client.crt" --proxy-client-key-file="$state/pki/front-proxy-client.key")
  fi
  # --advertise-address keeps the server's advertised endpoint on loopback: traffic must stay here.
  setsid "$apiserver" --etcd-servers="http://127.0.0.1:$(cat "$state/etcd.port")" \
    --bind-address=127.0.0.1 --advertise-address=127.0.0.1 --secure-port="$secure_port" \
    --cert-dir="$state/certs" --token-auth-file="$state/tokens.csv" --authorization-mode=RBAC \
    --service-account-issuer=https://kubernetes.default.svc \
    --service-account-key-file="$state/sa.pub" --service-account-signing-key-file="$state/sa.key" \
    --service-cluster-ip-range=10.96.0.0/16 --disable-admission-plugins=ServiceAccount "${aggregation[@]}" \
    >>"$state/kube-apiserver.log" 2>&1 </dev/null &
  echo $! >"$state/kube-apiserver.pid"
}

# The stock 1.36 server refuses to run without a delegate: 1.20 checks its tokens (TokenReview) and permissions
# (SubjectAccessReview) and serves the namespaces its NamespaceLifecycle admission looks up. Admission policies
# and priority-and-fairness wait for APIs that 1.20 lacks (every write then fails 403 after 10 s): both off.
start_crd_server() {
  local bin; bin=$(cat "$state/apiextensions-apiserver.bin")
  (cd "$state" && exec setsid "$bin" --etcd-servers="http://127.0.0.1:$(cat "$state/apiextensions-etcd.port")" \
    --bind-address=127.0.0.1 --secure-port="$(cat "$state/apiextensions-apiserver.port")" \
    --tls-cert-file="$state/pki/apiextensions-apiserver.crt" --tls-private-key-file="$state/pki/apiextensions-apiserver.key" \
    --authentication-kubeconfig="$state/kubeconfig" --authorization-kubeconfig="$state/kubeconfig" --kubeconfig="$state/kubeconfig" \
    --disable-admission-plugins=ValidatingAdmissionPolicy,MutatingAdmissionPolicy --enable-priority-and-fairness=false \
    >>"$state/apiextensions-apiserver.log" 2>&1 </dev/null) &
  echo $! >"$state/apiextensions-apiserver.pid"
}

wait_for() { # WHAT CHECK NAME...: until CHECK succeeds, while the named processes live
  local what=$1 check=$2 n; shift 2
  for _ in $(seq 1 240); do
    "$check" && return 0
    for n in "$@"; do
      alive "$n" || { tail -n 20 "$state/$n.log" >&2; die "$n exited; log: $state/$n.log"; }
    done
    sleep 0.25
  done
  die "$what did not become ready within 60 s; log: $state/$what.log"
}

wait_ready() { wait_for kube-apiserver ready etcd kube-apiserver; }

# The ExternalName Service through which 1.20 reaches the 1.36 server. kube-system appears shortly after /readyz.
create_crd_service() {
  local code
  for _ in $(seq 1 100); do
    code=$(jq -n --arg ns "$crd_service_namespace" --arg n "$crd_service_name" '{apiVersion: "v1", kind: "Service",
      metadata: {name: $n, namespace: $ns}, spec: {type: "ExternalName", externalName: "localhost"}}' |
      api POST "/api/v1/namespaces/$crd_service_namespace/services" -H 'Content-Type: application/json' --data-binary @- \
        -o "$state/service.out" -w '%{http_code}')
    [[ $code == 201 || $code == 409 ]] && return 0
    sleep 0.2
  done
  cat "$state/service.out" >&2
  die "creating the Service $crd_service_namespace/$crd_service_name failed (HTTP $code)"
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
  # The aggregated group is back only when 1.20 has re-read its APIServices and checked the 1.36 server.
  if current; then wait_group_served; fi
  say "kube-apiserver is back at $(server_url)"
}

stop_processes() {
  local names=(apiextensions-apiserver kube-apiserver apiextensions-etcd etcd) n pid
  for n in "${names[@]}"; do
    if [[ -f $state/$n.pid ]]; then kill "$(cat "$state/$n.pid")" 2>/dev/null || true; fi
  done
  for n in "${names[@]}"; do
    if [[ -f $state/$n.pid ]]; then
      pid=$(cat "$state/$n.pid")
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -9 "$pid" 2>/dev/null || true
      rm -f "$state/$n.pid"
    fi
  done
}

# Builds what the profile needs. On a first `current` run, sid's packages download and unpack (about 1 minute,
# mostly waiting on the network and the disk) while kube-apiserver 1.20 compiles. Several `up`s at once (named
# clusters) build one at a time under $cache/provision.lock and then find it built; once all is built, no lock.
provision() { # PROFILE
  provisioned "$1" || with_provision_lock build_profile "$1"
}

build_profile() { # PROFILE
  need_packages
  local fetch_pid='' fetch_log="$cache/sid-fetch.log"
  if [[ $1 == current && ! -x $apiserver ]] && ! crd_server_built && [[ ! -f $sid_dir/fetched ]]; then
    mkdir -p "$cache"
    say "fetching Debian sid's Go and Kubernetes packages in the background (log: $fetch_log)"
    fetch_sid >"$fetch_log" 2>&1 &
    fetch_pid=$!
  fi
  build_apiserver
  if [[ -n $fetch_pid ]]; then
    wait "$fetch_pid" || { tail -n 5 "$fetch_log" >&2; die "fetching sid's packages failed; log: $fetch_log"; }
    cat "$fetch_log" >&2
    rm -f "$fetch_log"
  fi
  if [[ $1 == current ]]; then build_crd_server; fi
}

up() {
  local profile=${OPENMCF_CLUSTER_PROFILE:-current}
  while (($#)); do
    case $1 in
      --profile) profile=${2:-}; shift 2 || die "usage: $self up [--profile current|legacy]" ;;
      --profile=*) profile=${1#*=}; shift ;;
      --name | --name=*) die "--name goes before the command: $0 --name NAME up [--profile current|legacy]" ;;
      *) die "usage: $self up [--profile current|legacy]" ;;
    esac
  done
  [[ $profile == current || $profile == legacy ]] || die "unknown profile '$profile' (current or legacy)"
  local crds; crds=$(crd_folder) || exit 1
  if status; then
    if [[ $(running_profile) == "$profile" ]]; then
      say "already running at $(server_url) (profile $profile)"
      if ! crds_installed; then install_crds "$crds"
      else
        if current; then sync_api_services; fi
        wait_group_served
      fi
      echo "$state/kubeconfig"
      return 0
    fi
    say "stopping the running $(running_profile) profile to start the $profile profile"
  fi
  provision "$profile"
  stop_processes
  rm -rf "$state"
  mkdir -p "$state/certs"
  echo "$profile" >"$state/profile"
  openssl genrsa -out "$state/sa.key" 2048 2>/dev/null
  openssl rsa -in "$state/sa.key" -pubout -out "$state/sa.pub" 2>/dev/null
  head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$state/admin.token"
  head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$state/norights.token"
  chmod 600 "$state"/*.token "$state/sa.key"
  {
    echo "$(admin_token),openmcf-admin,1,\"system:masters\""
    echo "$(cat "$state/norights.token"),openmcf-no-rights,2"
  } >"$state/tokens.csv"
  echo "https://127.0.0.1:$(free_port)" >"$state/server"

  start_etcd etcd etcd
  if current; then
    make_pki
    free_port >"$state/apiextensions-apiserver.port"
    crd_server_bin >"$state/apiextensions-apiserver.bin"
    # Test data: nothing to lose on a crash, so writes do not wait for the disk.
    start_etcd apiextensions-etcd "$(sid_etcd_bin)" --unsafe-no-fsync
  fi
  start_apiserver
  wait_ready
  kubeconfig_for "$state/kubeconfig" "$(server_url)" "$state/certs/apiserver.crt"
  if current; then
    create_crd_service
    start_crd_server
    wait_for apiextensions-apiserver crd_server_ready apiextensions-etcd apiextensions-apiserver kube-apiserver
    kubeconfig_for "$state/apiextensions-kubeconfig" "$(crd_server_url)" "$state/pki/ca.crt"
  fi
  install_crds "$crds"
  say "running at $(server_url) (profile $profile); kubeconfig:"
  echo "$state/kubeconfig"
}

running() { status || die "not running; start it with: $self up"; }

# The state folders of every cluster of the cache, the unnamed one first.
cluster_states() {
  local d
  [[ -d $cache/cluster ]] && echo "$cache/cluster"
  for d in "$cache"/clusters/*/; do [[ -d $d ]] && echo "${d%/}"; done
  return 0
}

cluster_name_of() { # STATE: the name, or "(default)" for the unnamed cluster
  if [[ $1 == "$cache/cluster" ]]; then echo '(default)'; else basename "$1"; fi
}

# One line per cluster of the cache: name, profile, running|stopped, kubeconfig path ("-" when none was written).
list_clusters() {
  local states d width=9 kubeconfig
  mapfile -t states < <(cluster_states)
  for d in "${states[@]}"; do
    d=$(cluster_name_of "$d"); ((${#d} > width)) && width=${#d}
  done
  for d in "${states[@]}"; do
    state=$d
    kubeconfig=-; [[ -f $state/kubeconfig ]] && kubeconfig=$state/kubeconfig
    printf "%-${width}s  %-7s  %-7s  %s\n" "$(cluster_name_of "$state")" "$(running_profile)" \
      "$(if status; then echo running; else echo stopped; fi)" "$kubeconfig"
  done
}

# Stops and removes every cluster of the cache, named and unnamed (CI's cleanup).
down_all() {
  local states d f
  mapfile -t states < <(cluster_states)
  # Every process is told to stop first, so that the clusters shut down together rather than one after another.
  for d in "${states[@]}"; do
    for f in "$d"/{apiextensions-apiserver,kube-apiserver,apiextensions-etcd,etcd}.pid; do
      if [[ -f $f ]]; then kill "$(cat "$f")" 2>/dev/null || true; fi
    done
  done
  for d in "${states[@]}"; do
    state=$d
    stop_processes
    rm -rf "$state"
    say "stopped and removed $(cluster_name_of "$state")"
  done
  rmdir "$cache/clusters" 2>/dev/null || true
}

case ${1:-} in
  up) shift; up "$@" ;;
  down)
    case ${2:-} in
      '') stop_processes; rm -rf "$state"; rmdir "$cache/clusters" 2>/dev/null || true; say "stopped" ;;
      --all)
        ((!name_given)) || die "down --all removes every cluster, whatever its name: leave out --name."
        down_all ;;
      *) die "usage: $self down [--all]" ;;
    esac ;;
  stop)
    stop_processes
    if [[ -f $state/kubeconfig ]]; then
      say "stopped; the state and $state/kubeconfig are kept (its ports refuse connections until '$self up' starts it afresh)"
    else
      say "stopped"
    fi ;;
  list) list_clusters ;;
  status)
    if status; then
      if current; then
        say "running at $(server_url) (profile current: kube-apiserver $k8s_version; $group from" \
          "$(basename "$(dirname "$(cat "$state/apiextensions-apiserver.bin")")") at $(crd_server_url))"
      else
        say "running at $(server_url) (profile legacy: kube-apiserver $k8s_version with the Gateway API CRDs)"
      fi
    else
      say "not running"; exit 1
    fi ;;
  profile) running; running_profile ;;
  kubeconfig) [[ -f $state/kubeconfig ]] || die "not running; start it with: $self up"; echo "$state/kubeconfig" ;;
  crds-kubeconfig)
    running
    if current; then echo "$state/apiextensions-kubeconfig"; else echo "$state/kubeconfig"; fi ;;
  crds) running; dir=$(crd_folder "${2:-}") || exit 1; delete_crds; install_crds "$dir" ;;
  apply)
    running
    [[ -n ${2:-} ]] || die "usage: $self apply API-PATH < object.yaml"
    code=$(api PATCH "$2?fieldManager=local-cluster&force=true" -H 'Content-Type: application/apply-patch+yaml' --data-binary @- \
      -o "$state/apply.out" -w '%{http_code}')
    [[ $code == 200 || $code == 201 ]] || { cat "$state/apply.out" >&2; die "apply to $2 failed (HTTP $code)"; } ;;
  delete-crds) running; delete_crds ;;
  restart-apiserver) running; restart_apiserver "${2:-0}" ;;
  *)
    echo "usage: $0 [--name NAME] up [--profile current|legacy]|down [--all]|stop|status|list|profile|kubeconfig" \
      "|crds-kubeconfig|crds [DIR]|delete-crds|apply PATH|restart-apiserver [SECONDS]" >&2
    exit 2 ;;
esac
