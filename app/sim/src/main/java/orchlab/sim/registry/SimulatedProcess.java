package orchlab.sim.registry;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What a container's main process does in the sim, on the sim's clock: the lines it prints, when it exits and with
 * which code, and whether it serves HTTP. Built from the image's entrypoint/cmd (from the {@link ImageCatalog})
 * and the container's {@code command}/{@code args}, the way a container runtime combines them.
 *
 * <p>Simulated commands: the image's own default process (a server runs until stopped and listens on its ports;
 * a shell or REPL exits at once without stdin/tty; a database without its password variable exits 1), and
 * {@code sh -c}/{@code bash -c} scripts made of {@code echo}, {@code printf}, {@code sleep}, {@code true},
 * {@code false}, {@code exit}, {@code env}/{@code printenv}, {@code hostname}, {@code date}, {@code cat} (no file),
 * {@code tail -f}, {@code ;}, {@code &&}, {@code ||}, {@code while true|:|sleep N; do …; done} and
 * {@code for x in …; do …; done}, with {@code $VAR} from the container's environment, and a {@code while} loop
 * of {@code wget}/{@code curl} requests, which becomes a {@link LoadLoop} (a load generator). Anything else is "not
 * simulated": from there the process runs until stopped, or, in a Pod that runs to completion, exits 0 after
 * {@code unknownRunTime} — the sim never invents a failure it cannot know.
 */
public final class SimulatedProcess {

    /** What a process has done after some time. */
    public record State(List<String> output, boolean exited, int exitCode, Duration exitedAfter) {
    }

    private sealed interface Step permits Out, Sleep, Exit, Forever, Date {
    }

    private record Out(String text) implements Step {
    }

    private record Sleep(Duration duration) implements Step {
    }

    private record Exit(int code) implements Step {
    }

    private record Forever() implements Step {
    }

    private record Date() implements Step {
    }

    private static final int MAX_LINES = 2000;

    /** How long one simulated HTTP request from a Pod takes (its round trip), in a load loop's iteration. */
    public static final Duration REQUEST_TIME = Duration.ofMillis(10);

    /**
     * A loop that sends HTTP requests for as long as it runs ({@code while sleep 0.01; do wget -q -O- http://svc; done}):
     * each iteration requests every URL once and takes {@code iteration} (its sleeps plus {@link #REQUEST_TIME} per request).
     */
    public record LoadLoop(List<String> urls, Duration iteration) {
        /** Requests per second to each URL. */
        public double requestsPerSecond() {
            return 1e9 / iteration.toNanos();
        }
    }

    private LoadLoop load;
    /** While a loop's body is compiled: the URLs its wget/curl commands request (null outside a loop). */
    private List<String> loopRequests;

    private final List<Step> steps = new ArrayList<>();
    private final List<Step> loop = new ArrayList<>();
    private final Optional<ImageInfo> image;
    private final Map<String, String> env;
    private final String hostname;
    private final String podIp;
    private final boolean interactiveIo;
    private final boolean runsToCompletion;
    private final Duration unknownRunTime;
    private final List<String> argv;
    private boolean serving;
    private final List<Integer> ports = new ArrayList<>();
    private final Map<String, String> flags = new LinkedHashMap<>();
    private int status;
    private boolean done;
    private boolean setE;
    private boolean unsimulated;

    private SimulatedProcess(Optional<ImageInfo> image, JsonNode container, Map<String, String> env, String hostname, String podIp,
                             boolean runsToCompletion, Duration unknownRunTime) {
        this.image = image;
        this.env = env;
        this.hostname = hostname;
        this.podIp = podIp;
        this.interactiveIo = container.path("stdin").asBoolean(false) || container.path("tty").asBoolean(false);
        this.runsToCompletion = runsToCompletion;
        this.unknownRunTime = unknownRunTime;
        List<String> command = strings(container.path("command"));
        List<String> args = strings(container.path("args"));
        boolean hasCommand = container.has("command");
        boolean hasArgs = container.has("args");
        List<String> argv = new ArrayList<>();
        if (hasCommand) {
            argv.addAll(command);
            argv.addAll(args);
        } else if (image.isPresent()) {
            ImageInfo info = image.get();
            if (hasArgs && info.wrapper() && !args.isEmpty() && !args.get(0).startsWith("-")) {
                argv.addAll(args);
            } else {
                argv.addAll(info.entrypoint());
                argv.addAll(hasArgs ? args : info.cmd());
            }
        }
        this.argv = List.copyOf(argv);
        if (argv.isEmpty()) {
            if (image.isPresent() && image.get().entrypoint().isEmpty() && image.get().cmd().isEmpty()) {
                steps.add(new Forever());
            } else {
                unknown(hasArgs ? String.join(" ", args) : "the image's default command");
            }
        } else {
            run(argv);
        }
    }

    /**
     * The process of one container.
     *
     * @param runsToCompletion the Pod's restartPolicy is Never or OnFailure (an unknown command then ends with 0)
     * @param unknownRunTime   how long a command that is not simulated runs in such a Pod
     */
    public static SimulatedProcess of(Optional<ImageInfo> image, JsonNode container, Map<String, String> env, String hostname,
                                      String podIp, boolean runsToCompletion, Duration unknownRunTime) {
        return new SimulatedProcess(image, container, env, hostname, podIp, runsToCompletion, unknownRunTime);
    }

    /** The output so far, and whether (and when) it exited, {@code elapsed} after it started at {@code started}. */
    public State at(Instant started, Duration elapsed) {
        java.util.ArrayDeque<String> out = new java.util.ArrayDeque<>();
        Duration[] t = {Duration.ZERO};
        State end = walk(steps, out, started, elapsed, t);
        if (end != null) {
            return end;
        }
        if (loop.isEmpty()) {
            return new State(List.copyOf(out), true, status, t[0]);
        }
        if (loop.stream().noneMatch(s -> s instanceof Out || s instanceof Date)) {
            return new State(List.copyOf(out), false, 0, null);
        }
        for (int i = 0; i < MAX_ITERATIONS; i++) {
            end = walk(loop, out, started, elapsed, t);
            if (end != null) {
                return end;
            }
        }
        return new State(List.copyOf(out), false, 0, null);
    }

    private static final int MAX_ITERATIONS = 100_000;

    private State walk(List<Step> list, java.util.ArrayDeque<String> out, Instant started, Duration elapsed, Duration[] t) {
        for (Step step : list) {
            if (step instanceof Out o) {
                for (String line : o.text().split("\n", -1)) {
                    out.addLast(line);
                }
            } else if (step instanceof Date) {
                out.addLast(DateTimeFormatter.ofPattern("EEE MMM d HH:mm:ss 'UTC' yyyy", Locale.ROOT)
                        .format(started.plus(t[0]).atZone(ZoneOffset.UTC)));
            } else if (step instanceof Sleep s) {
                t[0] = t[0].plus(s.duration());
                if (t[0].compareTo(elapsed) > 0) {
                    return new State(List.copyOf(out), false, 0, null);
                }
            } else if (step instanceof Exit x) {
                return new State(List.copyOf(out), true, x.code(), t[0]);
            } else {
                return new State(List.copyOf(out), false, 0, null);
            }
            while (out.size() > MAX_LINES) {
                out.removeFirst();
            }
        }
        return null;
    }

    /** When the process exits, or empty when it runs until stopped. */
    public Optional<Duration> exitsAfter() {
        if (!loop.isEmpty()) {
            return Optional.empty();
        }
        State end = at(Instant.EPOCH, Duration.ofDays(365 * 100));
        return end.exited() ? Optional.of(end.exitedAfter()) : Optional.empty();
    }

    /** The HTTP load this process sends for as long as it runs, if it is a request loop. */
    public Optional<LoadLoop> load() {
        return Optional.ofNullable(load);
    }

    /** Whether the image's server is what runs (so it listens on {@link #ports()} and answers as {@link #http()}). */
    public boolean serving() {
        return serving;
    }

    public List<Integer> ports() {
        return List.copyOf(ports);
    }

    /** Whether what runs is known: a simulated command or an image of the catalogue's default process. */
    public boolean known() {
        return !unsimulated;
    }

    /** The HTTP answer of the serving process for a path, with its flags, host name and IP filled in. */
    public Optional<ImageInfo.Route> http(String path) {
        if (!serving || image.isEmpty() || image.get().http().isEmpty()) {
            return Optional.empty();
        }
        return image.get().http().get().route(path).map(r -> new ImageInfo.Route(r.path(), r.status(), r.contentType(), fill(r.body())));
    }

    public Optional<ImageInfo> image() {
        return image;
    }

    private String fill(String text) {
        String out = text.replace("{hostname}", hostname).replace("{podIP}", podIp).replace("{port}", ports.isEmpty() ? "" : String.valueOf(ports.get(0)));
        for (Map.Entry<String, String> f : flags.entrySet()) {
            out = out.replace("{flag:" + f.getKey() + "}", f.getValue());
        }
        return out.replaceAll("\\{flag:[^}]*}", "");
    }

    // ---- building the steps ----

    private void add(Step step) {
        if (!done) {
            steps.add(step);
        }
        if (step instanceof Exit || step instanceof Forever) {
            done = true;
        }
    }

    private void unknown(String what) {
        if (!done) {
            unsimulated = true;
        }
        add(new Out("[orchlab-sim] \"" + what + "\" is not simulated: " + (runsToCompletion
                ? "it is taken to succeed after " + unknownRunTime.toMillis() / 1000.0 + " s"
                : "it is taken to run until the container is stopped")));
        if (runsToCompletion) {
            add(new Sleep(unknownRunTime));
            status = 0;
        } else {
            add(new Forever());
        }
    }

    private void run(List<String> words) {
        if (done || words.isEmpty()) {
            return;
        }
        String program = words.get(0);
        String base = program.substring(program.lastIndexOf('/') + 1);
        List<String> rest = words.subList(1, words.size());
        if (image.isPresent() && isImageDefault(image.get(), words, base)) {
            imageDefault(image.get(), words);
            return;
        }
        if ((base.equals("sh") || base.equals("bash") || base.equals("ash") || base.equals("dash")) && !rest.isEmpty()
                && rest.get(0).startsWith("-") && rest.get(0).contains("c") && rest.size() >= 2) {
            script(rest.get(1));
            return;
        }
        builtin(words, false);
    }

    private boolean isImageDefault(ImageInfo info, List<String> words, String base) {
        if (!info.entrypoint().isEmpty()) {
            String entry = info.entrypoint().get(0);
            if (words.get(0).equals(entry) || base.equals(entry.substring(entry.lastIndexOf('/') + 1))) {
                return !info.wrapper() || words.size() <= info.entrypoint().size()
                        || words.subList(info.entrypoint().size(), words.size()).equals(info.cmd())
                        || words.get(info.entrypoint().size()).startsWith("-");
            }
        }
        if (!info.cmd().isEmpty()) {
            String cmd = info.cmd().get(0);
            boolean same = words.get(0).equals(cmd) || base.equals(cmd.substring(cmd.lastIndexOf('/') + 1));
            return same && (!info.interactive() || words.size() == 1 || words.equals(info.cmd()));
        }
        return false;
    }

    private void imageDefault(ImageInfo info, List<String> words) {
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if (w.startsWith("-") && w.length() > 1) {
                String flag = w.replaceFirst("^--?", "");
                if (flag.contains("=")) {
                    flags.put(flag.substring(0, flag.indexOf('=')), flag.substring(flag.indexOf('=') + 1));
                } else if (i + 1 < words.size() && !words.get(i + 1).startsWith("-")) {
                    flags.put(flag, words.get(i + 1));
                }
            }
        }
        if (info.exits().isPresent()) {
            info.exits().get().log().forEach(l -> add(new Out(l)));
            add(new Exit(info.exits().get().exitCode()));
            return;
        }
        if (info.requiresEnv().isPresent()
                && info.requiresEnv().get().anyOf().stream().noneMatch(k -> !env.getOrDefault(k, "").isEmpty())) {
            info.requiresEnv().get().log().forEach(l -> add(new Out(l)));
            add(new Exit(info.requiresEnv().get().exitCode()));
            return;
        }
        if (info.interactive()) {
            if (interactiveIo) {
                add(new Forever());
            } else {
                add(new Exit(0));
            }
            return;
        }
        ports.addAll(info.ports());
        info.portFlag().map(flags::get).ifPresent(value -> {
            try {
                ports.clear();
                ports.add(Integer.parseInt(value.substring(value.lastIndexOf(':') + 1)));
            } catch (NumberFormatException e) {
                ports.addAll(info.ports());
            }
        });
        serving = true;
        info.log().forEach(l -> add(new Out(fill(l))));
        add(new Forever());
    }

    /** The commands every shell image has; {@code redirected}: output goes to a file, not the log. */
    private void builtin(List<String> words, boolean redirected) {
        String program = words.get(0);
        String base = program.substring(program.lastIndexOf('/') + 1);
        List<String> rest = words.subList(1, words.size());
        switch (base) {
            case "echo" -> {
                boolean newline = true;
                boolean escapes = false;
                int from = 0;
                while (from < rest.size() && rest.get(from).matches("-[neE]+")) {
                    newline &= !rest.get(from).contains("n");
                    escapes |= rest.get(from).contains("e");
                    from++;
                }
                String text = String.join(" ", rest.subList(from, rest.size()));
                if (escapes) {
                    text = text.replace("\\n", "\n").replace("\\t", "\t");
                }
                if (!redirected && (newline || !text.isEmpty())) {
                    add(new Out(text));
                }
                status = 0;
            }
            case "printf" -> {
                if (!rest.isEmpty() && !redirected) {
                    String text = rest.get(0);
                    for (String arg : rest.subList(1, rest.size())) {
                        text = text.replaceFirst("%[sd]", java.util.regex.Matcher.quoteReplacement(arg));
                    }
                    text = text.replace("\\n", "\n").replace("\\t", "\t");
                    if (text.endsWith("\n")) {
                        text = text.substring(0, text.length() - 1);
                    }
                    if (!text.isEmpty()) {
                        add(new Out(text));
                    }
                }
                status = 0;
            }
            case "sleep" -> {
                Optional<Duration> d = rest.isEmpty() ? Optional.empty() : sleepDuration(rest.get(0));
                if (rest.size() == 1 && rest.get(0).equals("infinity")) {
                    add(new Forever());
                } else if (d.isPresent()) {
                    add(new Sleep(d.get()));
                    status = 0;
                } else {
                    if (!redirected) {
                        add(new Out("sleep: invalid number '" + (rest.isEmpty() ? "" : rest.get(0)) + "'"));
                    }
                    status = 1;
                }
            }
            case "true", ":" -> status = 0;
            case "false" -> status = 1;
            case "exit" -> {
                int code = status;
                if (!rest.isEmpty()) {
                    try {
                        code = Integer.parseInt(rest.get(0)) & 0xff;
                    } catch (NumberFormatException e) {
                        code = 2;
                    }
                }
                add(new Exit(code));
            }
            case "env", "printenv" -> {
                if (rest.isEmpty()) {
                    if (!redirected) {
                        Map<String, String> all = new LinkedHashMap<>(env);
                        all.putIfAbsent("HOSTNAME", hostname);
                        all.forEach((k, v) -> add(new Out(k + "=" + v)));
                    }
                    status = 0;
                } else if (base.equals("printenv")) {
                    String value = rest.get(0).equals("HOSTNAME") ? env.getOrDefault("HOSTNAME", hostname) : env.get(rest.get(0));
                    if (value != null && !redirected) {
                        add(new Out(value));
                    }
                    status = value == null ? 1 : 0;
                } else {
                    unknown(String.join(" ", words));
                }
            }
            case "hostname" -> {
                if (!redirected) {
                    add(new Out(hostname));
                }
                status = 0;
            }
            case "date" -> {
                if (rest.stream().allMatch(a -> a.equals("-u"))) {
                    if (!redirected) {
                        add(new Date());
                    }
                    status = 0;
                } else {
                    unknown(String.join(" ", words));
                }
            }
            case "cat" -> {
                if (rest.isEmpty()) {
                    status = 0; // no stdin: end of input at once
                } else {
                    unknown(String.join(" ", words));
                }
            }
            case "tail" -> {
                if (rest.contains("-f") || rest.contains("-F")) {
                    add(new Forever());
                } else {
                    unknown(String.join(" ", words));
                }
            }
            case "wget", "curl" -> {
                Optional<String> url = requestUrl(words);
                if (loopRequests != null && url.isPresent()) {
                    loopRequests.add(url.get());
                    status = 0;
                } else {
                    unknown(String.join(" ", words));
                }
            }
            case "set" -> {
                if (rest.stream().anyMatch(a -> a.startsWith("-") && a.contains("e"))) {
                    setE = true;
                }
                status = 0;
            }
            default -> unknown(String.join(" ", words));
        }
        if (setE && status != 0 && !done) {
            add(new Exit(status));
        }
    }

    private static final java.util.Set<String> FLAGS_WITH_VALUE = java.util.Set.of("-O", "-o", "-T", "-t", "-m", "-w",
            "-U", "-H", "-A", "-X", "-d", "-e", "-P", "--header", "--output-document", "--output", "--max-time",
            "--connect-timeout", "--user-agent", "--request", "--data", "--timeout", "--tries");

    /** The URL a {@code wget}/{@code curl} command requests: its operand that is neither a flag nor a flag's value. */
    static Optional<String> requestUrl(List<String> words) {
        String url = null;
        for (int i = 1; i < words.size(); i++) {
            String w = words.get(i);
            if (FLAGS_WITH_VALUE.contains(w)) {
                i++;
            } else if (!w.startsWith("-") && !w.isEmpty()) {
                url = w;
            }
        }
        return Optional.ofNullable(url);
    }

    static Optional<Duration> sleepDuration(String text) {
        try {
            double factor = 1;
            String number = text;
            if (text.endsWith("s")) {
                number = text.substring(0, text.length() - 1);
            } else if (text.endsWith("m")) {
                factor = 60;
                number = text.substring(0, text.length() - 1);
            } else if (text.endsWith("h")) {
                factor = 3600;
                number = text.substring(0, text.length() - 1);
            } else if (text.endsWith("d")) {
                factor = 86400;
                number = text.substring(0, text.length() - 1);
            }
            double seconds = Double.parseDouble(number) * factor;
            if (seconds < 0 || Double.isNaN(seconds) || Double.isInfinite(seconds)) {
                return Optional.empty();
            }
            return Optional.of(Duration.ofMillis(Math.round(seconds * 1000)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    // ---- a small shell ----

    private void script(String text) {
        List<String> tokens = ShellWords.tokens(text);
        Parser parser = new Parser(tokens);
        parser.list(Map.of(), null);
        if (!parser.atEnd() && !done) {
            unknown(text.strip());
        }
    }

    private final class Parser {
        private final List<String> tokens;
        private int pos;

        Parser(List<String> tokens) {
            this.tokens = tokens;
        }

        boolean atEnd() {
            return pos >= tokens.size();
        }

        private String peek() {
            return pos < tokens.size() ? tokens.get(pos) : null;
        }

        private boolean isOperator(String t) {
            return t != null && ShellWords.isOperator(t);
        }

        /** Commands separated by ; or newlines, until one of {@code stop} (a keyword such as done). */
        void list(Map<String, String> vars, String stop) {
            while (!atEnd() && !done) {
                String t = peek();
                if (t.equals(";") || t.equals("\n")) {
                    pos++;
                    continue;
                }
                if (stop != null && t.equals(stop)) {
                    return;
                }
                andOr(vars);
                if (pos < tokens.size() && isOperator(peek()) && !peek().equals(";") && !peek().equals("\n")) {
                    unknown(String.join(" ", tokens.subList(pos, tokens.size())));
                    pos = tokens.size();
                }
            }
        }

        private void andOr(Map<String, String> vars) {
            command(vars, true);
            while (!atEnd() && !done && (peek().equals("&&") || peek().equals("||"))) {
                boolean and = tokens.get(pos++).equals("&&");
                boolean runIt = and == (status == 0);
                command(vars, runIt);
            }
        }

        private void command(Map<String, String> vars, boolean execute) {
            String t = peek();
            if (t == null) {
                return;
            }
            if (t.equals("while") || t.equals("until")) {
                loopCommand(vars, execute, t.equals("until"));
                return;
            }
            if (t.equals("for")) {
                forCommand(vars, execute);
                return;
            }
            if (t.equals("if") || t.equals("case") || t.equals("{") || t.equals("(")) {
                if (execute) {
                    unknown(String.join(" ", tokens.subList(pos, tokens.size())));
                }
                pos = tokens.size();
                return;
            }
            List<String> words = new ArrayList<>();
            boolean redirected = false;
            while (!atEnd() && !isOperator(peek())) {
                String w = tokens.get(pos++);
                if (w.matches("[0-9]?(>>?|<)|&>")) {
                    String target = atEnd() ? "" : tokens.get(pos++);
                    if (!w.startsWith("2") && !w.contains("<") && !target.equals("/dev/stdout") && !target.equals("/dev/stderr")) {
                        redirected = true;
                    }
                    continue;
                }
                if (w.matches("[0-9]?>>?&[0-9]")) {
                    continue;
                }
                words.add(ShellWords.expand(w, vars, env, hostname, status));
            }
            if (peek() != null && (peek().equals("|") || peek().equals("&"))) {
                if (execute) {
                    unknown(String.join(" ", tokens.subList(Math.max(0, pos - words.size()), tokens.size())));
                }
                pos = tokens.size();
                return;
            }
            if (execute && !words.isEmpty()) {
                String first = words.get(0);
                String base = first.substring(first.lastIndexOf('/') + 1);
                if ((base.equals("sh") || base.equals("bash")) && words.size() >= 3 && words.get(1).equals("-c")) {
                    script(words.get(2));
                } else {
                    builtin(words, redirected);
                }
            }
        }

        private void loopCommand(Map<String, String> vars, boolean execute, boolean until) {
            pos++;
            int conditionStart = pos;
            while (!atEnd() && !peek().equals("do")) {
                pos++;
            }
            List<String> condition = new ArrayList<>(tokens.subList(conditionStart, pos));
            condition.removeIf(c -> c.equals(";") || c.equals("\n"));
            List<String> body = loopBody();
            if (!execute) {
                return;
            }
            boolean forever = !until && (condition.equals(List.of("true")) || condition.equals(List.of(":"))
                    || condition.size() == 2 && condition.get(0).equals("sleep") && sleepDuration(condition.get(1)).isPresent());
            boolean never = until ? condition.equals(List.of("true")) || condition.equals(List.of(":"))
                    : condition.equals(List.of("false"));
            if (never) {
                status = 0;
                return;
            }
            if (!forever) {
                unknown((until ? "until " : "while ") + String.join(" ", condition) + "; do ...");
                return;
            }
            // compile one iteration into the loop, then repeat it for ever
            int before = steps.size();
            if (condition.get(0).equals("sleep")) {
                add(new Sleep(sleepDuration(condition.get(1)).get()));
            }
            Parser inner = new Parser(body);
            List<String> outer = loopRequests;
            List<String> requests = new ArrayList<>();
            loopRequests = requests;
            try {
                inner.list(vars, null);
            } finally {
                loopRequests = outer;
            }
            if (done) {
                return; // the body exits, or is not simulated: it runs once
            }
            List<Step> iteration = new ArrayList<>(steps.subList(before, steps.size()));
            steps.subList(before, steps.size()).clear();
            if (!requests.isEmpty()) {
                // a load generator: it requests its URLs for as long as it runs
                Duration each = REQUEST_TIME.multipliedBy(requests.size());
                for (Step step : iteration) {
                    if (step instanceof Sleep sl) {
                        each = each.plus(sl.duration());
                    }
                }
                load = new LoadLoop(List.copyOf(requests), each);
                add(new Out("[orchlab-sim] simulated HTTP load: " + String.join(", ", requests) + ", "
                        + Math.round(load.requestsPerSecond()) + " requests per second each, until the container is stopped"));
                add(new Forever());
                return;
            }
            boolean takesTime = iteration.stream().anyMatch(s -> s instanceof Sleep sl && !sl.duration().isZero());
            if (takesTime) {
                loop.addAll(iteration);
                done = true;
            } else {
                steps.addAll(iteration);
                add(new Forever());
            }
        }

        /** Past the {@code do} at {@code pos}: the tokens up to its matching {@code done}, which is consumed too. */
        private List<String> loopBody() {
            pos++;
            int bodyStart = pos;
            int depth = 0;
            while (!atEnd() && !(depth == 0 && peek().equals("done"))) {
                if (peek().equals("do")) {
                    depth++;
                } else if (peek().equals("done")) {
                    depth--;
                }
                pos++;
            }
            List<String> body = tokens.subList(bodyStart, pos);
            pos++;
            return body;
        }

        private void forCommand(Map<String, String> vars, boolean execute) {
            pos++;
            String name = atEnd() ? "" : tokens.get(pos++);
            List<String> items = new ArrayList<>();
            if (!atEnd() && peek().equals("in")) {
                pos++;
                while (!atEnd() && !peek().equals(";") && !peek().equals("\n") && !peek().equals("do")) {
                    String item = ShellWords.expand(tokens.get(pos++), vars, env, hostname, status);
                    items.addAll(List.of(item.trim().split("\\s+")));
                }
            }
            while (!atEnd() && !peek().equals("do")) {
                pos++;
            }
            List<String> body = loopBody();
            if (!execute) {
                return;
            }
            for (String item : items) {
                if (item.isEmpty() || done) {
                    continue;
                }
                Map<String, String> inner = new LinkedHashMap<>(vars);
                inner.put(name, item);
                new Parser(body).list(inner, null);
            }
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
