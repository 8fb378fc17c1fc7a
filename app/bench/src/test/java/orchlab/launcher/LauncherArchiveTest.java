package orchlab.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launchers' class-data sharing ({@code app/bin/lib/cds.sh}, sourced by {@code app/bin/lab} and
 * {@code app/bin/orchlab}), run as the launchers run it on a tiny jar: the first run makes the archive, later runs
 * load the program's classes from it, a newer jar gets a new one, and Java 5 class files (as picocli ships them) are
 * served from it too.
 */
class LauncherArchiveTest {
    private static final Path CDS_SH = repoRoot().resolve("app/bin/lib/cds.sh");

    @TempDir
    static Path dir;
    private static Path jar;
    /** A folder whose archive the first run (recording) made. */
    private static Path warm;
    private static Result recording;

    @BeforeAll
    static void buildTinyJar() throws Exception {
        Path src = dir.resolve("src");
        Path classes = dir.resolve("classes");
        Files.createDirectories(src.resolve("tiny"));
        Files.createDirectories(classes);
        Files.writeString(src.resolve("tiny/Main.java"), """
                package tiny;
                public class Main {
                    public static void main(String[] args) {
                        System.out.println("hello " + String.join(",", args) + " " + Old.greeting());
                        System.exit(args.length > 0 && args[0].equals("fail") ? 3 : 0);
                    }
                }
                """);
        Files.writeString(src.resolve("tiny/Old.java"), """
                package tiny;
                public class Old {
                    public static String greeting() { return "from old"; }
                }
                """);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int rc = javac.run(null, null, null, "--release", "8", "-d", classes.toString(),
                src.resolve("tiny/Main.java").toString(), src.resolve("tiny/Old.java").toString());
        assertThat(rc).isZero();
        // tiny.Old as a Java 5 class file (major version 49), the kind picocli ships and JDK 17's dynamic archive
        // (-XX:ArchiveClassesAtExit) refuses to hold; its code is straight-line, so it has no stack maps to drop
        Path old = classes.resolve("tiny/Old.class");
        byte[] bytes = Files.readAllBytes(old);
        bytes[6] = 0;
        bytes[7] = 49;
        Files.write(old, bytes);
        jar = dir.resolve("app/tiny.jar");
        Files.createDirectories(jar.getParent());
        writeJar(classes);
        warm = fresh("warm");
        recording = launch(warm, Map.of(), "fail", "b");
    }

    @Test
    void firstRunRunsTheProgramKeepsItsExitCodeAndLeavesAnArchiveForTheCommand() throws Exception {
        assertThat(recording.out).contains("hello fail,b from old");
        assertThat(recording.exit).isEqualTo(3);
        assertThat(archives(warm)).hasSize(1).allSatisfy(a -> assertThat(a.getFileName().toString()).endsWith("-check.jsa"));
        // nothing half-made is left next to the jar
        try (Stream<Path> files = Files.list(warm)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .noneMatch(n -> n.endsWith(".tmp") || n.endsWith(".classlist") || n.endsWith(".err"));
        }
    }

    @Test
    void laterRunsLoadTheProgramAndItsJava5ClassesFromTheArchive() throws Exception {
        Result run = launch(warm, Map.of("JDK_JAVA_OPTIONS", "-Xlog:class+load=info"), "fail", "again");
        assertThat(run.out).contains("hello fail,again from old");
        assertThat(run.exit).isEqualTo(3);
        assertThat(run.out).containsPattern("tiny\\.Main source: shared objects file");
        assertThat(run.out).containsPattern("tiny\\.Old source: shared objects file");
    }

    @Test
    void aNewerJarGetsANewArchive() throws Exception {
        Path jsaDir = fresh("refresh");
        launch(jsaDir, Map.of(), "one");
        Path archive = archives(jsaDir).get(0);
        Path copy = jsaDir.resolve("tiny.jar");
        // the jar was rebuilt after the archive was made: the archive is older than the jar
        Files.setLastModifiedTime(archive, FileTime.fromMillis(Files.getLastModifiedTime(copy).toMillis() - 10_000));
        Result run = launch(jsaDir, Map.of("JDK_JAVA_OPTIONS", "-Xlog:class+load=info"), "two");
        assertThat(run.out).contains("hello two");
        // that run loaded from the jar (the old archive was not used) and left a new archive, newer than the jar
        assertThat(run.out).containsPattern("tiny\\.Main source: (file|jar)");
        assertThat(archives(jsaDir)).hasSize(1);
        assertThat(Files.getLastModifiedTime(archives(jsaDir).get(0))).isGreaterThan(Files.getLastModifiedTime(copy));
        assertThat(launch(jsaDir, Map.of("JDK_JAVA_OPTIONS", "-Xlog:class+load=info"), "three").out)
                .containsPattern("tiny\\.Main source: shared objects file");
    }

    @Test
    void whileAnotherLauncherMakesTheArchiveTheProgramRunsWithoutOne() throws Exception {
        Path jsaDir = fresh("locked");
        // as if another launcher were dumping this archive right now: no archive yet, its lock held
        Files.createDirectory(jsaDir.resolve(archives(warm).get(0).getFileName() + ".lock"));
        Result run = launch(jsaDir, Map.of("JDK_JAVA_OPTIONS", "-Xlog:class+load=info"), "two");
        assertThat(run.out).contains("hello two").containsPattern("tiny\\.Main source: (file|jar)");
        // it neither recorded nor made an archive of its own
        assertThat(archives(jsaDir)).isEmpty();
        try (Stream<Path> files = Files.list(jsaDir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".classlist"));
        }
    }

    @Test
    void noArchiveWhenTurnedOff() throws Exception {
        Path jsaDir = fresh("off");
        Result run = launch(jsaDir, Map.of("ORCHLAB_CDS", "0"), "plain");
        assertThat(run.out).contains("hello plain");
        assertThat(archives(jsaDir)).isEmpty();
    }

    @Test
    void aMissingJavaIsOneLineNamingWhatToInstall() throws Exception {
        Path jsaDir = fresh("nojava");
        Result run = launch(jsaDir, Map.of("ORCHLAB_JAVA", ""), Map.of("PATH", "/nonexistent"), "x");
        assertThat(run.exit).isEqualTo(2);
        assertThat(run.out.strip()).isEqualTo("OrchLab needs Java 17 or newer: sudo apt-get install openjdk-17-jdk");
    }

    // --- helpers

    private record Result(int exit, String out) {
    }

    /** A folder of its own with a copy of the jar: archives are written next to the jar. */
    private static Path fresh(String name) throws IOException {
        Path d = dir.resolve(name);
        Files.createDirectories(d);
        Files.copy(jar, d.resolve("tiny.jar"));
        return d;
    }

    private static List<Path> archives(Path d) throws IOException {
        try (Stream<Path> files = Files.list(d)) {
            return files.filter(p -> p.toString().endsWith(".jsa")).toList();
        }
    }

    private static Result launch(Path jsaDir, Map<String, String> env, String... args) throws Exception {
        return launch(jsaDir, env, Map.of(), args);
    }

    private static Result launch(Path jsaDir, Map<String, String> env, Map<String, String> override, String... args)
            throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String script = ". \"$1\"; shift; CDS_TAG=check cds_run \"$@\"";
        List<String> command = new java.util.ArrayList<>(List.of("bash", "-c", script, "launch", CDS_SH.toString(),
                jsaDir.resolve("tiny.jar").toString(), "-XX:+UseSerialGC", "--"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().remove("JDK_JAVA_OPTIONS");
        pb.environment().put("ORCHLAB_JAVA", java);
        // the launcher makes the archive in the background; this waits for it, so each run sees the one before
        pb.environment().put("ORCHLAB_CDS_WAIT", "1");
        pb.environment().putAll(env);
        if (!override.isEmpty()) {
            // PATH without java: bash itself is found by its absolute path above
            command.set(0, "/bin/bash");
            pb.command(command);
            pb.environment().putAll(override);
        }
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("the launcher finished").isTrue();
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    private static void writeJar(Path classes) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "tiny.Main");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest)) {
            for (String name : List.of("tiny/Main.class", "tiny/Old.class")) {
                out.putNextEntry(new JarEntry(name));
                out.write(Files.readAllBytes(classes.resolve(name)));
                out.closeEntry();
            }
        }
    }

    private static Path repoRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isRegularFile(p.resolve("app/bin/lib/cds.sh"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("app/bin/lib/cds.sh not found above " + Path.of("").toAbsolutePath());
        }
        return p;
    }
}
