# shellcheck shell=bash disable=SC2154 # $repo, $here, $cluster and the helpers come from eng/bench.sh
# `eng/bench.sh fleet`: 3 clusters x N routes (BENCH_FLEET_ROUTES, default 300) in one invocation, against three
# invocations one after another (what a shell loop over contexts does). The main local cluster and two named ones
# (eng/local-cluster.sh --name, profile legacy) all run on this machine's 2 cores: the clusters compete for them,
# so the figure is what overlapping the clusters' waits gains here, not what separate clusters would give.
# Writes the "Many clusters" section of docs/benchmarks.md.
fleet_routes=${BENCH_FLEET_ROUTES:-300}
fleet_names=(bench-fleet-b bench-fleet-c)

work=$(mktemp -d)
fleet_cleanup() {
  for name in "${fleet_names[@]}"; do "$cluster" --name "$name" down >/dev/null 2>&1 || true; done
  rm -rf "$work"
}
trap fleet_cleanup EXIT
kubeconfig=$("$cluster" up)
kubeconfigs=("$kubeconfig")
contexts=(openmcf-local)
for name in "${fleet_names[@]}"; do
  kubeconfigs+=("$("$cluster" --name "$name" up --profile legacy)")
  contexts+=("$name")
done
export KUBECONFIG
KUBECONFIG=$(IFS=:; echo "${kubeconfigs[*]}")

echo "== building the native binary" >&2
dotnet publish src/OpenMcf.Cli -r linux-x64 -c Release -o artifacts/native -v quiet -nologo >/dev/null
bin="$repo/artifacts/native/openmcf"

# The namespace, Gateway and Service the routes need, in every cluster (so that preflight passes).
for i in "${!contexts[@]}"; do
  name=${contexts[$i]}
  args=(); [[ $name != openmcf-local ]] && args=(--name "$name")
  printf 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: bench-fleet\n' | "$cluster" "${args[@]}" apply /api/v1/namespaces/bench-fleet
  printf 'apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata:\n  name: my-gateway\n  namespace: bench-fleet\nspec:\n  gatewayClassName: bench\n  listeners:\n  - name: tcp\n    protocol: TCP\n    port: 5432\n' |
    "$cluster" "${args[@]}" apply /apis/gateway.networking.k8s.io/v1/namespaces/bench-fleet/gateways/my-gateway
  printf 'apiVersion: v1\nkind: Service\nmetadata:\n  name: postgres\n  namespace: bench-fleet\nspec:\n  clusterIP: None\n  ports:\n  - protocol: TCP\n    port: 5432\n' |
    "$cluster" "${args[@]}" apply /api/v1/namespaces/bench-fleet/services/postgres
done
mkdir -p "$work/routes"
for i in $(seq -w 1 "$fleet_routes"); do
  sed -e 's/value: app-ns/value: bench-fleet/' -e "s/name: postgres-route/name: route-$i/" samples/postgres-route.yaml >"$work/routes/route-$i.yaml"
done

inflight=32
selection=(); for c in "${contexts[@]}"; do selection+=(--context "$c"); done
one_run() { "$bin" apply -f "$work/routes" --concurrency "$inflight" "${selection[@]}"; }
three_runs() { for c in "${contexts[@]}"; do "$bin" apply -f "$work/routes" --concurrency "$inflight" --context "$c" || return 1; done; }
delete_all() { for c in "${contexts[@]}"; do "$bin" destroy -f "$work/routes" --context "$c" --concurrency "$inflight" >/dev/null 2>&1 || true; done; }

echo "== 8. $((${#contexts[@]})) clusters x $fleet_routes routes: one invocation against ${#contexts[@]} one after another" >&2
: >"$work/one-create.ms"; : >"$work/three-create.ms"; : >"$work/one-reapply.ms"; : >"$work/three-reapply.ms"
for _ in $(seq 1 "$runs"); do
  delete_all; wall_ms one_run >>"$work/one-create.ms"; wall_ms one_run >>"$work/one-reapply.ms"
  delete_all; wall_ms three_runs >>"$work/three-create.ms"; wall_ms three_runs >>"$work/three-reapply.ms"
done
delete_all
one_create=$(median <"$work/one-create.ms"); three_create=$(median <"$work/three-create.ms")
one_reapply=$(median <"$work/one-reapply.ms"); three_reapply=$(median <"$work/three-reapply.ms")

ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
section=$(cat <<SECTION
## Many clusters

Measured by \`eng/bench.sh fleet\` on $(date -u +%Y-%m-%d): medians of $runs runs, taking turns run by run. Three
local clusters on this one machine (the main one, profile $("$cluster" profile), and two named ones on the legacy
profile), ${fleet_routes} routes each, \`--concurrency $inflight\`, default \`--cluster-concurrency\` (4). The clusters
share the machine's $(nproc) cores with openmcf, so they compete for CPU: this is what overlapping their waits gains
here, not what three separate clusters would give.

| measure | one invocation (\`--context\` × 3) | three invocations, one after another | one ÷ three |
| --- | --- | --- | --- |
| 8a. create ${fleet_routes} routes in each of 3 clusters | ${one_create} ms | ${three_create} ms | $(ratio "$one_create" "$three_create") |
| 8b. re-apply them unchanged | ${one_reapply} ms | ${three_reapply} ms | $(ratio "$one_reapply" "$three_reapply") |
SECTION
)
# Replace the section when there is one, else append it.
awk -v section="$section" '
  /^## Many clusters$/ {skip = 1; print section; printed = 1; next}
  skip && /^## / {skip = 0}
  !skip {print}
  END {if (!printed) {print ""; print section}}' docs/benchmarks.md >docs/benchmarks.md.new
mv docs/benchmarks.md.new docs/benchmarks.md
echo "$section"
