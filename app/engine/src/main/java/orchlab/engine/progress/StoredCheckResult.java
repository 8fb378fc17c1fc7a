package orchlab.engine.progress;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.util.StdConverter;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import orchlab.engine.check.CheckResult;
import orchlab.engine.check.FieldFailure;

/**
 * A {@link CheckResult} as the progress file stores it: one flat object whose {@code status} and {@code notFound} name
 * the case, the shape files have had since before the result became a sealed type (so older files still load).
 * {@link JsonFile} maps every {@code CheckResult} through it ({@link Mapping}).
 *
 * <p>A stored check without a value the app needs to show it (only a hand-edited file lacks one) is refused when read:
 * {@code exercises.web.lastReport.checks[0]: waited is missing}.
 */
record StoredCheckResult(String id, String title, Status status, String location, String message,
                         List<FieldFailure> failures, String hint, Duration waited, Duration timeout, boolean notFound,
                         String settled, List<String> evidence) {

    enum Status { PASSED, FAILED, ERROR, SKIPPED }

    StoredCheckResult {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(hint, "hint");
        Objects.requireNonNull(waited, "waited");
        Objects.requireNonNull(timeout, "timeout");
        failures = failures == null ? List.of() : failures;
        settled = settled == null ? "" : settled;
        evidence = evidence == null ? List.of() : evidence;
    }

    static StoredCheckResult of(CheckResult r) {
        Status status = r.match(passed -> Status.PASSED, failed -> Status.FAILED, notFound -> Status.FAILED,
                couldNotLook -> Status.ERROR, skipped -> Status.SKIPPED);
        return new StoredCheckResult(r.id(), r.title(), status, r.location(), r.message(), r.failures(), r.hint(),
                r.waited(), r.timeout(), r instanceof CheckResult.NotFound, r.settled(), r.evidence());
    }

    CheckResult toResult() {
        return switch (status) {
            case PASSED -> new CheckResult.Passed(id, title, location, message, waited, timeout);
            case FAILED -> notFound
                    ? new CheckResult.NotFound(id, title, location, message, failures, hint, waited, timeout, settled, evidence)
                    : new CheckResult.Failed(id, title, location, message, failures, hint, waited, timeout, settled, evidence);
            case ERROR -> new CheckResult.CouldNotLook(id, title, location, message, hint, waited, timeout);
            case SKIPPED -> new CheckResult.Skipped(id, title, location, message);
        };
    }

    /** The Jackson mix-in that stores every {@link CheckResult} as a {@link StoredCheckResult}. */
    @JsonSerialize(converter = Writing.class)
    @JsonDeserialize(converter = Reading.class)
    interface Mapping {
    }

    static final class Writing extends StdConverter<CheckResult, StoredCheckResult> {
        @Override
        public StoredCheckResult convert(CheckResult value) {
            return of(value);
        }
    }

    static final class Reading extends StdConverter<StoredCheckResult, CheckResult> {
        @Override
        public CheckResult convert(StoredCheckResult value) {
            return value.toResult();
        }
    }
}
