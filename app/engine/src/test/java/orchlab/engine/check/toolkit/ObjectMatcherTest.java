package orchlab.engine.check.toolkit;

import orchlab.engine.check.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class ObjectMatcherTest {
    private static final ObjectMapper YAML = new YAMLMapper();

    private static JsonNode yaml(String text) throws Exception {
        return YAML.readTree(text);
    }

    private static final String DEPLOYMENT = """
            metadata: {name: web, labels: {app: web, tier: front}}
            spec:
              replicas: 2
              selector: {matchLabels: {app: web}}
              template:
                spec:
                  containers:
                    - name: sidecar
                      image: busybox:1.36
                    - name: web
                      image: nginx:1.25
                      resources: {limits: {cpu: 250m, memory: 1Gi}}
                      ports: [{containerPort: 80}]
            """;

    @Test
    void passesWhenExpectedIsASubsetOfActual() throws Exception {
        List<FieldFailure> failures = ObjectMatcher.match(yaml("{metadata: {labels: {app: web}}, spec: {replicas: 2}}"), yaml(DEPLOYMENT));

        assertThat(failures).isEmpty();
    }

    @Test
    void reportsEveryFailingFieldWithExpectedAndActual() throws Exception {
        JsonNode expected = yaml("""
                spec:
                  replicas: 3
                  template:
                    spec:
                      containers:
                        - name: web
                          image: nginx:1.27
                """);

        List<FieldFailure> failures = ObjectMatcher.match(expected, yaml(DEPLOYMENT));

        assertThat(failures).extracting(FieldFailure::describe).containsExactly(
                "spec.replicas: expected 3, found 2",
                "spec.template.spec.containers[name=web].image: expected nginx:1.27, found nginx:1.25");
    }

    @Test
    void distinguishesMissingFieldsFromDifferentOnes() throws Exception {
        List<FieldFailure> failures = ObjectMatcher.match(yaml("{spec: {strategy: {type: Recreate}, replicas: 5}}"), yaml(DEPLOYMENT));

        assertThat(failures).extracting(FieldFailure::kind)
                .containsExactly(FieldFailure.Kind.MISSING, FieldFailure.Kind.DIFFERENT);
        assertThat(failures.get(0).describe()).isEqualTo("spec.strategy: expected {\"type\":\"Recreate\"}, not set");
    }

    @Test
    void matchesNamedListItemsByNameWhateverTheirOrder() throws Exception {
        JsonNode expected = yaml("{spec: {template: {spec: {containers: [{name: web}, {name: sidecar, image: busybox:1.36}]}}}}");

        assertThat(ObjectMatcher.match(expected, yaml(DEPLOYMENT))).isEmpty();
    }

    @Test
    void reportsANamedItemThatIsMissing() throws Exception {
        JsonNode expected = yaml("{spec: {template: {spec: {containers: [{name: db, image: postgres:16}]}}}}");

        assertThat(ObjectMatcher.match(expected, yaml(DEPLOYMENT))).extracting(FieldFailure::describe)
                .containsExactly("spec.template.spec.containers[name=db]: expected an item named db, not set");
    }

    @Test
    void matchesUnnamedListsItemByItemAndByLength() throws Exception {
        JsonNode actual = yaml("{args: [--port, '8080', --verbose]}");

        assertThat(ObjectMatcher.match(yaml("{args: [--port, '8080', --verbose]}"), actual)).isEmpty();
        assertThat(ObjectMatcher.match(yaml("{args: [--port, '9090']}"), actual)).extracting(FieldFailure::describe)
                .containsExactly("args[1]: expected 9090, found 8080", "args: expected 2 items, found 3 items");
    }

    @Test
    void comparesResourceQuantitiesByAmount() throws Exception {
        JsonNode expected = yaml("{spec: {template: {spec: {containers: [{name: web, resources: {limits: {cpu: '0.25', memory: 1024Mi}}}]}}}}");

        assertThat(ObjectMatcher.match(expected, yaml(DEPLOYMENT))).isEmpty();
    }

    @Test
    void treatsNullAsMustBeAbsent() throws Exception {
        assertThat(ObjectMatcher.match(yaml("{metadata: {labels: {tier: null, debug: null}}}"), yaml(DEPLOYMENT)))
                .extracting(FieldFailure::describe).containsExactly("metadata.labels.tier: should not be set, found front");
    }

    @Test
    void reportsTypeMismatchBetweenObjectAndScalar() throws Exception {
        assertThat(ObjectMatcher.match(yaml("{spec: {replicas: {value: 3}}}"), yaml(DEPLOYMENT)))
                .extracting(FieldFailure::describe).containsExactly("spec.replicas: expected an object, found 2");
    }

    @Test
    void anImageWithItsRegistryWrittenOutMatchesTheShortName() throws Exception {
        JsonNode expected = yaml("{spec: {containers: [{name: app, image: 'hashicorp/http-echo:1.0'}, {name: web, image: 'nginx:1.27'}]}}");
        JsonNode actual = yaml("{spec: {containers: [{name: app, image: 'docker.io/hashicorp/http-echo:1.0'}, "
                + "{name: web, image: 'docker.io/library/nginx:1.27'}]}}");

        assertThat(ObjectMatcher.match(expected, actual)).isEmpty();
    }

    @Test
    void anImageOfAnotherTagStillFailsWithWhatWasWritten() throws Exception {
        JsonNode expected = yaml("{spec: {containers: [{name: app, image: 'hashicorp/http-echo:1.0'}]}}");
        JsonNode actual = yaml("{spec: {containers: [{name: app, image: 'docker.io/hashicorp/http-echo:0.2.3'}]}}");

        assertThat(ObjectMatcher.match(expected, actual)).extracting(FieldFailure::describe).containsExactly(
                "spec.containers[name=app].image: expected hashicorp/http-echo:1.0, found docker.io/hashicorp/http-echo:0.2.3");
    }

    @Test
    void onlyAFieldNamedImageComparesAsAnImage() throws Exception {
        assertThat(ObjectMatcher.match(yaml("{data: {ref: 'nginx:1.27'}}"), yaml("{data: {ref: 'docker.io/library/nginx:1.27'}}")))
                .hasSize(1);
    }
}
