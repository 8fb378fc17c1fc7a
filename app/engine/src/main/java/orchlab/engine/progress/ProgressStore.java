package orchlab.engine.progress;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import orchlab.engine.LabDirs;
import orchlab.engine.check.CheckReport;
import orchlab.engine.check.CheckResult;
import orchlab.engine.check.FieldFailure;

/**
 * The learner's progress on disk: one JSON file per course, {@code <dir>/<courseId>.json} (the course
 * id made safe for file names), written atomically so that a crash or {@code kill -9} keeps either the
 * previous or the new progress. A file that cannot be read is kept as
 * {@code <courseId>.json.corrupt-<yyyyMMdd-HHmmss>} and the lab starts with fresh progress and a message.
 *
 * <p>Thread-safe: the app saves from background threads. Not locked across processes: two apps running
 * for the same user and course overwrite each other's progress (last save wins, never a broken file).
 */
public final class ProgressStore {
    private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9._-]");

    private final Path dir;
    private final Clock clock;
    /** Last loaded or saved progress per course, so {@link #update} does not re-read the file. */
    private final Map<String, CourseProgress> current = new HashMap<>();

    /** What {@link #load} found: the progress, and a sentence for the learner when the file could not be used. */
    public record Loaded(CourseProgress progress, Optional<String> warning) {
        public Loaded {
            Objects.requireNonNull(progress, "progress");
            warning = Objects.requireNonNullElse(warning, Optional.empty());
        }
    }

    /**
     * @param dir   folder of the progress files ({@link LabDirs#progress()}), created on the first save
     * @param clock stamps saves ({@link CourseProgress#updated()}), checks recorded here, and backup names
     */
    public ProgressStore(Path dir, Clock clock) {
        this.dir = Objects.requireNonNull(dir, "dir");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The current user's store: {@code LabDirs.progress()}, system clock in the local time zone. */
    public static ProgressStore of(LabDirs dirs) {
        return new ProgressStore(dirs.progress(), Clock.systemDefaultZone());
    }

    public Path dir() {
        return dir;
    }

    public Clock clock() {
        return clock;
    }

    /** The file of a course's progress. */
    public Path fileOf(String courseId) {
        return dir.resolve(fileNameOf(courseId));
    }

    /**
     * {@code <courseId>.json}; an id with characters other than letters, digits, {@code . _ -} (or starting
     * with a dot) has them replaced by {@code _} plus a hash of the original id, so two ids never share a file.
     */
    public static String fileNameOf(String courseId) {
        Objects.requireNonNull(courseId, "courseId");
        String safe = UNSAFE.matcher(courseId).replaceAll("_");
        if (safe.startsWith(".")) {
            safe = "_" + safe.substring(1);
        }
        if (!safe.equals(courseId) || safe.isEmpty()) {
            safe = safe + "-" + Integer.toHexString(courseId.hashCode());
        }
        return safe + ".json";
    }

    /**
     * The stored progress of a course. No file: fresh progress, no warning. A file that cannot be used:
     * it is moved aside, fresh progress comes back, and the warning names both files.
     */
    public synchronized Loaded load(String courseId) {
        JsonFile.Loaded<CourseProgress> loaded = file(courseId).load(() -> CourseProgress.fresh(courseId, clock.instant()),
                p -> problem(p, courseId));
        current.put(courseId, loaded.value());
        return new Loaded(loaded.value(), loaded.warning());
    }

    /**
     * Read-only (for export tools): the stored progress, empty when there is none. Nothing is moved; a bad file
     * is an {@link JsonFile.UnreadableFileException} whose message names it.
     */
    public synchronized Optional<CourseProgress> read(String courseId) throws JsonFile.UnreadableFileException {
        Optional<CourseProgress> read = file(courseId).read();
        Optional<String> problem = read.flatMap(p -> problem(p, courseId));
        if (problem.isPresent()) {
            throw new JsonFile.UnreadableFileException(fileOf(courseId), "progress file", problem.get());
        }
        return read;
    }

    /**
     * Saves atomically, with {@link CourseProgress#updated()} set to now.
     *
     * @return the progress as saved (with the new {@code updated})
     */
    public synchronized CourseProgress save(CourseProgress progress) throws IOException {
        CourseProgress stamped = progress.withUpdated(clock.instant());
        file(progress.courseId()).write(stamped);
        current.put(progress.courseId(), stamped);
        return stamped;
    }

    /**
     * Changes and saves a course's progress in one step (the last loaded or saved progress, else the file).
     * Call {@link #load} first at start-up to get its warning: a bad file met here is put aside silently.
     *
     * @return the progress as saved
     */
    public synchronized CourseProgress update(String courseId, UnaryOperator<CourseProgress> change) throws IOException {
        CourseProgress before = current.containsKey(courseId) ? current.get(courseId) : load(courseId).progress();
        CourseProgress after = change.apply(before);
        if (!after.courseId().equals(courseId)) {
            throw new IllegalArgumentException("the change turned the progress of " + courseId + " into that of " + after.courseId());
        }
        return save(after);
    }

    /** Records a Check of {@code report.exercise()} at the store's clock time, and saves. */
    public CourseProgress recordCheck(String courseId, CheckReport report) throws IOException {
        return update(courseId, p -> p.withCheck(report, clock.instant()));
    }

    /** Records where the learner is (lesson, exercise or {@code null}, file or {@code null}), and saves. */
    public CourseProgress recordOpened(String courseId, String lessonId, String exerciseId, String file) throws IOException {
        return update(courseId, p -> p.withOpened(lessonId, exerciseId, file));
    }

    /**
     * Why stored progress cannot be used: another course's, or a stored report with a value missing that the
     * app needs to show it (the engine never leaves these empty; only a hand-edited file does).
     */
    static Optional<String> problem(CourseProgress p, String courseId) {
        if (!p.courseId().equals(courseId)) {
            return Optional.of("it holds the progress of course '" + p.courseId() + "', not '" + courseId + "'");
        }
        for (ExerciseProgress e : p.exercises().values()) {
            if (e.lastReport().isEmpty()) {
                continue;
            }
            CheckReport report = e.lastReport().get();
            String at = "exercises." + e.exerciseId() + ".lastReport";
            if (report.exercise() == null) {
                return Optional.of(at + ": exercise is missing");
            }
            // a stored check without its values is refused as it is read (StoredCheckResult); its fields are checked here
            for (int i = 0; i < report.checks().size(); i++) {
                CheckResult r = report.checks().get(i);
                String check = at + ".checks[" + i + "]";
                for (int f = 0; f < r.failures().size(); f++) {
                    FieldFailure failure = r.failures().get(f);
                    Optional<String> missing = firstNull(check + ".failures[" + f + "]", "path", failure.path(), "expected",
                            failure.expected(), "kind", failure.kind());
                    if (missing.isPresent()) {
                        return missing;
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<String> firstNull(String where, Object... namesAndValues) {
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1] == null) {
                return Optional.of(where + ": " + namesAndValues[i] + " is missing");
            }
        }
        return Optional.empty();
    }

    private JsonFile<CourseProgress> file(String courseId) {
        return new JsonFile<>(fileOf(courseId), CourseProgress.class, "progress file", "fresh progress", clock);
    }
}
