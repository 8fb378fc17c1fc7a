package orchlab.sim.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import orchlab.sim.api.Json;
import orchlab.sim.store.StoreEvent;

/**
 * Services: Endpoints and an EndpointSlice from the pods the selector matches (ready pods as addresses, others
 * as not-ready addresses, named target ports resolved from container ports), and a LoadBalancer ingress address
 * like k3s's ServiceLB gives (the node's IP).
 */
public final class ServiceReconciler implements Reconciler {

    static final String NAME = "service";
    private final SimContext ctx;

    public ServiceReconciler(SimContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void watch(StoreEvent event, Consumer<ControllerManager.Key> enqueue) {
        if (event.kind().equals("Service")) {
            enqueue.accept(new ControllerManager.Key(NAME, event.namespace(), event.name()));
        } else if (event.kind().equals("Pod")) {
            enqueue.accept(new ControllerManager.Key(NAME, event.namespace(), null));
        }
    }

    @Override
    public void resync(Consumer<ControllerManager.Key> enqueue) {
        ctx.list(ctx.services, null, o -> true).forEach(o -> enqueue.accept(new ControllerManager.Key(NAME, Json.namespace(o), Json.name(o))));
    }

    @Override
    public void reconcile(ControllerManager.Key key) {
        if (key.name() == null) {
            for (ObjectNode svc : ctx.list(ctx.services, key.namespace(), s -> s.path("spec").has("selector"))) {
                reconcile(svc);
            }
            return;
        }
        Optional<ObjectNode> svc = ctx.get(ctx.services, key.namespace(), key.name());
        if (svc.isEmpty()) {
            ctx.store.delete(ctx.endpoints, key.namespace(), key.name());
            for (ObjectNode slice : ctx.list(ctx.endpointSlices, key.namespace(), s -> key.name().equals(
                    s.path("metadata").path("labels").path("kubernetes.io/service-name").asText()))) {
                ctx.store.delete(ctx.endpointSlices, key.namespace(), Json.name(slice));
            }
            return;
        }
        reconcile(svc.get());
    }

    private void reconcile(ObjectNode svc) {
        if (svc.path("spec").path("type").asText().equals("LoadBalancer")
                && svc.path("status").path("loadBalancer").path("ingress").size() == 0) {
            ObjectNode status = Json.object();
            ObjectNode ingress = status.putObject("loadBalancer").putArray("ingress").addObject();
            ingress.put("ip", SimContext.NODE_IP);
            ingress.put("ipMode", "VIP");
            ctx.writeStatus(ctx.services, svc, status);
            ctx.events.normal(svc, "EnsuredLoadBalancer", "Ensured load balancer (simulated ServiceLB on " + SimContext.NODE_IP + ")",
                    "service-lb-controller");
        }
        JsonNode selector = svc.path("spec").path("selector");
        if (!selector.isObject() || selector.isEmpty()) {
            return;
        }
        // through the store's label index: only the Pods carrying the selector's labels are looked at
        // read only, not copied: rebuilding a big Service's endpoints on each Pod change would copy every Pod
        List<JsonNode> pods = ctx.store.view(ctx.pods, Json.namespace(svc), Json.stringMap(selector),
                p -> p.path("status").hasNonNull("podIP") && SimContext.podActive(p));
        endpoints(svc, pods);
        slice(svc, pods);
    }

    private void endpoints(ObjectNode svc, List<JsonNode> pods) {
        ObjectNode ep = Json.object();
        ep.put("apiVersion", "v1");
        ep.put("kind", "Endpoints");
        ObjectNode metadata = ep.putObject("metadata");
        metadata.put("name", Json.name(svc));
        metadata.put("namespace", Json.namespace(svc));
        if (svc.path("metadata").has("labels")) {
            metadata.set("labels", svc.path("metadata").path("labels").deepCopy());
        }
        ArrayNode subsets = Json.array();
        ObjectNode subset = Json.object();
        ArrayNode ready = Json.array();
        ArrayNode notReady = Json.array();
        for (JsonNode pod : pods) {
            ObjectNode address = Json.object();
            address.put("ip", pod.path("status").path("podIP").asText());
            address.put("nodeName", SimContext.NODE_NAME);
            ObjectNode ref = address.putObject("targetRef");
            ref.put("kind", "Pod");
            ref.put("namespace", Json.namespace(pod));
            ref.put("name", Json.name(pod));
            ref.put("uid", Json.uid(pod));
            (SimContext.podReady(pod) ? ready : notReady).add(address);
        }
        if (!ready.isEmpty()) {
            subset.set("addresses", ready);
        }
        if (!notReady.isEmpty()) {
            subset.set("notReadyAddresses", notReady);
        }
        if (!pods.isEmpty()) {
            subset.set("ports", ports(svc, pods.get(0), false));
            subsets.add(subset);
        }
        if (!subsets.isEmpty()) {
            ep.set("subsets", subsets);
        }
        Optional<ObjectNode> existing = ctx.get(ctx.endpoints, Json.namespace(svc), Json.name(svc));
        if (existing.isEmpty()) {
            ctx.store.create(ctx.endpoints, ep);
        } else if (!existing.get().path("subsets").equals(ep.path("subsets"))) {
            ObjectNode copy = existing.get().deepCopy();
            if (ep.has("subsets")) {
                copy.set("subsets", ep.get("subsets"));
            } else {
                copy.remove("subsets");
            }
            ctx.store.update(ctx.endpoints, copy);
        }
    }

    private void slice(ObjectNode svc, List<JsonNode> pods) {
        String service = Json.name(svc);
        List<ObjectNode> existing = ctx.list(ctx.endpointSlices, Json.namespace(svc), s -> service.equals(
                s.path("metadata").path("labels").path("kubernetes.io/service-name").asText()));
        ArrayNode endpoints = Json.array();
        for (JsonNode pod : pods) {
            ObjectNode e = endpoints.addObject();
            e.putArray("addresses").add(pod.path("status").path("podIP").asText());
            ObjectNode conditions = e.putObject("conditions");
            boolean ready = SimContext.podReady(pod);
            conditions.put("ready", ready);
            conditions.put("serving", ready);
            conditions.put("terminating", false);
            e.put("nodeName", SimContext.NODE_NAME);
            ObjectNode ref = e.putObject("targetRef");
            ref.put("kind", "Pod");
            ref.put("namespace", Json.namespace(pod));
            ref.put("name", Json.name(pod));
            ref.put("uid", Json.uid(pod));
        }
        ArrayNode ports = pods.isEmpty() ? Json.array() : ports(svc, pods.get(0), true);
        if (existing.isEmpty()) {
            ObjectNode slice = Json.object();
            slice.put("apiVersion", "discovery.k8s.io/v1");
            slice.put("kind", "EndpointSlice");
            ObjectNode metadata = slice.putObject("metadata");
            metadata.put("generateName", service + "-");
            metadata.put("namespace", Json.namespace(svc));
            ObjectNode labels = metadata.putObject("labels");
            labels.put("kubernetes.io/service-name", service);
            labels.put("endpointslice.kubernetes.io/managed-by", "endpointslice-controller.k8s.io");
            metadata.set("ownerReferences", SimContext.ownerReference(svc));
            ((ObjectNode) metadata.path("ownerReferences").get(0)).put("apiVersion", "v1");
            slice.put("addressType", "IPv4");
            slice.set("endpoints", endpoints);
            slice.set("ports", ports);
            ctx.store.create(ctx.endpointSlices, slice);
        } else {
            ObjectNode copy = existing.get(0).deepCopy();
            if (!copy.path("endpoints").equals(endpoints) || !copy.path("ports").equals(ports)) {
                copy.set("endpoints", endpoints);
                copy.set("ports", ports);
                ctx.store.update(ctx.endpointSlices, copy);
            }
        }
    }

    private static ArrayNode ports(ObjectNode svc, JsonNode pod, boolean slice) {
        ArrayNode ports = Json.array();
        for (JsonNode p : svc.path("spec").path("ports")) {
            ObjectNode port = ports.addObject();
            if (p.has("name")) {
                port.put("name", p.path("name").asText());
            } else if (slice) {
                port.put("name", "");
            }
            port.put("port", targetPort(p.path("targetPort"), pod, p.path("port").asInt()));
            port.put("protocol", p.path("protocol").asText("TCP"));
        }
        return ports;
    }

    /** A numeric target port, or a named one resolved against the pod's container ports. */
    static int targetPort(JsonNode target, JsonNode pod, int fallback) {
        if (target.isInt()) {
            return target.asInt();
        }
        if (target.isTextual()) {
            try {
                return Integer.parseInt(target.asText());
            } catch (NumberFormatException e) {
                for (JsonNode c : pod.path("spec").path("containers")) {
                    for (JsonNode p : c.path("ports")) {
                        if (p.path("name").asText().equals(target.asText())) {
                            return p.path("containerPort").asInt();
                        }
                    }
                }
            }
        }
        return fallback;
    }
}
