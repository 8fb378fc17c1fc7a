package orchlab.engine.progress;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class ProgressExportTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-14T10:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private final ProgressExport export = new ProgressExport("alice", CLOCK);

    /** k8s-deployment failed then passed then failed (done), k8s-service failed once, scale-web never checked, old-one not in the course. */
    private static CourseProgress progress() {
        return CourseProgress.fresh("orchlab", Instant.parse("2025-03-14T08:00:00Z"))
                .withCheck(Reports.failing("k8s-deployment"), Instant.parse("2025-03-14T08:10:00Z"))
                .withCheck(Reports.passing("k8s-deployment"), Instant.parse("2025-03-14T08:20:00Z"))
                .withCheck(Reports.failing("k8s-deployment"), Instant.parse("2025-03-14T08:30:00Z"))
                .withCheck(Reports.failing("k8s-service"), Instant.parse("2025-03-14T08:40:00Z"))
                .withCheck(Reports.passing("old-one"), Instant.parse("2025-03-14T08:50:00Z"));
    }

    @Test
    void jsonListsEveryExerciseOfTheCourseWithStatusAttemptsScoreAndTimes() throws Exception {
        Path out = dir.resolve("progress.json");

        export.exportJson(progress(), Reports.course(), out);

        JsonNode json = JsonFile.mapper().readTree(out.toFile());
        assertThat(json.get("format").asText()).isEqualTo("orchlab-progress-export/1");
        assertThat(json.get("learner").asText()).isEqualTo("alice");
        assertThat(json.get("exportedAt").asText()).isEqualTo("2025-03-14T10:00:00Z");
        assertThat(json.at("/course/id").asText()).isEqualTo("orchlab");
        assertThat(json.at("/course/version").asText()).isEqualTo("0.1.0");
        assertThat(json.get("updated").asText()).isEqualTo("2025-03-14T08:50:00Z");
        assertThat(json.get("exercises")).extracting(e -> e.get("id").asText())
                .containsExactly("k8s-deployment", "scale-web", "k8s-service", "old-one");

        JsonNode deploy = json.at("/exercises/0");
        assertThat(deploy.get("title").asText()).isEqualTo("Title of k8s-deployment");
        assertThat(deploy.get("lesson").asText()).isEqualTo("deployments");
        assertThat(deploy.get("status").asText()).isEqualTo("done");
        assertThat(deploy.get("attempts").asInt()).isEqualTo(3);
        assertThat(deploy.get("lastChecked").asText()).isEqualTo("2025-03-14T08:30:00Z");
        assertThat(deploy.get("doneAt").asText()).isEqualTo("2025-03-14T08:20:00Z");
        assertThat(deploy.at("/score/passed").asInt()).isEqualTo(1);
        assertThat(deploy.at("/score/total").asInt()).isEqualTo(3);
        assertThat(deploy.at("/lastReport/checks/0/failures/0/expected").asText()).isEqualTo("3");
        assertThat(deploy.at("/lastReport/checks/0/failures/0/actual").asText()).isEqualTo("2");
        assertThat(deploy.at("/lastReport/checks/0/waitedMillis").asLong()).isEqualTo(20_000);
    }

    @Test
    void jsonShowsUncheckedExercisesAsNotStartedAndRemovedOnesAsNotInTheCourse() throws Exception {
        JsonNode json = export.toJson(progress(), Reports.course());

        JsonNode scale = json.at("/exercises/1");
        assertThat(scale.get("status").asText()).isEqualTo("not_started");
        assertThat(scale.get("attempts").asInt()).isZero();
        assertThat(scale.get("lastChecked").isNull()).isTrue();
        assertThat(scale.get("score").isNull()).isTrue();
        assertThat(scale.get("lastReport").isNull()).isTrue();
        assertThat(json.at("/exercises/2/status").asText()).isEqualTo("attempted");
        assertThat(json.at("/exercises/3/inCourse").asBoolean()).isFalse();
        assertThat(json.at("/exercises/3/title").isNull()).isTrue();
        assertThat(json.at("/summary/exercises").asInt()).isEqualTo(3);
        assertThat(json.at("/summary/done").asInt()).isEqualTo(1);
        assertThat(json.at("/summary/attempted").asInt()).isEqualTo(1);
        assertThat(json.at("/summary/notStarted").asInt()).isEqualTo(1);
        assertThat(json.at("/summary/fraction").asDouble()).isEqualTo(1 / 3.0);
    }

    @Test
    void junitHasOneSuitePerExerciseWithTheLastChecksFailures() throws Exception {
        Path out = dir.resolve("progress.xml");

        export.exportJUnit(progress(), Reports.course(), out);

        Document doc = parse(out);
        Element root = doc.getDocumentElement();
        assertThat(root.getTagName()).isEqualTo("testsuites");
        assertThat(root.getAttribute("name")).isEqualTo("orchlab — alice");
        List<Element> suites = elements(root.getElementsByTagName("testsuite"));
        assertThat(suites).extracting(s -> s.getAttribute("name"))
                .containsExactly("k8s-deployment", "scale-web", "k8s-service", "old-one");

        Element deploy = suites.get(0);
        assertThat(deploy.getAttribute("tests")).isEqualTo("3");
        assertThat(deploy.getAttribute("failures")).isEqualTo("1");
        assertThat(deploy.getAttribute("errors")).isEqualTo("1");
        assertThat(deploy.getAttribute("timestamp")).isEqualTo("2025-03-14T08:30:00");
        List<Element> failures = elements(deploy.getElementsByTagName("failure"));
        assertThat(failures).hasSize(1);
        assertThat(failures.get(0).getAttribute("message")).isEqualTo("Deployment web has 2 replicas, not 3");
        assertThat(failures.get(0).getTextContent())
                .contains("Deployment k8s-deployment/my-app", "spec.replicas: expected 3, found 2",
                        "spec.template.spec.containers[name=web].image: expected nginx:1.27, not set",
                        "hint: Set spec.replicas to 3 and apply again.");
        assertThat(elements(deploy.getElementsByTagName("error")).get(0).getAttribute("message"))
                .isEqualTo("the sandbox did not answer");
    }

    @Test
    void junitSuitesCarryLearnerStatusAndAttemptsAsProperties() throws Exception {
        Path out = dir.resolve("progress.xml");

        export.exportJUnit(progress(), Reports.course(), out);

        Element deploy = elements(parse(out).getElementsByTagName("testsuite")).get(0);
        List<Element> properties = elements(deploy.getElementsByTagName("property"));
        assertThat(properties).extracting(p -> p.getAttribute("name") + "=" + p.getAttribute("value"))
                .containsExactly("learner=alice", "course=orchlab", "exercise=k8s-deployment", "status=done", "attempts=3",
                        "doneAt=2025-03-14T08:20:00Z");
    }

    @Test
    void junitShowsExercisesNeverCheckedAsSkipped() throws Exception {
        Path out = dir.resolve("progress.xml");

        export.exportJUnit(progress(), Reports.course(), out);

        Element scale = elements(parse(out).getElementsByTagName("testsuite")).get(1);
        assertThat(scale.getAttribute("skipped")).isEqualTo("1");
        Element skipped = elements(scale.getElementsByTagName("skipped")).get(0);
        assertThat(skipped.getAttribute("message")).isEqualTo("not checked yet");
        assertThat(((Element) skipped.getParentNode()).getAttribute("name")).isEqualTo("Title of scale-web");
    }

    @Test
    void junitWithoutTheCourseHasOnlyCheckedExercises() throws Exception {
        Path out = dir.resolve("progress.xml");

        export.exportJUnit(progress(), out);

        assertThat(elements(parse(out).getElementsByTagName("testsuite"))).extracting(s -> s.getAttribute("name"))
                .containsExactly("k8s-deployment", "k8s-service", "old-one");
        assertThat(Files.readString(out)).startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites");
    }

    @Test
    void theDefaultLearnerIsTheOperatingSystemUser() {
        assertThat(ProgressExport.forCurrentUser(CLOCK).learner()).isEqualTo(System.getProperty("user.name"));
    }

    private static Document parse(Path file) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
    }

    private static List<Element> elements(NodeList nodes) {
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            out.add((Element) nodes.item(i));
        }
        return out;
    }
}
