#!/usr/bin/env bash
# Measures openmcf against kubectl on the local control plane, every comparison side by side in
# one run, each figure the median of BENCH_RUNS runs (default 7). Prints a Markdown table and
# writes it, with the machine it ran on, to docs/benchmarks.md.
#   eng/bench.sh            (needs root the first time: installs `time`, builds the API server)
#   eng/bench.sh fleet      3 clusters x 300 routes, one invocation against three (eng/bench/fleet.sh)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
cd "$repo"
runs=${BENCH_RUNS:-7}
bulk=${BENCH_ROUTES:-1000}
# The 10,000-route figures take minutes a run (kubectl re-applies ~100 routes/s here): fewer runs.
big=${BENCH_BIG_ROUTES:-10000}
big_runs=${BENCH_BIG_RUNS:-3}
cluster="$here/local-cluster.sh"

median() { sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
# wall time in milliseconds of one run of a command (output discarded). EPOCHREALTIME, not
# $(date): forking date after the command would add its own start-up (5-10 ms here) to the figure.
wall_ms() { local s e; s=${EPOCHREALTIME/./}; "$@" >/dev/null 2>&1 || true; e=${EPOCHREALTIME/./}; echo $(((e - s) / 1000)); }
if [[ ${1:-} == fleet ]]; then
  # shellcheck source=bench/fleet.sh
  source "$here/bench/fleet.sh"
  exit 0
fi

command -v /usr/bin/time >/dev/null && command -v jq >/dev/null || { apt-get update -qq >/dev/null; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time jq >/dev/null; }
have_kubectl=$(command -v kubectl >/dev/null && echo yes || echo no)

kubeconfig=$("$cluster" up)
state=$(dirname "$kubeconfig")
server=$(cat "$state/server")
token=$(cat "$state/admin.token")
ca="$state/certs/apiserver.crt"

echo "== building the native binary" >&2
dotnet publish src/OpenMcf.Cli -r linux-x64 -c Release -o artifacts/native -v quiet -nologo >/dev/null
bin="$repo/artifacts/native/openmcf"

# First, while the machine is quiet: the API server keeps a core busy for a while after bulk work.
echo "== 6. offline validation throughput in-process" >&2
dotnet build -c Release eng/bench/OpenMcf.TcpRoute.Bench -v quiet -nologo >/dev/null
throughput=$(eng/bench/OpenMcf.TcpRoute.Bench/bin/Release/net10.0/OpenMcf.TcpRoute.Bench samples/weighted-canary.yaml 5 2>/dev/null | tail -1)

work=$(mktemp -d)
# The routes made here (30,000 and more) would slow every later CRD change of the tests to a crawl: delete them.
cleanup() {
  for ns in bench bench-bulk bench-limit bench-kubectl bench-big bench-big-limit bench-big-kubectl; do
    curl -sS -o /dev/null --cacert "$ca" -H "Authorization: Bearer $token" -X DELETE \
      "$server/apis/gateway.networking.k8s.io/v1alpha2/namespaces/$ns/tcproutes" || true
  done
  rm -rf "$work"
}
trap cleanup EXIT
for ns in bench bench-bulk bench-limit bench-big bench-big-limit bench-big-kubectl; do
  printf 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: %s\n' "$ns" | "$cluster" apply "/api/v1/namespaces/$ns"
  printf 'apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata:\n  name: my-gateway\n  namespace: %s\nspec:\n  gatewayClassName: bench\n  listeners:\n  - name: tcp\n    protocol: TCP\n    port: 5432\n' "$ns" |
    "$cluster" apply "/apis/gateway.networking.k8s.io/v1/namespaces/$ns/gateways/my-gateway"
  printf 'apiVersion: v1\nkind: Service\nmetadata:\n  name: postgres\n  namespace: %s\nspec:\n  clusterIP: None\n  ports:\n  - protocol: TCP\n    port: 5432\n' "$ns" |
    "$cluster" apply "/api/v1/namespaces/$ns/services/postgres"
done

sed 's/value: app-ns/value: bench/' samples/postgres-route.yaml >"$work/one.yaml"
"$bin" apply -f "$work/one.yaml" --dry-run=client -o yaml >"$work/one-rendered.yaml"
mkdir -p "$work/bulk" "$work/bulk-rendered" "$work/limit"
for i in $(seq -w 1 "$bulk"); do
  sed -e 's/value: app-ns/value: bench-bulk/' -e "s/name: postgres-route/name: route-$i/" samples/postgres-route.yaml >"$work/bulk/route-$i.yaml"
done
"$bin" apply -f "$work/bulk" --dry-run=client -o yaml >"$work/bulk-rendered/all.yaml"
sed 's/namespace: bench-bulk/namespace: bench-kubectl/' "$work/bulk-rendered/all.yaml" >"$work/bulk-rendered/kubectl.yaml"
printf 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: bench-kubectl\n' | "$cluster" apply /api/v1/namespaces/bench-kubectl

# peak resident memory in MB of one run
rss_mb() { /usr/bin/time -f %M -o "$work/rss" "$@" >/dev/null 2>&1 || true; tail -n 1 "$work/rss" | awk '{printf "%.1f\n", $1/1024}'; }
measure() { # measure N CMD... -> median ms
  local n=$1; shift
  for _ in $(seq 1 "$n"); do wall_ms "$@"; done | median
}

kc=(kubectl --kubeconfig "$kubeconfig")
echo "== 1. one route, whole process" >&2
"$bin" apply -f "$work/one.yaml" --kubeconfig "$kubeconfig" >/dev/null 2>&1
one_openmcf=$(measure "$runs" "$bin" apply -f "$work/one.yaml" --kubeconfig "$kubeconfig")
one_kubectl=n/a
[[ $have_kubectl == yes ]] && one_kubectl=$(measure "$runs" "${kc[@]}" apply --server-side --field-manager kubectl-bench -f "$work/one-rendered.yaml")

echo "== 2. offline validation, whole process" >&2
val_openmcf=$(measure "$runs" "$bin" validate -f "$work/one.yaml")
val_kubectl=n/a
[[ $have_kubectl == yes ]] && val_kubectl=$(measure "$runs" "${kc[@]}" apply --dry-run=client --validate=false -f "$work/one-rendered.yaml")

echo "== 3. bulk: $bulk routes from a directory, and 4. the limit: raw server-side apply PATCHes" >&2
# The limit: a tight concurrent loop of raw PATCHes over kept-alive connections (curl, HTTP/2),
# applying the very objects openmcf applies (its own rendering, labels included: the server's
# cost grows with the fields it manages), in a namespace of their own.
cfg="$work/limit.curl"
: >"$cfg"
"$bin" apply -f "$work/bulk" --dry-run=client -o json | jq -c '.items[] | .metadata.namespace = "bench-limit"' |
  while IFS= read -r body; do
    name=$(jq -r .metadata.name <<<"$body")
    printf '%s' "$body" >"$work/limit/$name.json"
    # curl resets options at each `next`, so every request carries its own.
    [[ -s $cfg ]] && echo next >>"$cfg"
    printf 'url = "%s/apis/gateway.networking.k8s.io/v1alpha2/namespaces/bench-limit/tcproutes/%s?fieldManager=bench"\nrequest = "PATCH"\ndata-binary = "@%s/limit/%s.json"\noutput = "/dev/null"\ncacert = "%s"\nheader = "Authorization: Bearer %s"\nheader = "Content-Type: application/apply-patch+yaml"\n' "$server" "$name" "$work" "$name" "$ca" "$token" >>"$cfg"
  done
[[ $(grep -c '^url' "$cfg") == "$bulk" ]] || { echo "bench: expected $bulk limit requests" >&2; exit 1; }
# Both with the same number of requests in flight.
inflight=32
limit_run() { curl -sS --parallel --parallel-max "$inflight" -K "$cfg"; }
bulk_run() { "$bin" apply -f "$work/bulk" --kubeconfig "$kubeconfig" --concurrency "$inflight"; }
kubectl_bulk_run() { "${kc[@]}" apply --server-side -f "$work/bulk-rendered/kubectl.yaml"; }
# One of each first, so every measured run applies objects that exist (all three then do no-op
# applies), and then the three take turns: the API server slows as etcd grows and compacts, and
# measuring them in separate phases would hand that drift to whichever ran last.
bulk_run >/dev/null 2>&1 || true
limit_run >/dev/null 2>&1 || true
[[ $have_kubectl == yes ]] && { kubectl_bulk_run >/dev/null 2>&1 || true; }
: >"$work/bulk.ms"; : >"$work/limit.ms"; : >"$work/kubectl.ms"
for _ in $(seq 1 "$runs"); do
  wall_ms bulk_run >>"$work/bulk.ms"
  wall_ms limit_run >>"$work/limit.ms"
  [[ $have_kubectl == yes ]] && wall_ms kubectl_bulk_run >>"$work/kubectl.ms"
done
bulk_openmcf=$(median <"$work/bulk.ms")
limit_ms=$(median <"$work/limit.ms")
bulk_kubectl=n/a
[[ $have_kubectl == yes ]] && bulk_kubectl=$(median <"$work/kubectl.ms")

# PATCHes a re-apply of unchanged routes sends (the zero-write re-apply): counted from --verbose.
reapply_patches=$("$bin" apply -f "$work/bulk" --kubeconfig "$kubeconfig" --concurrency "$inflight" --verbose 2>&1 >/dev/null | grep -c '^verbose: PATCH ' || true)
# Round trips of one route's apply (unchanged, so no write), each named.
one_requests=$("$bin" apply -f "$work/one.yaml" --kubeconfig "$kubeconfig" --verbose 2>&1 >/dev/null | grep -c '^verbose: [A-Z]* ' || true)

echo "== 7. $big routes: create, then re-apply unchanged (openmcf, the raw PATCH limit, kubectl)" >&2
# N routes of namespace NS: manifests in DIR, and a curl config applying their rendering into LIMIT_NS.
make_routes() { # N NS DIR
  mkdir -p "$3"
  for i in $(seq -w 1 "$1"); do
    sed -e "s/value: app-ns/value: $2/" -e "s/name: postgres-route/name: route-$i/" samples/postgres-route.yaml >"$3/route-$i.yaml"
  done
}
make_limit() { # DIR LIMIT_NS CONFIG BODIES
  mkdir -p "$4"; : >"$3"
  "$bin" apply -f "$1" --dry-run=client -o json | jq -r --arg ns "$2" '.items[] | .metadata.namespace = $ns | [.metadata.name, tojson] | @tsv' |
    while IFS=$'\t' read -r name body; do
      printf '%s' "$body" >"$4/$name.json"
      [[ -s $3 ]] && echo next >>"$3"
      printf 'url = "%s/apis/gateway.networking.k8s.io/v1alpha2/namespaces/%s/tcproutes/%s?fieldManager=bench"\nrequest = "PATCH"\ndata-binary = "@%s/%s.json"\noutput = "/dev/null"\ncacert = "%s"\nheader = "Authorization: Bearer %s"\nheader = "Content-Type: application/apply-patch+yaml"\n' "$server" "$2" "$name" "$4" "$name" "$ca" "$token" >>"$3"
    done
}
make_routes "$big" bench-big "$work/big"
make_limit "$work/big" bench-big-limit "$work/big-limit.curl" "$work/big-limit"
"$bin" apply -f "$work/big" --dry-run=client -o yaml | sed 's/namespace: bench-big$/namespace: bench-big-kubectl/' >"$work/big-kubectl.yaml"
big_run() { "$bin" apply -f "$work/big" --kubeconfig "$kubeconfig" --concurrency "$inflight"; }
big_limit_run() { curl -sS --parallel --parallel-max "$inflight" -K "$work/big-limit.curl"; }
big_kubectl_run() { "${kc[@]}" apply --server-side -f "$work/big-kubectl.yaml"; }
# Creation, once each (a second run would find them made): openmcf's time and peak memory, the limit's time.
big_create_openmcf=$(wall_ms /usr/bin/time -f %M -o "$work/big.rss" "$bin" apply -f "$work/big" --kubeconfig "$kubeconfig" --concurrency "$inflight")
big_create_rss=$(tail -n 1 "$work/big.rss" | awk '{printf "%.1f", $1/1024}')
big_create_limit=$(wall_ms big_limit_run)
[[ $have_kubectl == yes ]] && { big_kubectl_run >/dev/null 2>&1 || true; }
: >"$work/big.ms"; : >"$work/big-limit.ms"; : >"$work/big-kubectl.ms"
for _ in $(seq 1 "$big_runs"); do
  wall_ms big_run >>"$work/big.ms"
  wall_ms big_limit_run >>"$work/big-limit.ms"
  [[ $have_kubectl == yes ]] && wall_ms big_kubectl_run >>"$work/big-kubectl.ms"
done
big_openmcf=$(median <"$work/big.ms")
big_limit=$(median <"$work/big-limit.ms")
big_kubectl=n/a
[[ $have_kubectl == yes ]] && big_kubectl=$(median <"$work/big-kubectl.ms")
big_patches=$("$bin" apply -f "$work/big" --kubeconfig "$kubeconfig" --concurrency "$inflight" --verbose 2>&1 >/dev/null | grep -c '^verbose: PATCH ' || true)

echo "== 5. peak memory" >&2
rss_one_openmcf=$(rss_mb "$bin" apply -f "$work/one.yaml" --kubeconfig "$kubeconfig")
rss_bulk_openmcf=$(rss_mb "$bin" apply -f "$work/bulk" --kubeconfig "$kubeconfig" --concurrency "$inflight")
rss_one_kubectl=n/a; rss_bulk_kubectl=n/a
if [[ $have_kubectl == yes ]]; then
  rss_one_kubectl=$(rss_mb "${kc[@]}" apply --server-side --field-manager kubectl-bench -f "$work/one-rendered.yaml")
  rss_bulk_kubectl=$(rss_mb "${kc[@]}" apply --server-side -f "$work/bulk-rendered/kubectl.yaml")
fi


ratio() { [[ $2 == n/a || $2 == 0 ]] && echo n/a || awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
rate() { awk -v n="$bulk" -v ms="$1" 'BEGIN {printf "%.0f", n / (ms / 1000)}'; }
limit_rate=$(rate "$limit_ms")
openmcf_rate=$(rate "$bulk_openmcf")
kubectl_rate=n/a; [[ $bulk_kubectl != n/a ]] && kubectl_rate=$(rate "$bulk_kubectl")

table=$(cat <<TABLE
| measure | openmcf | kubectl | openmcf ÷ kubectl | target |
| --- | --- | --- | --- | --- |
| 1. one route, \`apply\`, whole process (unchanged: ${one_requests} requests) | ${one_openmcf} ms | ${one_kubectl} ms | $(ratio "$one_openmcf" "$one_kubectl") | ≤ 0.10 |
| 2. offline validation, whole process | ${val_openmcf} ms | ${val_kubectl} ms | $(ratio "$val_openmcf" "$val_kubectl") | openmcf ≤ 30 ms |
| 3. re-apply, ${bulk} unchanged routes from a directory | ${bulk_openmcf} ms, ${reapply_patches} PATCHes | ${bulk_kubectl} ms | $(ratio "$bulk_openmcf" "$bulk_kubectl") | ≤ 0.125 (8 × faster) |
| 4. limit: the same ${bulk} re-applied by raw concurrent PATCHes | ${limit_ms} ms (${limit_rate} req/s) | | openmcf ÷ limit = $(ratio "$bulk_openmcf" "$limit_ms") | openmcf ≤ 0.2 × the limit |
| 7a. create ${big} routes | ${big_create_openmcf} ms | | openmcf rate ÷ limit rate = $(ratio "$big_create_limit" "$big_create_openmcf") (limit ${big_create_limit} ms) | ≥ 0.85 of the limit |
| 7b. re-apply ${big} unchanged routes | ${big_openmcf} ms, ${big_patches} PATCHes | ${big_kubectl} ms | $(ratio "$big_openmcf" "$big_kubectl"); openmcf ÷ limit (${big_limit} ms) = $(ratio "$big_openmcf" "$big_limit") | ≤ 0.125 of kubectl, ≤ 0.2 of the limit |
| 7c. peak RSS, creating ${big} routes | ${big_create_rss} MB | | | ≤ 150 MB |
| 5a. peak RSS, one route | ${rss_one_openmcf} MB | ${rss_one_kubectl} MB | | ≤ 60 MB |
| 5b. peak RSS, ${bulk} routes | ${rss_bulk_openmcf} MB | ${rss_bulk_kubectl} MB | | ≤ 120 MB |
| 6. validation in-process | ${throughput} manifests/s | | | ≥ 20,000/s |
TABLE
)

machine="$(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo), $(. /etc/os-release && echo "$PRETTY_NAME")"
mkdir -p docs
{
  echo "# Benchmarks"
  echo
  echo "Measured by \`eng/bench.sh\` on $(date -u +%Y-%m-%d): medians of $runs runs, against the local control plane"
  echo "(profile current: kube-apiserver 1.20 + etcd on loopback, TCPRoutes served by the 1.36 apiextensions-apiserver behind it; BENCH_BIG_RUNS=$big_runs runs for the $big-route rows). Machine: $machine. kubectl: $([[ $have_kubectl == yes ]] && kubectl version --client 2>/dev/null | head -1 || echo absent)."
  echo "openmcf: native AOT binary; its bulk apply (--concurrency $inflight) includes reading and validating the files, discovery, preflight (one read per Gateway/Service) and one LIST of the namespace's routes; a route that LIST shows already as declared is not sent (the PATCH counts come from --verbose). kubectl and the limit send every route."
  echo "The limit: curl applying the same $bulk rendered routes (labels included) into another namespace, $inflight requests in flight over HTTP/2. openmcf, the limit and kubectl take turns, run by run."
  echo
  echo "$table"
} >docs/benchmarks.md
echo "$table"
