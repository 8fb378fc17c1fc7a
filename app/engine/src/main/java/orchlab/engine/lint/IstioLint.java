package orchlab.engine.lint;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import orchlab.engine.istio.Finding;
import orchlab.engine.istio.IstioAnalyzer;
import orchlab.engine.istio.MeshObject;
import orchlab.engine.istio.MeshObjects;
import orchlab.engine.lint.LintMark.Severity;
import orchlab.engine.yaml.Location;
import orchlab.engine.yaml.YamlSyntaxException;

/**
 * The Istio analyzer's findings about the objects written in one file, as editor marks at the line of the field each
 * finding names (as {@code istioctl analyze FILE} reads a file over the cluster's namespace).
 *
 * <p>The file's objects replace the cluster's objects of the same kind, namespace and name, the analyzer runs over the
 * whole namespace, and only findings about objects of this file are kept: a VirtualService routing to a Service that
 * the exercise's setup made is not "not found", and a finding about a cluster object is not drawn on this file.
 */
public final class IstioLint {
    private IstioLint() {
    }

    /** Whether the text holds an object of an Istio API group (cheap: nothing else is worth analysing). */
    public static boolean mentionsIstio(String text) {
        return text != null && text.contains(".istio.io/");
    }

    /**
     * @param fileName the file's name, for locations
     * @param text     the file's current text (YAML that does not parse gives no marks: the YAML linter reports it)
     * @param namespace the exercise's namespace: objects of the file without one are in it
     * @param cluster  the namespace's objects read from the cluster ({@link MeshObjects#fromCluster}), or none
     */
    public static List<LintMark> marks(String fileName, String text, String namespace, List<MeshObject> cluster) {
        List<MeshObject> own;
        try {
            own = MeshObjects.fromText(fileName, text, namespace);
        } catch (YamlSyntaxException e) {
            return List.of();
        }
        if (own.isEmpty()) {
            return List.of();
        }
        Map<String, MeshObject> byName = new HashMap<>();
        for (MeshObject o : own) {
            byName.put(o.describe(), o); // a later object of the same name replaces the earlier, as in the overlay
        }
        List<LintMark> marks = new ArrayList<>();
        for (Finding finding : IstioAnalyzer.analyze(MeshObjects.overlay(cluster, own))) {
            MeshObject object = byName.get(finding.object());
            if (object == null) {
                continue;
            }
            marks.add(mark(finding, object));
        }
        return marks;
    }

    /**
     * Where a finding is drawn: from the key of the field it names (or, when the field is not written, of its nearest
     * written parent; for the whole object, the object's first key) to the end of that line.
     */
    static LintMark mark(Finding finding, MeshObject object) {
        Location at = object.doc().orElseThrow().locateKey(MeshObject.pointer(finding.field()));
        int line = Math.max(1, at.line());
        int column = Math.max(1, at.column());
        String message = finding.message() + " — fix: " + finding.fix() + " (" + finding.object()
                + (finding.field().isEmpty() ? "" : ", " + finding.field()) + ")";
        return new LintMark(line, column, 0, severity(finding.severity()), message, finding.code());
    }

    private static Severity severity(Finding.Severity severity) {
        return switch (severity) {
            case ERROR -> Severity.ERROR;
            case WARNING -> Severity.WARNING;
            case INFO -> Severity.INFO;
        };
    }
}
