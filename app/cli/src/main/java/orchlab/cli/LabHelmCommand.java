package orchlab.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import orchlab.engine.helm.HelmClient;
import orchlab.engine.helm.HelmException;
import orchlab.engine.helm.HelmMessage;
import orchlab.engine.helm.HelmRelease;
import orchlab.engine.helm.HelmUnavailableException;
import orchlab.engine.helm.LintReport;
import orchlab.engine.helm.ReleaseSummary;
import orchlab.engine.helm.ValuesInput;
import orchlab.engine.sandbox.KubernetesAccess;
import orchlab.engine.sandbox.SandboxException;
import orchlab.engine.sandbox.kube.KubeConnect;
import orchlab.engine.sandbox.kube.KubeconfigChain;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lab helm …} — real Helm (in-process, through the engine) for a terminal without a {@code helm} binary;
 * {@code app/bin/shims/helm} forwards {@code helm …} here. Prints as Helm does; errors are {@code Error: …} on
 * stderr with exit code 1, as Helm's. What is supported: app/docs/helm.md.
 */
@Command(name = "helm", description = "Real Helm (v3, in-process) for the lab's terminal: install, upgrade, rollback, list, status, "
        + "history, uninstall, template, lint, create, get values/manifest, dependency build.",
        subcommands = {LabHelmCommand.Install.class, LabHelmCommand.Upgrade.class, LabHelmCommand.Rollback.class,
                LabHelmCommand.ListReleases.class, LabHelmCommand.Status.class, LabHelmCommand.History.class,
                LabHelmCommand.Uninstall.class, LabHelmCommand.Template.class, LabHelmCommand.Lint.class,
                LabHelmCommand.Create.class, LabHelmCommand.Get.class, LabHelmCommand.Dependency.class})
public final class LabHelmCommand implements Callable<Integer> {
    static final int HELM_ERROR = 1;
    private static final DateTimeFormatter DEPLOYED = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.ROOT);
    private static final DateTimeFormatter UPDATED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSSSSS Z z", Locale.ROOT);

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    /** Helm's global flags that matter here. */
    static final class Globals {
        @Option(names = {"-n", "--namespace"}, paramLabel = "NAMESPACE", description = "namespace scope for this request")
        String namespace;

        @Option(names = "--kubeconfig", paramLabel = "FILE", description = "path to the kubeconfig file (default: $KUBECONFIG or ~/.kube/config)")
        Path kubeconfig;

        @Option(names = "--debug", description = "accepted for compatibility")
        boolean debug;

        /** kubectl's and Helm's order: {@code --kubeconfig} alone, else every file of {@code $KUBECONFIG}, else {@code ~/.kube/config}. */
        List<Path> kubeconfigFiles() {
            return KubeconfigChain.filesFor(Optional.ofNullable(kubeconfig));
        }

        /**
         * A Helm client on the kubeconfig's current context, in -n or the context's namespace. A {@code KUBECONFIG}
         * list is merged as kubectl merges it (the lab's terminal puts its reference first, the learner's file after).
         */
        Connected connect() throws HelmUnavailableException {
            List<Path> files = kubeconfigFiles();
            KubeconfigChain chain;
            String context;
            KubernetesClient client;
            try {
                chain = KubeconfigChain.load(files);
                context = chain.resolve(Optional.empty());
                client = KubeConnect.client(chain, context);
            } catch (SandboxException e) {
                throw new HelmUnavailableException("Kubernetes cluster unreachable: " + (files.stream().noneMatch(Files::exists)
                        ? "no kubeconfig at " + String.join(java.io.File.pathSeparator, files.stream().map(Path::toString).toList())
                                + " (start a sandbox, or pass --kubeconfig)"
                        : e.getMessage()));
            }
            String ns;
            try {
                ns = namespace != null ? namespace : helmNamespace().or(() -> contextNamespace(chain, context)).orElse("default");
            } catch (RuntimeException e) {
                client.close();
                throw e;
            }
            return new Connected(client, new HelmClient(Optional.of(new KubernetesAccess(client, files, context)), ns));
        }

        private static Optional<String> contextNamespace(KubeconfigChain chain, String context) {
            try {
                return chain.namespace(context);
            } catch (SandboxException e) {
                return Optional.empty();
            }
        }

        String namespaceOrDefault() {
            return namespace != null ? namespace : helmNamespace().orElse("default");
        }

        /** Helm's own $HELM_NAMESPACE (the lab's terminal sets it to the exercise's namespace). */
        static Optional<String> helmNamespace() {
            return Optional.ofNullable(System.getenv("HELM_NAMESPACE")).filter(n -> !n.isBlank());
        }
    }

    record Connected(KubernetesClient client, HelmClient helm) implements AutoCloseable {
        @Override
        public void close() {
            client.close();
        }
    }

    /** -f/--values and --set, as Helm takes them. */
    static final class ValuesOptions {
        @Option(names = {"-f", "--values"}, paramLabel = "FILE", description = "values file (can repeat)")
        List<Path> files = new ArrayList<>();

        @Option(names = "--set", paramLabel = "KEY=VALUE", description = "set values (can repeat or be comma-separated: a=1,b=2)")
        List<String> set = new ArrayList<>();

        ValuesInput input() {
            Map<String, String> pairs = new LinkedHashMap<>();
            for (String s : set) {
                for (String pair : s.split("(?<!\\\\),")) {
                    int eq = pair.indexOf('=');
                    if (eq <= 0) {
                        throw new CommandLine.ParameterException(new CommandLine(new Object()),
                                "failed parsing --set data: key \"" + pair + "\" has no value");
                    }
                    pairs.put(pair.substring(0, eq), pair.substring(eq + 1).replace("\\,", ","));
                }
            }
            return new ValuesInput(files, pairs);
        }
    }

    /** Runs a Helm action, printing Helm-style errors. */
    abstract static class Action implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        abstract void run(PrintWriter out) throws HelmException, HelmUnavailableException;

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            try {
                run(out());
                out().flush();
                return 0;
            } catch (HelmException | HelmUnavailableException e) {
                out().flush();
                err.println("Error: " + e.getMessage());
                err.flush();
                return HELM_ERROR;
            } catch (CommandLine.ParameterException e) {
                err.println("Error: " + e.getMessage());
                err.flush();
                return HELM_ERROR;
            }
        }
    }

    static Optional<Integer> waitSeconds(boolean wait, String timeout) {
        return wait ? Optional.of(seconds(timeout)) : Optional.empty();
    }

    /** Go durations as Helm's --timeout takes them: 300s, 5m, 5m0s, 1h. */
    static int seconds(String duration) {
        Matcher m = Pattern.compile("(\\d+)(h|m|s)").matcher(duration);
        int total = 0;
        int end = 0;
        while (m.find()) {
            if (m.start() != end) {
                break;
            }
            int n = Integer.parseInt(m.group(1));
            total += switch (m.group(2)) {
                case "h" -> n * 3600;
                case "m" -> n * 60;
                default -> n;
            };
            end = m.end();
        }
        if (end != duration.length() || end == 0) {
            throw new CommandLine.ParameterException(new CommandLine(new Object()),
                    "invalid argument \"" + duration + "\" for \"--timeout\" flag: time: invalid duration \"" + duration + "\"");
        }
        return total;
    }

    static void printRelease(PrintWriter out, HelmRelease r) {
        out.println("NAME: " + r.name());
        out.println("LAST DEPLOYED: " + DEPLOYED.format(r.updated().atZone(ZoneId.systemDefault())));
        out.println("NAMESPACE: " + r.namespace());
        out.println("STATUS: " + r.status());
        out.println("REVISION: " + r.revision());
        out.println("TEST SUITE: None");
    }

    static String updated(Instant when) {
        return UPDATED.format(when.atZone(ZoneId.systemDefault()));
    }

    /** Helm's table: columns padded to their widest cell, separated by a tab. */
    static void table(PrintWriter out, List<List<String>> rows) {
        int[] width = new int[rows.get(0).size()];
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                width[i] = Math.max(width[i], row.get(i).length());
            }
        }
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                line.append(i == row.size() - 1 ? row.get(i) : String.format("%-" + width[i] + "s\t", row.get(i)));
            }
            out.println(line.toString().stripTrailing());
        }
    }

    @Command(name = "install", description = "install a chart (a local chart folder)")
    static final class Install extends Action {
        @Mixin Globals g;
        @Mixin ValuesOptions values;
        @Parameters(index = "0", paramLabel = "NAME") String name;
        @Parameters(index = "1", paramLabel = "CHART") Path chart;
        @Option(names = "--wait", description = "wait until the release's objects are ready") boolean wait;
        @Option(names = "--timeout", defaultValue = "5m0s", description = "how long to wait (Go duration, default 5m0s)") String timeout;
        @Option(names = "--create-namespace", description = "create the namespace if it does not exist (always done)") boolean createNamespace;
        @Option(names = "--version", paramLabel = "VERSION", description = "accepted; a local chart's own version is used") String version;

        @Override
        void run(PrintWriter out) throws HelmException, HelmUnavailableException {
            try (Connected c = g.connect()) {
                if (c.helm().find(name).isPresent()) {
                    throw new HelmException("INSTALLATION FAILED: cannot re-use a name that is still in use");
                }
                printRelease(out, c.helm().upgradeInstall(name, chart, values.input(), waitSeconds(wait, timeout)));
            }
        }
    }

    @Command(name = "upgrade", description = "upgrade a release (with -i/--install: install it when it does not exist)")
    static final class Upgrade extends Action {
        @Mixin Globals g;
        @Mixin ValuesOptions values;
        @Parameters(index = "0", paramLabel = "RELEASE") String name;
        @Parameters(index = "1", paramLabel = "CHART") Path chart;
        @Option(names = {"-i", "--install"}, description = "install when the release does not exist") boolean install;
        @Option(names = "--wait", description = "wait until the release's objects are ready") boolean wait;
        @Option(names = "--timeout", defaultValue = "5m0s", description = "how long to wait (Go duration, default 5m0s)") String timeout;
        @Option(names = "--create-namespace", description = "create the namespace if it does not exist (always done)") boolean createNamespace;
        @Option(names = "--version", paramLabel = "VERSION", description = "accepted; a local chart's own version is used") String version;

        @Override
        void run(PrintWriter out) throws HelmException, HelmUnavailableException {
            try (Connected c = g.connect()) {
                boolean exists = c.helm().find(name).isPresent();
                if (!exists && !install) {
                    throw new HelmException("UPGRADE FAILED: \"" + name + "\" has no deployed releases");
                }
                if (!exists) {
                    out.println("Release \"" + name + "\" does not exist. Installing it now.");
                }
                HelmRelease r = c.helm().upgradeInstall(name, chart, values.input(), waitSeconds(wait, timeout));
                if (exists) {
                    out.println("Release \"" + name + "\" has been upgraded. Happy Helming!");
                }
                printRelease(out, r);
            }
        }
    }

    @Command(name = "rollback", description = "roll back a release to a previous revision (default: the one before)")
    static final class Rollback extends Action {
        @Mixin Globals g;
        @Parameters(index = "0", paramLabel = "RELEASE") String name;
        @Parameters(index = "1", paramLabel = "REVISION", arity = "0..1", defaultValue = "0") int revision;
        @Option(names = "--wait", description = "wait until the release's objects are ready") boolean wait;
        @Option(names = "--timeout", defaultValue = "5m0s", description = "how long to wait (Go duration, default 5m0s)") String timeout;

        @Override
        void run(PrintWriter out) throws HelmException, HelmUnavailableException {
            try (Connected c = g.connect()) {
                c.helm().rollback(name, revision, waitSeconds(wait, timeout));
                out.println("Rollback was a success! Happy Helming!");
            }
        }
    }

    @Command(name = "list", aliases = "ls", description = "list releases in the namespace")
    static final class ListReleases extends Action {
        @Mixin Globals g;
        @Option(names = {"-q", "--short"}, description = "names only") boolean quiet;

        @Override
        void run(PrintWriter out) throws HelmException, HelmUnavailableException {
            try (Connected c = g.connect()) {
                List<ReleaseSummary> releases = c.helm().list();
                if (quiet) {
                    releases.forEach(r -> out.println(r.name()));
                    return;
                }
                List<List<String>> rows = new ArrayList<>();
                rows.add(List.of("NAME", "NAMESPACE", "REVISION", "UPDATED", "STATUS", "CHART", "APP VERSION"));
                for (ReleaseSummary r : releases) {
                    rows.add(List.of(r.name(), r.namespace(), String.valueOf(r.revision()), updated(r.updated()), r.status(), r.chart(),
                            r.appVersion()));
                }
                table(out, rows);
            }
        }
    }

    @Command(name = "status", description = "the status of a release")
    static final class Status extends Action {
        @Mixin Globals g;
        @Parameters(index = "0", paramLabel = "RELEASE") String name;

        @Override
        void run(PrintWriter out) throws HelmException, HelmUnavailableException {
            try (Connected c = g.connect()) {
                printRelease(out, c.helm().status(name));
            }
        }
    }

    @Command(name = "history", aliases = "hist", description = "the revisions of a release")
    static final class History extends Action {
        @Mixin Globals g;
        @Parameters(index = "0", paramLabel = "RELEASE") String name;

        @Override
        void run(PrintWriter out) throws HelmException, HelmUnavailableException {
            try (Connected c = g.connect()) {
                List<List<String>> rows = new ArrayList<>();
                rows.add(List.of("REVISION", "UPDATED", "STATUS", "CHART", "APP VERSION", "DESCRIPTION"));
                for (HelmRelease r : c.helm().history(name)) {
                    rows.add(List.of(String.valueOf(r.revision()), DEPLOYED.format(r.updated().atZone(ZoneId.systemDefault())),
                            r.status(), r.chartRef(), r.appVersion(), r.description()));
                }
                table(out, rows);
            }
        }
    }

    @Command(name = "uninstall", aliases = {"delete", "un", "del"}, description = "uninstall a release")
    static final class Uninstall extends Action {
        @Mixin Globals g;
        @Parameters(index = "0", paramLabel = "RELEASE") String name;
        @Option(names = "--ignore-not-found", description = "no error when the release does not exist") boolean ignoreNotFound;

        @Override
        void run(PrintWriter out) throws HelmException, HelmUnavailableException {
            try (Connected c = g.connect()) {
                out.println(c.helm().uninstall(name, ignoreNotFound).strip());
            }
        }
    }

    @Command(name = "template", description = "render a chart's templates locally")
    static final class Template extends Action {
        @Mixin Globals g;
        @Mixin ValuesOptions values;
        @Parameters(index = "0", paramLabel = "NAME", description = "release name (with CHART), or the chart alone") String first;
        @Parameters(index = "1", paramLabel = "CHART", arity = "0..1") Path second;

        @Override
        void run(PrintWriter out) throws HelmException, HelmUnavailableException {
            String release = second == null ? "release-name" : first;
            Path chart = second == null ? Path.of(first) : second;
            out.print(new HelmClient(Optional.empty(), g.namespaceOrDefault()).template(chart, release, values.input()));
        }
    }

    @Command(name = "lint", description = "examine a chart for possible issues")
    static final class Lint extends Action {
        @Mixin Globals g;
        @Parameters(index = "0", paramLabel = "PATH", arity = "0..1", defaultValue = ".") Path chart;
        @Option(names = "--strict", description = "fail on lint warnings") boolean strict;
        @Option(names = "--quiet", description = "print only warnings and errors") boolean quiet;

        @Override
        void run(PrintWriter out) throws HelmException, HelmUnavailableException {
            LintReport report = HelmClient.chartsOnly().lint(chart, strict);
            out.println("==> Linting " + chart);
            for (HelmMessage m : report.messages()) {
                if (!quiet || m.severity() != HelmMessage.Severity.INFO) {
                    out.println(m);
                }
            }
            out.println();
            out.println("1 chart(s) linted, " + (report.failed() ? 1 : 0) + " chart(s) failed");
            if (report.failed()) {
                throw new HelmException("1 chart(s) linted, 1 chart(s) failed");
            }
        }
    }

    @Command(name = "create", description = "create a new chart with the given name")
    static final class Create extends Action {
        @Mixin Globals g;
        @Parameters(index = "0", paramLabel = "NAME") Path name;

        @Override
        void run(PrintWriter out) throws HelmException, HelmUnavailableException {
            Path target = name.toAbsolutePath().normalize();
            out.println("Creating " + name);
            HelmClient.chartsOnly().create(target.getParent(), target.getFileName().toString());
        }
    }

    @Command(name = "get", description = "download extended information of a release",
            subcommands = {GetValues.class, GetManifest.class})
    static final class Get implements Callable<Integer> {
        @Spec CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            spec.commandLine().usage(spec.commandLine().getOut());
            return 0;
        }
    }

    @Command(name = "values", description = "the values of a release (user-supplied; --all: computed)")
    static final class GetValues extends Action {
        @Mixin Globals g;
        @Parameters(index = "0", paramLabel = "RELEASE") String name;
        @Option(names = {"-a", "--all"}, description = "all values, with the chart's defaults") boolean all;
        @Option(names = "--revision", defaultValue = "0", description = "that revision (default: the newest)") int revision;
        @Option(names = {"-o", "--output"}, defaultValue = "table", description = "table, yaml or json") String output;

        @Override
        void run(PrintWriter out) throws HelmException, HelmUnavailableException {
            try (Connected c = g.connect()) {
                JsonNode values = c.helm().values(name, all, revision);
                switch (output) {
                    case "json" -> out.println(values.toString());
                    case "yaml" -> out.print(values.isEmpty() ? "{}\n" : HelmClient.toYaml(values));
                    case "table" -> {
                        out.println(all ? "COMPUTED VALUES:" : "USER-SUPPLIED VALUES:");
                        out.print(values.isEmpty() ? "null\n" : HelmClient.toYaml(values));
                    }
                    default -> throw new HelmException("invalid format type \"" + output + "\" (table, yaml or json)");
                }
            }
        }
    }

    @Command(name = "manifest", description = "the manifests a release applied")
    static final class GetManifest extends Action {
        @Mixin Globals g;
        @Parameters(index = "0", paramLabel = "RELEASE") String name;
        @Option(names = "--revision", defaultValue = "0", description = "that revision (default: the newest)") int revision;

        @Override
        void run(PrintWriter out) throws HelmException, HelmUnavailableException {
            try (Connected c = g.connect()) {
                String manifest = c.helm().manifest(name, revision);
                out.print(manifest.endsWith("\n") ? manifest : manifest + "\n");
            }
        }
    }

    @Command(name = "dependency", aliases = "dep", description = "manage a chart's dependencies", subcommands = DependencyBuild.class)
    static final class Dependency implements Callable<Integer> {
        @Spec CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            spec.commandLine().usage(spec.commandLine().getOut());
            return 0;
        }
    }

    @Command(name = "build", description = "rebuild charts/ from Chart.yaml's dependencies (local file:// ones offline)")
    static final class DependencyBuild extends Action {
        @Mixin Globals g;
        @Parameters(index = "0", paramLabel = "CHART", arity = "0..1", defaultValue = ".") Path chart;

        @Override
        void run(PrintWriter out) throws HelmException, HelmUnavailableException {
            String result = HelmClient.chartsOnly().dependencyBuild(chart);
            if (result != null && !result.isBlank()) {
                out.println(result.strip());
            }
        }
    }
}
