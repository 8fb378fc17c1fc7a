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

    private Stylers() {
    }

    /** By file name: YAML and JSON files, Dockerfiles ({@code Dockerfile}, {@code *.Dockerfile}, {@code Dockerfile.*}), shell scripts. */
    public static Styler forFileName(String fileName) {
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

    /**
     * By the language of a fenced code block: {@code yaml}/{@code yml}/{@code json}, {@code dockerfile},
     * {@code bash}/{@code sh}/{@code shell}/{@code zsh}, {@code console} (a transcript with prompts).
     */
    public static Styler forLanguage(String language) {
        String lang = language == null ? "" : language.strip().toLowerCase(Locale.ROOT);
        return switch (lang) {
            case "yaml", "yml", "json", "jsonc" -> YAML;
            case "dockerfile", "docker", "containerfile" -> DOCKERFILE;
            case "bash", "sh", "shell", "zsh", "ksh" -> SHELL;
            case "console", "shell-session", "shellsession", "terminal" -> CONSOLE;
            default -> PLAIN;
        };
    }
}
