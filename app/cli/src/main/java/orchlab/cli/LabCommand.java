package orchlab.cli;

import java.util.List;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code lab} — OrchLab on the command line. */
@Command(name = "lab", mixinStandardHelpOptions = true, versionProvider = LabCommand.Version.class,
        description = "OrchLab: validate and test courses, check exercises against a live sandbox, run sandboxes.",
        subcommands = {CourseCommand.class, CheckCommand.class, ExerciseCommand.class, SandboxCommand.class, ProgressCommand.class,
                LabHelmCommand.class, IstioCommand.class,
                CommandLine.HelpCommand.class})
public final class LabCommand {

    /** Exit codes: 0 all good, 1 checks or validation failed, 2 usage, configuration or sandbox error. */
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int ERROR = 2;

    /**
     * Loggers of the HTTP libraries under fabric8 and docker-java. vert.x logs through java.util.logging when
     * SLF4J has no real binding (the CLI's), so a garbage reply from a cluster printed {@code SEVERE} lines with
     * stack traces; every failure the CLI cares about reaches it as an exception and is printed as one line.
     * Kept in a field: java.util.logging holds loggers weakly, and a collected logger loses its level.
     */
    static final List<java.util.logging.Logger> QUIET_LIBRARIES = Stream.of("io.vertx", "io.netty",
            "com.github.dockerjava", "org.apache.hc").map(java.util.logging.Logger::getLogger).toList();

    static {
        QUIET_LIBRARIES.forEach(logger -> logger.setLevel(java.util.logging.Level.OFF));
    }

    public static CommandLine commandLine(CliContext context) {
        CommandLine cl = new CommandLine(new LabCommand(), new ContextFactory(context));
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("lab: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            return ERROR;
        });
        cl.setExitCodeExceptionMapper(e -> ERROR);
        return cl;
    }

    /** Gives every command the shared context through its constructor. */
    private record ContextFactory(CliContext context) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> cls) throws Exception {
            try {
                return cls.getDeclaredConstructor(CliContext.class).newInstance(context);
            } catch (NoSuchMethodException e) {
                return CommandLine.defaultFactory().create(cls);
            }
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = LabCommand.class.getPackage().getImplementationVersion();
            return new String[] {"lab (OrchLab) " + (v == null ? "development build" : v)};
        }
    }
}
