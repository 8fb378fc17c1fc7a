package orchlab.sim.controller;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import orchlab.sim.api.ApiException;
import orchlab.sim.api.Json;
import orchlab.sim.api.ResourceType;

/**
 * The {@code apiregistration.k8s.io/v1} APIServices a real API server registers for itself: one per served
 * group-version, local (no {@code spec.service}) and {@code Available} — those of the built-in groups at start
 * ({@code kube-aggregator.kubernetes.io/automanaged: onstart}), those of a CRD's group when it is established
 * ({@code automanaged: "true"}, removed with the group's last CRD), as the crd-autoregistration controller does.
 */
public final class ApiServices {

    /** groupPriorityMinimum / versionPriority of the built-in groups, as kube-apiserver registers them. */
    private static final Map<String, int[]> PRIORITIES = Map.ofEntries(
            Map.entry("", new int[] {18000, 1}),
            Map.entry("apps", new int[] {17800, 15}),
            Map.entry("authentication.k8s.io", new int[] {17700, 15}),
            Map.entry("authorization.k8s.io", new int[] {17600, 15}),
            Map.entry("autoscaling", new int[] {17500, 15}),
            Map.entry("batch", new int[] {17400, 15}),
            Map.entry("certificates.k8s.io", new int[] {17300, 15}),
            Map.entry("networking.k8s.io", new int[] {17200, 15}),
            Map.entry("policy", new int[] {17100, 15}),
            Map.entry("rbac.authorization.k8s.io", new int[] {17000, 15}),
            Map.entry("storage.k8s.io", new int[] {16800, 15}),
            Map.entry("apiextensions.k8s.io", new int[] {16700, 15}),
            Map.entry("coordination.k8s.io", new int[] {16500, 15}),
            Map.entry("discovery.k8s.io", new int[] {16200, 15}),
            Map.entry("apiregistration.k8s.io", new int[] {18000, 15}));

    private ApiServices() {
    }

    static ResourceType type(SimContext ctx) {
        return ctx.catalog.require("apiregistration.k8s.io", "apiservices");
    }

    static String name(String group, String version) {
        return version + "." + group;
    }

    /** The APIServices of every built-in group-version (a fresh sim). */
    public static void builtIn(SimContext ctx) {
        ensure(ctx, "", "v1", "onstart");
        ctx.catalog.groups().forEach((group, versions) -> versions.forEach(v -> ensure(ctx, group, v, "onstart")));
    }

    static void ensure(SimContext ctx, String group, String version, String automanaged) {
        ResourceType type = type(ctx);
        String name = name(group, version);
        if (ctx.get(type, null, name).isPresent()) {
            return;
        }
        ObjectNode service = Json.object();
        service.put("apiVersion", "apiregistration.k8s.io/v1");
        service.put("kind", "APIService");
        ObjectNode metadata = service.putObject("metadata");
        metadata.put("name", name);
        metadata.putObject("labels").put("kube-aggregator.kubernetes.io/automanaged", automanaged);
        int[] priority = PRIORITIES.getOrDefault(group, automanaged.equals("true") ? new int[] {1000, 100} : new int[] {16000, 15});
        ObjectNode spec = service.putObject("spec");
        spec.put("group", group);
        spec.put("version", version);
        spec.put("groupPriorityMinimum", priority[0]);
        spec.put("versionPriority", priority[1]);
        ObjectNode condition = service.putObject("status").putArray("conditions").addObject();
        condition.put("type", "Available");
        condition.put("status", "True");
        condition.put("reason", "Local");
        condition.put("message", "Local APIServices are always available");
        condition.put("lastTransitionTime", ctx.timestamp());
        try {
            ctx.store.create(type, service);
        } catch (ApiException e) {
            if (e.code() != 409) {
                throw e;
            }
        }
    }

    /** Removes the automanaged APIServices of a group whose CRDs no longer serve a version. */
    static void prune(SimContext ctx, String group) {
        ResourceType type = type(ctx);
        for (ObjectNode service : ctx.list(type, null, s -> s.path("spec").path("group").asText().equals(group)
                && "true".equals(s.path("metadata").path("labels").path("kube-aggregator.kubernetes.io/automanaged").asText()))) {
            String version = service.path("spec").path("version").asText();
            boolean served = ctx.catalog.all().stream().anyMatch(t -> t.group().equals(group) && t.version().equals(version));
            if (!served) {
                ctx.store.delete(type, null, Json.name(service));
            }
        }
    }
}
