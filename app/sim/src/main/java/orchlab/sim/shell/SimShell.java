package orchlab.sim.shell;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import orchlab.sim.registry.ShellWords;

/**
 * The small busybox-like line shell a learner gets inside a Pod of the simulated cluster ({@code kubectl exec},
 * {@code attach}, {@code run -it}, {@code cp}). It says that it is simulated (the banner, {@code help}); it knows
 * the commands a learner uses to look around a Pod — {@code env}, {@code ls}, {@code cat} of the files the Pod spec
 * mounts ({@link PodFilesystem}), {@code hostname}, {@code echo}, {@code sleep}, {@code nslookup} and
 * {@code wget}/{@code curl} to Services ({@link Network}), {@code tar} for {@code kubectl cp} — with {@code ;},
 * {@code &&}, {@code ||}, pipes, redirections and variables; any other command is "not found" (exit 127). One
 * instance is one shell process: not thread-safe.
 */
public final class SimShell {

    /** The banner an interactive shell prints first. */
    public static final String BANNER = "OrchLab simulated shell: no container really runs in the simulated cluster; "
            + "this shell knows a few commands (type 'help').";

    private static final Set<String> SHELLS = Set.of("sh", "bash", "ash", "dash", "zsh");

    /** How the shell waits for {@code sleep}: the real clock in the product, a recorder in tests. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;

        static Sleeper real() {
            return duration -> Thread.sleep(duration.toMillis());
        }
    }

    /** {@code exit N}: ends the shell. */
    private static final class Exit extends RuntimeException {
        final int code;

        Exit(int code) {
            super(null, null, false, false);
            this.code = code;
        }
    }

    /** The streams of one command. */
    private record Io(InputStream in, PrintStream out, PrintStream err) {
    }

    private final String hostname;
    private final Map<String, String> vars;
    private final PodFilesystem fs;
    private final Network network;
    private final Sleeper sleeper;
    private String cwd = "/";
    private int status;
    private boolean terminal;

    public SimShell(String hostname, Map<String, String> env, PodFilesystem fs, Network network, Sleeper sleeper) {
        this.hostname = hostname;
        this.vars = new LinkedHashMap<>();
        this.vars.put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        this.vars.put("HOME", "/root");
        this.vars.put("HOSTNAME", hostname);
        this.vars.putAll(env);
        this.fs = fs;
        this.network = network;
        this.sleeper = sleeper;
    }

    /**
     * Runs a container command as the runtime would start it (the argv of {@code kubectl exec POD -- argv}): a shell
     * ({@code sh}, {@code sh -c SCRIPT}) or one command. With {@code tty} the input is a terminal in raw mode: the
     * shell echoes what is typed and ends lines with CR LF, as a pseudo-terminal's line discipline does.
     *
     * @return the exit code
     */
    public int exec(List<String> argv, InputStream in, OutputStream out, OutputStream err, boolean tty) {
        PrintStream o = new PrintStream(tty ? new CrLf(out) : out, true, StandardCharsets.UTF_8);
        PrintStream e = tty ? o : new PrintStream(err, true, StandardCharsets.UTF_8);
        Io io = new Io(in, o, e);
        terminal = tty;
        try {
            if (argv.isEmpty()) {
                return interactive(io, tty);
            }
            return command(argv, io, false);
        } catch (Exit exit) {
            return exit.code;
        } finally {
            o.flush();
            e.flush();
        }
    }

    private int interactive(Io io, boolean tty) {
        (tty ? io.out() : io.err()).println(BANNER);
        LineReader lines = new LineReader(io.in(), tty ? io.out() : null);
        while (true) {
            if (tty) {
                io.out().print(hostname + ":" + cwd + "# ");
                io.out().flush();
            }
            Optional<String> line;
            try {
                line = lines.next();
            } catch (IOException e) {
                return status;
            }
            if (line.isEmpty()) {
                return status;
            }
            script(line.get(), new Io(InputStream.nullInputStream(), io.out(), io.err()));
            io.out().flush();
            io.err().flush();
        }
    }

    /** Runs a {@code sh -c} script; the status of its last command. */
    int script(String text, Io io) {
        List<String> tokens = ShellWords.tokens(text);
        for (String t : tokens) {
            if (Set.of("if", "then", "fi", "for", "while", "until", "do", "done", "case", "esac", "function").contains(t)) {
                io.err().println("sh: the simulated shell runs simple commands only (no " + t
                        + "): try one command at a time");
                return status = 2;
            }
        }
        String previous = ";";
        List<String> pipeline = new ArrayList<>();
        for (int i = 0; i <= tokens.size(); i++) {
            String token = i < tokens.size() ? tokens.get(i) : ";";
            if (ShellWords.isOperator(token) && !token.equals("|")) {
                if (!pipeline.isEmpty()) {
                    boolean run = previous.equals("&&") ? status == 0 : !previous.equals("||") || status != 0;
                    if (run) {
                        status = pipeline(pipeline, io);
                    }
                    pipeline = new ArrayList<>();
                }
                previous = token;
            } else {
                pipeline.add(token);
            }
        }
        return status;
    }

    private int pipeline(List<String> tokens, Io io) {
        List<List<String>> stages = new ArrayList<>();
        List<String> stage = new ArrayList<>();
        for (String t : tokens) {
            if (t.equals("|")) {
                stages.add(stage);
                stage = new ArrayList<>();
            } else {
                stage.add(t);
            }
        }
        stages.add(stage);
        InputStream in = io.in();
        int code = 0;
        for (int i = 0; i < stages.size(); i++) {
            boolean last = i == stages.size() - 1;
            ByteArrayOutputStream piped = new ByteArrayOutputStream();
            PrintStream out = last ? io.out() : new PrintStream(piped, true, StandardCharsets.UTF_8);
            code = simple(stages.get(i), new Io(in, out, io.err()));
            out.flush();
            in = new ByteArrayInputStream(piped.toByteArray());
        }
        return code;
    }

    /** One simple command: variables expanded, assignments, redirections. */
    private int simple(List<String> tokens, Io io) {
        List<String> words = new ArrayList<>();
        InputStream in = io.in();
        PrintStream out = io.out();
        PrintStream err = io.err();
        List<Runnable> afterwards = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            String t = tokens.get(i);
            if (t.matches("[0-9]?(>>?|<)(&[0-9])?") || t.equals("&>")) {
                if (t.endsWith("&1")) {
                    err = out;
                    continue;
                }
                if (t.endsWith("&2")) {
                    out = err;
                    continue;
                }
                if (i + 1 >= tokens.size()) {
                    io.err().println("sh: syntax error: unexpected newline");
                    return 2;
                }
                String target = expand(tokens.get(++i));
                if (t.equals("<")) {
                    String path = PodFilesystem.normalize(cwd, target);
                    Optional<byte[]> content = fs.read(path);
                    if (content.isEmpty()) {
                        io.err().println("sh: can't open '" + target + "': No such file or directory");
                        return 1;
                    }
                    in = new ByteArrayInputStream(content.get());
                    continue;
                }
                PrintStream sink = sink(target, t.contains(">>"), afterwards, io.err());
                if (sink == null) {
                    return 1;
                }
                if (t.startsWith("2")) {
                    err = sink;
                } else if (t.equals("&>")) {
                    out = sink;
                    err = sink;
                } else {
                    out = sink;
                }
                continue;
            }
            words.add(expand(t));
        }
        while (!words.isEmpty() && words.get(0).matches("[A-Za-z_][A-Za-z0-9_]*=.*")) {
            String assignment = words.remove(0);
            vars.put(assignment.substring(0, assignment.indexOf('=')), assignment.substring(assignment.indexOf('=') + 1));
        }
        if (words.isEmpty()) {
            afterwards.forEach(Runnable::run);
            return 0;
        }
        List<String> globbed = new ArrayList<>();
        for (String w : words) {
            globbed.addAll(glob(w));
        }
        try {
            return command(globbed, new Io(in, out, err), true);
        } finally {
            out.flush();
            err.flush();
            afterwards.forEach(Runnable::run);
        }
    }

    private String expand(String word) {
        return ShellWords.expand(word, vars, Map.of(), hostname, status);
    }

    /** {@code *} and {@code ?} in the last part of a path, matched against the folder's names. */
    private List<String> glob(String word) {
        if (!word.contains("*") && !word.contains("?")) {
            return List.of(word);
        }
        String folderPart = word.contains("/") ? word.substring(0, word.lastIndexOf('/') + 1) : "";
        String namePart = word.substring(folderPart.length());
        if (folderPart.contains("*") || folderPart.contains("?")) {
            return List.of(word);
        }
        Pattern pattern = Pattern.compile(Pattern.quote(namePart).replace("*", "\\E.*\\Q").replace("?", "\\E.\\Q"));
        List<String> matches = new ArrayList<>();
        for (String name : fs.list(PodFilesystem.normalize(cwd, folderPart.isEmpty() ? "." : folderPart))) {
            if (pattern.matcher(name).matches() && (!name.startsWith(".") || namePart.startsWith("."))) {
                matches.add(folderPart + name);
            }
        }
        return matches.isEmpty() ? List.of(word) : matches;
    }

    /** Where {@code > file} writes: the file is written when the command ends. */
    private PrintStream sink(String target, boolean append, List<Runnable> afterwards, PrintStream err) {
        if (target.equals("/dev/null")) {
            return new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        }
        if (target.equals("/dev/stderr")) {
            return err;
        }
        String path = PodFilesystem.normalize(cwd, target);
        Optional<String> problem = fs.write(path, new byte[0], true);
        if (problem.isPresent()) {
            err.println("sh: can't create " + target + ": " + problem.get());
            return null;
        }
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        afterwards.add(() -> fs.write(path, buffer.toByteArray(), append));
        return new PrintStream(buffer, true, StandardCharsets.UTF_8);
    }

    /** Runs one command with its arguments already expanded. */
    private int command(List<String> argv, Io io, boolean inShell) {
        String name = argv.get(0);
        String base = name.substring(name.lastIndexOf('/') + 1);
        List<String> args = argv.subList(1, argv.size());
        try {
            return switch (base) {
                case "help" -> help(io);
                case "echo" -> echo(args, io);
                case "env", "printenv" -> env(args, io);
                case "export" -> export(args);
                case "unset" -> {
                    args.forEach(vars::remove);
                    yield 0;
                }
                case "hostname" -> {
                    io.out().println(hostname);
                    yield 0;
                }
                case "pwd" -> {
                    io.out().println(cwd);
                    yield 0;
                }
                case "cd" -> cd(args, io);
                case "ls" -> ls(args, io);
                case "cat" -> cat(args, io);
                case "mkdir" -> mkdir(args, io);
                case "touch" -> touch(args, io);
                case "rm" -> rm(args, io);
                case "sleep" -> sleep(args, io);
                case "true", ":" -> 0;
                case "false" -> 1;
                case "exit" -> throw new Exit(args.isEmpty() ? status : parseInt(args.get(0), 2) & 0xff);
                case "test", "[" -> test(base.equals("[") && !args.isEmpty() && args.get(args.size() - 1).equals("]")
                        ? args.subList(0, args.size() - 1) : args, io);
                case "grep" -> grep(args, io);
                case "id" -> {
                    io.out().println("uid=0(root) gid=0(root) groups=0(root)");
                    yield 0;
                }
                case "whoami" -> {
                    io.out().println("root");
                    yield 0;
                }
                case "date" -> {
                    io.out().println(java.time.format.DateTimeFormatter.ofPattern("EEE MMM d HH:mm:ss 'UTC' yyyy", Locale.ROOT)
                            .format(Instant.now().atZone(java.time.ZoneOffset.UTC)));
                    yield 0;
                }
                case "nslookup" -> nslookup(args, io);
                case "wget" -> wget(args, io);
                case "curl" -> curl(args, io);
                case "tar" -> tar(args, io);
                default -> {
                    if (SHELLS.contains(base)) {
                        yield shell(args, io);
                    }
                    if (inShell) {
                        io.err().println("sh: " + name + ": not found");
                    } else {
                        io.err().println("exec: \"" + name + "\": executable file not found in $PATH "
                                + "(the OrchLab simulated container knows only the commands 'help' lists)");
                    }
                    yield 127;
                }
            };
        } catch (Exit exit) {
            throw exit;
        } catch (IOException e) {
            io.err().println(base + ": " + e.getMessage());
            return 1;
        }
    }

    private int shell(List<String> args, Io io) {
        try {
            return subshell(args, io);
        } catch (Exit exit) {
            return exit.code;
        }
    }

    private int subshell(List<String> args, Io io) {
        if (!args.isEmpty() && args.get(0).equals("-c")) {
            if (args.size() < 2) {
                io.err().println("sh: -c requires an argument");
                return 2;
            }
            return script(args.get(1), io);
        }
        List<String> rest = args.stream().filter(a -> !a.startsWith("-")).toList();
        if (!rest.isEmpty()) {
            Optional<byte[]> file = fs.read(PodFilesystem.normalize(cwd, rest.get(0)));
            if (file.isEmpty()) {
                io.err().println("sh: can't open '" + rest.get(0) + "': No such file or directory");
                return 2;
            }
            return script(new String(file.get(), StandardCharsets.UTF_8), io);
        }
        return interactive(io, terminal);
    }

    private static int parseInt(String text, int otherwise) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    private int help(Io io) {
        io.out().println("""
                This is the OrchLab simulated shell. No container really runs in the simulated cluster: this shell
                shows what the Pod spec gives the container (environment, mounted ConfigMaps/Secrets/volumes) and
                reaches Services through the simulated network. Commands it knows:
                  env, printenv [NAME], export NAME=VALUE, hostname, id, whoami, date, pwd, cd DIR
                  ls [-l] [-a] [PATH...], cat [FILE...], mkdir [-p] DIR, touch FILE, rm [-r] [-f] PATH
                  echo [-n] TEXT, sleep SECONDS, true, false, test / [ ], grep [-i] [-v] PATTERN [FILE]
                  nslookup NAME, wget [-q] [-O FILE|-O-] URL, curl [-s] [-f] [-i] [-o FILE] URL
                  tar (c|x)f - [-C DIR] [PATH] (what kubectl cp runs), sh -c SCRIPT, exit [N]
                Also: ; && || | > >> < 2>&1 and $VARIABLES. No loops or if. Files written outside read-only mounts
                are kept while the Pod lives; the image's own files do not exist.""");
        return 0;
    }

    private int echo(List<String> args, Io io) {
        boolean newline = true;
        int from = 0;
        while (from < args.size() && args.get(from).matches("-[neE]+")) {
            newline &= !args.get(from).contains("n");
            from++;
        }
        io.out().print(String.join(" ", args.subList(from, args.size())));
        if (newline) {
            io.out().println();
        }
        return 0;
    }

    private int env(List<String> args, Io io) {
        if (!args.isEmpty()) {
            String value = vars.get(args.get(0));
            if (value == null) {
                return 1;
            }
            io.out().println(value);
            return 0;
        }
        vars.forEach((k, v) -> io.out().println(k + "=" + v));
        return 0;
    }

    private int export(List<String> args) {
        for (String a : args) {
            if (a.contains("=")) {
                vars.put(a.substring(0, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
            }
        }
        return 0;
    }

    private int cd(List<String> args, Io io) {
        String target = PodFilesystem.normalize(cwd, args.isEmpty() ? "/root" : args.get(0));
        if (!fs.isFolder(target)) {
            io.err().println("sh: cd: can't cd to " + (args.isEmpty() ? "/root" : args.get(0)) + ": No such file or directory");
            return 2;
        }
        cwd = target;
        return 0;
    }

    private int ls(List<String> args, Io io) {
        boolean longForm = false;
        boolean all = false;
        List<String> paths = new ArrayList<>();
        for (String a : args) {
            if (a.startsWith("-") && a.length() > 1) {
                longForm |= a.contains("l");
                all |= a.contains("a");
            } else {
                paths.add(a);
            }
        }
        if (paths.isEmpty()) {
            paths.add(".");
        }
        int code = 0;
        for (String p : paths) {
            String path = PodFilesystem.normalize(cwd, p);
            if (!fs.exists(path)) {
                io.err().println("ls: " + p + ": No such file or directory");
                code = 1;
                continue;
            }
            if (paths.size() > 1 && fs.isFolder(path)) {
                io.out().println(p + ":");
            }
            List<String> names = fs.isFolder(path) ? new ArrayList<>(fs.list(path)) : List.of(p);
            if (all && fs.isFolder(path)) {
                names.add(0, "..");
                names.add(0, ".");
            }
            for (String n : names) {
                if (!all && n.startsWith(".")) {
                    continue;
                }
                if (longForm) {
                    String full = fs.isFolder(path) ? PodFilesystem.normalize(path, n) : path;
                    boolean folder = fs.isFolder(full);
                    io.out().printf("%s    1 root     root     %8d %s%n", folder ? "drwxr-xr-x" : "-rw-r--r--", fs.size(full), n);
                } else {
                    io.out().println(n);
                }
            }
        }
        return code;
    }

    private int cat(List<String> args, Io io) throws IOException {
        if (args.isEmpty() || args.equals(List.of("-"))) {
            io.in().transferTo(io.out());
            return 0;
        }
        int code = 0;
        for (String a : args) {
            String path = PodFilesystem.normalize(cwd, a);
            if (fs.isFolder(path)) {
                io.err().println("cat: read error: Is a directory");
                code = 1;
                continue;
            }
            Optional<byte[]> content = fs.read(path);
            if (content.isEmpty()) {
                io.err().println("cat: can't open '" + a + "': No such file or directory");
                code = 1;
                continue;
            }
            io.out().write(content.get());
        }
        return code;
    }

    private int mkdir(List<String> args, Io io) {
        boolean parents = args.contains("-p");
        int code = 0;
        for (String a : args) {
            if (a.startsWith("-")) {
                continue;
            }
            Optional<String> problem = fs.makeFolder(PodFilesystem.normalize(cwd, a), parents);
            if (problem.isPresent()) {
                io.err().println("mkdir: can't create directory '" + a + "': " + problem.get());
                code = 1;
            }
        }
        return code;
    }

    private int touch(List<String> args, Io io) {
        int code = 0;
        for (String a : args) {
            Optional<String> problem = fs.write(PodFilesystem.normalize(cwd, a), new byte[0], true);
            if (problem.isPresent()) {
                io.err().println("touch: " + a + ": " + problem.get());
                code = 1;
            }
        }
        return code;
    }

    private int rm(List<String> args, Io io) {
        boolean recursive = args.stream().anyMatch(a -> a.matches("-[rRf]*[rR][rRf]*"));
        boolean force = args.stream().anyMatch(a -> a.matches("-[rRf]*f[rRf]*"));
        int code = 0;
        for (String a : args) {
            if (a.startsWith("-")) {
                continue;
            }
            Optional<String> problem = fs.remove(PodFilesystem.normalize(cwd, a), recursive);
            if (problem.isPresent() && !(force && problem.get().startsWith("No such"))) {
                io.err().println("rm: can't remove '" + a + "': " + problem.get());
                code = 1;
            }
        }
        return code;
    }

    private int sleep(List<String> args, Io io) {
        if (args.isEmpty()) {
            io.err().println("sleep: missing operand");
            return 1;
        }
        java.util.regex.Matcher m = Pattern.compile("(\\d+(?:\\.\\d+)?)([smhd]?)").matcher(args.get(0));
        if (!m.matches()) {
            io.err().println("sleep: invalid number '" + args.get(0) + "'");
            return 1;
        }
        double amount = Double.parseDouble(m.group(1));
        long unit = switch (m.group(2)) {
            case "m" -> 60_000;
            case "h" -> 3_600_000;
            case "d" -> 86_400_000;
            default -> 1_000;
        };
        try {
            sleeper.sleep(Duration.ofMillis((long) (amount * unit)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        }
        return 0;
    }

    private int test(List<String> args, Io io) {
        boolean result;
        if (args.isEmpty()) {
            result = false;
        } else if (args.size() == 1) {
            result = !args.get(0).isEmpty();
        } else if (args.size() == 2) {
            String path = PodFilesystem.normalize(cwd, args.get(1));
            result = switch (args.get(0)) {
                case "-d" -> fs.isFolder(path);
                case "-f" -> fs.exists(path) && !fs.isFolder(path);
                case "-e" -> fs.exists(path);
                case "-s" -> fs.size(path) > 0;
                case "-z" -> args.get(1).isEmpty();
                case "-n" -> !args.get(1).isEmpty();
                case "!" -> args.get(1).isEmpty();
                default -> false;
            };
        } else {
            result = switch (args.get(1)) {
                case "=", "==" -> args.get(0).equals(args.get(2));
                case "!=" -> !args.get(0).equals(args.get(2));
                case "-eq" -> parseInt(args.get(0), 0) == parseInt(args.get(2), 0);
                case "-ne" -> parseInt(args.get(0), 0) != parseInt(args.get(2), 0);
                case "-gt" -> parseInt(args.get(0), 0) > parseInt(args.get(2), 0);
                case "-lt" -> parseInt(args.get(0), 0) < parseInt(args.get(2), 0);
                default -> false;
            };
        }
        return result ? 0 : 1;
    }

    private int grep(List<String> args, Io io) throws IOException {
        boolean ignoreCase = false;
        boolean invert = false;
        List<String> rest = new ArrayList<>();
        for (String a : args) {
            if (a.startsWith("-") && a.length() > 1 && rest.isEmpty()) {
                ignoreCase |= a.contains("i");
                invert |= a.contains("v");
            } else {
                rest.add(a);
            }
        }
        if (rest.isEmpty()) {
            io.err().println("Usage: grep [-iv] PATTERN [FILE]...");
            return 2;
        }
        Pattern pattern;
        try {
            pattern = Pattern.compile(rest.get(0), ignoreCase ? Pattern.CASE_INSENSITIVE : 0);
        } catch (PatternSyntaxException e) {
            pattern = Pattern.compile(Pattern.quote(rest.get(0)), ignoreCase ? Pattern.CASE_INSENSITIVE : 0);
        }
        List<String> texts = new ArrayList<>();
        if (rest.size() == 1) {
            texts.add(new String(io.in().readAllBytes(), StandardCharsets.UTF_8));
        }
        for (String file : rest.subList(1, rest.size())) {
            Optional<byte[]> content = fs.read(PodFilesystem.normalize(cwd, file));
            if (content.isEmpty()) {
                io.err().println("grep: " + file + ": No such file or directory");
                return 2;
            }
            texts.add(new String(content.get(), StandardCharsets.UTF_8));
        }
        boolean found = false;
        for (String text : texts) {
            for (String line : text.split("\n", -1)) {
                if (line.isEmpty()) {
                    continue;
                }
                if (pattern.matcher(line).find() != invert) {
                    io.out().println(line);
                    found = true;
                }
            }
        }
        return found ? 0 : 1;
    }

    private int nslookup(List<String> args, Io io) {
        List<String> names = args.stream().filter(a -> !a.startsWith("-")).toList();
        if (names.isEmpty()) {
            io.err().println("Usage: nslookup HOST");
            return 1;
        }
        io.out().println("Server:\t\t10.43.0.10");
        io.out().println("Address:\t10.43.0.10:53");
        io.out().println();
        Optional<Network.Address> address = network.lookup(names.get(0));
        if (address.isEmpty()) {
            io.out().println("** server can't find " + names.get(0) + ": NXDOMAIN");
            io.out().println();
            return 1;
        }
        io.out().println("Name:\t" + address.get().fqdn());
        io.out().println("Address: " + address.get().ip());
        io.out().println();
        return 0;
    }

    /** host, port and path of an {@code http://} URL (no scheme means http). */
    private record Url(String host, int port, String path) {
        static Optional<Url> parse(String text) {
            String rest = text;
            if (rest.startsWith("http://")) {
                rest = rest.substring(7);
            } else if (rest.contains("://")) {
                return Optional.empty();
            }
            int slash = rest.indexOf('/');
            String authority = slash < 0 ? rest : rest.substring(0, slash);
            String path = slash < 0 ? "/" : rest.substring(slash);
            int colon = authority.lastIndexOf(':');
            int port = 80;
            String host = authority;
            if (colon > 0) {
                host = authority.substring(0, colon);
                port = parseInt(authority.substring(colon + 1), -1);
                if (port < 0) {
                    return Optional.empty();
                }
            }
            return host.isEmpty() ? Optional.empty() : Optional.of(new Url(host, port, path));
        }
    }

    private int wget(List<String> args, Io io) {
        boolean quiet = false;
        String output = null;
        String url = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("-O") && i + 1 < args.size()) {
                output = args.get(++i);
            } else if (a.startsWith("-O")) {
                output = a.substring(2);
            } else if (a.startsWith("-") && !a.startsWith("--")) {
                quiet |= a.contains("q");
                if (a.endsWith("O") && i + 1 < args.size()) {
                    output = args.get(++i);
                } else if (a.contains("O")) {
                    output = a.substring(a.indexOf('O') + 1);
                }
            } else if (a.startsWith("--timeout") || a.startsWith("--spider") || a.startsWith("--")) {
                continue;
            } else {
                url = a;
            }
        }
        if (url == null) {
            io.err().println("wget: missing URL");
            return 1;
        }
        Optional<Url> parsed = Url.parse(url);
        if (parsed.isEmpty()) {
            io.err().println("wget: only http:// URLs reach the simulated network: " + url);
            return 1;
        }
        Network.Http result = network.get(parsed.get().host(), parsed.get().port(), parsed.get().path());
        String target = output == null ? fileName(parsed.get().path()) : output;
        if (!quiet) {
            io.err().println("Connecting to " + parsed.get().host() + (parsed.get().port() == 80 ? "" : ":" + parsed.get().port()));
        }
        if (result instanceof Network.UnknownHost) {
            io.err().println("wget: bad address '" + parsed.get().host() + "'");
            return 1;
        }
        if (result instanceof Network.Refused r) {
            io.err().println("wget: can't connect to remote host (" + r.ip() + "): Connection refused");
            return 1;
        }
        Network.Answer answer = (Network.Answer) result;
        if (answer.status() >= 400) {
            io.err().println("wget: server returned error: HTTP/1.1 " + answer.status() + " " + reason(answer.status()));
            return 1;
        }
        return deliver(answer.body(), target, io, "wget");
    }

    private int deliver(byte[] body, String target, Io io, String command) {
        if (target.equals("-")) {
            io.out().write(body, 0, body.length);
            return 0;
        }
        Optional<String> problem = fs.write(PodFilesystem.normalize(cwd, target), body, false);
        if (problem.isPresent()) {
            io.err().println(command + ": can't open '" + target + "': " + problem.get());
            return 1;
        }
        return 0;
    }

    private static String fileName(String path) {
        String clean = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        String name = clean.substring(clean.lastIndexOf('/') + 1);
        return name.isEmpty() ? "index.html" : name;
    }

    private int curl(List<String> args, Io io) {
        boolean fail = false;
        boolean include = false;
        boolean silent = false;
        boolean showErrors = false;
        String output = "-";
        String url = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("-o") || a.equals("--output")) {
                output = i + 1 < args.size() ? args.get(++i) : "-";
            } else if (a.equals("-m") || a.equals("--max-time") || a.equals("--connect-timeout") || a.equals("-H")
                    || a.equals("-w") || a.equals("-X") || a.equals("-A")) {
                i++;
            } else if (a.startsWith("--")) {
                fail |= a.equals("--fail");
                include |= a.equals("--include");
                silent |= a.equals("--silent");
            } else if (a.startsWith("-") && a.length() > 1) {
                fail |= a.contains("f");
                include |= a.contains("i");
                silent |= a.contains("s");
                showErrors |= a.contains("S");
            } else {
                url = a;
            }
        }
        boolean errors = !silent || showErrors;
        if (url == null) {
            io.err().println("curl: no URL specified");
            return 2;
        }
        Optional<Url> parsed = Url.parse(url);
        if (parsed.isEmpty()) {
            if (errors) {
                io.err().println("curl: (1) Protocol not supported in the simulated network (only http://): " + url);
            }
            return 1;
        }
        Network.Http result = network.get(parsed.get().host(), parsed.get().port(), parsed.get().path());
        if (result instanceof Network.UnknownHost) {
            if (errors) {
                io.err().println("curl: (6) Could not resolve host: " + parsed.get().host());
            }
            return 6;
        }
        if (result instanceof Network.Refused) {
            if (errors) {
                io.err().println("curl: (7) Failed to connect to " + parsed.get().host() + " port " + parsed.get().port()
                        + " after 0 ms: Couldn't connect to server");
            }
            return 7;
        }
        Network.Answer answer = (Network.Answer) result;
        if (fail && answer.status() >= 400) {
            if (errors) {
                io.err().println("curl: (22) The requested URL returned error: " + answer.status());
            }
            return 22;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        if (include) {
            String head = "HTTP/1.1 " + answer.status() + " " + reason(answer.status()) + "\r\nContent-Type: "
                    + answer.contentType() + "\r\nContent-Length: " + answer.body().length + "\r\n\r\n";
            bytes.writeBytes(head.getBytes(StandardCharsets.UTF_8));
        }
        bytes.writeBytes(answer.body());
        return deliver(bytes.toByteArray(), output, io, "curl");
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 201 -> "Created";
            case 204 -> "No Content";
            case 301 -> "Moved Permanently";
            case 302 -> "Found";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            default -> "";
        };
    }

    /** {@code tar cf - PATH...} and {@code tar xf - [-C DIR]} (the forms kubectl cp runs), with or without a dash. */
    private int tar(List<String> args, Io io) throws IOException {
        if (args.isEmpty()) {
            io.err().println("tar: no command given: use c (create) or x (extract)");
            return 2;
        }
        String mode = args.get(0).startsWith("-") ? args.get(0).substring(1) : args.get(0);
        String folder = cwd;
        String archive = null;
        List<String> paths = new ArrayList<>();
        int i = 1;
        if (mode.contains("f")) {
            archive = i < args.size() ? args.get(i++) : null;
        }
        for (; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("-C") && i + 1 < args.size()) {
                folder = PodFilesystem.normalize(cwd, args.get(++i));
            } else if (a.startsWith("-")) {
                mode += a.substring(1);
            } else {
                paths.add(a);
            }
        }
        if (mode.contains("z") || mode.contains("j") || mode.contains("J")) {
            io.err().println("tar: compressed archives are not simulated");
            return 2;
        }
        if (!"-".equals(archive)) {
            io.err().println("tar: the simulated tar reads and writes archives on stdin/stdout only (f -)");
            return 2;
        }
        if (mode.contains("x")) {
            return extract(folder, io);
        }
        if (mode.contains("c")) {
            return create(folder, paths, io);
        }
        io.err().println("tar: need c (create) or x (extract)");
        return 2;
    }

    private int extract(String folder, Io io) throws IOException {
        if (!fs.isFolder(folder)) {
            io.err().println("tar: can't change directory to '" + folder + "': No such file or directory");
            return 2;
        }
        int code = 0;
        for (Tar.Item item : Tar.read(io.in())) {
            String path = PodFilesystem.normalize(folder, item.name());
            Optional<String> problem = item.folder() ? fs.makeFolder(path, true)
                    : fs.makeFolder(PodFilesystem.parent(path), true).or(() -> fs.write(path, item.content(), false));
            if (problem.isPresent()) {
                io.err().println("tar: can't create '" + item.name() + "': " + problem.get());
                code = 2;
            }
        }
        return code;
    }

    private int create(String folder, List<String> paths, Io io) {
        List<Tar.Item> items = new ArrayList<>();
        int code = 0;
        for (String p : paths) {
            String path = PodFilesystem.normalize(folder, p);
            if (!fs.exists(path)) {
                io.err().println("tar: " + p + ": No such file or directory");
                code = 2;
                continue;
            }
            // as GNU tar: a relative name stays relative to -C, an absolute one loses its leading '/'
            String prefix = p.startsWith("/") ? path.substring(1) : PodFilesystem.normalize("/", p).substring(1);
            for (String entry : fs.walk(path)) {
                String name = prefix + entry.substring(path.length());
                items.add(fs.isFolder(entry) ? new Tar.Item(name, true, null) : new Tar.Item(name, false, fs.read(entry).orElseThrow()));
            }
        }
        byte[] archive = Tar.archive(items);
        io.out().write(archive, 0, archive.length);
        return code;
    }

    /** Reads lines; with a terminal, echoes what is typed and handles backspace, Ctrl-C and Ctrl-D. */
    private static final class LineReader {
        private final InputStream in;
        private final PrintStream echo;

        LineReader(InputStream in, PrintStream echo) {
            this.in = in;
            this.echo = echo;
        }

        Optional<String> next() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            while (true) {
                int b = in.read();
                if (b < 0) {
                    return line.size() == 0 ? Optional.empty() : Optional.of(line.toString(StandardCharsets.UTF_8));
                }
                if (echo == null) {
                    if (b == '\n') {
                        return Optional.of(line.toString(StandardCharsets.UTF_8));
                    }
                    if (b != '\r') {
                        line.write(b);
                    }
                    continue;
                }
                switch (b) {
                    case '\r', '\n' -> {
                        echo.print("\n");
                        echo.flush();
                        return Optional.of(line.toString(StandardCharsets.UTF_8));
                    }
                    case 0x7f, 0x08 -> {
                        if (line.size() > 0) {
                            byte[] kept = line.toByteArray();
                            line.reset();
                            line.write(kept, 0, kept.length - 1);
                            echo.print("\b \b");
                        }
                    }
                    case 0x03 -> {
                        echo.print("^C\n");
                        echo.flush();
                        return Optional.of("");
                    }
                    case 0x04 -> {
                        if (line.size() == 0) {
                            return Optional.empty();
                        }
                    }
                    default -> {
                        if (b >= 0x20 || b == '\t') {
                            line.write(b);
                            echo.write(b);
                        }
                    }
                }
                echo.flush();
            }
        }
    }

    /** A terminal's output processing: LF becomes CR LF. */
    private static final class CrLf extends OutputStream {
        private final OutputStream out;

        CrLf(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            if (b == '\n') {
                out.write('\r');
            }
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            int start = off;
            for (int i = off; i < off + len; i++) {
                if (b[i] == '\n') {
                    out.write(b, start, i - start);
                    out.write('\r');
                    start = i;
                }
            }
            out.write(b, start, off + len - start);
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }
    }
}
