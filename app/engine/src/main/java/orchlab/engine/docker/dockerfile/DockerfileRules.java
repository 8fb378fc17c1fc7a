package orchlab.engine.docker.dockerfile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The Dockerfile rules, in the spirit of hadolint. Pure functions of the parsed text: usable by
 * the {@code dockerfile} check kind and by an editor that underlines lines.
 *
 * <table>
 *   <caption>Rules</caption>
 *   <tr><th>id</th><th>what it finds</th></tr>
 *   <tr><td>DL1000</td><td>the Dockerfile cannot be parsed (unknown instruction, missing FROM, ...)</td></tr>
 *   <tr><td>DL3006</td><td>FROM without a tag</td></tr>
 *   <tr><td>DL3007</td><td>FROM with the {@code latest} tag</td></tr>
 *   <tr><td>DL3002</td><td>the final stage runs as root (last USER is root, or no USER at all)</td></tr>
 *   <tr><td>DL3025</td><td>CMD / ENTRYPOINT in shell form (or broken JSON)</td></tr>
 *   <tr><td>DL3020</td><td>ADD for local files and folders (use COPY)</td></tr>
 *   <tr><td>DL3000</td><td>relative WORKDIR</td></tr>
 *   <tr><td>DL4003</td><td>more than one CMD in a stage</td></tr>
 *   <tr><td>DL4004</td><td>more than one ENTRYPOINT in a stage</td></tr>
 *   <tr><td>DL4000</td><td>MAINTAINER is deprecated</td></tr>
 *   <tr><td>OL1001</td><td>the whole build context is copied before the dependency install (cache-busting order)</td></tr>
 *   <tr><td>OL1002</td><td>multi-stage: the final stage copies {@code --from} a named earlier stage (opt-in)</td></tr>
 * </table>
 */
public final class DockerfileRules {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SHELL_SYNTAX = Pattern.compile("[&|;<>$`*?(){}\\[\\]\\\\'\"~#]");
    private static final Map<String, String> TAG_SUGGESTIONS = Map.ofEntries(
            Map.entry("python", "python:3.12-slim"), Map.entry("node", "node:20-alpine"),
            Map.entry("nginx", "nginx:1.27-alpine"), Map.entry("postgres", "postgres:16"),
            Map.entry("alpine", "alpine:3.20"), Map.entry("ubuntu", "ubuntu:24.04"),
            Map.entry("debian", "debian:bookworm-slim"), Map.entry("golang", "golang:1.22"),
            Map.entry("redis", "redis:7"), Map.entry("eclipse-temurin", "eclipse-temurin:21-jre"),
            Map.entry("openjdk", "eclipse-temurin:21-jre"), Map.entry("busybox", "busybox:1.36"));
    private static final List<String> ARCHIVE_SUFFIXES = List.of(".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz",
            ".tbz2", ".tb2", ".tar.xz", ".txz", ".tar.lz", ".tlz", ".tar.lzma", ".tar.z", ".tar.zst");

    private static final List<DockerfileRule> RULES = List.of(
            new DockerfileRule("DL1000", Severity.ERROR, "The Dockerfile can be parsed", true, DockerfileRules::parseProblems),
            new DockerfileRule("DL3006", Severity.WARNING, "Always tag the version of a base image", true, DockerfileRules::untagged),
            new DockerfileRule("DL3007", Severity.WARNING, "Do not use the moving tag 'latest'", true, DockerfileRules::latest),
            new DockerfileRule("DL3002", Severity.WARNING, "The final stage does not run as root", true, DockerfileRules::rootUser),
            new DockerfileRule("DL3025", Severity.WARNING, "CMD and ENTRYPOINT use the exec (JSON) form", true, DockerfileRules::shellForm),
            new DockerfileRule("DL3020", Severity.ERROR, "Use COPY instead of ADD for local files and folders", true, DockerfileRules::addLocal),
            new DockerfileRule("DL3000", Severity.ERROR, "WORKDIR is an absolute path", true, DockerfileRules::relativeWorkdir),
            new DockerfileRule("DL4003", Severity.WARNING, "One CMD per stage", true, d -> repeated(d, "CMD", "DL4003", Severity.WARNING)),
            new DockerfileRule("DL4004", Severity.ERROR, "One ENTRYPOINT per stage", true, d -> repeated(d, "ENTRYPOINT", "DL4004", Severity.ERROR)),
            new DockerfileRule("DL4000", Severity.ERROR, "MAINTAINER is deprecated", true, DockerfileRules::maintainer),
            new DockerfileRule("OL1001", Severity.WARNING, "Copy dependency files and install them before copying the rest of the code", true, DockerfileRules::cacheOrder),
            new DockerfileRule("OL1002", Severity.INFO, "Multi-stage build: the final stage copies --from a named earlier stage", false, DockerfileRules::multiStage));

    private static final Map<String, DockerfileRule> BY_ID;

    static {
        Map<String, DockerfileRule> map = new LinkedHashMap<>();
        for (DockerfileRule rule : RULES) {
            map.put(rule.id(), rule);
        }
        BY_ID = map;
    }

    private DockerfileRules() {
    }

    /** Every rule, in documentation order. */
    public static List<DockerfileRule> all() {
        return RULES;
    }

    public static Optional<DockerfileRule> find(String id) {
        return Optional.ofNullable(BY_ID.get(id.toUpperCase(Locale.ROOT)));
    }

    public static Set<String> ids() {
        return BY_ID.keySet();
    }

    /** Runs the rules that are on by default; violations sorted by line. */
    public static List<RuleViolation> check(Dockerfile dockerfile) {
        return run(dockerfile, RULES.stream().filter(DockerfileRule::enabledByDefault).toList());
    }

    /** Runs the named rules (unknown ids are ignored; validate them with {@link #find}); violations sorted by line. */
    public static List<RuleViolation> check(Dockerfile dockerfile, Collection<String> ruleIds) {
        return run(dockerfile, ruleIds.stream().map(DockerfileRules::find).flatMap(Optional::stream).distinct().toList());
    }

    private static List<RuleViolation> run(Dockerfile dockerfile, List<DockerfileRule> rules) {
        List<RuleViolation> out = new ArrayList<>();
        for (DockerfileRule rule : rules) {
            out.addAll(rule.check(dockerfile));
        }
        out.sort(Comparator.comparingInt(RuleViolation::line).thenComparing(RuleViolation::ruleId));
        return out;
    }

    // ---------------------------------------------------------------- rules

    private static List<RuleViolation> parseProblems(Dockerfile d) {
        return d.problems().stream()
                .map(p -> new RuleViolation("DL1000", Severity.ERROR, p.line(), p.message(), p.fix(),
                        "a valid Dockerfile instruction", Optional.of(p.message())))
                .toList();
    }

    private static List<RuleViolation> untagged(Dockerfile d) {
        List<RuleViolation> out = new ArrayList<>();
        for (Stage stage : d.stages()) {
            ImageRef base = stage.base();
            if (base.text().isEmpty() || base.isScratch() || base.hasVariable() || isEarlierStage(d, stage, base)) {
                continue;
            }
            if (base.tag().isEmpty() && base.digest().isEmpty()) {
                String suggestion = suggestTag(base);
                out.add(new RuleViolation("DL3006", Severity.WARNING, stage.from().line(),
                        "FROM " + base.text() + " has no tag, so it means whatever " + base.text() + ":latest is today",
                        "pin a version, e.g. FROM " + suggestion,
                        "a tagged image like " + suggestion, Optional.of(base.text() + " (no tag)")));
            }
        }
        return out;
    }

    private static List<RuleViolation> latest(Dockerfile d) {
        List<RuleViolation> out = new ArrayList<>();
        for (Stage stage : d.stages()) {
            ImageRef base = stage.base();
            if (base.tag().map(t -> t.equals("latest")).orElse(false) && base.digest().isEmpty()) {
                String suggestion = suggestTag(base);
                out.add(new RuleViolation("DL3007", Severity.WARNING, stage.from().line(),
                        "FROM " + base.text() + " uses the moving tag latest",
                        "pin a version, e.g. FROM " + suggestion,
                        "a pinned tag like " + suggestion, Optional.of(base.text())));
            }
        }
        return out;
    }

    private static List<RuleViolation> rootUser(Dockerfile d) {
        Optional<Stage> last = d.finalStage();
        if (last.isEmpty()) {
            return List.of();
        }
        Stage stage = last.get();
        Optional<Instruction> user = stage.last("USER");
        if (user.isEmpty()) {
            return List.of(new RuleViolation("DL3002", Severity.WARNING, stage.from().line(),
                    "the final stage has no USER, so the container runs as root",
                    "add a non-root user and switch to it before CMD, e.g. RUN useradd --create-home app then USER app",
                    "a USER instruction with a non-root user", Optional.empty()));
        }
        String name = user.get().words().isEmpty() ? "" : user.get().words().get(0);
        String uid = name.contains(":") ? name.substring(0, name.indexOf(':')) : name;
        if (uid.equals("root") || uid.equals("0")) {
            return List.of(new RuleViolation("DL3002", Severity.WARNING, user.get().line(),
                    "the last USER is " + name + ", so the container runs as root",
                    "switch to a non-root user after the steps that need root, e.g. USER app",
                    "a non-root user", Optional.of("USER " + name)));
        }
        return List.of();
    }

    private static List<RuleViolation> shellForm(Dockerfile d) {
        List<RuleViolation> out = new ArrayList<>();
        for (Instruction i : d.instructions()) {
            if (!(i.is("CMD") || i.is("ENTRYPOINT")) || i.isExecForm() || i.arguments().isEmpty()) {
                continue;
            }
            if (i.looksLikeBrokenExecForm()) {
                String repaired = i.arguments().replace('\'', '"');
                out.add(new RuleViolation("DL3025", Severity.WARNING, i.line(),
                        i.keyword() + " is not valid JSON, so Docker runs it in shell form",
                        "write the JSON array with double quotes: " + repaired,
                        "exec form " + repaired, Optional.of("invalid JSON " + i.arguments())));
                continue;
            }
            String exec = execSuggestion(i.arguments());
            String fix = exec.isEmpty()
                    ? "use the exec form, e.g. [\"executable\", \"arg\"]; this command uses shell syntax, so move it into a script and run [\"/app/start.sh\"]"
                    : "use " + exec;
            out.add(new RuleViolation("DL3025", Severity.WARNING, i.line(), i.keyword() + " in shell form", fix,
                    exec.isEmpty() ? "exec form [\"executable\", \"arg\"]" : "exec form " + exec,
                    Optional.of("shell form " + i.arguments())));
        }
        return out;
    }

    private static List<RuleViolation> addLocal(Dockerfile d) {
        List<RuleViolation> out = new ArrayList<>();
        for (Instruction i : d.instructions()) {
            if (!i.is("ADD") || !i.heredocs().isEmpty()) {
                continue;
            }
            List<String> words = i.words();
            if (words.size() < 2) {
                continue;
            }
            List<String> sources = words.subList(0, words.size() - 1);
            boolean special = sources.stream().anyMatch(s -> isUrl(s) || isArchive(s));
            if (!special) {
                String copy = "COPY " + String.join(" ", words);
                out.add(new RuleViolation("DL3020", Severity.ERROR, i.line(),
                        "ADD used for local files",
                        "use " + copy + " (ADD also downloads URLs and unpacks archives, which is not wanted here)",
                        copy, Optional.of(i.text())));
            }
        }
        return out;
    }

    private static List<RuleViolation> relativeWorkdir(Dockerfile d) {
        List<RuleViolation> out = new ArrayList<>();
        for (Instruction i : d.instructions()) {
            if (!i.is("WORKDIR")) {
                continue;
            }
            String dir = i.arguments().trim();
            if (dir.startsWith("\"") && dir.endsWith("\"") && dir.length() >= 2) {
                dir = dir.substring(1, dir.length() - 1);
            }
            if (dir.isEmpty() || dir.startsWith("/") || dir.startsWith("$") || dir.matches("^[A-Za-z]:[\\\\/].*")) {
                continue;
            }
            String absolute = "/" + dir.replaceFirst("^\\./", "");
            out.add(new RuleViolation("DL3000", Severity.ERROR, i.line(),
                    "WORKDIR " + dir + " is relative, so where it ends up depends on earlier WORKDIRs",
                    "use an absolute path: WORKDIR " + absolute,
                    "an absolute path like " + absolute, Optional.of(dir)));
        }
        return out;
    }

    private static List<RuleViolation> repeated(Dockerfile d, String keyword, String id, Severity severity) {
        List<RuleViolation> out = new ArrayList<>();
        for (Stage stage : d.stages()) {
            List<Instruction> found = stage.all(keyword);
            for (int k = 1; k < found.size(); k++) {
                out.add(new RuleViolation(id, severity, found.get(k).line(),
                        keyword + " again in " + stage.label() + " (first on line " + found.get(0).line() + "); only the last one takes effect",
                        "keep a single " + keyword,
                        "one " + keyword, Optional.of(found.size() + " " + keyword + " instructions")));
            }
        }
        return out;
    }

    private static List<RuleViolation> maintainer(Dockerfile d) {
        return d.instructions().stream().filter(i -> i.is("MAINTAINER"))
                .map(i -> new RuleViolation("DL4000", Severity.ERROR, i.line(), "MAINTAINER is deprecated",
                        "use LABEL org.opencontainers.image.authors=\"" + i.arguments().replace("\"", "") + "\"",
                        "LABEL org.opencontainers.image.authors", Optional.of(i.text())))
                .toList();
    }

    private static List<RuleViolation> cacheOrder(Dockerfile d) {
        List<RuleViolation> out = new ArrayList<>();
        for (Stage stage : d.stages()) {
            Instruction wholeCopy = null;
            for (Instruction i : stage.instructions()) {
                if (wholeCopy == null && copiesWholeContext(i)) {
                    wholeCopy = i;
                } else if (wholeCopy != null && i.is("RUN")) {
                    Optional<DependencyInstall> install = DependencyInstall.find(runText(i));
                    if (install.isPresent()) {
                        DependencyInstall di = install.get();
                        String copyText = wholeCopy.keyword() + " " + wholeCopy.arguments();
                        out.add(new RuleViolation("OL1001", Severity.WARNING, wholeCopy.line(),
                                copyText + " copies all your code before " + di.command() + " on line " + i.line()
                                        + ", so every code change re-runs the install",
                                "first COPY " + di.manifests() + " ./ and RUN " + di.command() + ", then " + copyText,
                                "COPY " + di.manifests() + " and the install before " + copyText,
                                Optional.of(copyText + " on line " + wholeCopy.line() + " before the install on line " + i.line())));
                        break;
                    }
                }
            }
        }
        return out;
    }

    private static List<RuleViolation> multiStage(Dockerfile d) {
        List<RuleViolation> out = new ArrayList<>();
        Optional<Stage> last = d.finalStage();
        if (last.isEmpty()) {
            return out;
        }
        Stage fin = last.get();
        if (d.stages().size() < 2) {
            out.add(new RuleViolation("OL1002", Severity.INFO, fin.from().line(),
                    "single-stage build: build tools and sources end up in the final image",
                    "build in a named stage (FROM ... AS build) and COPY --from=build only what the final image needs",
                    "a final stage that copies --from a named build stage", Optional.empty()));
            return out;
        }
        boolean copiesFromNamed = false;
        for (Instruction i : fin.instructions()) {
            if (!(i.is("COPY") || i.is("ADD")) || i.flag("from").isEmpty()) {
                continue;
            }
            String from = i.flag("from").get();
            if (from.matches("\\d+")) {
                out.add(new RuleViolation("OL1002", Severity.INFO, i.line(),
                        "COPY --from=" + from + " refers to a stage by its number, which breaks when stages move",
                        "name the stage (FROM ... AS build) and write COPY --from=build",
                        "--from=<stage name>", Optional.of("--from=" + from)));
            } else if (d.stage(from).filter(s -> s.index() < fin.index()).isPresent()) {
                copiesFromNamed = true;
            } else if (!from.contains(":") && !from.contains("/") && !from.contains("$")) {
                String names = d.stages().stream().map(Stage::name).flatMap(Optional::stream).toList().toString();
                out.add(new RuleViolation("OL1002", Severity.INFO, i.line(),
                        "COPY --from=" + from + " names no earlier stage, so Docker will look for an image called " + from,
                        "use one of the stage names " + names,
                        "one of the stages " + names, Optional.of("--from=" + from)));
            }
        }
        if (!copiesFromNamed && out.isEmpty()) {
            out.add(new RuleViolation("OL1002", Severity.INFO, fin.from().line(),
                    "the final stage copies nothing from an earlier stage",
                    "COPY --from=<build stage> the built files into the final stage",
                    "COPY --from=<named stage> in the final stage", Optional.empty()));
        }
        return out;
    }

    // ---------------------------------------------------------------- helpers

    private static boolean isEarlierStage(Dockerfile d, Stage stage, ImageRef base) {
        return d.stage(base.text()).filter(s -> s.index() < stage.index()).isPresent();
    }

    private static String suggestTag(ImageRef base) {
        String known = TAG_SUGGESTIONS.get(base.shortName().toLowerCase(Locale.ROOT));
        if (known != null && base.repository().equals(base.shortName())) {
            return known;
        }
        return base.repository() + ":<version>";
    }

    /** {@code python app.py} → {@code ["python", "app.py"]}; empty when the text needs a shell. */
    static String execSuggestion(String shellText) {
        String text = shellText.trim();
        if (text.isEmpty() || SHELL_SYNTAX.matcher(text).find()) {
            return "";
        }
        List<String> words = List.of(text.split("\\s+"));
        try {
            return JSON.writeValueAsString(words).replace("\",\"", "\", \"");
        } catch (JsonProcessingException e) {
            return "";
        }
    }

    private static boolean isUrl(String source) {
        String s = source.toLowerCase(Locale.ROOT);
        return s.startsWith("http://") || s.startsWith("https://") || s.startsWith("git@") || s.startsWith("git://");
    }

    private static boolean isArchive(String source) {
        String s = source.toLowerCase(Locale.ROOT);
        return ARCHIVE_SUFFIXES.stream().anyMatch(s::endsWith);
    }

    private static boolean copiesWholeContext(Instruction i) {
        if (!(i.is("COPY") || i.is("ADD")) || i.flag("from").isPresent() || !i.heredocs().isEmpty()) {
            return false;
        }
        List<String> words = i.words();
        if (words.size() < 2) {
            return false;
        }
        return words.subList(0, words.size() - 1).stream()
                .anyMatch(s -> s.equals(".") || s.equals("./") || s.equals("*") || s.equals("./*"));
    }

    private static String runText(Instruction run) {
        StringBuilder sb = new StringBuilder(run.isExecForm() ? String.join(" ", run.execForm().get()) : run.arguments());
        for (Heredoc doc : run.heredocs()) {
            sb.append('\n').append(doc.body());
        }
        return sb.toString();
    }

    /** A dependency install found in a RUN command, with the files it reads. */
    record DependencyInstall(String command, String manifests) {
        private static final Pattern SEPARATORS = Pattern.compile("&&|\\|\\||;|\\||\\n");

        static Optional<DependencyInstall> find(String shell) {
            for (String part : SEPARATORS.split(shell)) {
                List<String> w = new ArrayList<>(List.of(part.trim().split("\\s+")));
                while (!w.isEmpty() && (w.get(0).contains("=") || w.get(0).equals("sudo") || w.get(0).isEmpty())) {
                    w.remove(0);
                }
                if (w.isEmpty()) {
                    continue;
                }
                String cmd = String.join(" ", w);
                String first = w.get(0);
                int installAt = -1;
                if (first.matches("pip[0-9.]*")) {
                    installAt = 1;
                } else if (first.matches("python[0-9.]*") && w.size() > 2 && w.get(1).equals("-m") && w.get(2).matches("pip[0-9.]*")) {
                    installAt = 3;
                }
                if (installAt > 0 && w.size() > installAt && w.get(installAt).equals("install")) {
                    for (int k = installAt + 1; k < w.size(); k++) {
                        String arg = w.get(k);
                        if ((arg.equals("-r") || arg.equals("--requirement")) && k + 1 < w.size()) {
                            return Optional.of(new DependencyInstall(cmd, w.get(k + 1)));
                        }
                        if (arg.startsWith("--requirement=")) {
                            return Optional.of(new DependencyInstall(cmd, arg.substring("--requirement=".length())));
                        }
                        if (arg.startsWith("-r") && arg.length() > 2) {
                            return Optional.of(new DependencyInstall(cmd, arg.substring(2)));
                        }
                    }
                    continue;
                }
                if (first.equals("npm") && w.size() > 1 && Set.of("install", "i", "ci").contains(w.get(1))
                        && w.subList(2, w.size()).stream().allMatch(a -> a.startsWith("-"))) {
                    return Optional.of(new DependencyInstall(cmd, "package*.json"));
                }
                if (first.equals("yarn") && (w.size() == 1 || w.get(1).equals("install") || w.get(1).startsWith("--"))) {
                    return Optional.of(new DependencyInstall(cmd, "package.json yarn.lock"));
                }
                if (first.equals("pnpm") && w.size() > 1 && Set.of("install", "i").contains(w.get(1))
                        && w.subList(2, w.size()).stream().allMatch(a -> a.startsWith("-"))) {
                    return Optional.of(new DependencyInstall(cmd, "package.json pnpm-lock.yaml"));
                }
                if (first.equals("bundle") && w.size() > 1 && w.get(1).equals("install")) {
                    return Optional.of(new DependencyInstall(cmd, "Gemfile Gemfile.lock"));
                }
                if (first.equals("composer") && w.size() > 1 && w.get(1).equals("install")) {
                    return Optional.of(new DependencyInstall(cmd, "composer.json composer.lock"));
                }
                if (first.equals("go") && w.size() > 2 && w.get(1).equals("mod") && w.get(2).equals("download")) {
                    return Optional.of(new DependencyInstall(cmd, "go.mod go.sum"));
                }
                if (first.equals("poetry") && w.size() > 1 && w.get(1).equals("install")) {
                    return Optional.of(new DependencyInstall(cmd, "pyproject.toml poetry.lock"));
                }
                if (first.equals("pipenv") && w.size() > 1 && w.get(1).equals("install")) {
                    return Optional.of(new DependencyInstall(cmd, "Pipfile Pipfile.lock"));
                }
            }
            return Optional.empty();
        }
    }
}
