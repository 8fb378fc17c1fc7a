package orchlab.engine.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalInt;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Helm's own lint lines (captured from Helm v3.17.4) give the learner the chart file and line. */
class HelmMessageTest {

    @ParameterizedTest(name = "{0} -> {2}:{3}")
    @CsvSource(delimiter = '|', textBlock = """
            [ERROR] templates/: template: web/templates/bad.yaml:6:15: executing "web/templates/bad.yaml" at <.Values.nope.deeper>: nil pointer evaluating interface {}.deeper | ERROR | templates/bad.yaml | 6
            [ERROR] templates/: parse error at (web/templates/bad.yaml:6): unexpected "}" in operand                                                                     | ERROR | templates/bad.yaml | 6
            [ERROR] templates/bad.yaml: unable to parse YAML: error converting YAML to JSON: yaml: line 7: mapping values are not allowed in this context                | ERROR | templates/bad.yaml | 7
            [ERROR] Chart.yaml: version is required                                                                                                                          | ERROR | Chart.yaml         | 0
            [INFO] Chart.yaml: icon is recommended                                                                                                                           | INFO  | Chart.yaml         | 0
            [WARNING] templates/deployment.yaml: object name does not conform to Kubernetes naming requirements                                                              | WARNING | templates/deployment.yaml | 0
            """)
    void lintLinesNameTheirFileAndLine(String raw, HelmMessage.Severity severity, String file, int line) {
        HelmMessage message = HelmMessage.parseLint(raw);

        assertThat(message.severity()).isEqualTo(severity);
        assertThat(message.file()).isEqualTo(file);
        assertThat(message.line()).isEqualTo(line == 0 ? OptionalInt.empty() : OptionalInt.of(line));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            template: web/templates/bad.yaml:6:15: executing "web/templates/bad.yaml" at <.Values.nope.deeper>: nil pointer evaluating interface {}.deeper | templates/bad.yaml:6
            YAML parse error on web/templates/bad.yaml: error converting YAML to JSON: yaml: line 7: mapping values are not allowed in this context | templates/bad.yaml:7
            parse error at (web/templates/_helpers.tpl:3): unexpected EOF | templates/_helpers.tpl:3
            """)
    void errorsOfTemplateAndInstallCarryTheirLocation(String helmError, String where) {
        HelmException e = new HelmException(helmError + "\n\nUse --debug flag to render out invalid YAML");

        assertThat(e.problem()).map(HelmMessage::where).contains(where);
        assertThat(e.getMessage()).doesNotContain("--debug").startsWith(helmError.substring(0, 20));
    }

    @org.junit.jupiter.api.Test
    void anErrorWithoutAFileHasNoLocation() {
        assertThat(new HelmException("Kubernetes cluster unreachable: connection refused").problem()).isEmpty();
    }
}
