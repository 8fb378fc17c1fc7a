package orchlab.sim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import orchlab.sim.api.Json;
import orchlab.sim.controller.SimContext;

/** The objects a fresh single-node k3s cluster has, so that lessons written for k3s find them in the sim. */
final class Bootstrap {

    private Bootstrap() {
    }

    static void create(SimContext ctx) {
        for (String ns : new String[] {"default", "kube-system", "kube-public", "kube-node-lease"}) {
            ObjectNode namespace = object("v1", "Namespace", ns, null);
            Json.with(namespace, "metadata.labels").put("kubernetes.io/metadata.name", ns);
            namespace.putObject("spec").putArray("finalizers").add("kubernetes");
            namespace.putObject("status").put("phase", "Active");
            ctx.store.create(ctx.namespaces, namespace);
        }
        ctx.store.create(ctx.nodes, node());
        orchlab.sim.controller.ApiServices.builtIn(ctx);
        ObjectNode storageClass = object("storage.k8s.io/v1", "StorageClass", "local-path", null);
        Json.with(storageClass, "metadata.annotations").put("storageclass.kubernetes.io/is-default-class", "true");
        storageClass.put("provisioner", "rancher.io/local-path");
        storageClass.put("reclaimPolicy", "Delete");
        storageClass.put("volumeBindingMode", "WaitForFirstConsumer");
        ctx.store.create(ctx.storageClasses, storageClass);
        ObjectNode ingressClass = object("networking.k8s.io/v1", "IngressClass", "traefik", null);
        Json.with(ingressClass, "metadata.annotations").put("ingressclass.kubernetes.io/is-default-class", "true");
        ingressClass.putObject("spec").put("controller", "traefik.io/ingress-controller");
        ctx.store.create(ctx.ingressClasses, ingressClass);
        ObjectNode kubernetes = object("v1", "Service", "kubernetes", "default");
        Json.with(kubernetes, "metadata.labels").put("component", "apiserver").put("provider", "kubernetes");
        ObjectNode spec = kubernetes.putObject("spec");
        spec.put("type", "ClusterIP");
        spec.put("clusterIP", "10.43.0.1");
        spec.putArray("clusterIPs").add("10.43.0.1");
        ObjectNode port = spec.putArray("ports").addObject();
        port.put("name", "https");
        port.put("port", 443);
        port.put("protocol", "TCP");
        port.put("targetPort", 6443);
        spec.put("sessionAffinity", "None");
        ctx.store.create(ctx.services, kubernetes);
        ObjectNode endpoints = object("v1", "Endpoints", "kubernetes", "default");
        ObjectNode subset = endpoints.putArray("subsets").addObject();
        subset.putArray("addresses").addObject().put("ip", SimContext.NODE_IP);
        ObjectNode epPort = subset.putArray("ports").addObject();
        epPort.put("name", "https");
        epPort.put("port", 6443);
        epPort.put("protocol", "TCP");
        ctx.store.create(ctx.endpoints, endpoints);
    }

    private static ObjectNode object(String apiVersion, String kind, String name, String namespace) {
        ObjectNode o = Json.object();
        o.put("apiVersion", apiVersion);
        o.put("kind", kind);
        ObjectNode metadata = o.putObject("metadata");
        metadata.put("name", name);
        if (namespace != null) {
            metadata.put("namespace", namespace);
        }
        return o;
    }

    private static ObjectNode node() {
        ObjectNode node = object("v1", "Node", SimContext.NODE_NAME, null);
        ObjectNode labels = Json.with(node, "metadata.labels");
        labels.put("kubernetes.io/hostname", SimContext.NODE_NAME);
        labels.put("kubernetes.io/os", "linux");
        labels.put("kubernetes.io/arch", "amd64");
        labels.put("node-role.kubernetes.io/control-plane", "true");
        labels.put("node-role.kubernetes.io/master", "true");
        labels.put("orchlab.dev/simulated", "true");
        node.putObject("spec").put("podCIDR", "10.42.0.0/24");
        ObjectNode status = node.putObject("status");
        ObjectNode capacity = status.putObject("capacity");
        capacity.put("cpu", "4");
        capacity.put("memory", "8029356Ki");
        capacity.put("pods", "110");
        capacity.put("ephemeral-storage", "61202244Ki");
        status.set("allocatable", capacity.deepCopy());
        ObjectNode ready = status.putArray("conditions").addObject();
        ready.put("type", "Ready");
        ready.put("status", "True");
        ready.put("reason", "KubeletReady");
        ready.put("message", "kubelet is posting ready status (simulated node: no containers really run)");
        var addresses = status.putArray("addresses");
        addresses.addObject().put("type", "InternalIP").put("address", SimContext.NODE_IP);
        addresses.addObject().put("type", "Hostname").put("address", SimContext.NODE_NAME);
        ObjectNode info = status.putObject("nodeInfo");
        info.put("kubeletVersion", "v1.32.0+orchlab-sim");
        info.put("kubeProxyVersion", "v1.32.0+orchlab-sim");
        info.put("containerRuntimeVersion", "simulated://1.0");
        info.put("osImage", "OrchLab simulated node");
        info.put("kernelVersion", "simulated");
        info.put("operatingSystem", "linux");
        info.put("architecture", "amd64");
        return node;
    }
}
