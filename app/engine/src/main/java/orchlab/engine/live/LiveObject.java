package orchlab.engine.live;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One object of the watched namespace as the cluster view shows it.
 *
 * @param kind       {@code Deployment}, {@code Pod}, ...
 * @param apiVersion {@code apps/v1}, {@code v1}, ...
 * @param namespace  the namespace it lives in
 * @param name       its name
 * @param uid        its uid (what {@link #ownerUid} of its children points at)
 * @param status     what kubectl's STATUS/READY columns say: {@code Running}, {@code ContainerCreating},
 *                   {@code ImagePullBackOff}, {@code 3/3 ready}, {@code ClusterIP 10.43.0.12 80/TCP}, {@code Bound 1Gi}
 * @param health     the badge
 * @param ready      READY column ({@code 1/1} for pods, {@code 2/3} for workloads), empty where it means nothing
 * @param restarts   container restarts summed over the pod's containers (0 for other kinds)
 * @param created    creation time; {@link Instant#EPOCH} when the server did not say
 * @param ownerUid   uid of the controller owner (ReplicaSet of a Pod, Deployment of a ReplicaSet, CronJob of a Job)
 * @param detail     a short extra: images, node, selector, keys; never a Secret's values
 */
public record LiveObject(String kind, String apiVersion, String namespace, String name, String uid, String status,
                         Health health, String ready, int restarts, Instant created, Optional<String> ownerUid,
                         String detail) {

    public LiveObject {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        apiVersion = apiVersion == null ? "" : apiVersion;
        namespace = namespace == null ? "" : namespace;
        uid = uid == null ? "" : uid;
        status = status == null ? "" : status;
        health = health == null ? Health.UNKNOWN : health;
        ready = ready == null ? "" : ready;
        created = created == null ? Instant.EPOCH : created;
        ownerUid = ownerUid == null ? Optional.empty() : ownerUid;
        detail = detail == null ? "" : detail;
    }

    /** {@code Deployment web}: how events and messages name the object. */
    public String label() {
        return kind + " " + name;
    }
}
