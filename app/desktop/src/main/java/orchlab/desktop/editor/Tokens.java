package orchlab.desktop.editor;

/**
 * Style classes of highlighted tokens and lint underlines, as used by the stylers and {@code editor.css}.
 * Each span carries at most one token class, plus one lint class where a lint mark lies.
 */
public final class Tokens {
    /** a mapping key ({@code replicas:}) */
    public static final String KEY = "tok-key";
    /** a quoted string, or the content of a YAML block scalar */
    public static final String STRING = "tok-string";
    /** a plain (unquoted) YAML scalar that is neither a number nor a literal */
    public static final String VALUE = "tok-value";
    public static final String NUMBER = "tok-number";
    /** {@code true}, {@code false}, {@code null}, {@code ~} */
    public static final String LITERAL = "tok-literal";
    public static final String COMMENT = "tok-comment";
    /** Dockerfile instructions, shell reserved words ({@code if}, {@code then}, ...) */
    public static final String KEYWORD = "tok-keyword";
    /** the command word of a shell command ({@code kubectl} in {@code kubectl get pods}) */
    public static final String COMMAND = "tok-command";
    /** {@code --from=build}, {@code -n} */
    public static final String FLAG = "tok-flag";
    /** {@code $VAR}, {@code ${VAR}} */
    public static final String VARIABLE = "tok-variable";
    /** pipes, redirections, {@code &&}, {@code ;}, line continuations, here-document markers */
    public static final String OPERATOR = "tok-operator";
    /** list dashes, {@code :}, brackets and commas of flow collections and JSON arrays */
    public static final String PUNCTUATION = "tok-punct";
    /** YAML {@code ---} and {@code ...} */
    public static final String DOCUMENT = "tok-document";
    /** YAML anchors ({@code &base}) and aliases ({@code *base}) */
    public static final String ANCHOR = "tok-anchor";
    /** YAML tags ({@code !!str}, {@code !Ref}) */
    public static final String TAG = "tok-tag";
    /** YAML block scalar indicators ({@code |}, {@code >-}) */
    public static final String BLOCK = "tok-block";
    /** YAML {@code %YAML} directives and Dockerfile parser directives ({@code # syntax=...}) */
    public static final String DIRECTIVE = "tok-directive";
    /** the {@code $ } prompt of a console transcript */
    public static final String PROMPT = "tok-prompt";
    /** output lines of a console transcript */
    public static final String OUTPUT = "tok-output";

    /** inside a Helm (Go) template action, between its tokens; every {@code tok-tpl*} class has the action's background */
    public static final String TEMPLATE = "tok-tpl";
    /** the braces of a template action: {@code {{}, {@code }}} */
    public static final String TEMPLATE_DELIM = "tok-tpl-delim";
    /** a whitespace trim marker: the {@code -} of {@code {{-} and {@code -}}} */
    public static final String TEMPLATE_TRIM = "tok-tpl-trim";
    /** {@code if}, {@code else}, {@code end}, {@code range}, {@code with}, {@code define}, {@code template}, {@code block} */
    public static final String TEMPLATE_KEYWORD = "tok-tpl-keyword";
    /** a function or a pipeline stage: {@code include}, {@code toYaml}, {@code nindent}, {@code default}, {@code quote} */
    public static final String TEMPLATE_FUNCTION = "tok-tpl-function";
    /** a field: {@code .Values.app.name}, {@code .Release.Name}, {@code .} */
    public static final String TEMPLATE_FIELD = "tok-tpl-field";
    /** a template variable: {@code $name}, {@code $} */
    public static final String TEMPLATE_VARIABLE = "tok-tpl-variable";
    /** a string in an action */
    public static final String TEMPLATE_STRING = "tok-tpl-string";
    /** a number, {@code true}, {@code false} or {@code nil} in an action */
    public static final String TEMPLATE_NUMBER = "tok-tpl-number";
    /** the pipe {@code |}, {@code :=}, {@code =}, parentheses and commas in an action */
    public static final String TEMPLATE_OPERATOR = "tok-tpl-operator";
    /** a whole comment action: {@code {{/* ... *}{@literal /}}}, {@code {{- /* ... *}{@literal /} -}}} */
    public static final String TEMPLATE_COMMENT = "tok-tpl-comment";

    /** underline of an error lint mark */
    public static final String LINT_ERROR = "lint-error";
    /** underline of a warning lint mark */
    public static final String LINT_WARNING = "lint-warning";
    /** underline of an info lint mark */
    public static final String LINT_INFO = "lint-info";

    private Tokens() {
    }
}
