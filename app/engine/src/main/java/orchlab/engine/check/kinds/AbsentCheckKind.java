package orchlab.engine.check.kinds;

import orchlab.engine.check.toolkit.*;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import orchlab.engine.check.CheckContext;
import orchlab.engine.check.CheckKind;
import orchlab.engine.check.CheckUnavailableException;
import orchlab.engine.check.Convergence;
import orchlab.engine.check.FieldFailure;
import orchlab.engine.check.Outcome;
import orchlab.engine.check.PreparedCheck;
import orchlab.engine.course.CheckSpec;
import orchlab.engine.course.Problems;
import orchlab.engine.course.SandboxKind;

/**
 * {@code kind: absent} — no object matches (the learner deleted it, or must not create it).
 *
 * <pre>
 * - {id: old-gone, title: The old Pod is deleted, kind: absent, resource: {apiVersion: v1, kind: Pod, name: legacy}}
 * </pre>
 */
public final class AbsentCheckKind implements CheckKind {

    @Override
    public String name() {
        return "absent";
    }

    @Override
    public String summary() {
        return "the named object, or every object matching the selector, does not exist";
    }

    @Override
    public Set<String> keys() {
        return Set.of("resource");
    }

    @Override
    public SandboxKind needs() {
        return SandboxKind.KUBERNETES;
    }

    @Override
    public PreparedCheck prepare(CheckSpec spec, Problems problems) {
        Optional<ResourceRef> ref = ResourceRef.read(spec, problems, false);
        return ref.map(Prepared::new).orElse(null);
    }

    private record Prepared(ResourceRef ref) implements PreparedCheck {
        @Override
        public Outcome attempt(CheckContext context) throws CheckUnavailableException {
            var client = context.requireKubernetes().reads();
            String where = ref.describe(context.namespace());
            List<JsonNode> objects = ref.fetch(client, context.namespace());
            if (objects.stream().anyMatch(o -> o.path("metadata").hasNonNull("deletionTimestamp"))) {
                return judge(objects, where).with(Convergence.converging(where + " is being deleted"));
            }
            // whether an existing object goes away by itself depends on its namespace (a ReplicaSet scaling down)
            return Settling.judge(() -> new Settling.Look(List.of(), judge(ref.fetch(client, context.namespace()), where)),
                    client, ref.namespaceIn(context.namespace()));
        }

        private Outcome judge(List<JsonNode> objects, String where) {
            if (objects.isEmpty()) {
                return Outcome.pass(where, where + " does not exist");
            }
            List<FieldFailure> failures = objects.stream()
                    .map(o -> FieldFailure.unexpected(ref.kind() + " " + Selection.nameOf(o), "exists")).toList();
            return Outcome.fail(where, objects.size() == 1 ? where + " still exists" : objects.size() + " objects still exist", failures);
        }
    }
}
