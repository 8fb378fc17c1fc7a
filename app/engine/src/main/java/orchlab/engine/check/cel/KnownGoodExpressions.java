package orchlab.engine.check.cel;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.CodeSource;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The CEL expressions that compiled before, remembered across processes so that a fresh {@code lab check} or
 * desktop start does not start CEL's compiler for every expression of a course it has already read: an
 * expression found here is compiled on its first evaluation instead of when the course is read. Only successes
 * are remembered, so a wrong expression is still reported at its line every time.
 *
 * <p>One line per expression: the SHA-256 of the CEL and lab build that compiled it (the jars' path, size and
 * time), its variable names and its text. A new build is a new key; an unreadable or foreign file is an empty
 * memory. At most {@value #MAX_ENTRIES} lines (the newest kept).
 */
final class KnownGoodExpressions {
    static final int MAX_ENTRIES = 20_000;

    private final Path file;
    private final String build;
    private final Set<String> known;

    private KnownGoodExpressions(Path file, String build, Set<String> known) {
        this.file = file;
        this.build = build;
        this.known = known;
    }

    /** The memory kept in {@code file}, for the build that runs now. */
    static KnownGoodExpressions in(Path file) {
        Set<String> known = new LinkedHashSet<>();
        try {
            if (Files.isRegularFile(file)) {
                for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
                    if (line.length() == 64) {
                        known.add(line);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            known.clear(); // a cache: unreadable means empty
        }
        return new KnownGoodExpressions(file, buildOf(dev.cel.compiler.CelCompilerFactory.class) + "|"
                + buildOf(CelExpression.class), known);
    }

    synchronized boolean contains(String expression, List<String> variables) {
        return known.contains(key(expression, variables));
    }

    /** Remembers a compiled expression; a file that cannot be written is left as it is. */
    synchronized void add(String expression, List<String> variables) {
        if (!known.add(key(expression, variables))) {
            return;
        }
        while (known.size() > MAX_ENTRIES) {
            known.remove(known.iterator().next());
        }
        try {
            Files.createDirectories(file.getParent());
            Path temp = Files.createTempFile(file.getParent(), ".cel-known-good", ".tmp");
            try {
                Files.write(temp, new ArrayList<>(known), StandardCharsets.US_ASCII);
                try {
                    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException | RuntimeException e) {
            // a cache: the next process compiles again
        }
    }

    private String key(String expression, List<String> variables) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(build.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(String.join(",", variables).getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(expression.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Where a class was loaded from, with the size and time of that jar or class file. */
    private static String buildOf(Class<?> type) {
        try {
            CodeSource source = type.getProtectionDomain().getCodeSource();
            if (source == null || source.getLocation() == null) {
                return type.getName();
            }
            Path path = Path.of(source.getLocation().toURI());
            if (Files.isDirectory(path)) {
                path = path.resolve(type.getName().replace('.', '/') + ".class");
            }
            return path + ":" + Files.size(path) + ":" + Files.getLastModifiedTime(path).toMillis();
        } catch (IOException | URISyntaxException | RuntimeException e) {
            return type.getName() + ":unknown";
        }
    }
}
