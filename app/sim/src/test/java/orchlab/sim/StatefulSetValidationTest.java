package orchlab.sim;

import static orchlab.sim.SimTestSupport.apply;
import static orchlab.sim.SimTestSupport.json;
import static org.assertj.core.api.Assertions.assertThat;

import orchlab.sim.api.ApiResponse;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A StatefulSet the API refuses, in ValidateStatefulSetSpec's words (kubernetes pkg/apis/apps/validation). */
class StatefulSetValidationTest extends ManualSimTestBase {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "podManagementPolicy: Sequential | spec.podManagementPolicy: Invalid value: \"Sequential\": must be 'OrderedReady' or 'Parallel'",
        "updateStrategy: {type: Rolling} | spec.updateStrategy: Invalid value: apps.StatefulSetUpdateStrategy{Type:\"Rolling\"}: must be 'RollingUpdate' or 'OnDelete'",
        "updateStrategy: {type: OnDelete, rollingUpdate: {partition: 1}} | spec.updateStrategy.rollingUpdate: Invalid value: apps.RollingUpdateStatefulSetStrategy{Partition:1}: only allowed for updateStrategy 'RollingUpdate'",
        "updateStrategy: {rollingUpdate: {partition: -1}} | spec.updateStrategy.rollingUpdate.partition: Invalid value: -1: must be greater than or equal to 0",
        "persistentVolumeClaimRetentionPolicy: {whenScaled: Keep} | spec.persistentVolumeClaimRetentionPolicy.whenScaled: Unsupported value: \"Keep\": supported values: \"Delete\", \"Retain\"",
        "ordinals: {start: -2} | spec.ordinals.start: Invalid value: -2: must be greater than or equal to 0",
    })
    void aStatefulSetWithAnInvalidFieldIsRefusedNamingIt(String field, String message) {
        ApiResponse refused = apply(cluster, "/apis/apps/v1/namespaces/default/statefulsets", """
                apiVersion: apps/v1
                kind: StatefulSet
                metadata: {name: db}
                spec:
                  serviceName: db
                  %s
                  selector: {matchLabels: {app: db}}
                  template:
                    metadata: {labels: {app: db}}
                    spec:
                      containers: [{name: db, image: "nginx:1.27"}]
                """.formatted(field));
        assertThat(refused.code()).as(refused.bodyText()).isEqualTo(422);
        assertThat(json(refused).path("message").asText()).contains("\"db\" is invalid: " + message);
    }
}
