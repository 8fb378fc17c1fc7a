package orchlab.sim.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import orchlab.engine.course.Suggestions;
import orchlab.sim.admission.ImageReference;
import orchlab.sim.api.Json;

/**
 * The simulated image registry: which images and tags exist and what their default process does. The built-in
 * catalogue is the data file {@code orchlab/sim/registry/images.yaml}; a course pack or the sim setting
 * {@code images} adds files in the same format (their tags are added to a repository's, other fields replace).
 *
 * <p>Pull rules: an untagged reference means {@code :latest}. A repository of the catalogue must have the tag
 * (else {@code not found}, as containerd reports it). A Docker Hub repository that is not in the catalogue but
 * differs from one by a typo ({@code ngnix}) does not exist ({@code pull access denied}). Any other repository —
 * the learner's own images, private registries — cannot be known here: it is pulled as a generic image, unless the
 * setting {@code unknownImages=fail} asks for the strict rule (then it does not exist either).
 */
public final class ImageCatalog {

    private final java.util.function.Supplier<Map<String, ImageInfo>> source;
    private volatile Map<String, ImageInfo> images;
    private final boolean unknownImagesFail;

    private ImageCatalog(Map<String, ImageInfo> images, boolean unknownImagesFail) {
        this.source = () -> images;
        this.images = images;
        this.unknownImagesFail = unknownImagesFail;
    }

    /** A catalogue read on its first question (the built-in one: the sim starts without parsing YAML). */
    private ImageCatalog(java.util.function.Supplier<Map<String, ImageInfo>> source, boolean unknownImagesFail) {
        this.source = source;
        this.unknownImagesFail = unknownImagesFail;
    }

    private Map<String, ImageInfo> images() {
        Map<String, ImageInfo> read = images;
        if (read == null) {
            read = source.get();
            images = read;
        }
        return read;
    }

    /** The outcome of a pull: the image (empty for a generic one) and its full reference, or the runtime's error. */
    public sealed interface Pull permits Pulled, Failed {
    }

    public record Pulled(Optional<ImageInfo> image, String reference) implements Pull {
    }

    public record Failed(String message) implements Pull {
    }

    public static ImageCatalog builtIn() {
        return Loader.BUILT_IN;
    }

    /**
     * The built-in catalogue with the entries of {@code files} added (see {@link #with}); without files the built-in
     * catalogue is read when a Pod first pulls an image, not here ({@code builtIn().with(...)} reads it at once).
     */
    public static ImageCatalog builtIn(List<Path> files, boolean unknownImagesFail) {
        if (files.isEmpty()) {
            return new ImageCatalog(() -> Loader.BUILT_IN.images(), unknownImagesFail);
        }
        return builtIn().with(files, unknownImagesFail);
    }

    /** This catalogue with the entries of {@code files} added, and the strict rule for unknown images if asked. */
    public ImageCatalog with(List<Path> files, boolean unknownImagesFail) {
        if (files.isEmpty()) {
            // the built-in catalogue, read when a Pod first pulls an image rather than when the sim starts
            return new ImageCatalog(() -> Loader.BUILT_IN.images(), unknownImagesFail);
        }
        Map<String, ObjectNode> raw = new LinkedHashMap<>(Loader.RAW);
        for (Path file : files) {
            String text;
            try {
                text = Files.readString(file);
            } catch (IOException e) {
                throw new IllegalArgumentException("Cannot read the image catalogue " + file + ": " + e.getMessage()
                        + " — check the path in the sim setting images.");
            }
            merge(raw, Loader.entries(text, file.toString()));
        }
        return new ImageCatalog(Loader.parse(raw), unknownImagesFail);
    }

    /** Reads a catalogue file's text (the pack validator's entry point): a one-line message on the first problem. */
    public static void validate(String text, String source) {
        Loader.parse(Loader.entries(text, source));
    }

    public Optional<ImageInfo> find(String image) {
        return Optional.ofNullable(images().get(key(image)));
    }

    public Pull pull(String image) {
        String full = fullReference(image);
        String tag = ImageReference.tag(image);
        boolean digest = image.contains("@");
        ImageInfo info = images().get(key(image));
        if (info != null) {
            if (digest || info.hasTag(tag == null ? "latest" : tag)) {
                return new Pulled(Optional.of(info), full);
            }
            return new Failed("rpc error: code = NotFound desc = failed to pull and unpack image \"" + full
                    + "\": failed to resolve reference \"" + full + "\": " + full + ": not found");
        }
        if (unknownImagesFail || typoOfKnown(key(image))) {
            return new Failed("rpc error: code = Unknown desc = failed to pull and unpack image \"" + full
                    + "\": failed to resolve reference \"" + full + "\": pull access denied, repository does not exist or may "
                    + "require authorization: server message: insufficient_scope: authorization failed");
        }
        return new Pulled(Optional.empty(), full);
    }

    /** {@code docker.io/library/nginx:latest} for {@code nginx}, as containerd names it. */
    public static String fullReference(String image) {
        String digest = image.contains("@") ? image.substring(image.indexOf('@')) : "";
        String tag = ImageReference.tag(image);
        String suffix = digest.isEmpty() ? ":" + (tag == null ? "latest" : tag) : (tag == null ? "" : ":" + tag) + digest;
        return key(image) + suffix;
    }

    /** Registry host and repository path without tag: {@code docker.io/library/nginx}. */
    static String key(String image) {
        String name = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
        String tag = ImageReference.tag(name);
        if (tag != null) {
            name = name.substring(0, name.length() - tag.length() - 1);
        }
        String host = "docker.io";
        int slash = name.indexOf('/');
        if (slash > 0) {
            String first = name.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
                host = first;
                name = name.substring(slash + 1);
            }
        }
        if (host.equals("index.docker.io") || host.equals("registry-1.docker.io")) {
            host = "docker.io";
        }
        if (host.equals("docker.io") && !name.contains("/")) {
            name = "library/" + name;
        }
        return host + "/" + name.toLowerCase(Locale.ROOT);
    }

    private boolean typoOfKnown(String key) {
        int slash = key.lastIndexOf('/');
        String namespace = key.substring(0, slash);
        String name = key.substring(slash + 1);
        if (!key.startsWith("docker.io/") || name.length() < 4) {
            return false;
        }
        for (String known : images().keySet()) {
            int s = known.lastIndexOf('/');
            if (known.substring(0, s).equals(namespace) && Suggestions.distanceWithSwaps(known.substring(s + 1), name) <= 2) {
                return true;
            }
        }
        return false;
    }

    private static void merge(Map<String, ObjectNode> into, Map<String, ObjectNode> entries) {
        entries.forEach((key, entry) -> {
            ObjectNode existing = into.get(key);
            if (existing == null) {
                into.put(key, entry);
                return;
            }
            ObjectNode merged = existing.deepCopy();
            ArrayNode tags = merged.withArray("tags");
            entry.path("tags").forEach(tags::add);
            entry.fields().forEachRemaining(f -> {
                if (!f.getKey().equals("tags")) {
                    merged.set(f.getKey(), f.getValue());
                }
            });
            into.put(key, merged);
        });
    }

    private static final class Loader {
        static final Map<String, ObjectNode> RAW = builtInEntries();
        static final ImageCatalog BUILT_IN = new ImageCatalog(parse(RAW), false);

        private static Map<String, ObjectNode> builtInEntries() {
            try (InputStream in = ImageCatalog.class.getResourceAsStream("images.yaml")) {
                return entries(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8), "images.yaml (built in)");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        static Map<String, ObjectNode> entries(String text, String source) {
            JsonNode root;
            try {
                root = Json.YAML.readTree(text);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalArgumentException(source + ": not valid YAML (" + e.getOriginalMessage()
                        + ") — see the image catalogue format in course-format.md.");
            }
            if (root == null || !root.path("images").isArray()) {
                throw new IllegalArgumentException(source + ": expected a list under 'images:' — see the image catalogue "
                        + "format in course-format.md.");
            }
            Map<String, ObjectNode> entries = new LinkedHashMap<>();
            int index = 0;
            for (JsonNode entry : root.path("images")) {
                String repository = entry.path("repository").asText("");
                if (!entry.isObject() || repository.isEmpty() || !ImageReference.valid(repository)) {
                    throw new IllegalArgumentException(source + ": images[" + index + "] needs a valid 'repository' "
                            + "(like nginx or registry.example.com/team/app), found '" + repository + "'.");
                }
                ObjectNode copy = entry.deepCopy();
                copy.put("source", source + " images[" + index + "]");
                entries.put(key(repository), copy);
                index++;
            }
            return entries;
        }

        static Map<String, ImageInfo> parse(Map<String, ObjectNode> raw) {
            Map<String, ImageInfo> parsed = new LinkedHashMap<>();
            raw.forEach((key, e) -> parsed.put(key, info(e)));
            return Map.copyOf(parsed);
        }

        private static ImageInfo info(JsonNode e) {
            String source = e.path("source").asText();
            List<Pattern> tags = new ArrayList<>();
            for (JsonNode t : e.path("tags")) {
                try {
                    tags.add(Pattern.compile(t.asText()));
                } catch (PatternSyntaxException ex) {
                    throw new IllegalArgumentException(source + ": tag pattern '" + t.asText() + "' is not a regular expression ("
                            + ex.getDescription() + ").");
                }
            }
            Optional<ImageInfo.RequiredEnv> requires = Optional.empty();
            if (e.has("requiresEnv")) {
                JsonNode r = e.path("requiresEnv");
                requires = Optional.of(new ImageInfo.RequiredEnv(strings(r.path("anyOf")), r.path("exitCode").asInt(1), strings(r.path("log"))));
            }
            Optional<ImageInfo.Exit> exits = e.has("exits")
                    ? Optional.of(new ImageInfo.Exit(e.path("exits").path("exitCode").asInt(0), strings(e.path("exits").path("log"))))
                    : Optional.empty();
            List<Integer> ports = new ArrayList<>();
            for (JsonNode p : e.path("ports")) {
                if (!p.canConvertToInt()) {
                    throw new IllegalArgumentException(source + ": ports must be numbers, found '" + p.asText() + "'.");
                }
                ports.add(p.asInt());
            }
            Optional<ImageInfo.Http> http = Optional.empty();
            if (e.has("http")) {
                List<ImageInfo.Route> routes = new ArrayList<>();
                for (JsonNode r : e.path("http").path("routes")) {
                    routes.add(route(r, r.path("path").asText("*")));
                }
                JsonNode otherwise = e.path("http").path("otherwise");
                http = Optional.of(new ImageInfo.Http(routes, otherwise.isObject() ? Optional.of(route(otherwise, "")) : Optional.empty()));
            }
            return new ImageInfo(e.path("repository").asText(), List.copyOf(tags), strings(e.path("entrypoint")), strings(e.path("cmd")),
                    e.path("wrapper").asBoolean(false), e.path("interactive").asBoolean(false), requires, exits, List.copyOf(ports),
                    Optional.ofNullable(e.path("portFlag").textValue()), strings(e.path("log")), http, usage(e.path("usage"), source), source);
        }

        /** {@code usage: {cpu: 1m, memory: 5Mi, cpuPerRequest: 14ms}}; what is left out keeps its default. */
        private static ImageInfo.Usage usage(JsonNode u, String source) {
            ImageInfo.Usage d = ImageInfo.Usage.DEFAULT;
            if (!u.isObject()) {
                return d;
            }
            try {
                long cpu = u.has("cpu") ? orchlab.sim.admission.Quantities.parse(u.path("cpu").asText()).value().movePointRight(3).longValue() : d.idleMilliCores();
                long memory = u.has("memory") ? orchlab.sim.admission.Quantities.parse(u.path("memory").asText()).value().longValue()
                        : d.idleMemoryBytes();
                double perRequest = d.cpuSecondsPerRequest();
                if (u.has("cpuPerRequest")) {
                    String text = u.path("cpuPerRequest").asText();
                    if (!text.endsWith("ms")) {
                        throw new IllegalArgumentException("cpuPerRequest is written in milliseconds, such as 14ms");
                    }
                    perRequest = Double.parseDouble(text.substring(0, text.length() - 2)) / 1000;
                }
                return new ImageInfo.Usage(cpu, memory, perRequest);
            } catch (RuntimeException ex) {
                throw new IllegalArgumentException(source + ": usage " + u + " is not valid (" + ex.getMessage()
                        + "); write it as {cpu: 1m, memory: 5Mi, cpuPerRequest: 14ms}.");
            }
        }

        private static ImageInfo.Route route(JsonNode r, String path) {
            return new ImageInfo.Route(path, r.path("status").asInt(200), r.path("contentType").asText("text/plain"), r.path("body").asText(""));
        }

        private static List<String> strings(JsonNode array) {
            List<String> out = new ArrayList<>();
            array.forEach(n -> out.add(n.asText()));
            return List.copyOf(out);
        }
    }
}
