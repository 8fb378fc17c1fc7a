#!/bin/sh
# The same ten assertions written the way hosted labs write verification scripts:
# one kubectl call per assertion, compared with grep. (Only the benchmark runs this file.)
set -e
N="${NS:?}"
kubectl -n "$N" get deploy web -o jsonpath='{.spec.replicas}' | grep -qx 3
kubectl -n "$N" get deploy web -o jsonpath='{.spec.template.spec.containers[?(@.name=="web")].image}' | grep -qx 'nginx:1.27'
kubectl -n "$N" get deploy web -o jsonpath='{.spec.selector.matchLabels.app}' | grep -qx web
kubectl -n "$N" get deploy web -o jsonpath='{.spec.template.spec.containers[?(@.name=="web")].ports[0].containerPort}' | grep -qx 80
kubectl -n "$N" get deploy web -o jsonpath='{.spec.template.spec.containers[?(@.name=="web")].resources.limits.cpu}' | grep -qx 250m
kubectl -n "$N" get deploy web -o jsonpath='{.spec.template.spec.containers[?(@.name=="web")].resources.limits.memory}' | grep -qx 128Mi
kubectl -n "$N" get deploy web -o jsonpath='{.spec.template.metadata.labels.tier}' | grep -qx front
kubectl -n "$N" get svc web -o jsonpath='{.spec.selector.app}' | grep -qx web
kubectl -n "$N" get svc web -o jsonpath='{.spec.ports[?(@.name=="http")].port}' | grep -qx 80
kubectl -n "$N" get svc web -o jsonpath='{.spec.type}' | grep -qx ClusterIP
