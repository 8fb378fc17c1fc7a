package orchlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class IstioCommandTest {
    @TempDir
    Path home;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int lab(String... args) {
        CliContext context = new CliContext() {
            @Override
            public orchlab.engine.LabDirs dirs() {
                return orchlab.engine.LabDirs.under(home);
            }
        };
        CommandLine cl = LabCommand.commandLine(context);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    private static final String SERVICE = """
            apiVersion: v1
            kind: Service
            metadata: {name: my-app-service}
            spec: {selector: {app: my-app}, ports: [{name: http, port: 80}]}
            ---
            """;

    @Test
    void analyzePrintsIstioctlStyleLinesWithFileAndLineAndFailsOnErrors() throws Exception {
        Path file = home.resolve("vs.yaml");
        Files.writeString(file, SERVICE + """
                apiVersion: networking.istio.io/v1
                kind: VirtualService
                metadata: {name: my-app}
                spec:
                  hosts: [my-app-service]
                  http:
                  - route:
                    - destination: {host: my-app-svc}
                """);

        int exit = lab("istio", "analyze", "-n", "shop", file.toString());

        assertThat(exit).as(err.toString()).isEqualTo(1);
        assertThat(out.toString()).startsWith("Error [IST0101] (VirtualService shop/my-app " + file + ":13) Referenced host not found: \"my-app-svc\"")
                .contains("field: spec.http[0].route[0].destination.host");
    }

    @Test
    void analyzeOfCorrectFilesSaysSoAndSucceeds() throws Exception {
        Path file = home.resolve("ok.yaml");
        Files.writeString(file, SERVICE + """
                apiVersion: networking.istio.io/v1beta1
                kind: VirtualService
                metadata: {name: my-app}
                spec: {hosts: [my-app-service], http: [{route: [{destination: {host: my-app-service}}]}]}
                """);

        assertThat(lab("istio", "analyze", file.toString())).isZero();
        assertThat(out.toString()).contains("No validation issues found");
    }

    @Test
    void aFileThatIsNotYamlIsOneLineNamingIt() throws Exception {
        Path file = home.resolve("broken.yaml");
        Files.writeString(file, "kind: [unclosed\n");

        assertThat(lab("istio", "analyze", file.toString())).isEqualTo(2);
        assertThat(err.toString()).startsWith("lab: ").contains("broken.yaml").doesNotContain("Exception");
    }
}
