package orchlab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import orchlab.engine.helm.HelmNative;
import orchlab.engine.helm.HelmUnavailableException;
import orchlab.sim.Kubeconfig;
import orchlab.sim.SimCluster;
import orchlab.sim.SimSettings;
import orchlab.testkit.Repo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code lab helm …} (what the terminal's {@code helm} shim runs) against the sim, printing as Helm does. */
class LabHelmCommandIT {

    record Run(int exit, String out, String err) {
    }

    @TempDir
    static Path dir;
    private static SimCluster cluster;
    private static Path kubeconfig;

    @BeforeAll
    static void start() throws Exception {
        String why = "";
        try {
            HelmNative.load();
        } catch (HelmUnavailableException e) {
            why = e.getMessage();
        }
        String reason = why;
        assumeTrue(reason.isEmpty(), () -> "skipping lab helm: " + reason);
        cluster = SimCluster.start(SimSettings.instant(), Optional.empty());
        kubeconfig = Kubeconfig.write(dir.resolve("kubeconfig"), cluster);
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static Run helm(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = LabCommand.commandLine(new CliContext());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        List<String> all = new ArrayList<>(List.of("helm"));
        all.addAll(List.of(args));
        all.addAll(List.of("--kubeconfig", kubeconfig.toString()));
        int exit = cl.execute(all.toArray(String[]::new));
        return new Run(exit, out.toString(), err.toString());
    }

    private static Path chart() throws Exception {
        Path chart = Files.createDirectories(dir.resolve("my-app-chart/templates")).getParent();
        Files.writeString(chart.resolve("Chart.yaml"), "apiVersion: v2\nname: my-app-chart\nversion: 0.1.0\nappVersion: \"1.0\"\n");
        Files.writeString(chart.resolve("values.yaml"), "app:\n  replicas: 1\n");
        Files.writeString(chart.resolve("templates/configmap.yaml"), """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: {{ .Release.Name }}
                data:
                  replicas: {{ .Values.app.replicas | quote }}
                """);
        return chart;
    }

    @Test
    void aReleaseThroughItsLifeAsTheTerminalShowsIt() throws Exception {
        String chart = chart().toString();

        Run install = helm("install", "my-app", chart, "-n", "term");
        assertThat(install.exit()).as(install.err()).isZero();
        assertThat(install.out()).contains("NAME: my-app").contains("NAMESPACE: term").contains("STATUS: deployed")
                .contains("REVISION: 1");

        Run list = helm("list", "-n", "term");
        assertThat(list.out().lines().toList()).hasSize(2);
        assertThat(list.out().lines().findFirst().orElseThrow()).startsWith("NAME").contains("REVISION").contains("APP VERSION");
        assertThat(list.out().lines().skip(1).findFirst().orElseThrow()).startsWith("my-app").contains("term").contains("deployed")
                .contains("my-app-chart-0.1.0").endsWith("1.0");

        Run upgrade = helm("upgrade", "my-app", chart, "-n", "term", "--set", "app.replicas=5");
        assertThat(upgrade.out()).contains("Release \"my-app\" has been upgraded. Happy Helming!").contains("REVISION: 2");
        assertThat(helm("get", "values", "my-app", "-n", "term").out()).isEqualTo("USER-SUPPLIED VALUES:\napp:\n  replicas: 5\n");

        Run rollback = helm("rollback", "my-app", "1", "-n", "term");
        assertThat(rollback.out()).isEqualTo("Rollback was a success! Happy Helming!\n");
        Run history = helm("history", "my-app", "-n", "term");
        assertThat(history.out().lines().skip(1).map(l -> l.split("\\s+")[0]).toList()).containsExactly("1", "2", "3");
        assertThat(history.out()).contains("Rollback to 1");
        assertThat(helm("get", "manifest", "my-app", "-n", "term").out()).contains("replicas: \"1\"");

        Run uninstall = helm("uninstall", "my-app", "-n", "term");
        assertThat(uninstall.out()).isEqualTo("release \"my-app\" uninstalled\n");
        assertThat(helm("list", "-n", "term", "-q").out()).isEmpty();
    }

    /** Install/Upgrade in the app is {@code Lab.apply} of the edited file; the terminal's {@code helm list} then shows it. */
    @Test
    void theTerminalsHelmListShowsTheReleaseTheInstallButtonMade() throws Exception {
        orchlab.engine.Lab lab = orchlab.engine.Lab.standard();
        orchlab.engine.course.Exercise exercise = lab.loadCourse(Repo.root()).course().orElseThrow().exercises().get("helm-chart");
        io.fabric8.kubernetes.client.KubernetesClient client = new io.fabric8.kubernetes.client.KubernetesClientBuilder()
                .withConfig(io.fabric8.kubernetes.client.Config.fromKubeconfig(null, Files.readString(kubeconfig), kubeconfig.toString()))
                .build();
        orchlab.engine.sandbox.KubernetesAccess access = new orchlab.engine.sandbox.KubernetesAccess(client, kubeconfig, orchlab.sim.Kubeconfig.CONTEXT);
        orchlab.engine.sandbox.Sandbox sandbox = new orchlab.engine.sandbox.Sandbox() {
            public String type() { return "sim"; }
            public String description() { return "sim"; }
            public boolean simulated() { return true; }
            public Optional<orchlab.engine.sandbox.KubernetesAccess> kubernetes() { return Optional.of(access); }
            public Optional<orchlab.engine.sandbox.DockerAccess> docker() { return Optional.empty(); }
            public orchlab.engine.sandbox.SandboxHealth health() { return null; }
            public void close() { client.close(); }
        };
        try (sandbox) {
            lab.start(exercise, sandbox, "install-button", orchlab.engine.sandbox.ProgressListener.NONE);
            var applied = lab.apply(exercise, sandbox, "install-button",
                    exercise.solutionDir().resolve("my-app-chart/templates/deployment.yaml"), orchlab.engine.sandbox.ProgressListener.NONE);

            assertThat(applied.errors()).isEmpty();
            assertThat(applied.lines()).containsExactly("release my-app deployed at revision 1 (my-app-chart-0.1.0)");
            Run list = helm("list", "-n", "install-button", "-q");
            assertThat(list.out()).isEqualTo("my-app\n");
            lab.reset(exercise, sandbox, "install-button", orchlab.engine.sandbox.ProgressListener.NONE);
            assertThat(helm("list", "-n", "install-button", "-q").out()).isEmpty();
        }
    }

    @Test
    void upgradeWithoutInstallOfAnUnknownReleaseIsHelmsError() throws Exception {
        Run run = helm("upgrade", "nobody", chart().toString(), "-n", "empty");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("Error: UPGRADE FAILED: \"nobody\" has no deployed releases\n");
    }

    @Test
    void lintOfABrokenTemplatePrintsTheFileAndLineAndExitsOne() throws Exception {
        Path chart = chart();
        Path broken = Files.createDirectories(dir.resolve("broken"));
        Files.walk(chart).forEach(p -> {
            try {
                Path t = broken.resolve(chart.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        Files.writeString(broken.resolve("templates/configmap.yaml"), "kind: ConfigMap\ndata:\n  a: {{ .Values.app.replicas }\n");

        Run run = helm("lint", broken.toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).contains("[ERROR] templates/configmap.yaml:3: ").contains("1 chart(s) linted, 1 chart(s) failed");
    }

    @Test
    void templateRendersWithValues() throws Exception {
        Run run = helm("template", "web", chart().toString(), "--set", "app.replicas=3");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("name: web").contains("replicas: \"3\"");
    }

    @Test
    void theShimPrefersTheUsersOwnHelm() throws Exception {
        Path own = Files.createDirectories(dir.resolve("own-bin"));
        Path fake = own.resolve("helm");
        Files.writeString(fake, "#!/bin/sh\necho \"own helm $*\"\n");
        fake.toFile().setExecutable(true);
        Path shim = Repo.root().resolve("app/bin/shims/helm");
        ProcessBuilder pb = new ProcessBuilder("sh", shim.toString(), "version", "--short").redirectErrorStream(true);
        pb.environment().put("PATH", shim.getParent() + ":" + own + ":/usr/bin:/bin");

        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());

        assertThat(p.waitFor()).isZero();
        assertThat(out).isEqualTo("own helm version --short\n");
    }
}
