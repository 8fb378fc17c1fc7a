package orchlab.engine.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import orchlab.engine.check.CheckReport;
import orchlab.engine.check.CheckResult;
import orchlab.engine.check.FieldFailure;
import org.junit.jupiter.api.Test;

class ReportWriterTest {
    private static final CheckResult STUCK = new CheckResult.Failed("pods-ready", "Three Pods are ready",
            "Pod objects in web with app=web", "fewer than 3 Pods are Ready", List.of(), "look at the Pods",
            Duration.ofMillis(400), Duration.ofSeconds(30),
            "the cluster has settled in a state that cannot pass: Pod web-1: ImagePullBackOff",
            List.of("Pod web-1: Failed — Back-off pulling image \"nginx:latestt\""));
    private static final CheckResult REPLICAS = new CheckResult.Passed("replicas", "Three replicas",
            "Deployment web/web", "has the expected fields", Duration.ZERO, Duration.ofSeconds(30));
    private static final CheckResult FILE = new CheckResult.Skipped("manifest", "deployment.yaml is valid",
            "exercise.yaml:3", "SKIP — no workspace: this check reads the learner's files; pass --workspace DIR to run it");
    private static final CheckReport REPORT = new CheckReport("ex", List.of(STUCK, REPLICAS, FILE));

    @Test
    void textSaysWhyAFailingCheckStoppedWaitingAndShowsItsEvents() {
        String text = ReportWriter.text(REPORT);

        assertThat(text).contains("FAIL  Three Pods are ready — Pod objects in web with app=web (waited 400 ms of 30 s)\n"
                + "        stopped waiting: the cluster has settled in a state that cannot pass: Pod web-1: ImagePullBackOff\n")
                .contains("        events:\n          Pod web-1: Failed — Back-off pulling image \"nginx:latestt\"\n");
    }

    @Test
    void textListsSkippedWorkspaceChecksWithoutScoringThem() {
        String text = ReportWriter.text(REPORT);

        assertThat(text).contains("SKIP  deployment.yaml is valid — SKIP — no workspace")
                .contains("Passed 1/2 (1 workspace check skipped — no workspace; pass --workspace DIR to run it)");
    }

    @Test
    void jsonCarriesStatusSkippedSettledReasonAndEvidence() {
        JsonNode json = ReportWriter.toJson(REPORT);

        assertThat(json.path("score").path("total").asInt()).isEqualTo(2);
        assertThat(json.path("checks").get(2).path("status").asText()).isEqualTo("skipped");
        assertThat(json.path("checks").get(0).path("settled").asText()).endsWith("Pod web-1: ImagePullBackOff");
        assertThat(json.path("checks").get(0).path("evidence").get(0).asText()).startsWith("Pod web-1: Failed");
    }

    @Test
    void junitMarksSkippedChecksSkipped() {
        String xml = ReportWriter.junit(List.of(REPORT));

        assertThat(xml).contains("tests=\"3\" failures=\"1\" errors=\"0\" skipped=\"1\"")
                .contains("<skipped message=\"SKIP — no workspace")
                .contains("event: Pod web-1: Failed");
    }
}
