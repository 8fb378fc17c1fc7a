package orchlab.engine.helm;

import orchlab.engine.workspace.Workspaces;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.marcnuri.helm.CreateCommand;
import com.marcnuri.helm.DependencyCommand;
import com.marcnuri.helm.InstallCommand;
import com.marcnuri.helm.LintCommand;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.ListCommand;
import com.marcnuri.helm.Release;
import com.marcnuri.helm.TemplateCommand;
import com.marcnuri.helm.UninstallCommand;
import com.marcnuri.helm.UpgradeCommand;
import com.marcnuri.helm.jni.HelmLib;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import orchlab.engine.sandbox.KubernetesAccess;

/**
 * Real Helm (helm-java: Helm v3's Go code in-process) against one sandbox's kubeconfig and one namespace.
 *
 * <p>Chart operations ({@link #create}, {@link #lint}, {@link #template}, {@link #dependencyBuild}) need no cluster.
 * Release operations run Helm's install/upgrade/uninstall/list; {@link #status}, {@link #history}, {@link #values}
 * and {@link #manifest} read the release records Helm stored ({@link ReleaseStorage}), because helm-java 0.0.16
 * does not expose those commands; {@link #rollback} re-applies a stored revision's chart and values with Helm's
 * own upgrade (see app/docs/helm.md for how that differs from {@code helm rollback}).
 *
 * <p>Every failure is a {@link HelmException} carrying Helm's message (and the chart file and line when Helm
 * names one), or a {@link HelmUnavailableException} when Helm cannot run here.
 */
public final class HelmClient {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

    private final Optional<KubernetesAccess> cluster;
    private final String namespace;

    public HelmClient(Optional<KubernetesAccess> cluster, String namespace) {
        this.cluster = cluster;
        this.namespace = namespace;
    }

    /** Chart operations only (create, lint, template, dependency build). */
    public static HelmClient chartsOnly() {
        return new HelmClient(Optional.empty(), "default");
    }

    public String namespace() {
        return namespace;
    }

    // ---- charts ----------------------------------------------------------------------------------------------

    /** {@code helm create NAME} in {@code parent}; returns the chart's folder. */
    public Path create(Path parent, String name) throws HelmException, HelmUnavailableException {
        HelmLib lib = HelmNative.load();
        run(() -> new CreateCommand(lib).withName(name).withDir(parent).call());
        return parent.resolve(name);
    }

    /** {@code helm lint CHART} ({@code --strict} makes warnings fail, as in Helm). */
    public LintReport lint(Path chart, boolean strict) throws HelmException, HelmUnavailableException {
        HelmLib lib = HelmNative.load();
        requireChart(chart);
        LintResult result = run(() -> {
            LintCommand lint = new LintCommand(lib, chart);
            return strict ? lint.strict().call() : lint.call();
        });
        List<HelmMessage> messages = new ArrayList<>();
        for (String raw : result.getMessages()) {
            if (!raw.isBlank()) {
                messages.add(HelmMessage.parseLint(raw));
            }
        }
        return new LintReport(messages, result.isFailed());
    }

    /** {@code helm template RELEASE CHART -n NAMESPACE [-f FILE]... [--set K=V]...}: the rendered manifests. */
    public String template(Path chart, String release, ValuesInput values) throws HelmException, HelmUnavailableException {
        HelmLib lib = HelmNative.load();
        requireChart(chart);
        for (Path file : values.files()) {
            requireFile(file);
        }
        return run(() -> {
            TemplateCommand template = new TemplateCommand(lib, chart).withName(release).withNamespace(namespace);
            values.files().forEach(template::withValuesFile);
            values.set().forEach(template::set);
            return template.call();
        });
    }

    /** {@code helm dependency build CHART}: fills {@code charts/} from Chart.yaml's dependencies (local ones offline). */
    public String dependencyBuild(Path chart) throws HelmException, HelmUnavailableException {
        HelmLib lib = HelmNative.load();
        requireChart(chart);
        return run(() -> new DependencyCommand(lib, chart).build().call());
    }

    // ---- releases --------------------------------------------------------------------------------------------

    /** {@code helm upgrade --install RELEASE CHART -n NAMESPACE --create-namespace [--wait --timeout S]}. */
    public HelmRelease upgradeInstall(String release, Path chart, ValuesInput values, Optional<Integer> waitSeconds)
            throws HelmException, HelmUnavailableException {
        return upgrade(release, chart, values, waitSeconds, Optional.empty(), false);
    }

    private HelmRelease upgrade(String release, Path chart, ValuesInput values, Optional<Integer> waitSeconds,
                                Optional<String> description, boolean resetValues) throws HelmException, HelmUnavailableException {
        HelmLib lib = HelmNative.load();
        String kubeconfig = kubeconfigContents();
        requireChart(chart);
        for (Path file : values.files()) {
            requireFile(file);
        }
        if (storage().latest(namespace, release).isEmpty()) {
            // helm-java 0.0.16's `upgrade --install` drops the values files when it installs: install explicitly
            run(() -> {
                InstallCommand install = new InstallCommand(lib, chart).withName(release).withNamespace(namespace)
                        .createNamespace().withKubeConfigContents(kubeconfig);
                values.files().forEach(install::withValuesFile);
                values.set().forEach(install::set);
                waitSeconds.ifPresent(s -> install.waitReady().withTimeout(s));
                description.ifPresent(install::withDescription);
                return install.call();
            });
            return status(release);
        }
        run(() -> {
            UpgradeCommand upgrade = new UpgradeCommand(lib, chart).withName(release).withNamespace(namespace).install()
                    .createNamespace().withKubeConfigContents(kubeconfig);
            values.files().forEach(upgrade::withValuesFile);
            values.set().forEach(upgrade::set);
            waitSeconds.ifPresent(s -> upgrade.waitReady().withTimeout(s));
            description.ifPresent(upgrade::withDescription);
            if (resetValues) {
                upgrade.resetValues();
            }
            return upgrade.call();
        });
        return status(release);
    }

    /**
     * Back to {@code revision} ({@code 0}: the one before the newest), as a new revision described
     * "Rollback to N" — Helm's upgrade applying that revision's stored chart and values.
     */
    public HelmRelease rollback(String release, int revision, Optional<Integer> waitSeconds)
            throws HelmException, HelmUnavailableException {
        List<HelmRelease> history = history(release);
        HelmRelease current = history.get(history.size() - 1);
        int wanted = revision == 0 ? current.revision() - 1 : revision;
        HelmRelease target = history.stream().filter(r -> r.revision() == wanted).findFirst()
                .orElseThrow(() -> new HelmException("release: not found — " + release + " has no revision " + wanted
                        + " (its revisions: " + String.join(", ", history.stream().map(r -> String.valueOf(r.revision())).toList()) + ")"));
        if (target.manifest().contains("/charts/")) {
            throw new HelmException("the lab's Helm cannot roll back " + release + ": its chart has subcharts, which Helm does not"
                    + " keep in the release record; upgrade to the chart and values you want instead");
        }
        Path dir = null;
        try {
            dir = Files.createTempDirectory("orchlab-rollback-");
            Path chart = writeChart(target.chart(), dir.resolve("chart"));
            Path config = dir.resolve("values.yaml");
            YAML.writeValue(config.toFile(), target.config());
            return upgrade(release, chart, ValuesInput.files(config), waitSeconds, Optional.of("Rollback to " + wanted), true);
        } catch (IOException e) {
            throw new HelmException("cannot prepare the rollback of " + release + ": " + e.getMessage());
        } finally {
            Workspaces.deleteQuietly(dir);
        }
    }

    /** {@code helm uninstall RELEASE -n NAMESPACE}; Helm's message ({@code release "x" uninstalled}). */
    public String uninstall(String release, boolean ignoreNotFound) throws HelmException, HelmUnavailableException {
        HelmLib lib = HelmNative.load();
        String kubeconfig = kubeconfigContents();
        return run(() -> {
            UninstallCommand uninstall = new UninstallCommand(lib, release).withNamespace(namespace).withKubeConfigContents(kubeconfig);
            return ignoreNotFound ? uninstall.ignoreNotFound().call() : uninstall.call();
        });
    }

    /** {@code helm list -n NAMESPACE} (deployed and failed releases, as Helm lists by default). */
    public List<ReleaseSummary> list() throws HelmException, HelmUnavailableException {
        HelmLib lib = HelmNative.load();
        String kubeconfig = kubeconfigContents();
        List<Release> releases = run(() -> new ListCommand(lib).withNamespace(namespace).withKubeConfigContents(kubeconfig).call());
        return releases.stream().map(r -> new ReleaseSummary(r.getName(), r.getNamespace(), parseInt(r.getRevision()),
                        r.getLastDeployed() == null ? Instant.EPOCH : r.getLastDeployed().toInstant(), r.getStatus(), r.getChart(),
                        r.getAppVersion() == null ? "" : r.getAppVersion()))
                .sorted(Comparator.comparing(ReleaseSummary::name)).toList();
    }

    /** {@code helm status RELEASE}: the newest revision. */
    public HelmRelease status(String release) throws HelmException, HelmUnavailableException {
        List<HelmRelease> history = history(release);
        return history.get(history.size() - 1);
    }

    /** Whether the release exists (any revision stored). */
    public Optional<HelmRelease> find(String release) throws HelmException, HelmUnavailableException {
        return storage().latest(namespace, release);
    }

    /** {@code helm history RELEASE}: every stored revision, oldest first. */
    public List<HelmRelease> history(String release) throws HelmException, HelmUnavailableException {
        List<HelmRelease> history = storage().history(namespace, release);
        if (history.isEmpty()) {
            throw new HelmException("release: not found — no release " + release + " in namespace " + namespace);
        }
        return history;
    }

    /** {@code helm get values RELEASE [--all] [--revision N]} ({@code revision 0}: the newest). */
    public JsonNode values(String release, boolean all, int revision) throws HelmException, HelmUnavailableException {
        HelmRelease r = revision(release, revision);
        return all ? r.effectiveValues() : r.config();
    }

    /** {@code helm get manifest RELEASE [--revision N]}. */
    public String manifest(String release, int revision) throws HelmException, HelmUnavailableException {
        return revision(release, revision).manifest();
    }

    private HelmRelease revision(String release, int revision) throws HelmException, HelmUnavailableException {
        List<HelmRelease> history = history(release);
        if (revision == 0) {
            return history.get(history.size() - 1);
        }
        return history.stream().filter(r -> r.revision() == revision).findFirst()
                .orElseThrow(() -> new HelmException("release: not found — " + release + " has no revision " + revision));
    }

    // ---- plumbing --------------------------------------------------------------------------------------------

    private ReleaseStorage storage() throws HelmUnavailableException {
        return new ReleaseStorage(requireCluster().client());
    }

    /**
     * The sandbox's context as kubeconfig contents, handed to Helm in memory: a learner's own kubeconfig is referenced
     * by the lab, never copied, so Helm gets no file to read.
     */
    private String kubeconfigContents() throws HelmUnavailableException {
        KubernetesAccess access = requireCluster();
        try {
            return access.contextKubeconfig();
        } catch (orchlab.engine.sandbox.SandboxException e) {
            throw new HelmUnavailableException("Kubernetes cluster unreachable: " + e.getMessage());
        }
    }

    private KubernetesAccess requireCluster() throws HelmUnavailableException {
        return cluster.orElseThrow(() -> new HelmUnavailableException(
                "Helm needs a Kubernetes sandbox for releases, and none is running — start one, or pass --kubeconfig"));
    }

    private static void requireChart(Path chart) throws HelmException {
        if (!Files.isRegularFile(chart.resolve("Chart.yaml"))) {
            throw new HelmException(Files.isDirectory(chart)
                    ? "Chart.yaml file is missing in " + chart + " (a chart folder holds Chart.yaml, values.yaml and templates/)"
                    : "path \"" + chart + "\" not found (expected a chart folder with a Chart.yaml)");
        }
    }

    private static void requireFile(Path file) throws HelmException {
        if (!Files.isRegularFile(file)) {
            throw new HelmException("open " + file + ": no such file (a values file given with -f)");
        }
    }

    /** Runs a helm-java call, turning its IllegalStateException (Helm's error text) into a {@link HelmException}. */
    private static <T> T run(Callable<T> call) throws HelmException {
        try {
            return call.call();
        } catch (IllegalStateException e) {
            throw new HelmException(e.getMessage() == null ? "Helm failed without a message" : e.getMessage());
        } catch (HelmException e) {
            throw e;
        } catch (Exception e) {
            throw new HelmException(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
    }

    /** Writes a chart as Helm stored it in a release record (metadata, values, schema, templates, files). */
    static Path writeChart(JsonNode stored, Path dir) throws IOException {
        Files.createDirectories(dir);
        YAML.writeValue(dir.resolve("Chart.yaml").toFile(), stored.path("metadata"));
        YAML.writeValue(dir.resolve("values.yaml").toFile(), stored.path("values").isObject() ? stored.path("values")
                : YAML.createObjectNode());
        if (stored.path("schema").isTextual() && !stored.path("schema").asText().isEmpty()) {
            Files.write(dir.resolve("values.schema.json"), Base64.getDecoder().decode(stored.path("schema").asText()));
        }
        for (String list : List.of("templates", "files")) {
            for (JsonNode file : stored.path(list)) {
                Path target = dir.resolve(file.path("name").asText()).normalize();
                if (!target.startsWith(dir)) {
                    throw new IOException("a stored chart file lies outside the chart: " + file.path("name").asText());
                }
                Files.createDirectories(target.getParent());
                Files.write(target, Base64.getDecoder().decode(file.path("data").asText("")));
            }
        }
        return dir;
    }

    private static int parseInt(String text) {
        try {
            return Integer.parseInt(text.strip());
        } catch (RuntimeException e) {
            return 0;
        }
    }

    /** For tests and callers that print values: YAML as Helm prints it. */
    public static String toYaml(JsonNode node) {
        try {
            return YAML.writeValueAsString(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
