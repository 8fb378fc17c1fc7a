package orchlab.engine.lint;

import orchlab.engine.workspace.Workspaces;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import orchlab.engine.helm.HelmClient;
import orchlab.engine.helm.HelmException;
import orchlab.engine.helm.HelmMessage;
import orchlab.engine.helm.HelmUnavailableException;
import orchlab.engine.helm.LintReport;
import orchlab.engine.lint.LintMark.Severity;

/**
 * {@code helm lint} (real Helm, in-process) over the chart a file belongs to, with the file's text as the editor holds
 * it, as editor marks on that file: Helm's messages that name the file, at the line Helm gives (the first line when it
 * gives none).
 *
 * <p>The chart is copied to a temporary folder with the edited text in place, so unsaved changes are linted and
 * nothing in the workspace is written. Charts over {@value #MAX_FILES} files or {@value #MAX_BYTES} bytes are not
 * copied (no marks; the Lint step still runs on the saved chart). Helm's Go code runs one lint at a time.
 */
public final class HelmLint {
    /** The source of the marks ({@link LintMark#source()}). */
    public static final String SOURCE = "helm lint";
    static final int MAX_FILES = 500;
    static final long MAX_BYTES = 4L * 1024 * 1024;
    private static final Object LOCK = new Object();

    private HelmLint() {
    }

    /**
     * The chart a workspace file belongs to: the nearest folder from the file's own up to {@code workspace} that holds
     * a {@code Chart.yaml}.
     */
    public static Optional<Path> chartOf(Path workspace, Path file) {
        Path root = workspace.toAbsolutePath().normalize();
        Path dir = root.resolve(file).normalize().getParent();
        while (dir != null && dir.startsWith(root)) {
            if (Files.isRegularFile(dir.resolve("Chart.yaml"))) {
                return Optional.of(dir);
            }
            dir = dir.getParent();
        }
        return Optional.empty();
    }

    /**
     * @param chart    the chart's folder
     * @param fileInChart the edited file, relative to the chart ({@code templates/deployment.yaml})
     * @param text     the file's text as the editor holds it
     * @return the marks on that file; none when Helm cannot run here or the chart is too big to copy
     */
    public static List<LintMark> marks(Path chart, String fileInChart, String text) {
        String relative = fileInChart.replace('\\', '/');
        Path copyParent = null;
        try {
            copyParent = Files.createTempDirectory("orchlab-helm-lint");
            Path copy = copyParent.resolve(chart.getFileName().toString());
            if (!Workspaces.copyTree(chart, copy, MAX_FILES, MAX_BYTES)) {
                return List.of();
            }
            Path edited = copy.resolve(relative).normalize();
            if (!edited.startsWith(copy)) {
                return List.of();
            }
            Files.createDirectories(edited.getParent());
            Files.writeString(edited, text);
            LintReport report;
            synchronized (LOCK) {
                report = HelmClient.chartsOnly().lint(copy, false);
            }
            return marks(report, relative);
        } catch (HelmUnavailableException | IOException | UncheckedIOException e) {
            return List.of();
        } catch (HelmException e) {
            return e.problem().filter(m -> relative.equals(m.file())).map(m -> List.of(mark(m))).orElse(List.of());
        } finally {
            Workspaces.deleteQuietly(copyParent);
        }
    }

    /** The messages of a lint report that name {@code fileInChart}, as marks. */
    static List<LintMark> marks(LintReport report, String fileInChart) {
        List<LintMark> marks = new ArrayList<>();
        for (HelmMessage message : report.messages()) {
            if (fileInChart.equals(message.file())) {
                marks.add(mark(message));
            }
        }
        return marks;
    }

    static LintMark mark(HelmMessage message) {
        Severity severity = switch (message.severity()) {
            case ERROR -> Severity.ERROR;
            case WARNING -> Severity.WARNING;
            case INFO -> Severity.INFO;
        };
        return new LintMark(message.line().orElse(1), 1, 0, severity, message.text(), SOURCE);
    }

}
