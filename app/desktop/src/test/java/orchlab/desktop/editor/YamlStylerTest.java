package orchlab.desktop.editor;

import static orchlab.desktop.editor.StyleAssertions.assertStyled;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class YamlStylerTest {
    private static final Styler YAML = new YamlStyler();

    private static final String DEPLOYMENT = """
            # a web server
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
              labels: {app: web, tier: "front"}
            spec:
              replicas: 3
              paused: false
              progressDeadlineSeconds: 1.5e2
              template:
                spec:
                  containers:
                    - name: web   # the only one
                      image: 'nginx:1.27'
                      args: [--port, "8080"]
                      command: ~
            """;

    static Stream<Arguments> tokens() {
        return Stream.of(
                Arguments.of(DEPLOYMENT, "# a web server", 1, Tokens.COMMENT),
                Arguments.of(DEPLOYMENT, "apiVersion", 1, Tokens.KEY),
                Arguments.of(DEPLOYMENT, ":", 1, Tokens.PUNCTUATION),
                Arguments.of(DEPLOYMENT, "apps/v1", 1, Tokens.VALUE),
                Arguments.of(DEPLOYMENT, "Deployment", 1, Tokens.VALUE),
                Arguments.of(DEPLOYMENT, "replicas", 1, Tokens.KEY),
                Arguments.of(DEPLOYMENT, "3", 1, Tokens.NUMBER),
                Arguments.of(DEPLOYMENT, "false", 1, Tokens.LITERAL),
                Arguments.of(DEPLOYMENT, "1.5e2", 1, Tokens.NUMBER),
                Arguments.of(DEPLOYMENT, "-", 1, Tokens.PUNCTUATION),
                Arguments.of(DEPLOYMENT, "name", 2, Tokens.KEY),
                Arguments.of(DEPLOYMENT, "# the only one", 1, Tokens.COMMENT),
                Arguments.of(DEPLOYMENT, "'nginx:1.27'", 1, Tokens.STRING),
                Arguments.of(DEPLOYMENT, "{", 1, Tokens.PUNCTUATION),
                Arguments.of(DEPLOYMENT, "app", 2, Tokens.KEY),
                Arguments.of(DEPLOYMENT, "tier", 1, Tokens.KEY),
                Arguments.of(DEPLOYMENT, "\"front\"", 1, Tokens.STRING),
                Arguments.of(DEPLOYMENT, "--port", 1, Tokens.VALUE),
                Arguments.of(DEPLOYMENT, "\"8080\"", 1, Tokens.STRING),
                Arguments.of(DEPLOYMENT, "~", 1, Tokens.LITERAL),
                Arguments.of(DEPLOYMENT, "  ", 1, ""),
                Arguments.of("a: \"say \\\"hi\\\"\" # c\n", "\"say \\\"hi\\\"\"", 1, Tokens.STRING),
                Arguments.of("a: 'it''s'\n", "'it''s'", 1, Tokens.STRING),
                Arguments.of("\"quoted key\": 1\n", "\"quoted key\"", 1, Tokens.KEY),
                Arguments.of("image: nginx:1.27\n", "nginx:1.27", 1, Tokens.VALUE),
                Arguments.of("url: http://example.com/a#b\n", "http://example.com/a#b", 1, Tokens.VALUE),
                Arguments.of("enabled: yes\n", "yes", 1, Tokens.LITERAL),
                Arguments.of("x: null\n", "null", 1, Tokens.LITERAL),
                Arguments.of("port: 0x1F\n", "0x1F", 1, Tokens.NUMBER),
                Arguments.of("v: -12\n", "-12", 1, Tokens.NUMBER),
                Arguments.of("v: .inf\n", ".inf", 1, Tokens.NUMBER),
                Arguments.of("---\na: 1\n...\n", "---", 1, Tokens.DOCUMENT),
                Arguments.of("---\na: 1\n...\n", "...", 1, Tokens.DOCUMENT),
                Arguments.of("%YAML 1.2\n---\n", "%YAML 1.2", 1, Tokens.DIRECTIVE),
                Arguments.of("base: &defaults\n  a: 1\nweb:\n  <<: *defaults\n", "&defaults", 1, Tokens.ANCHOR),
                Arguments.of("base: &defaults\n  a: 1\nweb:\n  <<: *defaults\n", "*defaults", 1, Tokens.ANCHOR),
                Arguments.of("base: &defaults\n  a: 1\nweb:\n  <<: *defaults\n", "<<", 1, Tokens.KEY),
                Arguments.of("v: !!str 42\n", "!!str", 1, Tokens.TAG),
                Arguments.of("v: !!str 42\n", "42", 1, Tokens.NUMBER),
                Arguments.of("- - a\n  - b\n", "-", 2, Tokens.PUNCTUATION),
                Arguments.of("? complex\n: value\n", "?", 1, Tokens.PUNCTUATION),
                Arguments.of("{\"a\": [1, true], \"b\":\"c\"}", "\"a\"", 1, Tokens.KEY),
                Arguments.of("{\"a\": [1, true], \"b\":\"c\"}", "\"b\"", 1, Tokens.KEY),
                Arguments.of("{\"a\": [1, true], \"b\":\"c\"}", "\"c\"", 1, Tokens.STRING),
                Arguments.of("{\"a\": [1, true], \"b\":\"c\"}", "true", 1, Tokens.LITERAL),
                Arguments.of("{\"a\": [1, true], \"b\":\"c\"}", "1", 1, Tokens.NUMBER),
                Arguments.of("ports: [\n  80,\n  443\n]\nnext: 1\n", "443", 1, Tokens.NUMBER),
                Arguments.of("ports: [\n  80,\n  443\n]\nnext: 1\n", "next", 1, Tokens.KEY),
                Arguments.of("msg: \"first line\n  second line\"\nafter: 1\n", "second line\"", 1, Tokens.STRING),
                Arguments.of("msg: \"first line\n  second line\"\nafter: 1\n", "after", 1, Tokens.KEY));
    }

    @ParameterizedTest(name = "[{index}] ''{1}'' is {3}")
    @MethodSource("tokens")
    void stylesTokens(String text, String token, int occurrence, String style) {
        assertStyled(YAML, text, token, occurrence, style);
    }

    private static final String BLOCKS = """
            data:
              script: |-
                echo "not a string token"
                key: not a key
                # not a comment

                last line
              folded: >
                folded text
            after: 1
            steps:
              - |
                in a list item
              - run: |
                  nested
            """;

    static Stream<Arguments> blockScalars() {
        return Stream.of(
                Arguments.of("|-", 1, Tokens.BLOCK),
                Arguments.of("echo \"not a string token\"", 1, Tokens.STRING),
                Arguments.of("key: not a key", 1, Tokens.STRING),
                Arguments.of("# not a comment", 1, Tokens.STRING),
                Arguments.of("last line", 1, Tokens.STRING),
                Arguments.of(">", 1, Tokens.BLOCK),
                Arguments.of("folded", 1, Tokens.KEY),
                Arguments.of("folded text", 1, Tokens.STRING),
                Arguments.of("after", 1, Tokens.KEY),
                Arguments.of("1", 1, Tokens.NUMBER),
                Arguments.of("in a list item", 1, Tokens.STRING),
                Arguments.of("run", 1, Tokens.KEY),
                Arguments.of("nested", 1, Tokens.STRING));
    }

    @ParameterizedTest(name = "[{index}] ''{0}'' is {2}")
    @MethodSource("blockScalars")
    void stylesBlockScalarIndicatorsAndTheirContent(String token, int occurrence, String style) {
        assertStyled(YAML, BLOCKS, token, occurrence, style);
    }

    @Test
    void stylesAMisspeltKeyAsAKey() {
        assertStyled(YAML, "spec:\n  replica: 3\n", "replica", 1, Tokens.KEY);
    }

    @Test
    void stylesHalfTypedYamlWithoutThrowing() {
        assertStyled(YAML, "spec:\n  containers:\n    - name: \"web\n", "\"web", 1, Tokens.STRING);
    }

    @Test
    void coversEmptyText() {
        assertThat(YAML.style("").length()).isZero();
    }

    @Test
    void spansAlwaysCoverTheWholeRandomText() {
        StyleAssertions.assertWellFormedOnRandomText(YAML, 42L);
    }
}
