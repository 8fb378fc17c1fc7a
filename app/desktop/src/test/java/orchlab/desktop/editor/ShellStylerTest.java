package orchlab.desktop.editor;

import static orchlab.desktop.editor.StyleAssertions.assertStyled;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ShellStylerTest {
    private static final Styler SHELL = new ShellStyler();
    private static final Styler CONSOLE = ShellStyler.console();

    private static final String SCRIPT = """
            # deploy the app
            kubectl apply -f deploy.yaml --namespace=lab
            kubectl get pods -o wide | grep web && echo "ready: $NAME ${COUNT}" || exit 1
            NAME=web docker run --rm -p 8080:80 "$IMAGE" 2>&1 > out.log
            for f in *.yaml; do kubectl apply -f "$f"; done
            sudo systemctl restart docker
            echo $(date) 'no $var here' \\
              --continued
            """;

    static Stream<Arguments> script() {
        return Stream.of(
                Arguments.of("# deploy the app", 1, Tokens.COMMENT),
                Arguments.of("kubectl", 1, Tokens.COMMAND),
                Arguments.of("apply", 1, ""),
                Arguments.of("-f", 1, Tokens.FLAG),
                Arguments.of("--namespace", 1, Tokens.FLAG),
                Arguments.of("|", 1, Tokens.OPERATOR),
                Arguments.of("grep", 1, Tokens.COMMAND),
                Arguments.of("&&", 1, Tokens.OPERATOR),
                Arguments.of("echo", 1, Tokens.COMMAND),
                Arguments.of("\"ready: ", 1, Tokens.STRING),
                Arguments.of("$NAME", 1, Tokens.VARIABLE),
                Arguments.of("${COUNT}", 1, Tokens.VARIABLE),
                Arguments.of("||", 1, Tokens.OPERATOR),
                Arguments.of("exit", 1, Tokens.COMMAND),
                Arguments.of("NAME", 2, Tokens.VARIABLE),
                Arguments.of("docker", 1, Tokens.COMMAND),
                Arguments.of("--rm", 1, Tokens.FLAG),
                Arguments.of("\"", 3, Tokens.STRING),
                Arguments.of("$IMAGE", 1, Tokens.VARIABLE),
                Arguments.of("2>&1", 1, Tokens.OPERATOR),
                Arguments.of(">", 2, Tokens.OPERATOR),
                Arguments.of("for", 1, Tokens.KEYWORD),
                Arguments.of(" f ", 1, ""),
                Arguments.of("in", 1, Tokens.KEYWORD),
                Arguments.of(";", 1, Tokens.OPERATOR),
                Arguments.of("do", 2, Tokens.KEYWORD),
                Arguments.of("done", 1, Tokens.KEYWORD),
                Arguments.of("sudo", 1, Tokens.COMMAND),
                Arguments.of("systemctl", 1, Tokens.COMMAND),
                Arguments.of("$(", 1, Tokens.OPERATOR),
                Arguments.of("date", 1, Tokens.COMMAND),
                Arguments.of("'no $var here'", 1, Tokens.STRING),
                Arguments.of("\\", 1, Tokens.OPERATOR),
                Arguments.of("--continued", 1, Tokens.FLAG));
    }

    @ParameterizedTest(name = "[{index}] ''{0}'' #{1} is {2}")
    @MethodSource("script")
    void stylesScriptTokens(String token, int occurrence, String style) {
        assertStyled(SHELL, SCRIPT, token, occurrence, style);
    }

    private static final String TRANSCRIPT = """
            $ kubectl get pods
            NAME    READY   STATUS
            web-1   1/1     Running
            student@lab:~$ docker ps \\
              --all
            """;

    static Stream<Arguments> transcript() {
        return Stream.of(
                Arguments.of("$ ", 1, Tokens.PROMPT),
                Arguments.of("kubectl", 1, Tokens.COMMAND),
                Arguments.of("NAME    READY   STATUS", 1, Tokens.OUTPUT),
                Arguments.of("web-1   1/1     Running", 1, Tokens.OUTPUT),
                Arguments.of("student@lab:~$ ", 1, Tokens.PROMPT),
                Arguments.of("docker", 1, Tokens.COMMAND),
                Arguments.of("--all", 1, Tokens.FLAG));
    }

    @ParameterizedTest(name = "[{index}] ''{0}'' #{1} is {2}")
    @MethodSource("transcript")
    void stylesConsoleTranscripts(String token, int occurrence, String style) {
        assertStyled(CONSOLE, TRANSCRIPT, token, occurrence, style);
    }

    @Test
    void continuesAStringOnTheNextLine() {
        assertStyled(SHELL, "echo \"one\ntwo\" three\n", "two\"", 1, Tokens.STRING);
    }

    @Test
    void spansAlwaysCoverTheWholeRandomText() {
        StyleAssertions.assertWellFormedOnRandomText(SHELL, 11L);
    }

    @Test
    void consoleSpansAlwaysCoverTheWholeRandomText() {
        StyleAssertions.assertWellFormedOnRandomText(CONSOLE, 13L);
    }
}
