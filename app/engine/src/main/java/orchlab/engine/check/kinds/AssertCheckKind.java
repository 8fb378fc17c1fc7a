package orchlab.engine.check.kinds;

import orchlab.engine.check.toolkit.*;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import orchlab.engine.check.CheckContext;
import orchlab.engine.check.CheckKind;
import orchlab.engine.check.CheckUnavailableException;
import orchlab.engine.check.FieldFailure;
import orchlab.engine.check.toolkit.ObjectMatcher;
import orchlab.engine.check.Outcome;
import orchlab.engine.check.PreparedCheck;
import orchlab.engine.course.CheckSpec;
import orchlab.engine.course.Problems;
import orchlab.engine.course.SandboxKind;

/**
 * {@code kind: assert} — live objects contain the expected partial object.
 *
 * <pre>
 * - id: replicas
 *   title: The Deployment runs three replicas of nginx 1.27
 *   kind: assert
 *   resource: {apiVersion: apps/v1, kind: Deployment, name: web}
 *   expect:
 *     spec:
 *       replicas: 3
 *       template: {spec: {containers: [{name: web, image: "nginx:1.27"}]}}
 *   match: all      # with a selector: all (default) or any of the selected objects
 *   count: 3        # optional: exactly this many objects selected
 * </pre>
 */
public final class AssertCheckKind implements CheckKind {

    @Override
    public String name() {
        return "assert";
    }

    @Override
    public String summary() {
        return "live objects contain the expected fields (partial match, all failing fields reported)";
    }

    @Override
    public Set<String> keys() {
        return Set.of("resource", "expect", "match", "count");
    }

    @Override
    public SandboxKind needs() {
        return SandboxKind.KUBERNETES;
    }

    @Override
    public PreparedCheck prepare(CheckSpec spec, Problems problems) {
        Optional<ResourceRef> ref = ResourceRef.read(spec, problems, false);
        JsonNode expect = spec.get("expect");
        boolean ok = ref.isPresent();
        if (!expect.isMissingNode() && !expect.isNull() && !expect.isObject()) {
            problems.error(spec.locate("expect"), "'expect' must be a mapping of fields (a partial object)");
            ok = false;
        }
        Optional<Selection> selection = Selection.read(spec, problems);
        if (!ok || selection.isEmpty()) {
            return null;
        }
        JsonNode expected = expect.isObject() ? expect : com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        return new Prepared(ref.get(), expected, selection.get());
    }

    private record Prepared(ResourceRef ref, JsonNode expect, Selection selection) implements PreparedCheck {
        @Override
        public Outcome attempt(CheckContext context) throws CheckUnavailableException {
            var kube = context.requireKubernetes();
            return Settling.judge(() -> {
                List<JsonNode> objects = ref.fetch(kube.reads(), context.namespace());
                return new Settling.Look(objects, judge(objects, context.namespace()));
            }, kube.reads(), ref.namespaceIn(context.namespace()));
        }

        private Outcome judge(List<JsonNode> objects, String namespace) {
            String where = ref.describe(namespace);
            if (objects.isEmpty()) {
                return Outcome.notFound(where, ref.notFoundMessage(namespace));
            }
            Optional<Outcome> countProblem = selection.checkCount(objects.size(), where);
            if (countProblem.isPresent()) {
                return countProblem.get();
            }
            if (ref.name().isPresent()) {
                List<FieldFailure> failures = ObjectMatcher.match(expect, objects.get(0));
                return failures.isEmpty()
                        ? Outcome.pass(where, where + " has the expected fields")
                        : Outcome.fail(where, where + ": " + Fields.notAsExpected(failures), failures);
            }
            List<List<FieldFailure>> perObject = new ArrayList<>();
            for (JsonNode object : objects) {
                perObject.add(ObjectMatcher.match(expect, object));
            }
            return selection.judge(objects, perObject, where);
        }

        @Override
        public List<String> evidence(CheckContext context, Outcome failed) {
            return ref.evidence(context, failed);
        }
    }
}
