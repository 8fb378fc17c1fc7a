package orchlab.engine.check.cel;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelIssue;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerBuilder;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A compiled CEL expression over Kubernetes-shaped data (every variable is {@code dyn}), evaluated
 * with a bounded number of comprehension iterations and a wall-clock limit, so an instructor's
 * expression (untrusted, it comes from a pack) cannot hang the lab.
 */
public final class CelExpression {
    /** At most this many iterations per comprehension ({@code all}, {@code exists}, {@code map}...). */
    public static final int MAX_ITERATIONS = 10_000;
    public static final Duration DEFAULT_LIMIT = Duration.ofSeconds(2);
    /** The longest string (characters) or byte string an expression may build. */
    public static final int MAX_STRING = 100_000;
    /** The largest list or map an expression may build. */
    public static final int MAX_ELEMENTS = 100_000;

    /** CEL's options and runtime, made when the first expression is compiled (not when this class is loaded). */
    private static final class Holder {
        static final CelOptions OPTIONS = CelOptions.current()
                .comprehensionMaxIterations(MAX_ITERATIONS)
                .enableHeterogeneousNumericComparisons(true)
                .build();
        static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder()
                .setOptions(OPTIONS)
                .build();
    }
    private static final ExecutorService EVALUATOR = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "cel-eval");
        t.setDaemon(true);
        return t;
    });

    /** Where expressions that compiled in an earlier process are kept ({@link #rememberCompiledIn}); null: none kept. */
    private static java.nio.file.Path knownGoodFile;
    /** That file read, on the first {@link #compile} after {@link #rememberCompiledIn}; null until then. */
    private static KnownGoodExpressions knownGood;

    /** Set on a thread inside {@link #compilingLater}: how many expressions it left uncompiled and not known to compile. */
    private static final ThreadLocal<int[]> LATER = new ThreadLocal<>();

    /** What {@link #compilingLater} gave: the work's value and how many expressions were neither compiled nor known to. */
    public record Later<T>(T value, int unchecked) {
    }

    /**
     * Runs {@code work} (reading a course) on this thread with every CEL expression compiled on its first evaluation
     * instead of now, so that the read starts nothing of CEL (its compiler is the costliest part of a first read). A wrong
     * expression is then not reported by the read: a caller with {@code unchecked > 0} reads again without this to
     * report it; a check evaluating it first fails with the compiler's message. Nothing is remembered as compiling.
     */
    public static <T> Later<T> compilingLater(java.util.function.Supplier<T> work) {
        int[] previous = LATER.get();
        int[] unchecked = new int[1];
        LATER.set(unchecked);
        try {
            T value = work.get();
            return new Later<>(value, unchecked[0]);
        } finally {
            if (previous == null) {
                LATER.remove();
            } else {
                LATER.set(previous);
            }
        }
    }

    private final String source;
    private final List<String> variables;
    /** Null until first evaluated when the expression was known to compile. */
    private volatile CelRuntime.Program program;

    private CelExpression(String source, List<String> variables, CelRuntime.Program program) {
        this.source = source;
        this.variables = List.copyOf(variables);
        this.program = program;
    }

    /**
     * Remembers the expressions that compile in {@code file} and, from then on, compiles an expression found there
     * on its first evaluation instead of in {@link #compile}: a fresh process reading a course it read before does
     * not start CEL at all unless a CEL check runs. Wrong expressions are never remembered, so they are reported
     * by {@link #compile} as before. Called once at start by the launchers' main classes.
     */
    public static synchronized void rememberCompiledIn(java.nio.file.Path file) {
        // read on the first compile, not here: a command that reads no course (`lab sandbox up`) never reads it
        knownGoodFile = file;
        knownGood = null;
    }

    private static synchronized KnownGoodExpressions knownGood() {
        if (knownGood == null && knownGoodFile != null) {
            knownGood = KnownGoodExpressions.in(knownGoodFile);
        }
        return knownGood;
    }

    /** Whether the expression is compiled (false only for one known to compile and not yet evaluated). */
    boolean compiled() {
        return program != null;
    }

    /**
     * Compiles {@code expression} with the given variable names declared as {@code dyn}.
     *
     * @throws CelCompileException with the line and column inside the expression
     */
    public static CelExpression compile(String expression, List<String> variables) throws CelCompileException {
        KnownGoodExpressions known = knownGood();
        if (known != null && known.contains(expression, variables)) {
            return new CelExpression(expression, variables, null);
        }
        int[] later = LATER.get();
        if (later != null) {
            later[0]++;
            return new CelExpression(expression, variables, null);
        }
        CelExpression compiled = new CelExpression(expression, variables, build(expression, variables));
        if (known != null) {
            known.add(expression, variables);
        }
        return compiled;
    }

    private static CelRuntime.Program build(String expression, List<String> variables) throws CelCompileException {
        CelCompilerBuilder builder = CelCompilerFactory.standardCelCompilerBuilder()
                .setOptions(Holder.OPTIONS)
                .setStandardMacros(CelStandardMacro.STANDARD_MACROS);
        for (String variable : variables) {
            builder.addVar(variable, SimpleType.DYN);
        }
        CelCompiler compiler = builder.build();
        try {
            CelAbstractSyntaxTree ast = compiler.compile(expression).getAst();
            return Holder.RUNTIME.createProgram(ast);
        } catch (dev.cel.runtime.CelEvaluationException e) {
            throw new CelCompileException(expression, List.of(new CelCompileException.Issue(1, 1,
                    "cannot build a program: " + e.getMessage())));
        } catch (CelValidationException e) {
            List<CelCompileException.Issue> issues = new ArrayList<>();
            for (CelIssue issue : e.getErrors()) {
                issues.add(new CelCompileException.Issue(issue.getSourceLocation().getLine(),
                        issue.getSourceLocation().getColumn() + 1, issue.getMessage()));
            }
            throw new CelCompileException(expression, issues);
        } catch (RuntimeException e) {
            throw new CelCompileException(expression, List.of(new CelCompileException.Issue(1, 1,
                    "cannot compile: " + e.getMessage())));
        }
    }

    public String source() {
        return source;
    }

    public List<String> variables() {
        return variables;
    }

    /** The program, compiled now if this expression was only known to compile. */
    private CelRuntime.Program program() throws CelRuntimeException {
        CelRuntime.Program p = program;
        if (p == null) {
            synchronized (this) {
                p = program;
                if (p == null) {
                    try {
                        p = build(source, variables);
                    } catch (CelCompileException e) {
                        throw new CelRuntimeException("expression does not compile: " + e.getMessage());
                    }
                    program = p;
                }
            }
        }
        return p;
    }

    /** Evaluates with {@link #DEFAULT_LIMIT}. */
    public Object evaluate(Map<String, ?> bindings) throws CelRuntimeException {
        return evaluate(bindings, DEFAULT_LIMIT);
    }

    /**
     * Evaluates with the given bindings (JSON trees are converted with {@link #toCel(JsonNode)}
     * beforehand by the caller, or passed as Jackson nodes and converted here).
     */
    public Object evaluate(Map<String, ?> bindings, Duration limit) throws CelRuntimeException {
        Map<String, Object> values = new LinkedHashMap<>();
        for (String variable : variables) {
            Object value = bindings.get(variable);
            values.put(variable, value instanceof JsonNode node ? toCel(node) : value == null ? CelValues.NULL : value);
        }
        long deadline = System.nanoTime() + limit.toNanos();
        // the listener runs after every sub-expression: it stops the evaluation itself (the thread really ends)
        // when the time is up or a value grows past its budget, instead of leaving it running in the background
        dev.cel.runtime.CelEvaluationListener guard = (expr, value) -> {
            if (Thread.currentThread().isInterrupted() || System.nanoTime() > deadline) {
                throw new Stopped("expression took longer than " + limit.toMillis() + " ms and was stopped");
            }
            if (value instanceof CharSequence text && text.length() > MAX_STRING) {
                throw new Stopped("expression built a string of more than " + MAX_STRING + " characters and was stopped");
            }
            if (value instanceof com.google.protobuf.ByteString bytes && bytes.size() > MAX_STRING) {
                throw new Stopped("expression built bytes longer than " + MAX_STRING + " and was stopped");
            }
            if (value instanceof java.util.Collection<?> c && c.size() > MAX_ELEMENTS) {
                throw new Stopped("expression built a list of more than " + MAX_ELEMENTS + " items and was stopped");
            }
            if (value instanceof Map<?, ?> m && m.size() > MAX_ELEMENTS) {
                throw new Stopped("expression built a map of more than " + MAX_ELEMENTS + " entries and was stopped");
            }
        };
        CelRuntime.Program compiledProgram = program();
        Future<Object> result = EVALUATOR.submit(() -> compiledProgram.trace(values, guard));
        try {
            return result.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            result.cancel(true);
            throw new CelRuntimeException("expression took longer than " + limit.toMillis() + " ms and was stopped");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
                if (t instanceof Stopped stopped) {
                    throw new CelRuntimeException(stopped.getMessage());
                }
            }
            if (cause instanceof CelEvaluationException cel) {
                if (cel.getErrorCode() == dev.cel.common.CelErrorCode.ITERATION_BUDGET_EXCEEDED) {
                    throw new CelRuntimeException("expression's comprehensions (all, exists, map, filter) ran more than "
                            + MAX_ITERATIONS + " iterations and it was stopped");
                }
                throw new CelRuntimeException(CelValues.readable(cel.getMessage()));
            }
            throw new CelRuntimeException(String.valueOf(cause == null ? e.getMessage() : cause.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CelRuntimeException("interrupted");
        }
    }

    /** Thrown by the evaluation guard to end an evaluation that went over a budget. */
    private static final class Stopped extends RuntimeException {
        Stopped(String message) {
            super(message, null, false, false);
        }
    }

    /** Evaluates and requires a boolean result. */
    public boolean test(Map<String, ?> bindings, Duration limit) throws CelRuntimeException {
        Object value = evaluate(bindings, limit);
        if (value instanceof Boolean b) {
            return b;
        }
        throw new CelRuntimeException("expression must return true or false, but returned " + CelValues.render(value));
    }

    /** Converts a JSON tree to the Java values CEL understands (maps, lists, long, double, string, bool, null). */
    public static Object toCel(JsonNode node) {
        return CelValues.fromJson(node);
    }
}
