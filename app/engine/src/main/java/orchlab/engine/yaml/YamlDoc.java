package orchlab.engine.yaml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.StringReader;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A YAML document read into a Jackson tree that still knows where every value came from.
 *
 * <p>SnakeYAML's composer (the parser Jackson's YAML module uses) keeps a start mark on every
 * node; we keep those marks keyed by JSON pointer, so a problem found while validating the tree
 * can be reported as {@code file:line:column}. Documents are composed with safe limits: no custom
 * tags, a bounded number of aliases and a bounded size, so a hostile pack cannot blow up memory.
 */
public final class YamlDoc {
    /** The largest document we parse (characters). Larger files are rejected before parsing. */
    public static final int MAX_CODE_POINTS = 3 * 1024 * 1024;
    /** Nesting depth limit (mappings and sequences inside each other). */
    public static final int MAX_DEPTH = 100;
    /**
     * How many values aliases may add when they are expanded (a value reached through {@code *alias} counts
     * again each time). Real manifests use a handful; the "billion laughs" fan-out needs millions.
     */
    public static final int MAX_ALIAS_EXPANSION = 10_000;
    /** Values in one file after expansion. A 3 MB manifest stream holds far fewer. */
    public static final int MAX_NODES = 500_000;

    private final String file;
    private final JsonNode root;
    private final Map<String, Location> locations;
    private final List<String> duplicateKeys;

    private YamlDoc(String file, JsonNode root, Map<String, Location> locations, List<String> duplicateKeys) {
        this.file = file;
        this.root = root;
        this.locations = locations;
        this.duplicateKeys = duplicateKeys;
    }

    /** Parses exactly one document; a stream with several documents is an error. */
    public static YamlDoc parse(String file, String text) throws YamlSyntaxException {
        List<YamlDoc> docs = parseAll(file, text);
        if (docs.size() > 1) {
            throw new YamlSyntaxException(new Location(file, 0, 0),
                    "expected one YAML document but found " + docs.size() + " (separated by ---)");
        }
        if (docs.isEmpty()) {
            return new YamlDoc(file, JsonNodeFactory.instance.nullNode(), Map.of("", new Location(file, 1, 1)), List.of());
        }
        return docs.get(0);
    }

    /** Parses a multi-document stream ({@code ---} separated), skipping empty documents. */
    public static List<YamlDoc> parseAll(String file, String text) throws YamlSyntaxException {
        if (text.length() > MAX_CODE_POINTS) {
            throw new YamlSyntaxException(new Location(file, 0, 0),
                    "file is too large to be YAML read by the lab (" + text.length() + " characters, limit " + MAX_CODE_POINTS + ")");
        }
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(50);
        options.setAllowRecursiveKeys(false);
        options.setNestingDepthLimit(MAX_DEPTH);
        options.setCodePointLimit(MAX_CODE_POINTS);
        options.setProcessComments(false);
        Yaml yaml = new Yaml(options);
        List<YamlDoc> docs = new ArrayList<>();
        Budget budget = new Budget(file);
        try {
            for (Node node : yaml.composeAll(new StringReader(text))) {
                if (node == null) {
                    continue;
                }
                Map<String, Location> locations = new HashMap<>();
                List<String> duplicates = new ArrayList<>();
                JsonNode tree = convert(file, node, "", locations, duplicates, 0, budget);
                if (tree.isNull() && node instanceof ScalarNode s && s.getValue().isEmpty()) {
                    continue;
                }
                docs.add(new YamlDoc(file, tree, locations, duplicates));
            }
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            Location where = mark == null ? new Location(file, 0, 0) : new Location(file, mark.getLine() + 1, mark.getColumn() + 1);
            String problem = e.getProblem() == null ? e.getMessage() : e.getProblem();
            if (e.getContext() != null) {
                problem = e.getContext() + ": " + problem;
            }
            throw new YamlSyntaxException(where, "invalid YAML: " + oneLine(problem));
        } catch (YAMLException | IllegalArgumentException e) {
            if (String.valueOf(e.getMessage()).startsWith("Number of aliases for non-scalar nodes exceeds")) {
                throw new YamlSyntaxException(aliasOverLimit(file, text, options), "YAML has more than " + options.getMaxAliasesForCollections()
                        + " aliases of lists or maps (the lab's limit; this is the first one over it) — write the values out,"
                        + " or use fewer aliases");
            }
            throw new YamlSyntaxException(new Location(file, 0, 0), "invalid YAML: " + oneLine(String.valueOf(e.getMessage())));
        } catch (StackOverflowError e) {
            throw new YamlSyntaxException(new Location(file, 0, 0), "invalid YAML: nested too deeply");
        }
        return docs;
    }

    /**
     * Counts values while the composed nodes are turned into a tree. SnakeYAML shares one node between an
     * anchor and all its aliases, so a value seen a second time was reached through an alias: that is the
     * expansion the alias limit of the composer does not bound.
     */
    private static final class Budget {
        private final String file;
        private final java.util.Set<Node> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        private int nodes;
        private int expanded;

        Budget(String file) {
            this.file = file;
        }

        void count(Node node) throws YamlSyntaxException {
            nodes++;
            if (!seen.add(node)) {
                expanded++;
                if (expanded > MAX_ALIAS_EXPANSION) {
                    throw new YamlSyntaxException(at(node), "YAML aliases expand to more than " + MAX_ALIAS_EXPANSION
                            + " values (the value anchored here is repeated through aliases too often)"
                            + " — write the values out, or use fewer aliases");
                }
            }
            if (nodes > MAX_NODES) {
                throw new YamlSyntaxException(at(node), "the file holds more than " + MAX_NODES
                        + " YAML values, more than the lab reads — split it or remove generated content");
            }
        }

        private Location at(Node node) {
            Mark mark = node.getStartMark();
            return mark == null ? new Location(file, 0, 0) : new Location(file, mark.getLine() + 1, mark.getColumn() + 1);
        }
    }

    private static String oneLine(String text) {
        return text.replaceAll("\\s+", " ").trim();
    }

    private static JsonNode convert(String file, Node node, String pointer, Map<String, Location> locations,
                                    List<String> duplicates, int depth, Budget budget) throws YamlSyntaxException {
        budget.count(node);
        Mark mark = node.getStartMark();
        if (depth > MAX_DEPTH) {
            throw new YamlSyntaxException(mark == null ? new Location(file, 0, 0) : new Location(file, mark.getLine() + 1, mark.getColumn() + 1),
                    "values are nested more than " + MAX_DEPTH + " levels deep — the lab reads at most " + MAX_DEPTH);
        }
        locations.put(pointer, mark == null ? new Location(file, 0, 0) : new Location(file, mark.getLine() + 1, mark.getColumn() + 1));
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (node instanceof MappingNode map) {
            ObjectNode obj = f.objectNode();
            for (NodeTuple tuple : map.getValue()) {
                Node keyNode = tuple.getKeyNode();
                String key = keyNode instanceof ScalarNode s ? s.getValue() : "<complex key>";
                String childPointer = pointer + "/" + escape(key);
                if (obj.has(key)) {
                    duplicates.add(childPointer);
                }
                Mark keyMark = keyNode.getStartMark();
                obj.set(key, convert(file, tuple.getValueNode(), childPointer, locations, duplicates, depth + 1, budget));
                if (keyMark != null) {
                    // report key problems at the key, value problems at the value
                    locations.put("key:" + childPointer, new Location(file, keyMark.getLine() + 1, keyMark.getColumn() + 1));
                }
            }
            return obj;
        }
        if (node instanceof SequenceNode seq) {
            ArrayNode arr = f.arrayNode();
            int i = 0;
            for (Node item : seq.getValue()) {
                arr.add(convert(file, item, pointer + "/" + i, locations, duplicates, depth + 1, budget));
                i++;
            }
            return arr;
        }
        ScalarNode scalar = (ScalarNode) node;
        String value = scalar.getValue();
        Tag tag = scalar.getTag();
        if (Tag.NULL.equals(tag)) {
            return f.nullNode();
        }
        if (Tag.BOOL.equals(tag)) {
            String v = value.toLowerCase(java.util.Locale.ROOT);
            return f.booleanNode(v.equals("true") || v.equals("yes") || v.equals("on") || v.equals("y"));
        }
        if (Tag.INT.equals(tag)) {
            String digits = value.replace("_", "");
            try {
                return f.numberNode(Long.parseLong(digits));
            } catch (NumberFormatException e) {
                try {
                    return f.numberNode(new BigInteger(digits));
                } catch (NumberFormatException e2) {
                    return f.textNode(value);
                }
            }
        }
        if (Tag.FLOAT.equals(tag)) {
            try {
                return f.numberNode(Double.parseDouble(value.replace("_", "")));
            } catch (NumberFormatException e) {
                return f.textNode(value);
            }
        }
        return f.textNode(value);
    }

    private static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }

    /** JSON pointer for a child key of {@code parent}. */
    /**
     * Where SnakeYAML's alias limit was passed (its exception has no mark): the events are read again, without
     * building anything, counting aliases of anchored lists and maps as SnakeYAML's composer does.
     */
    private static Location aliasOverLimit(String file, String text, LoaderOptions options) {
        java.util.Set<String> collections = new java.util.HashSet<>();
        int count = 0;
        try {
            for (org.yaml.snakeyaml.events.Event event : new Yaml(options).parse(new StringReader(text))) {
                if (event instanceof org.yaml.snakeyaml.events.CollectionStartEvent start && start.getAnchor() != null) {
                    collections.add(start.getAnchor());
                } else if (event instanceof org.yaml.snakeyaml.events.AliasEvent alias && collections.contains(alias.getAnchor())
                        && ++count > options.getMaxAliasesForCollections()) {
                    Mark mark = alias.getStartMark();
                    return mark == null ? new Location(file, 0, 0) : new Location(file, mark.getLine() + 1, mark.getColumn() + 1);
                }
            }
        } catch (YAMLException e) {
            // the text was read once already; fall back to the file
        }
        return new Location(file, 0, 0);
    }

    public static String child(String parent, String key) {
        return parent + "/" + escape(key);
    }

    public static String child(String parent, int index) {
        return parent + "/" + index;
    }

    public String file() {
        return file;
    }

    public JsonNode root() {
        return root;
    }

    /** Where the value at {@code pointer} starts; falls back to the nearest located ancestor. */
    public Location locate(String pointer) {
        String p = pointer;
        while (true) {
            Location loc = locations.get(p);
            if (loc != null) {
                return loc;
            }
            if (p.isEmpty()) {
                return new Location(file, 0, 0);
            }
            int slash = p.lastIndexOf('/');
            p = slash <= 0 ? "" : p.substring(0, slash);
        }
    }

    /** Where the key naming {@code pointer} is written (for "unknown key" problems). */
    public Location locateKey(String pointer) {
        return Optional.ofNullable(locations.get("key:" + pointer)).orElseGet(() -> locate(pointer));
    }

    /** JSON pointers of keys that appear twice in the same mapping (the later one wins in {@link #root()}). */
    public List<String> duplicateKeys() {
        return duplicateKeys;
    }
}
