package orchlab.desktop.cluster;

import java.time.Instant;
import java.util.Optional;
import orchlab.engine.live.Health;
import orchlab.engine.live.LiveObject;

/** Builds {@link LiveObject}s for tests. */
final class TestObjects {
    private TestObjects() {
    }

    static LiveObject object(String kind, String name, String uid, String ownerUid, String status, Health health) {
        return new LiveObject(kind, kind.equals("Pod") ? "v1" : "apps/v1", "lab", name, uid, status, health,
                kind.equals("Pod") ? "1/1" : "", 0, Instant.parse("2024-05-01T10:00:00Z"), Optional.ofNullable(ownerUid), "");
    }

    static LiveObject deployment(String name, String uid) {
        return object("Deployment", name, uid, null, "2/2 ready", Health.OK);
    }

    static LiveObject replicaSet(String name, String uid, String owner) {
        return object("ReplicaSet", name, uid, owner, "2/2 ready", Health.OK);
    }

    static LiveObject pod(String name, String uid, String owner, String status, Health health) {
        return object("Pod", name, uid, owner, status, health);
    }
}
