package orchlab.sim.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import orchlab.sim.shell.Network;
import orchlab.sim.store.ObjectStore;

/**
 * The network a simulated Pod sees: cluster DNS for Services ({@code name}, {@code name.ns},
 * {@code name.ns.svc[.cluster.local]}, searched from the Pod's namespace as its {@code resolv.conf} says), for Pods
 * with a hostname and subdomain behind a headless Service ({@code db-0.db.ns.svc.cluster.local}), Service and
 * Pod IPs, {@code localhost} for the Pod itself, and HTTP answers from {@link ServiceProxyHandler}'s simulation.
 * Nothing outside the cluster resolves.
 */
final class SimNetwork implements Network {

    private final ObjectStore store;
    private final ResourceType services;
    private final ResourceType pods;
    private final ServiceProxyHandler proxy;
    private final ObjectNode self;

    SimNetwork(ObjectStore store, ResourceCatalog catalog, ServiceProxyHandler proxy, ObjectNode self) {
        this.store = store;
        this.services = catalog.require("", "services");
        this.pods = catalog.require("", "pods");
        this.proxy = proxy;
        this.self = self;
    }

    private record Target(ObjectNode service, ObjectNode pod, String fqdn, String ip) {
    }

    private Optional<Target> find(String host) {
        String name = host.toLowerCase(java.util.Locale.ROOT);
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        String ownIp = self.path("status").path("podIP").asText("");
        if (name.equals("localhost") || name.equals("127.0.0.1") || name.equals(Json.name(self)) || !ownIp.isEmpty() && name.equals(ownIp)) {
            return Optional.of(new Target(null, self, name, name.equals("localhost") ? "127.0.0.1" : ownIp));
        }
        if (name.matches("\\d+\\.\\d+\\.\\d+\\.\\d+")) {
            String ip = name;
            for (ObjectNode s : store.list(services, null)) {
                if (ip.equals(s.path("spec").path("clusterIP").asText())) {
                    return Optional.of(new Target(s, null, ip, ip));
                }
            }
            for (ObjectNode p : store.list(pods, null)) {
                if (ip.equals(p.path("status").path("podIP").asText())) {
                    return Optional.of(new Target(null, p, ip, ip));
                }
            }
            return Optional.empty();
        }
        boolean qualified = name.endsWith(".svc.cluster.local") || name.endsWith(".svc");
        String[] parts = name.replaceFirst("\\.svc\\.cluster\\.local$", "").replaceFirst("\\.svc$", "").split("\\.");
        if (parts.length == 3 || parts.length == 2 && !qualified) {
            // <hostname>.<subdomain>.<ns>: a Pod's own record; unqualified "db-0.db" is searched in the Pod's namespace first
            Optional<Target> pod = podRecord(parts[0], parts[1], parts.length == 3 ? parts[2] : Json.namespace(self));
            if (pod.isPresent() || parts.length == 3) {
                return pod;
            }
        }
        if (parts.length > 2) {
            return Optional.empty();
        }
        String namespace = parts.length == 2 ? parts[1] : Json.namespace(self);
        Optional<ObjectNode> service = store.get(services, namespace, parts[0]);
        if (service.isEmpty()) {
            return Optional.empty();
        }
        String fqdn = parts[0] + "." + namespace + ".svc.cluster.local";
        String ip = service.get().path("spec").path("clusterIP").asText("");
        if (ip.isEmpty() || ip.equals("None")) {
            // a headless Service resolves to its Pods' addresses
            ip = proxyTargetIp(service.get()).orElse("");
            if (ip.isEmpty()) {
                return Optional.empty();
            }
        }
        return Optional.of(new Target(service.get(), null, fqdn, ip));
    }

    /**
     * The A record of a Pod whose {@code hostname} and {@code subdomain} are set (a StatefulSet's Pods: {@code db-0},
     * {@code db}) when a headless Service named like the subdomain exists in its namespace: cluster DNS's
     * {@code <hostname>.<subdomain>.<ns>.svc.cluster.local} (Kubernetes' "DNS for Services and Pods"); like
     * CoreDNS it publishes ready Pods only.
     */
    private Optional<Target> podRecord(String hostname, String subdomain, String namespace) {
        Optional<ObjectNode> service = store.get(services, namespace, subdomain);
        if (service.isEmpty() || !"None".equals(service.get().path("spec").path("clusterIP").asText())) {
            return Optional.empty();
        }
        for (ObjectNode p : store.list(pods, namespace)) {
            String ip = p.path("status").path("podIP").asText("");
            boolean ready = false;
            for (JsonNode c : p.path("status").path("conditions")) {
                ready |= c.path("type").asText().equals("Ready") && c.path("status").asText().equals("True");
            }
            if (hostname.equals(p.path("spec").path("hostname").asText()) && subdomain.equals(p.path("spec").path("subdomain").asText())
                    && !ip.isEmpty() && ready) {
                return Optional.of(new Target(service.get(), p, hostname + "." + subdomain + "." + namespace + ".svc.cluster.local", ip));
            }
        }
        return Optional.empty();
    }

    private Optional<String> proxyTargetIp(ObjectNode service) {
        JsonNode selector = service.path("spec").path("selector");
        if (!selector.isObject() || selector.isEmpty()) {
            return Optional.empty();
        }
        for (ObjectNode p : store.list(pods, Json.namespace(service))) {
            boolean all = true;
            for (var it = selector.fields(); it.hasNext(); ) {
                var e = it.next();
                all &= e.getValue().asText().equals(p.path("metadata").path("labels").path(e.getKey()).asText(null));
            }
            String ip = p.path("status").path("podIP").asText("");
            if (all && !ip.isEmpty()) {
                return Optional.of(ip);
            }
        }
        return Optional.empty();
    }

    @Override
    public Optional<Address> lookup(String host) {
        return find(host).map(t -> new Address(t.fqdn(), t.ip()));
    }

    @Override
    public Http get(String host, int port, String path) {
        Optional<Target> target = find(host);
        if (target.isEmpty()) {
            return new UnknownHost();
        }
        ApiResponse response;
        if (target.get().service() != null && !"None".equals(target.get().service().path("spec").path("clusterIP").asText())) {
            ObjectNode service = target.get().service();
            boolean hasPort = false;
            for (JsonNode p : service.path("spec").path("ports")) {
                hasPort |= p.path("port").asInt() == port;
            }
            if (!hasPort) {
                return new Refused(target.get().ip());
            }
            response = proxy.answer(Json.namespace(service), Json.name(service), String.valueOf(port), path);
        } else {
            ObjectNode pod = target.get().pod();
            if (pod == null) {
                pod = store.list(pods, Json.namespace(target.get().service()), p -> target.get().ip().equals(p.path("status").path("podIP").asText()))
                        .stream().findFirst().orElse(null);
            }
            if (pod == null) {
                return new Refused(target.get().ip());
            }
            response = proxy.simulated(pod, ServiceProxyHandler.containerFor(pod, port), port, path);
        }
        if (response.code() == 503 && "true".equals(response.headers().get("X-OrchLab-Simulated"))
                && response.contentType().contains("json")) {
            // "no endpoints available" / "connection refused": from inside the cluster, nothing answers
            return new Refused(target.get().ip());
        }
        return new Answer(response.code(), response.contentType(), response.body());
    }
}
