package orchlab.sim.controller;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import java.util.function.Consumer;
import orchlab.sim.api.Json;
import orchlab.sim.api.ResourceType;
import orchlab.sim.store.StoreEvent;

/**
 * Namespaces: a new one gets its {@code default} ServiceAccount and {@code kube-root-ca.crt} ConfigMap; a
 * terminating one has every object in it deleted, then disappears itself.
 */
public final class NamespaceReconciler implements Reconciler {

    static final String NAME = "namespace";
    private final SimContext ctx;

    public NamespaceReconciler(SimContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void watch(StoreEvent event, Consumer<ControllerManager.Key> enqueue) {
        if (event.kind().equals("Namespace") && !event.type().equals("DELETED")) {
            enqueue.accept(new ControllerManager.Key(NAME, null, event.name()));
        }
    }

    @Override
    public void resync(Consumer<ControllerManager.Key> enqueue) {
        ctx.list(ctx.namespaces, null, o -> true).forEach(o -> enqueue.accept(new ControllerManager.Key(NAME, null, Json.name(o))));
    }

    @Override
    public void reconcile(ControllerManager.Key key) {
        Optional<ObjectNode> found = ctx.get(ctx.namespaces, null, key.name());
        if (found.isEmpty()) {
            return;
        }
        ObjectNode ns = found.get();
        String name = key.name();
        if (ns.path("metadata").hasNonNull("deletionTimestamp")) {
            int left = 0;
            for (ResourceType type : ctx.catalog.all()) {
                if (!type.namespaced()) {
                    continue;
                }
                for (ObjectNode object : ctx.list(type, name, o -> true)) {
                    left++;
                    if (!object.path("metadata").hasNonNull("deletionTimestamp")) {
                        ctx.store.delete(type, name, Json.name(object));
                    }
                }
            }
            if (left == 0 || ctx.catalog.all().stream().filter(ResourceType::namespaced)
                    .allMatch(t -> ctx.list(t, name, o -> true).isEmpty())) {
                ctx.store.delete(ctx.namespaces, null, name);
            } else {
                ctx.manager.enqueueAfter(key, java.time.Duration.ofMillis(100));
            }
            return;
        }
        if (ctx.get(ctx.serviceAccounts, name, "default").isEmpty()) {
            ObjectNode sa = Json.object();
            sa.put("apiVersion", "v1");
            sa.put("kind", "ServiceAccount");
            sa.putObject("metadata").put("name", "default").put("namespace", name);
            ctx.store.create(ctx.serviceAccounts, sa);
        }
        if (ctx.get(ctx.configMaps, name, "kube-root-ca.crt").isEmpty()) {
            ObjectNode cm = Json.object();
            cm.put("apiVersion", "v1");
            cm.put("kind", "ConfigMap");
            cm.putObject("metadata").put("name", "kube-root-ca.crt").put("namespace", name)
                    .putObject("annotations").put("kubernetes.io/description", "Contains a CA bundle that can be used to "
                            + "verify the kube-apiserver when using internal endpoints such as the internal service IP or "
                            + "kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.");
            cm.putObject("data").put("ca.crt", "-----BEGIN CERTIFICATE-----\n(simulated cluster: no TLS)\n-----END CERTIFICATE-----\n");
            ctx.store.create(ctx.configMaps, cm);
        }
    }
}
