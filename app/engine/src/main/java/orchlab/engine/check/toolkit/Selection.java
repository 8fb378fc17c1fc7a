package orchlab.engine.check.toolkit;

import orchlab.engine.check.*;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import orchlab.engine.check.FieldFailure;
import orchlab.engine.check.Outcome;
import orchlab.engine.course.CheckSpec;
import orchlab.engine.course.Problems;

/** How a check over several selected objects is judged: {@code match: all|any} and an optional {@code count}. */
public record Selection(boolean any, Optional<Integer> count) {

    public static Optional<Selection> read(CheckSpec spec, Problems problems) {
        String match = spec.text("match", "all");
        if (!match.equals("all") && !match.equals("any")) {
            problems.error(spec.locate("match"), "'match' must be 'all' or 'any', found '" + match + "'");
            return Optional.empty();
        }
        JsonNode count = spec.get("count");
        Optional<Integer> n = Optional.empty();
        if (!count.isMissingNode() && !count.isNull()) {
            if (!count.isIntegralNumber() || count.asInt() < 0) {
                problems.error(spec.locate("count"), "'count' must be a whole number of objects, found " + count.asText());
                return Optional.empty();
            }
            n = Optional.of(count.asInt());
        }
        return Optional.of(new Selection(match.equals("any"), n));
    }

    public Optional<Outcome> checkCount(int found, String where) {
        if (count.isPresent() && count.get() != found) {
            return Optional.of(Outcome.fail(where, "expected " + count.get() + " objects, found " + found,
                    List.of(FieldFailure.different("count", String.valueOf(count.get()), String.valueOf(found)))));
        }
        return Optional.empty();
    }

    /** Judges per-object failures; failure paths are prefixed with the object's name. */
    public Outcome judge(List<JsonNode> objects, List<List<FieldFailure>> perObject, String where) {
        int passing = (int) perObject.stream().filter(List::isEmpty).count();
        if (any) {
            if (passing > 0) {
                return Outcome.pass(where, passing + " of " + objects.size() + " selected objects match");
            }
            int best = 0;
            for (int i = 1; i < perObject.size(); i++) {
                if (perObject.get(i).size() < perObject.get(best).size()) {
                    best = i;
                }
            }
            return Outcome.fail(where, "none of the " + objects.size() + " selected objects match; closest is "
                    + nameOf(objects.get(best)), prefixed(objects.get(best), perObject.get(best)));
        }
        if (passing == objects.size()) {
            return Outcome.pass(where, "all " + objects.size() + " selected objects match");
        }
        List<FieldFailure> all = new ArrayList<>();
        for (int i = 0; i < objects.size(); i++) {
            all.addAll(prefixed(objects.get(i), perObject.get(i)));
        }
        return Outcome.fail(where, (objects.size() - passing) + " of " + objects.size() + " selected objects do not match", all);
    }

    public static String nameOf(JsonNode object) {
        return object.path("metadata").path("name").asText("?");
    }

    private static List<FieldFailure> prefixed(JsonNode object, List<FieldFailure> failures) {
        String name = nameOf(object);
        return failures.stream().map(f -> new FieldFailure(name + ": " + f.path(), f.expected(), f.actual(), f.kind())).toList();
    }
}
