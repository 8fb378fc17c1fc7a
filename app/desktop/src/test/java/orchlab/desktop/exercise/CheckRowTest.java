package orchlab.desktop.exercise;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import orchlab.engine.check.FieldFailure;
import orchlab.engine.course.CheckSpec;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import orchlab.engine.yaml.YamlDoc;
import orchlab.engine.yaml.YamlSyntaxException;
import org.junit.jupiter.api.Test;

class CheckRowTest {
    private static final CheckSpec THREE_REPLICAS = spec();

    private static CheckSpec spec() {
        try {
            YamlDoc doc = YamlDoc.parse("exercise.yaml", "id: three-replicas\ntitle: Three replicas\nkind: assert\n");
            return new CheckSpec(0, "three-replicas", "Three replicas", "assert", Optional.empty(), "",
                    (ObjectNode) doc.root(), doc, "");
        } catch (YamlSyntaxException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aWaitingRowShowsWhereItLooksAndTheLastValueItSawNotOnlyHowManyFieldsDiffer() {
        CheckRow row = CheckRow.waiting(THREE_REPLICAS, "Deployment ns/my-app", "1 field not as expected",
                List.of(FieldFailure.different("status.readyReplicas", "3", "1")), 4);

        assertThat(row.state()).isEqualTo(CheckRow.State.RUNNING);
        assertThat(row.location()).isEqualTo("Deployment ns/my-app");
        assertThat(row.message()).isEqualTo("waiting 4 s — last seen status.readyReplicas: expected 3, found 1");
        assertThat(row.failures()).extracting(FieldFailure::actual).containsExactly("1");
    }

    @Test
    void aWaitingRowWithSeveralFieldsNamesTheFirstAndCountsTheRest() {
        CheckRow row = CheckRow.waiting(THREE_REPLICAS, "Deployment ns/my-app", "2 fields not as expected",
                List.of(FieldFailure.different("spec.replicas", "3", "2"), FieldFailure.missing("status.readyReplicas", "3")), 1);

        assertThat(row.message()).isEqualTo("waiting 1 s — last seen spec.replicas: expected 3, found 2 (and 1 more)");
        assertThat(row.failures()).hasSize(2);
    }

    @Test
    void aWaitingRowWithoutFieldsSaysWhatTheCheckSaw() {
        CheckRow row = CheckRow.waiting(THREE_REPLICAS, "Deployment ns/my-app", "Deployment my-app not found", List.of(), 2);

        assertThat(row.message()).isEqualTo("waiting 2 s — Deployment my-app not found");
    }
}
