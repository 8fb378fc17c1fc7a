package orchlab.engine.exercise;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import orchlab.engine.progress.JsonFile;
import orchlab.engine.sandbox.SandboxException;

/**
 * The lab's own record of what it created in one cluster or Docker engine: kind, name and the UID (Kubernetes)
 * or ID (Docker) the server gave the object when the lab created it. Reset deletes from this record only, and
 * only an object whose UID still matches — a label can be put on anything by anyone, a UID cannot be chosen.
 *
 * <p>One JSON file per cluster (keyed by a hash of its API address) under the lab's state folder
 * ({@code LabDirs.state()/created/}), written atomically by {@link JsonFile}.
 */
public final class CreatedObjects {

    /**
     * One object the lab created.
     *
     * @param namespace empty for cluster-scoped objects and Docker objects
     * @param uid       {@code metadata.uid} (Kubernetes) or the object's ID (Docker)
     */
    public record Entry(String exercise, String apiVersion, String kind, String namespace, String name, String uid) {
        public Entry {
            namespace = namespace == null ? "" : namespace;
            apiVersion = apiVersion == null ? "" : apiVersion;
        }

        boolean sameObject(Entry other) {
            return apiVersion.equals(other.apiVersion) && kind.equals(other.kind) && namespace.equals(other.namespace)
                    && name.equals(other.name);
        }
    }

    /** The file's content. */
    public record Stored(List<Entry> objects) {
        public Stored {
            objects = objects == null ? List.of() : List.copyOf(objects);
        }
    }

    private final JsonFile<Stored> file;

    private CreatedObjects(Path path) {
        this.file = new JsonFile<>(path, Stored.class, "record of objects the lab created", "an empty record", Clock.systemDefaultZone());
    }

    /** The record for the cluster or engine reached at {@code address} (API URL, Docker host). */
    public static CreatedObjects of(Path stateDir, String address) {
        return new CreatedObjects(stateDir.resolve("created").resolve(key(address) + ".json"));
    }

    static String key(String address) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(address.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public Path path() {
        return file.file();
    }

    private List<Entry> all() {
        return file.load(() -> new Stored(List.of())).value().objects();
    }

    /** Every object the lab recorded for {@code exercise}. */
    public synchronized List<Entry> of(String exercise) {
        return all().stream().filter(e -> e.exercise().equals(exercise)).toList();
    }

    /** The recorded entry for this object (any exercise), if the lab created it. */
    public synchronized Optional<Entry> find(String apiVersion, String kind, String namespace, String name) {
        Entry probe = new Entry("", apiVersion, kind, namespace, name, "");
        return all().stream().filter(e -> e.sameObject(probe)).findFirst();
    }

    /** Records a created object, replacing an older entry for the same object. */
    public synchronized void add(Entry entry) throws SandboxException {
        List<Entry> next = new ArrayList<>();
        for (Entry e : all()) {
            if (!e.sameObject(entry)) {
                next.add(e);
            }
        }
        next.add(entry);
        write(next);
    }

    /**
     * Records one more exercise as a user of an object the lab created for another (the Istio API several exercises
     * need): entries of other exercises for the same object and UID stay, so Reset of one keeps it for the others;
     * entries with another UID (an object deleted and made again) go.
     */
    public synchronized void share(Entry entry) throws SandboxException {
        List<Entry> next = new ArrayList<>();
        for (Entry e : all()) {
            if (!e.sameObject(entry) || (!e.exercise().equals(entry.exercise()) && e.uid().equals(entry.uid()))) {
                next.add(e);
            }
        }
        next.add(entry);
        write(next);
    }

    /** The other exercises recorded as users of the same object with the same UID ({@link #share}). */
    public synchronized List<String> sharers(Entry entry) {
        return all().stream().filter(e -> e.sameObject(entry) && e.uid().equals(entry.uid())
                && !e.exercise().equals(entry.exercise())).map(Entry::exercise).distinct().toList();
    }

    /** Forgets an object for the entry's exercise (deleted, or no longer the one the lab created). */
    public synchronized void remove(Entry entry) throws SandboxException {
        List<Entry> next = new ArrayList<>(all());
        if (next.removeIf(e -> e.sameObject(entry) && Objects.equals(e.uid(), entry.uid()) && e.exercise().equals(entry.exercise()))) {
            write(next);
        }
    }

    private void write(List<Entry> entries) throws SandboxException {
        try {
            file.write(new Stored(entries));
        } catch (IOException e) {
            throw new SandboxException("cannot write the lab's record of created objects (" + file.file() + "): " + e.getMessage()
                    + " — without it the lab cannot remove these objects again on reset", e);
        }
    }
}
