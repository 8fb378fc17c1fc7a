package orchlab.desktop.lesson;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class CodeBlocksTest {

    static Stream<Arguments> runnable() {
        return Stream.of(
                Arguments.of("bash", "kubectl apply -f deployment.yaml", true),
                Arguments.of("sh", "make build", true),
                Arguments.of("shell", "docker ps", true),
                Arguments.of("console", "$ kubectl get pods\nNAME   READY\nweb-1  1/1", true),
                Arguments.of("zsh", "helm list", true),
                Arguments.of("BASH", "kubectl get pods", true),
                Arguments.of("bash title=\"apply\"", "kubectl get pods", true),
                Arguments.of("{.bash}", "kubectl get pods", true),
                Arguments.of("bash", "# only a comment\n\n", false),
                Arguments.of("bash", "", false),
                Arguments.of("yaml", "kubectl: apply", false),
                Arguments.of("dockerfile", "FROM python:3.12-slim\nRUN pip install flask", false),
                Arguments.of("json", "{\"kind\": \"Pod\"}", false),
                Arguments.of("", "docker build -t orchlab/hello-py:1.0 .\ndocker run -d -p 8080:8000 x\ncurl http://localhost:8080/", true),
                Arguments.of("", "$ kubectl get pods\n$ istioctl analyze", true),
                Arguments.of("", "$ kubectl get pods\nNAME   READY\nweb-1  1/1", true),
                Arguments.of("", "# build it\nhelm install web ./chart", true),
                Arguments.of("", "kubectl get pods\nrm -rf /", false),
                Arguments.of("", "apiVersion: apps/v1\nkind: Deployment", false),
                Arguments.of("", "FROM scratch", false),
                Arguments.of("", "echo hello\ncat file.txt\nls -l", true),
                Arguments.of(null, "kubectl get nodes", true),
                Arguments.of("", "   \n", false));
    }

    @ParameterizedTest(name = "[{index}] {0}: {1} -> {2}")
    @MethodSource("runnable")
    void decidesWhichBlocksCanRunInTheTerminal(String language, String code, boolean expected) {
        assertThat(CodeBlocks.isRunnable(language, code)).isEqualTo(expected);
    }

    static Stream<Arguments> commands() {
        return Stream.of(
                Arguments.of("bash", "kubectl apply -f deployment.yaml\nkubectl get deployments\n",
                        List.of("kubectl apply -f deployment.yaml", "kubectl get deployments")),
                Arguments.of("bash", "$ kubectl get pods\n$ kubectl get svc",
                        List.of("kubectl get pods", "kubectl get svc")),
                Arguments.of("bash", "# first apply\nkubectl apply -f web.yaml\n\n# then watch\nkubectl get pods -w",
                        List.of("kubectl apply -f web.yaml", "kubectl get pods -w")),
                Arguments.of("bash", "kubectl rollout undo deployment/web     # changed your mind? go back",
                        List.of("kubectl rollout undo deployment/web")),
                Arguments.of("bash", "echo \"a # not a comment\" 'b # neither'",
                        List.of("echo \"a # not a comment\" 'b # neither'")),
                Arguments.of("bash", "echo ${#name} tag#1", List.of("echo ${#name} tag#1")),
                Arguments.of("console", "$ kubectl get pods\nNAME    READY   STATUS\nweb-1   1/1     Running\n$ kubectl get svc",
                        List.of("kubectl get pods", "kubectl get svc")),
                Arguments.of("bash", "kubectl run web \\\n  --image=nginx:1.27 \\\n  --port=80",
                        List.of("kubectl run web --image=nginx:1.27 --port=80")),
                Arguments.of("console", "$ kubectl run web \\\n>   --image=nginx:1.27\npod/web created",
                        List.of("kubectl run web --image=nginx:1.27")),
                Arguments.of("bash", "cat <<EOF | kubectl apply -f -\napiVersion: v1\nkind: Namespace\n# a YAML comment\nmetadata:\n  name: lab\nEOF\nkubectl get ns lab",
                        List.of("cat <<EOF | kubectl apply -f -\napiVersion: v1\nkind: Namespace\n# a YAML comment\nmetadata:\n  name: lab\nEOF",
                                "kubectl get ns lab")),
                Arguments.of("bash", "cat <<'END' > f.txt\n$ not a prompt\nEND",
                        List.of("cat <<'END' > f.txt\n$ not a prompt\nEND")),
                Arguments.of("bash", "cat <<< \"here string\"\necho done",
                        List.of("cat <<< \"here string\"", "echo done")),
                Arguments.of("bash", "  kubectl get pods  \r\n\tkubectl get svc\r\n",
                        List.of("kubectl get pods", "kubectl get svc")),
                Arguments.of("yaml", "kind: Pod", List.of()),
                Arguments.of("", "kubectl get pods\nsomething else", List.of()));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("commands")
    void extractsTheCommandLines(String language, String code, List<String> expected) {
        assertThat(CodeBlocks.commandsOf(language, code)).containsExactlyElementsOf(expected);
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" -> \"{1}\"")
    @CsvSource(delimiter = '|', emptyValue = "", value = {
            "bash|bash",
            "  Bash  |bash",
            "yaml title=deploy.yaml|yaml",
            "{.shell}|shell",
            "|"})
    void readsTheLanguageFromTheInfoString(String info, String expected) {
        assertThat(CodeBlocks.language(info)).isEqualTo(expected == null ? "" : expected);
    }

    @Test
    void languageOfNoInfoStringIsEmpty() {
        assertThat(CodeBlocks.language(null)).isEmpty();
    }

    @Test
    void runInTerminalSendsPrintableTextOnlyNoEscapeSequencesControlKeysOrHiddenCharacters() {
        String hostile = "kubectl get pods\u001b[2J\u001b]0;owned\u0007\u0003\u0004\u009b31m\u202e\u200b\tx\u007f\nrm -rf ~\u0008\u0008\u0008\u0008\u0008 ls";

        assertThat(CodeBlocks.commandsOf("bash", hostile)).containsExactly("kubectl get pods[2J]0;owned31m x", "rm -rf ~ ls");
    }
}
