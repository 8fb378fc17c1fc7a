package orchlab.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import orchlab.engine.sandbox.KubernetesAccess;
import orchlab.engine.sandbox.Sandbox;
import orchlab.engine.sandbox.SandboxException;
import orchlab.engine.sandbox.SandboxOptions;
import orchlab.engine.sandbox.SandboxProvider;
import orchlab.engine.sandbox.SandboxProviders;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lab sandbox up|list}. */
@Command(name = "sandbox", description = "Run a sandbox in the foreground, or list the kinds this machine can run.",
        subcommands = {SandboxCommand.Up.class, SandboxCommand.ListTypes.class})
public final class SandboxCommand {

    @Command(name = "up", description = "Start a sandbox and keep it running until interrupted (Ctrl+C). "
            + "Writes its kubeconfig so that any terminal's kubectl can use it.")
    static final class Up implements Callable<Integer> {
        private final CliContext context;
        @Spec
        CommandSpec spec;
        @Option(names = "--type", required = true, paramLabel = "TYPE", description = "sim or k3s")
        String type;
        @Option(names = "--kubeconfig-out", paramLabel = "FILE", description = "write the sandbox's kubeconfig here")
        Path kubeconfigOut;
        @Option(names = "--state-dir", paramLabel = "DIR", description = "where the sandbox keeps its state (default: the lab's state folder)")
        Path stateDir;
        @Option(names = "--force", description = "replace --kubeconfig-out even if it is not a kubeconfig the lab wrote")
        boolean force;
        @Option(names = "--persist", description = "save the simulated cluster's objects when stopping and restore them next time")
        boolean persist;

        Up(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            // the sandbox providers alone: not the whole engine (check kinds, exercise kinds, course loader), which a
            // sandbox for a terminal never uses (~60 ms of `lab sandbox up`'s start under load, LabProcessBench)
            SandboxProviders providers = SandboxProviders.discover();
            SandboxProvider provider = providers.find(type).orElse(null);
            if (provider == null) {
                err.println("lab: unknown sandbox type '" + type + "' (available: "
                        + String.join(", ", providers.types()) + ")");
                return LabCommand.ERROR;
            }
            if (kubeconfigOut != null) {
                Optional<String> refusal = OutputPaths.refusal(kubeconfigOut, true, force);
                if (refusal.isPresent()) {
                    err.println("lab: " + refusal.get());
                    return LabCommand.ERROR;
                }
            }
            Path state = stateDir != null ? stateDir : context.dirs().sandboxState().resolve(type);
            SandboxOptions options = SandboxOptions.defaults(state).with("persist", String.valueOf(persist));
            Sandbox sandbox;
            try {
                sandbox = provider.open(options, (fraction, message) -> {
                    err.println("  " + message);
                    err.flush();
                });
            } catch (SandboxException e) {
                err.println("lab: " + e.getMessage());
                return LabCommand.ERROR;
            }
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                sandbox.close();
                stopped.countDown();
            }, "sandbox-stop"));
            if (sandbox.kubernetes().isPresent()) {
                KubernetesAccess access = sandbox.kubernetes().get();
                String kubeconfig = access.kubeconfigVariable();
                if (kubeconfigOut != null && access.kubeconfigs().size() > 1) {
                    // a cluster of the user's own: its credentials stay in the user's kubeconfig, referenced, not copied
                    err.println("lab: --kubeconfig-out is for the lab's own clusters; this one is reached through your kubeconfig,"
                            + " so use KUBECONFIG=" + kubeconfig);
                    sandbox.close();
                    return LabCommand.ERROR;
                }
                if (kubeconfigOut != null) {
                    try {
                        writeKubeconfig(access.kubeconfig(), kubeconfigOut, type);
                        kubeconfig = kubeconfigOut.toAbsolutePath().toString();
                    } catch (IOException e) {
                        err.println("lab: cannot write " + kubeconfigOut + ": " + e.getMessage());
                        sandbox.close();
                        return LabCommand.ERROR;
                    }
                }
                out.println(sandbox.description());
                out.println("Ready. Use it with:  export KUBECONFIG=" + kubeconfig);
            } else {
                out.println(sandbox.description() + " — ready.");
            }
            out.println("Press Ctrl+C to stop.");
            out.flush();
            stopped.await();
            return LabCommand.OK;
        }
    }

    /**
     * Copies the sandbox's kubeconfig to {@code target} atomically, owner-only (it holds the sandbox's credential),
     * first line {@link OutputPaths#LAB_MARKER} so that a later run may replace it; the temporary file never stays.
     */
    static void writeKubeconfig(Path source, Path target, String type) throws IOException {
        String text = Files.readString(source, StandardCharsets.UTF_8);
        if (!text.startsWith(OutputPaths.LAB_MARKER)) {
            text = OutputPaths.LAB_MARKER + " (lab sandbox up --type " + type + ")\n" + text;
        }
        Path parent = target.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temp = FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
                ? Files.createTempFile(parent, ".kubeconfig", ".tmp",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                : Files.createTempFile(parent, ".kubeconfig", ".tmp");
        try {
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    @Command(name = "list", description = "List the sandbox types and whether each can start on this machine.")
    static final class ListTypes implements Callable<Integer> {
        private final CliContext context;
        @Spec
        CommandSpec spec;

        ListTypes(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            SandboxOptions options = SandboxOptions.defaults(context.dirs().sandboxState().resolve("probe"));
            for (SandboxProvider provider : context.lab().providers().all()) {
                SandboxProvider.Availability a = provider.probe(options);
                out.printf("%-11s %-10s %s%n", provider.type(), provider.kind().id(), (a.available() ? "available: " : "not available: ") + a.reason());
            }
            out.flush();
            return LabCommand.OK;
        }
    }
}
