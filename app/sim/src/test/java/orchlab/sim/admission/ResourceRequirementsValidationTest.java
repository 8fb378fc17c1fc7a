package orchlab.sim.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import orchlab.sim.api.ApiException.Cause;
import org.junit.jupiter.api.Test;

/** Requests above limits are refused as the apiserver's ValidateResourceRequirements refuses them. */
class ResourceRequirementsValidationTest {

    private static JsonNode deployment(String resources) throws Exception {
        return new YAMLMapper().readTree("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: my-app}
                spec:
                  selector: {matchLabels: {app: my-app}}
                  template:
                    metadata: {labels: {app: my-app}}
                    spec:
                      containers:
                        - name: app
                          image: nginx:1.27
                          resources: %s
                """.formatted(resources));
    }

    @Test
    void aRequestAboveItsLimitIsRefusedAtTheRequestsField() throws Exception {
        var causes = Validator.validateCreate(deployment(
                "{requests: {memory: 512Mi, cpu: 250m}, limits: {memory: 256Mi, cpu: 500m}}"));

        assertThat(causes).extracting(Cause::field, Cause::message).containsExactly(org.assertj.core.groups.Tuple.tuple(
                "spec.template.spec.containers[0].resources.requests[memory]",
                "Invalid value: \"512Mi\": must be less than or equal to memory limit of 256Mi"));
    }

    @Test
    void aRequestEqualToItsLimitWrittenInOtherUnitsIsAccepted() throws Exception {
        assertThat(Validator.validateCreate(deployment(
                "{requests: {memory: 0.5Gi, cpu: '0.5'}, limits: {memory: 512Mi, cpu: 500m}}"))).isEmpty();
    }
}
