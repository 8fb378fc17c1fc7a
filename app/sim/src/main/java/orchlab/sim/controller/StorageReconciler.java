package orchlab.sim.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import java.util.function.Consumer;
import orchlab.sim.api.Json;
import orchlab.sim.store.StoreEvent;

/**
 * PersistentVolumeClaims and Ingresses. A claim is bound to a new PersistentVolume provisioned by its
 * StorageClass (the default {@code local-path}, as in k3s); with {@code WaitForFirstConsumer} binding waits until
 * a pod uses the claim. Deleting a claim deletes its volume when the reclaim policy is Delete. An Ingress of the
 * default class ({@code traefik}) gets the node's address in its status.
 */
public final class StorageReconciler implements Reconciler {

    static final String NAME = "storage";
    private final SimContext ctx;

    public StorageReconciler(SimContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void watch(StoreEvent event, Consumer<ControllerManager.Key> enqueue) {
        switch (event.kind()) {
            case "PersistentVolumeClaim" -> enqueue.accept(new ControllerManager.Key(NAME, event.namespace(),
                    (event.type().equals("DELETED") ? "deleted-pvc:" : "pvc:") + event.name()));
            case "Pod" -> {
                for (JsonNode volume : event.object().path("spec").path("volumes")) {
                    String claim = volume.path("persistentVolumeClaim").path("claimName").asText("");
                    if (!claim.isEmpty()) {
                        enqueue.accept(new ControllerManager.Key(NAME, event.namespace(), "pvc:" + claim));
                    }
                }
            }
            // a new or released volume may be what a pending claim waits for
            case "PersistentVolume" -> {
                if (!event.type().equals("DELETED")) {
                    enqueue.accept(new ControllerManager.Key(NAME, null, "pending-claims"));
                }
            }
            case "Ingress" -> {
                if (!event.type().equals("DELETED")) {
                    enqueue.accept(new ControllerManager.Key(NAME, event.namespace(), "ingress:" + event.name()));
                }
            }
            default -> { }
        }
    }

    @Override
    public void resync(Consumer<ControllerManager.Key> enqueue) {
        ctx.list(ctx.pvcs, null, o -> true).forEach(o -> enqueue.accept(new ControllerManager.Key(NAME, Json.namespace(o), "pvc:" + Json.name(o))));
    }

    @Override
    public void reconcile(ControllerManager.Key key) {
        String id = key.name();
        if (id.startsWith("pvc:")) {
            ctx.get(ctx.pvcs, key.namespace(), id.substring(4)).ifPresent(this::claim);
        } else if (id.startsWith("deleted-pvc:")) {
            String claim = id.substring("deleted-pvc:".length());
            for (ObjectNode pv : ctx.list(ctx.pvs, null, pv -> claim.equals(Json.text(pv, "spec.claimRef.name"))
                    && key.namespace().equals(Json.text(pv, "spec.claimRef.namespace")))) {
                if ("Delete".equals(Json.text(pv, "spec.persistentVolumeReclaimPolicy"))) {
                    ctx.store.delete(ctx.pvs, null, Json.name(pv));
                } else {
                    ObjectNode status = Json.object();
                    status.put("phase", "Released");
                    ctx.writeStatus(ctx.pvs, pv, status);
                }
            }
        } else if (id.equals("pending-claims")) {
            ctx.list(ctx.pvcs, null, pvc -> !"Bound".equals(Json.text(pvc, "status.phase"))).forEach(this::claim);
        } else if (id.startsWith("ingress:")) {
            ctx.get(ctx.ingresses, key.namespace(), id.substring(8)).ifPresent(this::ingress);
        }
    }

    private void claim(ObjectNode pvc) {
        if ("Bound".equals(Json.text(pvc, "status.phase")) || pvc.path("metadata").hasNonNull("deletionTimestamp")) {
            return;
        }
        String className = Json.text(pvc, "spec.storageClassName");
        Optional<ObjectNode> storageClass;
        if (className == null) {
            storageClass = ctx.list(ctx.storageClasses, null, sc -> "true".equals(sc.path("metadata").path("annotations")
                    .path("storageclass.kubernetes.io/is-default-class").asText())).stream().findFirst();
            if (storageClass.isPresent()) {
                ObjectNode copy = pvc.deepCopy();
                Json.with(copy, "spec").put("storageClassName", Json.name(storageClass.get()));
                ctx.store.update(ctx.pvcs, copy);
                return;
            }
        } else {
            storageClass = className.isEmpty() ? Optional.empty() : ctx.get(ctx.storageClasses, null, className);
        }
        boolean waitForConsumer = storageClass.isPresent()
                && "WaitForFirstConsumer".equals(Json.text(storageClass.get(), "volumeBindingMode"));
        String name = Json.name(pvc);
        boolean used = !ctx.list(ctx.pods, Json.namespace(pvc), p -> {
            for (JsonNode v : p.path("spec").path("volumes")) {
                if (name.equals(v.path("persistentVolumeClaim").path("claimName").asText())) {
                    return true;
                }
            }
            return false;
        }).isEmpty();
        if (waitForConsumer && !used) {
            ctx.events.normal(pvc, "WaitForFirstConsumer", "waiting for first consumer to be created before binding",
                    "persistentvolume-controller");
            return;
        }
        Optional<ObjectNode> existing = matchingVolume(pvc, className == null ? "" : className);
        if (existing.isPresent()) {
            bind(pvc, existing.get());
            return;
        }
        if (storageClass.isEmpty()) {
            if (className == null || className.isEmpty()) {
                ctx.events.normal(pvc, "FailedBinding", "no persistent volumes available for this claim and no storage class is set",
                        "persistentvolume-controller");
            } else {
                ctx.events.warning(pvc, "ProvisioningFailed", "storageclass.storage.k8s.io \"" + className + "\" not found",
                        "persistentvolume-controller");
            }
            return;
        }
        String pvName = "pvc-" + Json.uid(pvc);
        if (ctx.get(ctx.pvs, null, pvName).isEmpty()) {
            ObjectNode pv = Json.object();
            pv.put("apiVersion", "v1");
            pv.put("kind", "PersistentVolume");
            ObjectNode metadata = pv.putObject("metadata");
            metadata.put("name", pvName);
            metadata.putObject("annotations").put("pv.kubernetes.io/provisioned-by", storageClass.get().path("provisioner").asText());
            ObjectNode spec = pv.putObject("spec");
            spec.putObject("capacity").put("storage", pvc.path("spec").path("resources").path("requests").path("storage").asText("1Gi"));
            spec.set("accessModes", pvc.path("spec").path("accessModes").deepCopy());
            ObjectNode claimRef = spec.putObject("claimRef");
            claimRef.put("apiVersion", "v1");
            claimRef.put("kind", "PersistentVolumeClaim");
            claimRef.put("namespace", Json.namespace(pvc));
            claimRef.put("name", name);
            claimRef.put("uid", Json.uid(pvc));
            spec.put("persistentVolumeReclaimPolicy", storageClass.get().path("reclaimPolicy").asText("Delete"));
            spec.put("storageClassName", Json.name(storageClass.get()));
            spec.put("volumeMode", pvc.path("spec").path("volumeMode").asText("Filesystem"));
            spec.putObject("hostPath").put("path", "/var/lib/rancher/k3s/storage/" + pvName + "_" + Json.namespace(pvc) + "_" + name)
                    .put("type", "DirectoryOrCreate");
            pv.putObject("status").put("phase", "Bound");
            ctx.store.create(ctx.pvs, pv);
            ctx.events.normal(pvc, "ProvisioningSucceeded", "Successfully provisioned volume " + pvName
                    + " (simulated: no disk space is used)", storageClass.get().path("provisioner").asText());
        }
        ObjectNode copy = pvc.deepCopy();
        Json.with(copy, "spec").put("volumeName", pvName);
        Json.with(copy, "metadata.annotations").put("pv.kubernetes.io/bind-completed", "yes");
        ObjectNode updated = ctx.store.update(ctx.pvcs, copy);
        ObjectNode status = Json.object();
        status.put("phase", "Bound");
        status.set("accessModes", pvc.path("spec").path("accessModes").deepCopy());
        status.putObject("capacity").put("storage", pvc.path("spec").path("resources").path("requests").path("storage").asText("1Gi"));
        ctx.writeStatus(ctx.pvcs, updated, status);
    }

    /**
     * The smallest Available PersistentVolume the claim can bind to, as the PersistentVolume controller chooses it: the
     * volume the claim names ({@code spec.volumeName}) or one pre-bound to it ({@code claimRef}), else any unclaimed one
     * of the same {@code storageClassName}, with every access mode the claim asks for, at least the requested size, the
     * same volume mode, and labels matching the claim's {@code selector}.
     */
    private Optional<ObjectNode> matchingVolume(ObjectNode pvc, String className) {
        String volumeName = Json.text(pvc, "spec.volumeName");
        java.math.BigDecimal requested = bytes(pvc.path("spec").path("resources").path("requests").path("storage").asText("0"));
        java.util.Set<String> modes = new java.util.HashSet<>();
        pvc.path("spec").path("accessModes").forEach(m -> modes.add(m.asText()));
        String volumeMode = pvc.path("spec").path("volumeMode").asText("Filesystem");
        JsonNode selector = pvc.path("spec").path("selector");
        return ctx.list(ctx.pvs, null, pv -> {
            JsonNode claimRef = pv.path("spec").path("claimRef");
            boolean preBound = claimRef.isObject() && Json.name(pvc).equals(claimRef.path("name").asText())
                    && Json.namespace(pvc).equals(claimRef.path("namespace").asText());
            if (claimRef.isObject() && !preBound || pv.path("metadata").hasNonNull("deletionTimestamp")) {
                return false;
            }
            if (!"Available".equals(pv.path("status").path("phase").asText("Available")) && !preBound) {
                return false;
            }
            if (volumeName != null && !volumeName.isEmpty() && !volumeName.equals(Json.name(pv))) {
                return false;
            }
            java.util.Set<String> offered = new java.util.HashSet<>();
            pv.path("spec").path("accessModes").forEach(m -> offered.add(m.asText()));
            return pv.path("spec").path("storageClassName").asText("").equals(className)
                    && offered.containsAll(modes)
                    && bytes(pv.path("spec").path("capacity").path("storage").asText("0")).compareTo(requested) >= 0
                    && pv.path("spec").path("volumeMode").asText("Filesystem").equals(volumeMode)
                    && (!selector.isObject() || orchlab.sim.store.Selectors.matches(selector, orchlab.sim.store.Selectors.labels(pv)));
        }).stream().min(java.util.Comparator.comparing(pv -> bytes(pv.path("spec").path("capacity").path("storage").asText("0"))));
    }

    private static java.math.BigDecimal bytes(String quantity) {
        try {
            return io.fabric8.kubernetes.api.model.Quantity.getAmountInBytes(new io.fabric8.kubernetes.api.model.Quantity(quantity));
        } catch (RuntimeException e) {
            return java.math.BigDecimal.ZERO;
        }
    }

    /** Binds claim and volume both ways; the claim reports the volume's capacity and access modes. */
    private void bind(ObjectNode pvc, ObjectNode pv) {
        ObjectNode pvCopy = pv.deepCopy();
        ObjectNode claimRef = Json.with(pvCopy, "spec").putObject("claimRef");
        claimRef.put("apiVersion", "v1");
        claimRef.put("kind", "PersistentVolumeClaim");
        claimRef.put("namespace", Json.namespace(pvc));
        claimRef.put("name", Json.name(pvc));
        claimRef.put("uid", Json.uid(pvc));
        claimRef.put("resourceVersion", pvc.path("metadata").path("resourceVersion").asText());
        Json.with(pvCopy, "metadata.annotations").put("pv.kubernetes.io/bound-by-controller", "yes");
        ObjectNode boundPv = ctx.store.update(ctx.pvs, pvCopy);
        ObjectNode pvStatus = Json.object();
        pvStatus.put("phase", "Bound");
        ctx.writeStatus(ctx.pvs, boundPv, pvStatus);

        ObjectNode copy = pvc.deepCopy();
        Json.with(copy, "spec").put("volumeName", Json.name(pv));
        Json.with(copy, "metadata.annotations").put("pv.kubernetes.io/bind-completed", "yes")
                .put("pv.kubernetes.io/bound-by-controller", "yes");
        ObjectNode updated = ctx.store.update(ctx.pvcs, copy);
        ObjectNode status = Json.object();
        status.put("phase", "Bound");
        status.set("accessModes", pv.path("spec").path("accessModes").deepCopy());
        status.set("capacity", pv.path("spec").path("capacity").deepCopy());
        ctx.writeStatus(ctx.pvcs, updated, status);
    }

    private void ingress(ObjectNode ingress) {
        String className = Json.text(ingress, "spec.ingressClassName");
        Optional<ObjectNode> ingressClass = className == null
                ? ctx.list(ctx.ingressClasses, null, c -> "true".equals(c.path("metadata").path("annotations")
                        .path("ingressclass.kubernetes.io/is-default-class").asText())).stream().findFirst()
                : ctx.get(ctx.ingressClasses, null, className);
        if (ingressClass.isEmpty()) {
            return;
        }
        ObjectNode status = Json.object();
        status.putObject("loadBalancer").putArray("ingress").addObject().put("ip", SimContext.NODE_IP);
        ctx.writeStatus(ctx.ingresses, ingress, status);
    }
}
