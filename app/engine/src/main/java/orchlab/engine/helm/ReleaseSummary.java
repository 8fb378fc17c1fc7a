package orchlab.engine.helm;

import java.time.Instant;

/** A row of {@code helm list}: the newest revision of one release. */
public record ReleaseSummary(String name, String namespace, int revision, Instant updated, String status, String chart,
                             String appVersion) {
}
