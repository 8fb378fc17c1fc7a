package orchlab.sim.shell;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import orchlab.sim.api.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SimShellTest {

    private static final JsonNode POD = Json.parseYamlOrJson("""
            metadata: {name: web-7d4b9, namespace: shop, uid: u-1, labels: {app: web, tier: front}}
            spec:
              containers:
              - name: app
                image: busybox:1.36
                volumeMounts:
                - {name: config, mountPath: /etc/config}
                - {name: creds, mountPath: /etc/creds, readOnly: true}
                - {name: one, mountPath: /etc/nginx/nginx.conf, subPath: nginx.conf}
                - {name: info, mountPath: /etc/podinfo}
                - {name: cache, mountPath: /cache}
              volumes:
              - {name: config, configMap: {name: settings}}
              - {name: creds, secret: {secretName: db, items: [{key: password, path: db/password}]}}
              - {name: one, configMap: {name: nginx}}
              - name: info
                downwardAPI: {items: [{path: labels, fieldRef: {fieldPath: metadata.labels}}, {path: name, fieldRef: {fieldPath: metadata.name}}]}
              - {name: cache, emptyDir: {}}
            status: {podIP: 10.42.0.7}
            """);

    private static final Map<String, JsonNode> OBJECTS = Map.of(
            "ConfigMap/settings", Json.parseYamlOrJson("data: {mode: fast, 'app.properties': \"color=blue\\n\"}"),
            "ConfigMap/nginx", Json.parseYamlOrJson("data: {nginx.conf: 'events {}'}"),
            "Secret/db", Json.parseYamlOrJson("data: {password: " + Base64.getEncoder().encodeToString("s3cr3t".getBytes()) + ", user: YWRtaW4=}"));

    private final List<Duration> slept = new ArrayList<>();
    private final PodFilesystem fs = PodFilesystem.of(POD, POD.path("spec").path("containers").path(0),
            (kind, name) -> Optional.ofNullable(OBJECTS.get(kind + "/" + name)));
    private final Network network = new Network() {
        @Override
        public Optional<Address> lookup(String host) {
            return host.equals("api") || host.equals("api.shop.svc.cluster.local")
                    ? Optional.of(new Address("api.shop.svc.cluster.local", "10.43.0.20")) : Optional.empty();
        }

        @Override
        public Http get(String host, int port, String path) {
            if (lookup(host).isEmpty()) {
                return new UnknownHost();
            }
            if (port != 80) {
                return new Refused("10.43.0.20");
            }
            return path.equals("/") ? new Answer(200, "text/plain", "hello from api\n".getBytes(StandardCharsets.UTF_8))
                    : new Answer(404, "text/plain", "not found\n".getBytes(StandardCharsets.UTF_8));
        }
    };
    private final SimShell shell = new SimShell("web-7d4b9", Map.of("GREETING", "hi", "DB_USER", "admin"), fs, network, slept::add);

    private record Run(int code, String out, String err) {
    }

    private Run exec(String stdin, String... argv) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = shell.exec(List.of(argv), new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), out, err, false);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Run sh(String script) {
        return exec("", "sh", "-c", script);
    }

    @Test
    void envListsThePodsVariablesAndPrintenvOneOfThem() {
        assertThat(exec("", "env").out()).contains("GREETING=hi\n", "DB_USER=admin\n", "HOSTNAME=web-7d4b9\n");
        assertThat(exec("", "printenv", "GREETING").out()).isEqualTo("hi\n");
        assertThat(exec("", "printenv", "NOPE").code()).isEqualTo(1);
    }

    @Test
    void mountedConfigMapKeysAreFilesAtTheMountPath() {
        assertThat(exec("", "ls", "/etc/config").out()).isEqualTo("app.properties\nmode\n");
        assertThat(exec("", "cat", "/etc/config/mode").out()).isEqualTo("fast");
        assertThat(exec("", "cat", "/etc/nginx/nginx.conf").out()).isEqualTo("events {}");
    }

    @Test
    void secretItemsAreDecodedAtTheirPathAndOnlyTheChosenKeysExist() {
        assertThat(exec("", "cat", "/etc/creds/db/password").out()).isEqualTo("s3cr3t");
        assertThat(exec("", "ls", "/etc/creds/user").code()).isEqualTo(1);
    }

    @Test
    void downwardApiFilesHoldLabelsAndTheName() {
        assertThat(exec("", "cat", "/etc/podinfo/labels").out()).isEqualTo("app=\"web\"\ntier=\"front\"");
        assertThat(exec("", "cat", "/etc/podinfo/name").out()).isEqualTo("web-7d4b9");
    }

    @Test
    void writesToAnEmptyDirAreKeptAndConfigMountsAreReadOnly() {
        assertThat(sh("echo cached > /cache/a.txt && cat /cache/a.txt").out()).isEqualTo("cached\n");
        assertThat(exec("", "cat", "/cache/a.txt").out()).isEqualTo("cached\n");
        Run refused = sh("echo x > /etc/config/mode");
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.err()).contains("can't create /etc/config/mode: Read-only file system");
        assertThat(exec("", "cat", "/etc/config/mode").out()).isEqualTo("fast");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '#', value = {
            "exit 3 # 3",
            "false || exit 4 # 4",
            "true && false # 1",
            "echo $GREETING-$HOSTNAME # 0",
            "nosuchtool --version # 127"})
    void aScriptEndsWithTheStatusOfItsLastCommand(String script, int code) {
        assertThat(sh(script).code()).isEqualTo(code);
    }

    @Test
    void anUnknownCommandIsNotFoundWithExit127() {
        Run inShell = sh("vim /etc/hosts");
        assertThat(inShell.err()).isEqualTo("sh: vim: not found\n");
        Run direct = exec("", "python3", "-V");
        assertThat(direct.code()).isEqualTo(127);
        assertThat(direct.err()).contains("exec: \"python3\": executable file not found in $PATH");
    }

    @Test
    void variablesPipesAndRedirectionsWorkLikeAShell() {
        assertThat(sh("echo \"$GREETING from $(hostname)\"").out()).isEqualTo("hi from web-7d4b9\n");
        assertThat(sh("env | grep DB_").out()).isEqualTo("DB_USER=admin\n");
        assertThat(sh("cat /nope 2>/dev/null; echo $?").out()).isEqualTo("1\n");
        assertThat(sh("X=1; export Y=2; echo $X$Y").out()).isEqualTo("12\n");
    }

    @Test
    void anInteractiveShellReadsCommandsUntilExitAndSaysItIsSimulated() {
        Run run = exec("hostname\ncd /etc/config\nls\nexit 7\necho never\n");
        assertThat(run.code()).isEqualTo(7);
        assertThat(run.out()).isEqualTo("web-7d4b9\napp.properties\nmode\n");
        assertThat(run.err()).startsWith(SimShell.BANNER);
    }

    @Test
    void anInteractiveShellEndsWithTheLastStatusAtEndOfInput() {
        assertThat(exec("ls /nope\n", "sh").code()).isEqualTo(1);
    }

    @Test
    void aTerminalGetsThePromptEchoAndCrLf() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = shell.exec(List.of("sh"), new ByteArrayInputStream("echo hix\u007f\rexit\r".getBytes(StandardCharsets.UTF_8)),
                out, OutputStream.nullOutputStream(), true);
        assertThat(code).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith(SimShell.BANNER + "\r\n")
                .contains("web-7d4b9:/# echo hix\b \b\r\nhi\r\nweb-7d4b9:/# exit\r\n");
    }

    @Test
    void helpSaysTheShellIsSimulated() {
        assertThat(exec("", "help").out()).startsWith("This is the OrchLab simulated shell. No container really runs");
    }

    @Test
    void loopsAreRefusedInsteadOfRunningForever() {
        Run loop = sh("while true; do wget -qO- api; done");
        assertThat(loop.code()).isEqualTo(2);
        assertThat(loop.err()).contains("no while");
    }

    @Test
    void sleepWaitsTheGivenTime() {
        assertThat(sh("sleep 2; sleep 1.5; sleep 1m").code()).isZero();
        assertThat(slept).containsExactly(Duration.ofSeconds(2), Duration.ofMillis(1500), Duration.ofMinutes(1));
    }

    @Test
    void nslookupResolvesServicesAndSaysNxdomainOtherwise() {
        Run found = exec("", "nslookup", "api");
        assertThat(found.code()).isZero();
        assertThat(found.out()).contains("Name:\tapi.shop.svc.cluster.local\nAddress: 10.43.0.20\n");
        Run missing = exec("", "nslookup", "nope");
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.out()).contains("** server can't find nope: NXDOMAIN");
    }

    @Test
    void wgetAndCurlPrintTheSimulatedAnswer() {
        assertThat(exec("", "wget", "-qO-", "http://api").out()).isEqualTo("hello from api\n");
        assertThat(exec("", "curl", "-s", "api/").out()).isEqualTo("hello from api\n");
        Run notFound = exec("", "wget", "-qO-", "api/missing");
        assertThat(notFound.code()).isEqualTo(1);
        assertThat(notFound.err()).contains("server returned error: HTTP/1.1 404 Not Found");
        assertThat(exec("", "curl", "-sf", "api/missing").code()).isEqualTo(22);
        assertThat(exec("", "curl", "-s", "api/missing").out()).isEqualTo("not found\n");
    }

    @Test
    void wgetAndCurlSayWhenNothingAnswers() {
        Run unknown = exec("", "curl", "http://example.com/");
        assertThat(unknown.code()).isEqualTo(6);
        assertThat(unknown.err()).contains("Could not resolve host: example.com");
        Run refused = exec("", "wget", "-qO-", "api:8080");
        assertThat(refused.err()).contains("Connection refused");
        assertThat(exec("", "wget", "-q", "-O", "/cache/page", "api").code()).isZero();
        assertThat(exec("", "cat", "/cache/page").out()).isEqualTo("hello from api\n");
    }

    @Test
    void tarCreatesWhatItExtractsAsKubectlCpRunsIt() {
        byte[] archive = Tar.archive(List.of(new Tar.Item("notes", true, null),
                new Tar.Item("notes/" + "n".repeat(120) + ".txt", false, "long name".getBytes(StandardCharsets.UTF_8)),
                new Tar.Item("notes/today.txt", false, "buy milk\n".getBytes(StandardCharsets.UTF_8))));
        ByteArrayOutputStream ignored = new ByteArrayOutputStream();
        int extracted = shell.exec(List.of("tar", "-xmf", "-", "-C", "/cache"), new ByteArrayInputStream(archive), ignored, ignored, false);
        assertThat(extracted).isZero();
        assertThat(exec("", "cat", "/cache/notes/today.txt").out()).isEqualTo("buy milk\n");
        assertThat(exec("", "cat", "/cache/notes/" + "n".repeat(120) + ".txt").out()).isEqualTo("long name");

        ByteArrayOutputStream created = new ByteArrayOutputStream();
        assertThat(shell.exec(List.of("tar", "cf", "-", "/cache/notes"), InputStream.nullInputStream(), created,
                OutputStream.nullOutputStream(), false)).isZero();
        assertThat(readTar(created.toByteArray())).extracting(Tar.Item::name)
                .containsExactly("cache/notes/", "cache/notes/" + "n".repeat(120) + ".txt", "cache/notes/today.txt");
    }

    @Test
    void extractingIntoAReadOnlyMountFails() {
        byte[] archive = Tar.archive(List.of(new Tar.Item("x.txt", false, new byte[] {'x'})));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = shell.exec(List.of("tar", "xf", "-", "-C", "/etc/config"), new ByteArrayInputStream(archive),
                OutputStream.nullOutputStream(), err, false);
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Read-only file system");
    }

    @Test
    void testAnswersWhatKubectlCpAsks() {
        assertThat(exec("", "test", "-d", "/cache").code()).isZero();
        assertThat(exec("", "test", "-d", "/etc/config/mode").code()).isEqualTo(1);
        assertThat(sh("[ -f /etc/hosts ] && echo yes").out()).isEqualTo("yes\n");
    }

    @Test
    void theBaseFilesKnowTheHostnameAndTheNamespacesSearchPath() {
        assertThat(exec("", "cat", "/etc/hostname").out()).isEqualTo("web-7d4b9\n");
        assertThat(exec("", "cat", "/etc/resolv.conf").out()).startsWith("search shop.svc.cluster.local svc.cluster.local");
    }

    private static List<Tar.Item> readTar(byte[] bytes) {
        try {
            return Tar.read(new ByteArrayInputStream(bytes));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
