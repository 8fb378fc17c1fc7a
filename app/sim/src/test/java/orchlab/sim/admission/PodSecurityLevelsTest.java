package orchlab.sim.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import orchlab.sim.api.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Pod Security Standards' checks as {@code k8s.io/pod-security-admission} v1.32 words them: one row per check,
 * the level that catches it, and the reason (detail) it reports.
 */
class PodSecurityLevelsTest {

    private static final PodSecurity.LevelVersion BASELINE = new PodSecurity.LevelVersion("baseline", -1);
    private static final PodSecurity.LevelVersion RESTRICTED = new PodSecurity.LevelVersion("restricted", -1);

    /** A Pod spec that passes restricted, with {@code extra} merged into its container's securityContext or the spec. */
    private static JsonNode spec(String yaml) {
        return Json.parseYamlOrJson(yaml);
    }

    private static final String COMPLIANT_CONTAINER = "{name: app, image: nginx, securityContext: {allowPrivilegeEscalation: false, "
            + "runAsNonRoot: true, capabilities: {drop: [ALL]}, seccompProfile: {type: RuntimeDefault}}}";

    static Stream<Arguments> baselineChecks() {
        return Stream.of(
                Arguments.of("{hostNetwork: true, hostPID: true, containers: [{name: app}]}",
                        "host namespaces (hostNetwork=true, hostPID=true)"),
                Arguments.of("{containers: [{name: app, securityContext: {privileged: true}}, {name: b, securityContext: {privileged: true}}]}",
                        "privileged (containers \"app\", \"b\" must not set securityContext.privileged=true)"),
                Arguments.of("{containers: [{name: app, securityContext: {capabilities: {add: [NET_ADMIN, CHOWN, SYS_TIME]}}}]}",
                        "non-default capabilities (container \"app\" must not include \"NET_ADMIN\", \"SYS_TIME\" in securityContext.capabilities.add)"),
                Arguments.of("{volumes: [{name: data, hostPath: {path: /data}}], containers: [{name: app}]}",
                        "hostPath volumes (volume \"data\")"),
                Arguments.of("{containers: [{name: app, ports: [{containerPort: 80, hostPort: 8080}]}]}",
                        "hostPort (container \"app\" uses hostPort 8080)"),
                Arguments.of("{containers: [{name: app, securityContext: {procMount: Unmasked}}]}",
                        "procMount (container \"app\" must not set securityContext.procMount to \"Unmasked\")"),
                Arguments.of("{securityContext: {seLinuxOptions: {type: spc_t, user: root}}, containers: [{name: app}]}",
                        "seLinuxOptions (pod set forbidden securityContext.seLinuxOptions: type \"spc_t\"; user may not be set)"),
                Arguments.of("{securityContext: {seccompProfile: {type: Unconfined}}, containers: [{name: app}]}",
                        "seccompProfile (pod must not set securityContext.seccompProfile.type to \"Unconfined\")"),
                Arguments.of("{securityContext: {sysctls: [{name: kernel.msgmax, value: '1'}, {name: net.ipv4.tcp_rmem, value: '1'}]}, containers: [{name: app}]}",
                        "forbidden sysctls (kernel.msgmax)"),
                Arguments.of("{containers: [{name: app, securityContext: {appArmorProfile: {type: Unconfined}}}]}",
                        "forbidden AppArmor profile (container \"app\" must not set AppArmor profile type to \"Unconfined\")"),
                Arguments.of("{containers: [{name: app, securityContext: {windowsOptions: {hostProcess: true}}}]}",
                        "hostProcess (container \"app\" must not set securityContext.windowsOptions.hostProcess=true)"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("baselineChecks")
    void baselineRefusesWhatItForbidsInTheLibrarysWords(String podSpec, String expected) {
        assertThat(PodSecurity.detail(PodSecurity.evaluate(BASELINE, Json.object(), spec(podSpec)))).isEqualTo(expected);
        assertThat(PodSecurity.detail(PodSecurity.evaluate(new PodSecurity.LevelVersion("privileged", -1), Json.object(),
                spec(podSpec)))).isEmpty();
    }

    @Test
    void restrictedListsEveryViolationOfAPlainPodInTheLibrarysOrder() {
        assertThat(PodSecurity.detail(PodSecurity.evaluate(RESTRICTED, Json.object(), spec("{containers: [{name: app, image: nginx}]}"))))
                .isEqualTo("allowPrivilegeEscalation != false (container \"app\" must set securityContext.allowPrivilegeEscalation=false), "
                        + "unrestricted capabilities (container \"app\" must set securityContext.capabilities.drop=[\"ALL\"]), "
                        + "runAsNonRoot != true (pod or container \"app\" must set securityContext.runAsNonRoot=true), "
                        + "seccompProfile (pod or container \"app\" must set securityContext.seccompProfile.type to "
                        + "\"RuntimeDefault\" or \"Localhost\")");
    }

    @Test
    void restrictedAlsoLimitsVolumeTypesCapabilitiesAndUserZero() {
        String podSpec = "{securityContext: {runAsUser: 0}, volumes: [{name: cfg, configMap: {name: c}}, {name: share, nfs: {server: s, path: /}}], "
                + "containers: [{name: app, securityContext: {allowPrivilegeEscalation: false, runAsNonRoot: true, "
                + "capabilities: {drop: [ALL], add: [NET_BIND_SERVICE, NET_RAW]}, seccompProfile: {type: RuntimeDefault}}}]}";
        assertThat(PodSecurity.detail(PodSecurity.evaluate(RESTRICTED, Json.object(), spec(podSpec))))
                .isEqualTo("unrestricted capabilities (container \"app\" must not include \"NET_RAW\" in securityContext.capabilities.add), "
                        + "restricted volume types (volume \"share\" uses restricted volume type \"nfs\"), "
                        + "runAsUser=0 (pod must not set runAsUser=0)");
        assertThat(PodSecurity.evaluate(new PodSecurity.LevelVersion("restricted", 22), Json.object(), spec(podSpec)))
                .as("runAsUser=0 is checked from v1.23 on").extracting(PodSecurity.Violation::reason)
                .doesNotContain("runAsUser=0");
    }

    @Test
    void podLevelSettingsCoverEveryContainer() {
        String podSpec = "{securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}, containers: "
                + "[{name: app, securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}}]}";
        assertThat(PodSecurity.evaluate(RESTRICTED, Json.object(), spec(podSpec))).isEmpty();
        assertThat(PodSecurity.evaluate(RESTRICTED, Json.object(), spec("{containers: [" + COMPLIANT_CONTAINER + "]}"))).isEmpty();
    }

    @Test
    void warnFollowsAStricterEnforceLabelAndWrongValuesAreNamed() {
        PodSecurity.Policy policy = PodSecurity.policy(Map.of("pod-security.kubernetes.io/enforce", "baseline",
                "pod-security.kubernetes.io/enforce-version", "v1.30"));
        assertThat(policy.enforce().toString()).isEqualTo("baseline:v1.30");
        assertThat(policy.warn().toString()).isEqualTo("baseline:v1.30");
        assertThat(policy.audit().toString()).isEqualTo("privileged:latest");

        PodSecurity.Policy wrong = PodSecurity.policy(Map.of("pod-security.kubernetes.io/enforce", "strict"));
        assertThat(wrong.enforce().level()).as("fails closed").isEqualTo("restricted");
        assertThat(wrong.errors()).extracting(c -> c.field() + ": " + c.message()).containsExactly(
                "metadata.labels[pod-security.kubernetes.io/enforce]: Invalid value: \"strict\": must be one of privileged, baseline, restricted");
    }

    /** The course's prod-security exercise: a right answer is also what the restricted level asks for. */
    @Test
    void theProdSecurityExercisesRightAnswersPassRestricted() throws IOException {
        Path exercise = orchlab.testkit.Repo.root().resolve("exercises/prod-security");
        List<Path> answers;
        try (Stream<Path> files = Files.walk(exercise)) {
            answers = files.filter(f -> f.getFileName().toString().equals("deployment.yaml"))
                    .filter(f -> f.startsWith(exercise.resolve("solution")) || f.startsWith(exercise.resolve("right"))).toList();
        }
        assertThat(answers).hasSizeGreaterThanOrEqualTo(2);
        for (Path answer : answers) {
            JsonNode template = Json.parseYamlOrJson(Files.readString(answer)).path("spec").path("template");
            assertThat(PodSecurity.detail(PodSecurity.evaluate(RESTRICTED, template.path("metadata"), template.path("spec"))))
                    .as(exercise.relativize(answer).toString()).isEmpty();
        }
    }
}
