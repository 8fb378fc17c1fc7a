package orchlab.desktop.editor;

import java.util.Locale;
import orchlab.engine.lint.WorkspaceLinter.FileKind;

/** Picks the styler for a workspace file or a lesson code block. All stylers here are stateless and shared. */
public final class Stylers {
    /** No highlighting: one unstyled span. */
    public static final Styler PLAIN = Spans::plain;
    public static final Styler YAML = new YamlStyler();
    public static final Styler DOCKERFILE = new DockerfileStyler();
    public static final Styler SHELL = new ShellStyler();
    public static final Styler CONSOLE = ShellStyler.console();
    /** Helm chart templates: YAML with Go template actions. */
    public static final Styler HELM_TEMPLATE = new HelmTemplateStyler(YAML);
    /** A YAML code block of a lesson: a chart template when it holds a template action, else plain YAML. */
    private static final Styler YAML_OR_TEMPLATE = text -> text != null && text.contains("{{") ? HELM_TEMPLATE.style(text) : YAML.style(text);

    private Stylers() {
    }

    /**
     * By file name: Helm chart templates (files under a {@code templates/} folder ending in {@code .yaml}, {@code .yml},
     * {@code .tpl} or {@code .txt}, and any {@code .tpl} file), YAML and JSON files, Dockerfiles ({@code Dockerfile},
     * {@code *.Dockerfile}, {@code Dockerfile.*}), shell scripts.
     */
    public static Styler forFileName(String fileName) {
        if (isHelmTemplate(fileName)) {
            return HELM_TEMPLATE;
        }
        return switch (FileKind.of(fileName)) {
            case YAML -> YAML;
            case DOCKERFILE -> DOCKERFILE;
            case OTHER -> {
                String lower = fileName == null ? "" : fileName.toLowerCase(Locale.ROOT);
                if (lower.endsWith(".json")) {
                    yield YAML;
                }
                if (lower.endsWith(".sh") || lower.endsWith(".bash")) {
                    yield SHELL;
                }
                yield PLAIN;
            }
        };
    }

    /** Whether a file is a Helm chart template: {@code templates/*.yaml} (at any depth under {@code templates/}), {@code *.tpl}. */
    static boolean isHelmTemplate(String fileName) {
        if (fileName == null) {
            return false;
        }
        String path = "/" + fileName.replace('\\', '/').toLowerCase(Locale.ROOT);
        if (path.endsWith(".tpl")) {
            return true;
        }
        return path.contains("/templates/") && (path.endsWith(".yaml") || path.endsWith(".yml") || path.endsWith(".txt"));
    }

    /**
     * By the language of a fenced code block: {@code yaml}/{@code yml}/{@code json} (as a chart template when the block
     * holds a {@code {{ ... }}} action), {@code dockerfile},
     * {@code helm}/{@code gotmpl}/{@code tpl} (a chart template),
     * {@code bash}/{@code sh}/{@code shell}/{@code zsh}, {@code console} (a transcript with prompts).
     */
    public static Styler forLanguage(String language) {
        String lang = language == null ? "" : language.strip().toLowerCase(Locale.ROOT);
        return switch (lang) {
            case "yaml", "yml", "json", "jsonc" -> YAML_OR_TEMPLATE;
            case "helm", "gotmpl", "go-template", "gotemplate", "tpl" -> HELM_TEMPLATE;
            case "dockerfile", "docker", "containerfile" -> DOCKERFILE;
            case "bash", "sh", "shell", "zsh", "ksh" -> SHELL;
            case "console", "shell-session", "shellsession", "terminal" -> CONSOLE;
            default -> PLAIN;
        };
    }
}
