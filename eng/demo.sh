#!/usr/bin/env bash
# The quick start in one command: start the local control plane (first run builds it), create
# what samples/postgres-route.yaml refers to (namespace app-ns, a Gateway my-gateway with a TCP
# listener "tcp", a Service postgres), then apply the sample with openmcf and print its outputs.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
cluster="$here/local-cluster.sh"

kubeconfig=$("$cluster" up)

echo "== creating namespace app-ns, Gateway my-gateway (listener tcp) and Service postgres" >&2
"$cluster" apply /api/v1/namespaces/app-ns <<'YAML'
apiVersion: v1
kind: Namespace
metadata:
  name: app-ns
YAML
"$cluster" apply /apis/gateway.networking.k8s.io/v1/gatewayclasses/openmcf-demo <<'YAML'
apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata:
  name: openmcf-demo
spec:
  controllerName: example.org/openmcf-demo
YAML
"$cluster" apply /apis/gateway.networking.k8s.io/v1/namespaces/app-ns/gateways/my-gateway <<'YAML'
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: my-gateway
  namespace: app-ns
spec:
  gatewayClassName: openmcf-demo
  listeners:
    - name: tcp
      protocol: TCP
      port: 5432
      allowedRoutes:
        kinds:
          - kind: TCPRoute
YAML
"$cluster" apply /api/v1/namespaces/app-ns/services/postgres <<'YAML'
apiVersion: v1
kind: Service
metadata:
  name: postgres
  namespace: app-ns
spec:
  ports:
    - protocol: TCP
      port: 5432
      targetPort: 5432
YAML

echo "== openmcf apply -f samples/postgres-route.yaml" >&2
cd "$repo"
dotnet run --project src/OpenMcf.Cli -v quiet -- apply -f samples/postgres-route.yaml --kubeconfig "$kubeconfig"
