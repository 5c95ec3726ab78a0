#!/bin/sh
# Writes configmap.yaml: the ConfigMap "sse-gateway-config" holding the shipped conf/gateway.conf as it is.
# Run it after changing distribution/src/main/dist/conf/gateway.conf (KubernetesManifestsIT fails until then):
#   distribution/kubernetes/configmap.sh
# Then put your own routes into configmap.yaml (or keep your HOCON elsewhere and create the ConfigMap from it:
#   kubectl create configmap sse-gateway-config --from-file=gateway.conf=my.conf).
set -e
here=$(cd -P -- "$(dirname -- "$0")" && pwd -P)
conf=$here/../src/main/dist/conf/gateway.conf
{
    cat <<'HEAD'
# The gateway's HOCON config: the shipped conf/gateway.conf, written here by configmap.sh (KubernetesManifestsIT
# checks it is the shipped one). deployment.yaml mounts it as /etc/sse-gateway/gateway.conf and overrides, through
# environment variables, what a pod needs otherwise (the admin listener on the pod's address, for the probes).
apiVersion: v1
kind: ConfigMap
metadata:
  name: sse-gateway-config
  labels:
    app.kubernetes.io/name: sse-gateway
data:
  gateway.conf: |
HEAD
    sed 's/^\(.\)/    \1/' "$conf"
} > "$here/configmap.yaml"
