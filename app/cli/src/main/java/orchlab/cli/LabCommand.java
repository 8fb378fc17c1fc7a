package orchlab.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code lab} — OrchLab on the command line. */
@Command(name = "lab", mixinStandardHelpOptions = true, versionProvider = LabCommand.Version.class,
        description = "OrchLab: validate and test courses, check exercises against a live sandbox, run sandboxes.")
public final class LabCommand {

    /**
     * The subcommands, in the order help lists them. Added by {@link #commandLine(CliContext, String...)} rather than
     * declared on the annotation: picocli reflects over every command it is given before it parses, so a process
     * that runs one command builds only that command's model (the full tree costs a fresh JVM about as much as a
     * check).
     */
    static final List<Class<?>> SUBCOMMANDS = List.of(CourseCommand.class, CheckCommand.class, ExerciseCommand.class,
            SandboxCommand.class, ProgressCommand.class, LabHelmCommand.class, IstioCommand.class, DaemonCommand.class,
            CommandLine.HelpCommand.class);

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

    /** The whole command tree. */
    public static CommandLine commandLine(CliContext context) {
        return commandLine(context, new String[0]);
    }

    /**
     * The command tree for these arguments: when the first one names a subcommand, only that subcommand (the
     * process runs nothing else); otherwise ({@code help}, {@code --version}, a typo) all of them, so help and suggestions list every
     * command.
     */
    public static CommandLine commandLine(CliContext context, String... args) {
        CommandLine cl = new CommandLine(new LabCommand(), new ContextFactory(context));
        Optional<Class<?>> named = args.length == 0 ? Optional.empty()
                : SUBCOMMANDS.stream().filter(c -> c != CommandLine.HelpCommand.class && names(c).contains(args[0])).findFirst();
        for (Class<?> subcommand : named.map(List::<Class<?>>of).orElse(SUBCOMMANDS)) {
            cl.addSubcommand(subcommand);
        }
        // a relative path means relative to the folder the command was started in, also in the resident process
        cl.registerConverter(java.nio.file.Path.class, text -> context.currentDirectory().resolve(text));
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("lab: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            return ERROR;
        });
        cl.setExitCodeExceptionMapper(e -> ERROR);
        return cl;
    }

    private static List<String> names(Class<?> command) {
        Command annotation = command.getAnnotation(Command.class);
        List<String> names = new ArrayList<>(List.of(annotation.aliases()));
        names.add(annotation.name());
        return names;
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
