package orchlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import orchlab.engine.LabDirs;
import orchlab.engine.check.CheckReport;
import orchlab.engine.check.CheckResult;
import orchlab.engine.check.FieldFailure;
import orchlab.engine.progress.ProgressStore;
import orchlab.testkit.Repo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import picocli.CommandLine;

class ProgressCommandTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-14T10:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path home;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int lab(String... args) {
        CliContext context = new CliContext() {
            @Override
            public LabDirs dirs() {
                return LabDirs.under(home);
            }

            @Override
            public Path defaultCourse() {
                return Repo.root();
            }

            @Override
            public Clock clock() {
                return CLOCK;
            }
        };
        CommandLine cl = LabCommand.commandLine(context);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    private void storeProgress() throws Exception {
        CheckReport failing = new CheckReport("k8s-deployment", List.of(new CheckResult.Failed("replicas", "three replicas",
                "Deployment k8s-deployment/my-app", "Deployment web has 2 replicas, not 3",
                List.of(FieldFailure.different("spec.replicas", "3", "2")), "Scale it.", Duration.ofSeconds(5),
                Duration.ofSeconds(5), "", List.of())));
        ProgressStore store = new ProgressStore(LabDirs.under(home).progress(), CLOCK);
        store.recordCheck("orchlab", failing);
        store.recordCheck("orchlab", failing);
    }

    @Test
    void exportPrintsTheStoredProgressAsJson() throws Exception {
        storeProgress();

        int exit = lab("progress", "export", "--learner", "alice");

        assertThat(exit).isZero();
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(json.get("learner").asText()).isEqualTo("alice");
        assertThat(json.at("/course/id").asText()).isEqualTo("orchlab");
        assertThat(json.get("exportedAt").asText()).isEqualTo("2025-03-14T10:00:00Z");
        JsonNode deploy = null;
        for (JsonNode e : json.get("exercises")) {
            if (e.get("id").asText().equals("k8s-deployment")) {
                deploy = e;
            }
        }
        assertThat(deploy).isNotNull();
        assertThat(deploy.get("status").asText()).isEqualTo("attempted");
        assertThat(deploy.get("attempts").asInt()).isEqualTo(2);
        assertThat(json.at("/summary/exercises").asInt()).isEqualTo(json.get("exercises").size());
    }

    @Test
    void exportWritesJUnitXmlToAFile() throws Exception {
        storeProgress();
        Path file = home.resolve("out/alice.xml");

        int exit = lab("progress", "export", "-o", "junit", "--out", file.toString(), "--learner", "alice");

        assertThat(exit).isZero();
        assertThat(out.toString()).startsWith("Wrote the progress of alice in course orchlab (0 of ")
                .contains("exercises done) to " + file);
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
        Element deploy = null;
        for (int i = 0; i < doc.getElementsByTagName("testsuite").getLength(); i++) {
            Element suite = (Element) doc.getElementsByTagName("testsuite").item(i);
            if (suite.getAttribute("name").equals("k8s-deployment")) {
                deploy = suite;
            }
        }
        assertThat(deploy).isNotNull();
        assertThat(deploy.getElementsByTagName("failure").item(0).getTextContent())
                .contains("spec.replicas: expected 3, found 2");
    }

    @Test
    void exportWithoutStoredProgressSaysSoAndExportsEverythingNotStarted() throws Exception {
        int exit = lab("progress", "export");

        assertThat(exit).isZero();
        assertThat(err.toString()).contains("No progress is stored for course orchlab yet (" + home.resolve("config/progress/orchlab.json") + ")");
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(json.at("/summary/done").asInt()).isZero();
        assertThat(json.get("exercises")).allSatisfy(e -> assertThat(e.get("status").asText()).isEqualTo("not_started"));
    }

    @Test
    void aCorruptProgressFileIsNamedAndLeftInPlace() throws Exception {
        Path file = home.resolve("config/progress/orchlab.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{\"courseId\": ");

        int exit = lab("progress", "export");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("lab: Progress file " + file + " could not be read (line 1, column 14: "
                + "the file ends in the middle of the data). Start the app once:");
        assertThat(file).hasContent("{\"courseId\": ");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void anUnknownFormatIsAUsageError() {
        int exit = lab("progress", "export", "-o", "xml");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("lab: -o must be json or junit, not 'xml'");
    }

    @Test
    void exportRefusesToReplaceAFolderOrALinkAndSaysHowToInsist() throws Exception {
        storeProgress();
        Path folder = Files.createDirectory(home.resolve("out-folder"));
        assertThat(lab("progress", "export", "--out", folder.toString())).isEqualTo(2);
        assertThat(err.toString()).contains(folder + " is a folder, not a regular file").contains("--force");
        assertThat(folder).isDirectory();

        Path target = Files.writeString(home.resolve("precious.txt"), "keep me");
        Path link = Files.createSymbolicLink(home.resolve("link.json"), target);
        assertThat(lab("progress", "export", "--out", link.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("is a symbolic link");
        assertThat(Files.readString(target)).isEqualTo("keep me");
    }

    @Test
    void exportRefusesADeviceEvenThoughItCouldBeOpened() throws Exception {
        storeProgress();
        Path device = Path.of("/dev/null");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(device), "no /dev/null on this system");
        assertThat(lab("progress", "export", "--out", device.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("/dev/null is a device, FIFO or socket");
    }

    @Test
    void exportReplacesItsOwnEarlierFile() throws Exception {
        storeProgress();
        Path file = home.resolve("progress.json");
        assertThat(lab("progress", "export", "--out", file.toString())).isZero();
        assertThat(lab("progress", "export", "--out", file.toString())).isZero();
        try (var files = Files.list(home)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    @Test
    void aProgressFileThatIsAFifoIsRefusedInsteadOfHangingTheExport() throws Exception {
        Path progressDir = LabDirs.under(home).progress();
        Files.createDirectories(progressDir);
        Path fifo = new ProgressStore(progressDir, CLOCK).fileOf("orchlab");
        Process mkfifo;
        try {
            mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        } catch (java.io.IOException e) {
            org.junit.jupiter.api.Assumptions.abort("mkfifo is not available: " + e.getMessage());
            return;
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(mkfifo.waitFor() == 0, "mkfifo failed here");
        int exit = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(60),
                () -> lab("progress", "export"));
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("not a regular file");
    }
}
