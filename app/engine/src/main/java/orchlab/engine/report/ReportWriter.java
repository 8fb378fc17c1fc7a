package orchlab.engine.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import orchlab.engine.check.CheckReport;
import orchlab.engine.check.CheckResult;
import orchlab.engine.check.FieldFailure;

/** A check report as text for people, JSON for tools and JUnit XML for CI dashboards. */
public final class ReportWriter {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ReportWriter() {
    }

    public enum Format {
        TEXT, JSON, JUNIT;

        public static Format parse(String text) {
            return valueOf(text.toUpperCase(Locale.ROOT));
        }
    }

    public static String write(CheckReport report, Format format) {
        return switch (format) {
            case TEXT -> text(report);
            case JSON -> json(report);
            case JUNIT -> junit(List.of(report));
        };
    }

    /**
     * <pre>
     * ✗ Deployment has three replicas — Deployment web/my-app (waited 10 s of 10 s)
     *     spec.replicas: expected 3, found 2
     *     hint: ...
     * </pre>
     */
    public static String text(CheckReport report) {
        StringBuilder out = new StringBuilder();
        out.append("Exercise ").append(report.exercise()).append('\n');
        for (CheckResult r : report.checks()) {
            out.append(String.format("  %-5s %s", naming(r).mark(), r.title()));
            r.match(passed -> out.append(" — ").append(r.location()).append('\n')
                            .append("        ").append(r.message()).append('\n'),
                    failed -> red(out, r), notFound -> red(out, r), couldNotLook -> red(out, r),
                    skipped -> out.append(" — ").append(r.message()).append('\n'));
        }
        out.append(report.passed() ? "All checks passed" : "Passed").append(' ')
                .append(report.score());
        long skipped = report.checks().stream().filter(c -> c instanceof CheckResult.Skipped).count();
        if (skipped > 0) {
            out.append(" (").append(skipped).append(skipped == 1 ? " workspace check" : " workspace checks")
                    .append(" skipped — no workspace; pass --workspace DIR to run ").append(skipped == 1 ? "it" : "them").append(')');
        }
        out.append('\n');
        return out.toString();
    }

    /** A check that did not pass: where, how long it waited and why it stopped, what is wrong, the events, the hint. */
    private static StringBuilder red(StringBuilder out, CheckResult r) {
        out.append(" — ").append(r.location());
        if (!r.waitedText().isEmpty()) {
            out.append(" (").append(r.waitedText()).append(')');
        }
        out.append('\n');
        if (!r.settled().isEmpty()) {
            out.append("        stopped waiting: ").append(r.settled()).append('\n');
        }
        out.append("        ").append(r.message()).append('\n');
        for (FieldFailure f : r.failures()) {
            out.append("        ").append(f.describe()).append('\n');
        }
        if (!r.evidence().isEmpty()) {
            out.append("        events:\n");
            r.evidence().forEach(e -> out.append("          ").append(e).append('\n'));
        }
        if (!r.hint().isBlank()) {
            out.append("        hint: ").append(r.hint().strip()).append('\n');
        }
        return out;
    }

    /**
     * How each format names a case: the text mark, the JSON {@code status}, the JUnit element (none for a pass). The one
     * place that lists every case of {@link CheckResult} for the three formats.
     */
    private record Naming(String mark, String status, String junitElement) {
    }

    private static Naming naming(CheckResult r) {
        return r.match(
                passed -> new Naming("PASS", "passed", ""),
                failed -> new Naming("FAIL", "failed", "failure"),
                notFound -> new Naming("FAIL", "failed", "failure"),
                couldNotLook -> new Naming("ERROR", "error", "error"),
                skipped -> new Naming("SKIP", "skipped", "skipped"));
    }

    public static ObjectNode toJson(CheckReport report) {
        ObjectNode root = JSON.createObjectNode();
        root.put("exercise", report.exercise());
        root.put("passed", report.passed());
        ObjectNode score = root.putObject("score");
        score.put("passed", report.score().passed());
        score.put("total", report.score().total());
        ArrayNode checks = root.putArray("checks");
        for (CheckResult r : report.checks()) {
            ObjectNode c = checks.addObject();
            c.put("id", r.id());
            c.put("title", r.title());
            c.put("passed", r instanceof CheckResult.Passed);
            c.put("status", naming(r).status());
            c.put("location", r.location());
            c.put("message", r.message());
            c.put("notFound", r instanceof CheckResult.NotFound);
            ArrayNode failures = c.putArray("failures");
            for (FieldFailure f : r.failures()) {
                ObjectNode o = failures.addObject();
                o.put("path", f.path());
                o.put("expected", f.expected());
                if (f.actual() == null) {
                    o.putNull("actual");
                } else {
                    o.put("actual", f.actual());
                }
                o.put("kind", f.kind().name().toLowerCase(Locale.ROOT));
            }
            c.put("hint", r.hint());
            c.put("waitedMillis", r.waited().toMillis());
            c.put("timeoutMillis", r.timeout().toMillis());
            if (!r.settled().isEmpty()) {
                c.put("settled", r.settled());
            }
            ArrayNode evidence = c.putArray("evidence");
            r.evidence().forEach(evidence::add);
        }
        return root;
    }

    public static String json(CheckReport report) {
        try {
            return JSON.writeValueAsString(toJson(report)) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Several targets of one exercise (a class: one namespace per learner), graded together: each report as
     * {@link #write} prints it, under the namespace it graded, then one line counting those that passed. In JSON, an
     * object {@code {"exercise", "passed", "targets": [...], "score": {"passed", "total"}}} whose targets are the
     * one-target objects with {@code "namespace"} added; in JUnit XML, one {@code <testsuite>} per namespace.
     */
    public static String writeTargets(List<String> namespaces, List<CheckReport> reports, Format format) {
        if (namespaces.size() != reports.size()) {
            throw new IllegalArgumentException("one namespace per report");
        }
        long passed = reports.stream().filter(CheckReport::passed).count();
        String exercise = reports.isEmpty() ? "" : reports.get(0).exercise();
        switch (format) {
            case TEXT -> {
                StringBuilder out = new StringBuilder();
                for (int i = 0; i < reports.size(); i++) {
                    out.append("Namespace ").append(namespaces.get(i)).append(": ").append(text(reports.get(i))).append('\n');
                }
                out.append(passed).append(" of ").append(reports.size()).append(" namespaces pass every check of ")
                        .append(exercise).append('\n');
                return out.toString();
            }
            case JSON -> {
                ObjectNode root = JSON.createObjectNode();
                root.put("exercise", exercise);
                root.put("passed", passed == reports.size());
                ObjectNode score = root.putObject("score");
                score.put("passed", passed);
                score.put("total", reports.size());
                ArrayNode targets = root.putArray("targets");
                for (int i = 0; i < reports.size(); i++) {
                    ObjectNode target = targets.addObject();
                    target.put("namespace", namespaces.get(i));
                    target.setAll(toJson(reports.get(i)));
                }
                try {
                    return JSON.writeValueAsString(root) + "\n";
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException(e);
                }
            }
            case JUNIT -> {
                List<CheckReport> named = new java.util.ArrayList<>();
                for (int i = 0; i < reports.size(); i++) {
                    named.add(new CheckReport(reports.get(i).exercise() + " (namespace " + namespaces.get(i) + ")",
                            reports.get(i).checks()));
                }
                return junit(named);
            }
            default -> throw new IllegalArgumentException(format.name());
        }
    }

    /** One {@code <testsuite>} per exercise, one {@code <testcase>} per check. */
    public static String junit(List<CheckReport> reports) {
        StringBuilder out = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n");
        for (CheckReport report : reports) {
            long failures = report.checks().stream().filter(c -> naming(c).junitElement().equals("failure")).count();
            long errors = report.checks().stream().filter(c -> naming(c).junitElement().equals("error")).count();
            long skipped = report.checks().stream().filter(c -> naming(c).junitElement().equals("skipped")).count();
            double time = report.checks().stream().mapToLong(c -> c.waited().toMillis()).max().orElse(0) / 1000.0;
            out.append(String.format(Locale.ROOT, "  <testsuite name=\"%s\" tests=\"%d\" failures=\"%d\" errors=\"%d\" skipped=\"%d\" time=\"%.3f\">%n",
                    xml(report.exercise()), report.checks().size(), failures, errors, skipped, time));
            for (CheckResult r : report.checks()) {
                out.append(String.format(Locale.ROOT, "    <testcase classname=\"%s\" name=\"%s\" time=\"%.3f\"",
                        xml(report.exercise()), xml(r.id() + ": " + r.title()), r.waited().toMillis() / 1000.0));
                String tag = naming(r).junitElement();
                if (tag.isEmpty()) {
                    out.append("/>\n");
                    continue;
                }
                if (r instanceof CheckResult.Skipped) {
                    out.append(">\n      <skipped message=\"").append(xml(r.message())).append("\"/>\n    </testcase>\n");
                    continue;
                }
                StringBuilder body = new StringBuilder(r.location()).append('\n');
                r.failures().forEach(f -> body.append(f.describe()).append('\n'));
                if (!r.settled().isEmpty()) {
                    body.append("stopped waiting: ").append(r.settled()).append('\n');
                }
                r.evidence().forEach(e -> body.append("event: ").append(e).append('\n'));
                if (!r.hint().isBlank()) {
                    body.append("hint: ").append(r.hint().strip()).append('\n');
                }
                out.append(">\n      <").append(tag).append(" message=\"").append(xml(r.message())).append("\">")
                        .append(xml(body.toString())).append("</").append(tag).append(">\n    </testcase>\n");
            }
            out.append("  </testsuite>\n");
        }
        return out.append("</testsuites>\n").toString();
    }

    static String xml(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> {
                    if (c >= 0x20 || c == '\n' || c == '\t' || c == '\r') {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
