package orchlab.sim.admission;

import java.util.Map;
import java.util.Optional;

/** The fabric8 model class of each built-in kind, for strict field validation. */
public final class TypedModels {

    private static final Map<String, Class<?>> MODELS = Map.ofEntries(
            Map.entry("v1/Pod", io.fabric8.kubernetes.api.model.Pod.class),
            Map.entry("v1/Service", io.fabric8.kubernetes.api.model.Service.class),
            Map.entry("v1/Endpoints", io.fabric8.kubernetes.api.model.Endpoints.class),
            Map.entry("v1/ConfigMap", io.fabric8.kubernetes.api.model.ConfigMap.class),
            Map.entry("v1/Secret", io.fabric8.kubernetes.api.model.Secret.class),
            Map.entry("v1/Namespace", io.fabric8.kubernetes.api.model.Namespace.class),
            Map.entry("v1/Event", io.fabric8.kubernetes.api.model.Event.class),
            Map.entry("v1/ServiceAccount", io.fabric8.kubernetes.api.model.ServiceAccount.class),
            Map.entry("v1/PersistentVolume", io.fabric8.kubernetes.api.model.PersistentVolume.class),
            Map.entry("v1/PersistentVolumeClaim", io.fabric8.kubernetes.api.model.PersistentVolumeClaim.class),
            Map.entry("v1/Node", io.fabric8.kubernetes.api.model.Node.class),
            Map.entry("v1/ResourceQuota", io.fabric8.kubernetes.api.model.ResourceQuota.class),
            Map.entry("v1/LimitRange", io.fabric8.kubernetes.api.model.LimitRange.class),
            Map.entry("apps/v1/Deployment", io.fabric8.kubernetes.api.model.apps.Deployment.class),
            Map.entry("apps/v1/ReplicaSet", io.fabric8.kubernetes.api.model.apps.ReplicaSet.class),
            Map.entry("apps/v1/StatefulSet", io.fabric8.kubernetes.api.model.apps.StatefulSet.class),
            Map.entry("apps/v1/DaemonSet", io.fabric8.kubernetes.api.model.apps.DaemonSet.class),
            Map.entry("apps/v1/ControllerRevision", io.fabric8.kubernetes.api.model.apps.ControllerRevision.class),
            Map.entry("batch/v1/Job", io.fabric8.kubernetes.api.model.batch.v1.Job.class),
            Map.entry("batch/v1/CronJob", io.fabric8.kubernetes.api.model.batch.v1.CronJob.class),
            Map.entry("networking.k8s.io/v1/Ingress", io.fabric8.kubernetes.api.model.networking.v1.Ingress.class),
            Map.entry("networking.k8s.io/v1/IngressClass", io.fabric8.kubernetes.api.model.networking.v1.IngressClass.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy.class),
            Map.entry("policy/v1/PodDisruptionBudget", io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget.class),
            Map.entry("rbac.authorization.k8s.io/v1/Role", io.fabric8.kubernetes.api.model.rbac.Role.class),
            Map.entry("rbac.authorization.k8s.io/v1/RoleBinding", io.fabric8.kubernetes.api.model.rbac.RoleBinding.class),
            Map.entry("rbac.authorization.k8s.io/v1/ClusterRole", io.fabric8.kubernetes.api.model.rbac.ClusterRole.class),
            Map.entry("rbac.authorization.k8s.io/v1/ClusterRoleBinding", io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding.class),
            Map.entry("storage.k8s.io/v1/StorageClass", io.fabric8.kubernetes.api.model.storage.StorageClass.class),
            Map.entry("apiextensions.k8s.io/v1/CustomResourceDefinition",
                    io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition.class),
            Map.entry("v1/ReplicationController", io.fabric8.kubernetes.api.model.ReplicationController.class),
            Map.entry("autoscaling/v1/HorizontalPodAutoscaler",
                    io.fabric8.kubernetes.api.model.autoscaling.v1.HorizontalPodAutoscaler.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler",
                    io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler.class),
            Map.entry("discovery.k8s.io/v1/EndpointSlice", io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice.class),
            Map.entry("coordination.k8s.io/v1/Lease", io.fabric8.kubernetes.api.model.coordination.v1.Lease.class));

    private TypedModels() {
    }

    public static Optional<Class<?>> forKind(String apiVersion, String kind) {
        return Optional.ofNullable(MODELS.get(apiVersion + "/" + kind));
    }
}
