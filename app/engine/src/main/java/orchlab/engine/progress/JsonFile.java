package orchlab.engine.progress;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.CharConversionException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * A small JSON file the lab owns (progress, settings): read with Jackson, written atomically, and
 * never a reason for the app not to start.
 *
 * <ul>
 *   <li>{@link #write} writes a temp file in the same folder, forces it to disk and renames it over the
 *       file ({@code ATOMIC_MOVE}): a crash or {@code kill -9} leaves the old or the new file, never half of one.</li>
 *   <li>{@link #load} returns the stored value; a missing file gives the fresh value; a file that cannot be
 *       read (cut off, not JSON, wrong types, empty, unreadable) is moved aside to
 *       {@code <name>.corrupt-<yyyyMMdd-HHmmss>} and the fresh value comes back with a warning sentence
 *       naming both files.</li>
 *   <li>{@link #read} is the read-only variant for tools (export): nothing is moved.</li>
 * </ul>
 *
 * <p>Values are mapped by {@link #mapper()}: records with {@code Optional}, {@code Instant} and
 * {@code Duration} (ISO-8601 text), unknown properties ignored, missing lists/maps read as empty,
 * trailing garbage rejected. Methods of one instance are thread-safe; use one instance per file.
 *
 * @param <T> the stored value (a record)
 */
public final class JsonFile<T> {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new Jdk8Module())
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .withConfigOverride(List.class, o -> o.setSetterInfo(JsonSetter.Value.forValueNulls(Nulls.AS_EMPTY)))
            .withConfigOverride(Collection.class, o -> o.setSetterInfo(JsonSetter.Value.forValueNulls(Nulls.AS_EMPTY)))
            .withConfigOverride(Set.class, o -> o.setSetterInfo(JsonSetter.Value.forValueNulls(Nulls.AS_EMPTY)))
            .withConfigOverride(Map.class, o -> o.setSetterInfo(JsonSetter.Value.forValueNulls(Nulls.AS_EMPTY)))
            .addMixIn(orchlab.engine.check.CheckResult.class, StoredCheckResult.Mapping.class)
            .build();
    /** A lab JSON file larger than this is refused unread (a progress file of a whole course is a few hundred KiB). */
    public static final int MAX_BYTES = 16 * 1024 * 1024;
    private static final DateTimeFormatter BACKUP_STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    /** Temp files older than this are leftovers of a killed write, removed by {@link #load}. */
    private static final Duration STALE_TEMP = Duration.ofMinutes(1);

    private final Path file;
    private final JavaType type;
    private final String what;
    private final String freshStart;
    private final Clock clock;

    /** The result of {@link #load}: the value, and a sentence for the user when the file had to be put aside. */
    public record Loaded<T>(T value, Optional<String> warning) {
        public Loaded {
            Objects.requireNonNull(value, "value");
            warning = Objects.requireNonNullElse(warning, Optional.empty());
        }
    }

    /** {@link #read} found a file it cannot use; the message is a sentence for the user. */
    public static final class UnreadableFileException extends IOException {
        private final Path file;
        private final String reason;

        UnreadableFileException(Path file, String what, String reason) {
            super(capitalized(what) + " " + display(file) + " could not be read (" + reason + ").");
            this.file = file;
            this.reason = reason;
        }

        public Path file() {
            return file;
        }

        /** What is wrong, e.g. {@code line 3, column 1: the file ends in the middle of the data}. */
        public String reason() {
            return reason;
        }
    }

    /**
     * @param file       where the value lives
     * @param type       the value's class
     * @param what       the file for people, e.g. {@code "progress file"}, {@code "settings file"}
     * @param freshStart what the user gets instead, e.g. {@code "fresh progress"}, {@code "default settings"}
     * @param clock      names backups ({@code .corrupt-20250314-093000}, in the clock's zone)
     */
    public JsonFile(Path file, Class<T> type, String what, String freshStart, Clock clock) {
        this.file = Objects.requireNonNull(file, "file");
        this.type = MAPPER.constructType(Objects.requireNonNull(type, "type"));
        this.what = Objects.requireNonNull(what, "what");
        this.freshStart = Objects.requireNonNull(freshStart, "freshStart");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The mapper every lab JSON file uses (thread-safe, do not reconfigure). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public Path file() {
        return file;
    }

    /** {@link #load(Supplier, Function)} without extra validation. */
    public Loaded<T> load(Supplier<T> fresh) {
        return load(fresh, value -> Optional.empty());
    }

    /**
     * The stored value, or {@code fresh} when there is none or it cannot be used (then the file is kept as
     * a backup and the warning says so). Never throws for a bad file.
     *
     * @param validate a reason why a parsed value cannot be used (e.g. it belongs to another course), or empty
     */
    public synchronized Loaded<T> load(Supplier<T> fresh, Function<T, Optional<String>> validate) {
        removeStaleTemps();
        Optional<T> value;
        try {
            value = readChecked(validate);
        } catch (UnreadableFileException e) {
            return new Loaded<>(fresh.get(), Optional.of(putAside(e.reason())));
        }
        return new Loaded<>(value.orElseGet(fresh), Optional.empty());
    }

    /** Read-only: the stored value, empty when there is no file, an exception naming the problem when it is unusable. */
    public synchronized Optional<T> read() throws UnreadableFileException {
        return readChecked(value -> Optional.empty());
    }

    /** Writes the value atomically (temp file in the same folder, fsync, rename over the file). */
    public synchronized void write(T value) throws IOException {
        Objects.requireNonNull(value, "value");
        byte[] bytes = MAPPER.writerFor(type).writeValueAsBytes(value);
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, tempPrefix(), ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.write(ByteBuffer.wrap(new byte[] {'\n'}));
                channel.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                // some network/FUSE file systems: still a rename, only without the atomicity promise
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            forceDirectory(dir);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private Optional<T> readChecked(Function<T, Optional<String>> validate) throws UnreadableFileException {
        byte[] bytes;
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            if (!attributes.isRegularFile()) {
                throw unreadable("it is " + (attributes.isDirectory() ? "a folder" : "a FIFO, device or socket")
                        + ", not a regular file");
            }
            if (attributes.size() > MAX_BYTES) {
                throw unreadable(tooLarge(attributes.size()));
            }
            try (InputStream in = Files.newInputStream(file)) {
                bytes = in.readNBytes(MAX_BYTES + 1);
            }
            if (bytes.length > MAX_BYTES) {
                throw unreadable(tooLarge(bytes.length));
            }
        } catch (UnreadableFileException e) {
            throw e;
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (AccessDeniedException e) {
            throw unreadable("permission denied");
        } catch (IOException e) {
            throw unreadable(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
        if (new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1).isBlank()) {
            throw unreadable("the file is empty");
        }
        T value;
        try {
            value = MAPPER.readValue(bytes, type);
        } catch (IOException | RuntimeException e) {
            throw unreadable(reason(e));
        }
        if (value == null) {
            throw unreadable("the file holds null instead of data");
        }
        Optional<String> problem = validate.apply(value);
        if (problem.isPresent()) {
            throw unreadable(problem.get());
        }
        return Optional.of(value);
    }

    private static String tooLarge(long size) {
        return "it is " + (size / (1024 * 1024)) + " MiB, more than the " + (MAX_BYTES / (1024 * 1024))
                + " MiB a lab file may have";
    }

    private UnreadableFileException unreadable(String reason) {
        return new UnreadableFileException(file, what, reason);
    }

    /** Moves the bad file aside and says so; the original bytes stay in the backup. */
    private String putAside(String reason) {
        String start = "Your " + what + " " + display(file) + " could not be read (" + reason + "); ";
        String end = "the lab starts with " + freshStart + ".";
        String stamp = BACKUP_STAMP.format(clock.instant().atZone(clock.getZone()));
        Path backup = file.resolveSibling(file.getFileName() + ".corrupt-" + stamp);
        for (int n = 2; Files.exists(backup); n++) {
            backup = file.resolveSibling(file.getFileName() + ".corrupt-" + stamp + "-" + n);
        }
        try {
            Files.move(file, backup);
            return start + "it was kept as " + display(backup) + " and " + end;
        } catch (IOException moveFailed) {
            try {
                Files.copy(file, backup);
                return start + "a copy was kept as " + display(backup) + " and " + end;
            } catch (IOException copyFailed) {
                return start + "no backup could be made in " + display(backup.getParent())
                        + " (copy it yourself now if you need it; it is replaced at the next save) and " + end;
            }
        }
    }

    private String tempPrefix() {
        return "." + file.getFileName() + ".";
    }

    /** Temp files of killed writes; fresh ones may belong to a write in progress (another instance) and stay. */
    private void removeStaleTemps() {
        Path dir = file.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) {
            return;
        }
        Instant before = Instant.now().minus(STALE_TEMP);
        String prefix = tempPrefix();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path temp : entries) {
                String name = temp.getFileName().toString();
                if (!name.startsWith(prefix) || !name.endsWith(".tmp")) {
                    continue;
                }
                try {
                    if (Files.getLastModifiedTime(temp).toInstant().isBefore(before)) {
                        Files.deleteIfExists(temp);
                    }
                } catch (IOException ignored) {
                    // housekeeping only
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // housekeeping only
        }
    }

    /** Makes the rename itself durable (power loss); not possible on every OS, and not needed for a killed process. */
    private static void forceDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | RuntimeException ignored) {
            // Windows cannot open a directory; the file itself is already on disk
        }
    }

    /** A parse problem as a short phrase with its line, never a stack trace or a Java type name. */
    static String reason(Exception e) {
        String where = "";
        if (e instanceof JsonProcessingException jpe) {
            JsonLocation location = jpe.getLocation();
            if (location != null && location.getLineNr() > 0) {
                where = "line " + location.getLineNr()
                        + (location.getColumnNr() > 0 ? ", column " + location.getColumnNr() : "") + ": ";
            }
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            // not every end-of-input is a JsonEOFException (e.g. after a comma)
            if (t instanceof JsonEOFException || t instanceof JsonProcessingException p
                    && p.getOriginalMessage() != null && p.getOriginalMessage().startsWith("Unexpected end-of-input")) {
                return where + "the file ends in the middle of the data";
            }
        }
        if (e instanceof ValueInstantiationException vie) {
            Throwable cause = vie.getCause();
            String path = path(vie);
            String prefix = path.isEmpty() ? "" : path + ": ";
            if (cause instanceof NullPointerException && cause.getMessage() != null) {
                return where + prefix + cause.getMessage() + " is missing";
            }
            return where + prefix + (cause != null && cause.getMessage() != null ? cause.getMessage() : "a value is not valid");
        }
        if (e instanceof MismatchedInputException mie) {
            String path = path(mie);
            String found = mie instanceof InvalidFormatException ife && ife.getValue() != null
                    ? ", found \"" + ife.getValue() + "\"" : "";
            return where + (path.isEmpty() ? "the file" : path) + " must be " + expected(mie.getTargetType()) + found;
        }
        if (e instanceof JsonProcessingException jpe) {
            return where + "not valid JSON (" + firstLine(jpe.getOriginalMessage()) + ")";
        }
        if (e instanceof CharConversionException) {
            return "not text (it looks like binary data)";
        }
        return where + "not valid JSON (" + firstLine(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")";
    }

    /** What a value of this type looks like in the file, for people. */
    private static String expected(Class<?> type) {
        if (type == null) {
            return "a valid value";
        }
        if (type == String.class || CharSequence.class.isAssignableFrom(type)) {
            return "text";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type.isPrimitive() || Number.class.isAssignableFrom(type)) {
            return "a number";
        }
        if (type.isEnum()) {
            return "one of " + java.util.Arrays.stream(type.getEnumConstants()).map(Object::toString)
                    .collect(Collectors.joining(", "));
        }
        if (type == Instant.class) {
            return "a time like 2025-03-14T09:30:00Z";
        }
        if (type == Duration.class) {
            return "a duration like PT20S";
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "a list";
        }
        return "an object";
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : r.getIndex() >= 0 ? "[" + r.getIndex() + "]" : "?")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    private static String firstLine(String text) {
        if (text == null || text.isBlank()) {
            return "unknown problem";
        }
        String line = text.lines().findFirst().orElse(text).strip();
        int source = line.indexOf(" (start marker at");
        if (source > 0) {
            line = line.substring(0, source);
        }
        line = line.replaceAll("\\s*at \\[Source:.*$", "").replace('`', '\'');
        return line.length() > 160 ? line.substring(0, 157) + "..." : line;
    }

    /** The path for people: {@code ~/.config/orchlab/progress/orchlab.json}. */
    static String display(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        String home = System.getProperty("user.home");
        if (home != null && !home.isBlank()) {
            Path homePath = Path.of(home).toAbsolutePath().normalize();
            if (absolute.startsWith(homePath) && !absolute.equals(homePath)) {
                return "~/" + homePath.relativize(absolute).toString().replace('\\', '/');
            }
        }
        return absolute.toString();
    }

    private static String capitalized(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
