package orchlab.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import orchlab.engine.istio.Finding;
import orchlab.engine.istio.IstioAnalyzer;
import orchlab.engine.istio.IstioCrds;
import orchlab.engine.istio.MeshObject;
import orchlab.engine.istio.MeshObjects;
import orchlab.engine.sandbox.Sandbox;
import orchlab.engine.sandbox.SandboxException;
import orchlab.engine.yaml.YamlSyntaxException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lab istio ...} — Istio tools that need no Istio installation. */
@Command(name = "istio", description = "Istio without istioctl: analyze mesh configuration.",
        subcommands = IstioCommand.Analyze.class)
public final class IstioCommand {

    /** {@code lab istio analyze [--kubeconfig FILE] [-n NS] [FILES]}, printing istioctl-style lines. */
    @Command(name = "analyze", description = {
            "Reports mesh configuration problems with istioctl analyze's codes (Istio " + IstioCrds.ISTIO_VERSION + ").",
            "With FILES only, analyzes the files; with --kubeconfig (or no FILES), the namespace on the cluster, "
                    + "with FILES in place of the cluster's objects of the same name.",
            "Exit code: 0 no finding at or above --failure-threshold, 1 some, 2 usage or cluster error."})
    public static final class Analyze implements Callable<Integer> {
        private final CliContext context;
        @Spec
        CommandSpec spec;
        @Mixin
        SandboxArgs sandbox;
        @Option(names = {"-n", "--namespace"}, paramLabel = "NS", description = "namespace to analyze; objects in FILES without one go here (default: default)")
        String namespace = "default";
        @Option(names = "--failure-threshold", paramLabel = "LEVEL", description = "Info, Warning or Error (default): the lowest level that makes the exit code 1")
        String threshold = "Error";
        @Parameters(paramLabel = "FILES", arity = "0..*", description = "YAML files (several documents each allowed)")
        List<Path> files = new ArrayList<>();

        public Analyze(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            Finding.Severity failAt;
            try {
                failAt = Finding.Severity.valueOf(threshold.toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                err.println("lab: --failure-threshold must be Info, Warning or Error, not '" + threshold + "'");
                return LabCommand.ERROR;
            }
            List<MeshObject> fromFiles;
            try {
                for (Path f : files) {
                    if (!Files.isRegularFile(f)) {
                        err.println("lab: " + f + ": no such file");
                        return LabCommand.ERROR;
                    }
                }
                fromFiles = MeshObjects.fromFiles(files, namespace);
            } catch (YamlSyntaxException e) {
                err.println("lab: " + e.location() + ": " + e.getMessage());
                return LabCommand.ERROR;
            } catch (IOException e) {
                err.println("lab: cannot read " + e.getMessage());
                return LabCommand.ERROR;
            }
            List<MeshObject> objects = fromFiles;
            boolean useCluster = files.isEmpty() || sandbox.kubeconfig != null || sandbox.context != null;
            if (useCluster) {
                try (Sandbox cluster = sandbox.openKubernetes(context.lab().providers(), context.dirs(), (f, m) -> { })) {
                    var kube = cluster.kubernetes().orElseThrow(() -> new SandboxException("the kubeconfig names no cluster"));
                    objects = MeshObjects.overlay(MeshObjects.fromCluster(kube.client(), namespace), fromFiles);
                } catch (SandboxException e) {
                    err.println("lab: " + e.getMessage());
                    return LabCommand.ERROR;
                } catch (RuntimeException e) {
                    err.println("lab: cannot read namespace " + namespace + " from the cluster: " + e.getMessage());
                    return LabCommand.ERROR;
                }
            }
            List<Finding> findings = new ArrayList<>(IstioAnalyzer.analyze(objects));
            findings.sort(Comparator.comparing(Finding::severity).thenComparing(Finding::code).thenComparing(Finding::object));
            if (findings.isEmpty()) {
                out.println("\u2714 No validation issues found when analyzing " + (useCluster ? "namespace: " + namespace : String.join(", ", files.stream().map(Path::toString).toList())) + ".");
                return LabCommand.OK;
            }
            for (Finding f : findings) {
                out.println(f.istioLine());
                out.println("    field: " + (f.field().isEmpty() ? "(the object)" : f.field()) + " \u2014 fix: " + f.fix());
            }
            out.flush();
            boolean failed = findings.stream().anyMatch(f -> f.severity().ordinal() <= failAt.ordinal());
            return failed ? LabCommand.FAILED : LabCommand.OK;
        }
    }
}
