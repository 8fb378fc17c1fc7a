package orchlab.engine.live;

import java.time.Instant;

/**
 * A core/v1 Event of the watched namespace.
 *
 * @param type     {@code Normal} or {@code Warning}
 * @param reason   {@code Scheduled}, {@code Pulled}, {@code BackOff}, ...
 * @param object   the object it is about, {@code Pod web-7d9c-abc}
 * @param message  what happened
 * @param count    how often it happened (repeats bump the count of one event)
 * @param lastSeen when it happened last
 */
public record LiveEvent(String type, String reason, String object, String message, int count, Instant lastSeen) {

    public boolean warning() {
        return "Warning".equals(type);
    }
}
