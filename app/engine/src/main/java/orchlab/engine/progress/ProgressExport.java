package orchlab.engine.progress;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import orchlab.engine.check.CheckReport;
import orchlab.engine.course.Course;
import orchlab.engine.course.Exercise;
import orchlab.engine.course.Lesson;
import orchlab.engine.report.ReportWriter;
import orchlab.engine.workspace.Workspaces;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * A learner's progress for instructors: JSON (every exercise with status, attempts, last score and
 * timestamps) and JUnit XML (the last Check of each exercise as test cases), both written atomically.
 *
 * <p>JSON shape ({@code "format": "orchlab-progress-export/1"}):
 * <pre>
 * {
 *   "format": "orchlab-progress-export/1",
 *   "learner": "alice",
 *   "exportedAt": "2025-03-14T09:30:00Z",
 *   "course": {"id": "orchlab", "title": "OrchLab", "version": "0.1.0"},
 *   "updated": "2025-03-14T09:29:12.5Z",                    // last change of the progress
 *   "summary": {"exercises": 12, "done": 3, "attempted": 2, "notStarted": 7, "fraction": 0.25},
 *   "exercises": [                                          // course order, then exercises no longer in the course
 *     {"id": "k8s-deployment", "title": "...", "lesson": "deployments", "inCourse": true,
 *      "status": "done" | "attempted" | "not_started", "attempts": 4,
 *      "lastChecked": "2025-...Z" | null, "doneAt": "2025-...Z" | null,
 *      "score": {"passed": 2, "total": 3} | null,
 *      "lastReport": { ...exactly what `lab check -o json` prints (ReportWriter.toJson)... } | null}
 *   ]
 * }
 * </pre>
 *
 * <p>JUnit XML is {@link ReportWriter#junit} of the last reports (one {@code <testsuite>} per exercise,
 * one {@code <testcase>} per check, failures listing every field as {@code path: expected X, found Y}),
 * with {@code <testsuites name="<course> — <learner>">}, each suite's {@code timestamp} (UTC, the last
 * Check) and {@code <properties>} (learner, course, status, attempts, doneAt). With a course, exercises
 * never checked appear as a suite with one {@code <skipped message="not checked yet"/>} test case.
 */
public final class ProgressExport {
    public static final String FORMAT = "orchlab-progress-export/1";

    private final String learner;
    private final Clock clock;

    /**
     * @param learner the learner's name as instructors see it
     * @param clock   stamps {@code exportedAt}
     */
    public ProgressExport(String learner, Clock clock) {
        this.learner = Objects.requireNonNull(learner, "learner");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The operating-system user as learner ({@link #defaultLearner()}). */
    public static ProgressExport forCurrentUser(Clock clock) {
        return new ProgressExport(defaultLearner(), clock);
    }

    /** {@code user.name}, or {@code "learner"} when the JVM does not know it. */
    public static String defaultLearner() {
        String name = System.getProperty("user.name");
        return name == null || name.isBlank() ? "learner" : name;
    }

    public String learner() {
        return learner;
    }

    public void exportJson(CourseProgress progress, Course course, Path out) throws IOException {
        Workspaces.writeAtomically(out, json(progress, course));
    }

    public void exportJUnit(CourseProgress progress, Course course, Path out) throws IOException {
        Workspaces.writeAtomically(out, junit(progress, Optional.of(course)));
    }

    /** Without the course: only exercises that were checked, by id. */
    public void exportJUnit(CourseProgress progress, Path out) throws IOException {
        Workspaces.writeAtomically(out, junit(progress, Optional.empty()));
    }

    public String json(CourseProgress progress, Course course) {
        try {
            return JsonFile.mapper().writeValueAsString(toJson(progress, course)) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public ObjectNode toJson(CourseProgress progress, Course course) {
        ObjectNode root = JsonFile.mapper().createObjectNode();
        root.put("format", FORMAT);
        root.put("learner", learner);
        root.put("exportedAt", clock.instant().toString());
        ObjectNode c = root.putObject("course");
        c.put("id", course.id());
        c.put("title", course.title());
        c.put("version", course.version());
        root.put("updated", progress.updated().toString());
        List<String> ids = exerciseIds(progress, Optional.of(course));
        int courseTotal = course.exercises().size();
        long done = course.exercises().keySet().stream().filter(id -> progress.status(id) == ExerciseStatus.DONE).count();
        long attempted = course.exercises().keySet().stream().filter(id -> progress.status(id) == ExerciseStatus.ATTEMPTED).count();
        ObjectNode summary = root.putObject("summary");
        summary.put("exercises", courseTotal);
        summary.put("done", done);
        summary.put("attempted", attempted);
        summary.put("notStarted", courseTotal - done - attempted);
        summary.put("fraction", courseTotal == 0 ? 0.0 : done / (double) courseTotal);
        var exercises = root.putArray("exercises");
        for (String id : ids) {
            ExerciseProgress p = progress.exercise(id);
            Optional<Exercise> exercise = course.exercise(id);
            ObjectNode e = exercises.addObject();
            e.put("id", id);
            putOrNull(e, "title", exercise.map(Exercise::title));
            putOrNull(e, "lesson", course.lessonOf(id).map(Lesson::id));
            e.put("inCourse", exercise.isPresent());
            e.put("status", p.status().name().toLowerCase(Locale.ROOT));
            e.put("attempts", p.attempts());
            putOrNull(e, "lastChecked", p.lastChecked().map(Instant::toString));
            putOrNull(e, "doneAt", p.doneAt().map(Instant::toString));
            if (p.lastScore().isPresent()) {
                ObjectNode score = e.putObject("score");
                score.put("passed", p.lastScore().get().passed());
                score.put("total", p.lastScore().get().total());
            } else {
                e.putNull("score");
            }
            if (p.lastReport().isPresent()) {
                e.set("lastReport", ReportWriter.toJson(p.lastReport().get()));
            } else {
                e.putNull("lastReport");
            }
        }
        return root;
    }

    /** JUnit XML of the last Check of each exercise; with a course, unchecked exercises as skipped. */
    public String junit(CourseProgress progress, Optional<Course> course) {
        List<String> ids = exerciseIds(progress, course);
        List<CheckReport> reports = new ArrayList<>();
        for (String id : ids) {
            progress.exercise(id).lastReport().ifPresent(reports::add);
        }
        Document doc = parse(ReportWriter.junit(reports));
        Element suites = doc.getDocumentElement();
        suites.setAttribute("name", progress.courseId() + " — " + learner);
        removeWhitespace(suites);
        List<Element> existing = children(suites, "testsuite");
        int next = 0;
        for (String id : ids) {
            ExerciseProgress p = progress.exercise(id);
            Element suite;
            if (p.lastReport().isPresent()) {
                suite = existing.get(next++);
                p.lastChecked().ifPresent(at -> suite.setAttribute("timestamp", timestamp(at)));
            } else if (course.isPresent()) {
                suite = skippedSuite(doc, id, course.get());
                suites.insertBefore(suite, next < existing.size() ? existing.get(next) : null);
            } else {
                continue;
            }
            Element properties = doc.createElement("properties");
            property(doc, properties, "learner", learner);
            property(doc, properties, "course", progress.courseId());
            property(doc, properties, "exercise", id);
            property(doc, properties, "status", p.status().name().toLowerCase(Locale.ROOT));
            property(doc, properties, "attempts", Integer.toString(p.attempts()));
            p.doneAt().ifPresent(at -> property(doc, properties, "doneAt", at.toString()));
            suite.insertBefore(properties, suite.getFirstChild());
        }
        return serialize(doc);
    }

    /** Course order (when known), then stored exercises the course does not list (by id). */
    private static List<String> exerciseIds(CourseProgress progress, Optional<Course> course) {
        Set<String> ids = new LinkedHashSet<>();
        course.ifPresent(c -> ids.addAll(c.exercises().keySet()));
        ids.addAll(progress.exercises().keySet());
        return List.copyOf(ids);
    }

    private static Element skippedSuite(Document doc, String id, Course course) {
        Element suite = doc.createElement("testsuite");
        suite.setAttribute("name", id);
        suite.setAttribute("tests", "1");
        suite.setAttribute("failures", "0");
        suite.setAttribute("errors", "0");
        suite.setAttribute("skipped", "1");
        suite.setAttribute("time", "0.000");
        Element testcase = doc.createElement("testcase");
        testcase.setAttribute("classname", id);
        testcase.setAttribute("name", course.exercise(id).map(Exercise::title).orElse(id));
        testcase.setAttribute("time", "0.000");
        Element skipped = doc.createElement("skipped");
        skipped.setAttribute("message", "not checked yet");
        testcase.appendChild(skipped);
        suite.appendChild(testcase);
        return suite;
    }

    private static void property(Document doc, Element properties, String name, String value) {
        Element property = doc.createElement("property");
        property.setAttribute("name", name);
        property.setAttribute("value", value);
        properties.appendChild(property);
    }

    /** JUnit's timestamp: ISO-8601 without zone; UTC. */
    private static String timestamp(Instant at) {
        return DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(LocalDateTime.ofInstant(at.truncatedTo(ChronoUnit.SECONDS), ZoneOffset.UTC));
    }

    private static void putOrNull(ObjectNode node, String field, Optional<String> value) {
        if (value.isPresent()) {
            node.put(field, value.get());
        } else {
            node.putNull(field);
        }
    }

    private static List<Element> children(Element parent, String tag) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(tag)) {
                out.add(e);
            }
        }
        return out;
    }

    /** Drops indentation text so the serializer indents the changed tree evenly. */
    private static void removeWhitespace(Node node) {
        NodeList kids = node.getChildNodes();
        for (int i = kids.getLength() - 1; i >= 0; i--) {
            Node kid = kids.item(i);
            if (kid.getNodeType() == Node.TEXT_NODE && kid.getTextContent().isBlank() && node.getChildNodes().getLength() > 1) {
                node.removeChild(kid);
            } else if (kid.getNodeType() == Node.ELEMENT_NODE) {
                removeWhitespace(kid);
            }
        }
    }

    private static Document parse(String xml) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            return factory.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new IllegalStateException("ReportWriter wrote JUnit XML the JDK cannot parse", e);
        }
    }

    private static String serialize(Document doc) {
        try {
            TransformerFactory factory = TransformerFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            var transformer = factory.newTransformer();
            transformer.setOutputProperty(OutputKeys.INDENT, "yes");
            transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            transformer.setOutputProperty("{http://xml.apache.org/xslt}indent-amount", "2");
            doc.setXmlStandalone(true);
            StringWriter out = new StringWriter();
            transformer.transform(new DOMSource(doc), new StreamResult(out));
            String text = out.toString();
            // the JDK serializer puts the root element on the declaration's line
            text = text.replaceFirst("\\?><", "?>\n<");
            return text.endsWith("\n") ? text : text + "\n";
        } catch (TransformerException e) {
            throw new IllegalStateException(e);
        }
    }
}
