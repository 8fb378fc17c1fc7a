package orchlab.desktop.editor;

import static orchlab.desktop.editor.StyleAssertions.assertStyled;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.stream.Stream;
import orchlab.testkit.Repo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Helm chart templates: the YAML styled as YAML, each {@code {{ ... }}} action in its own colours. */
class HelmTemplateStylerTest {
    private static final Styler HELM = Stylers.HELM_TEMPLATE;

    /** The course's chart (exercise helm-values): values, a quoted pair of actions, with/end, trim markers, a pipeline. */
    private static final String COURSE_TEMPLATE = read("exercises/helm-values/solution/my-app-chart/templates/deployment.yaml");

    private static final String HELPERS = """
            {{/* The chart's full name: release and chart */}}
            {{- define "web.fullname" -}}
            {{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" }}
            {{- end }}
            {{- $name := default .Chart.Name .Values.nameOverride -}}
            {{- range $i, $port := .Values.ports }}
            - port: {{ $port }}   # port {{ $i }}
            {{- end }}
            """;

    private static String read(String path) {
        try {
            return Files.readString(Repo.root().resolve(path));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Stream<Arguments> tokens() {
        return Stream.of(
                // the YAML around the actions is styled as YAML
                Arguments.of(COURSE_TEMPLATE, "apiVersion", 1, Tokens.KEY),
                Arguments.of(COURSE_TEMPLATE, "apps/v1", 1, Tokens.VALUE),
                Arguments.of(COURSE_TEMPLATE, "replicas", 1, Tokens.KEY),
                Arguments.of(COURSE_TEMPLATE, "resources", 2, Tokens.KEY),
                Arguments.of(COURSE_TEMPLATE, "\"", 1, Tokens.STRING),
                // the actions in their own colours
                Arguments.of(COURSE_TEMPLATE, "{{", 1, Tokens.TEMPLATE_DELIM),
                Arguments.of(COURSE_TEMPLATE, "}}", 1, Tokens.TEMPLATE_DELIM),
                Arguments.of(COURSE_TEMPLATE, ".Values.app.name", 1, Tokens.TEMPLATE_FIELD),
                Arguments.of(COURSE_TEMPLATE, ".Values.app.tag", 1, Tokens.TEMPLATE_FIELD),
                Arguments.of(COURSE_TEMPLATE, "with", 1, Tokens.TEMPLATE_KEYWORD),
                Arguments.of(COURSE_TEMPLATE, "end", 1, Tokens.TEMPLATE_KEYWORD),
                Arguments.of(COURSE_TEMPLATE, "toYaml", 1, Tokens.TEMPLATE_FUNCTION),
                Arguments.of(COURSE_TEMPLATE, "nindent", 1, Tokens.TEMPLATE_FUNCTION),
                Arguments.of(COURSE_TEMPLATE, "|", 1, Tokens.TEMPLATE_OPERATOR),
                Arguments.of(COURSE_TEMPLATE, "12", 1, Tokens.TEMPLATE_NUMBER),
                Arguments.of(COURSE_TEMPLATE, "-", 2, Tokens.TEMPLATE_TRIM), // {{- with
                // a helpers file: comments, define, variables, strings, assignment
                Arguments.of(HELPERS, "{{/* The chart's full name: release and chart */}}", 1, Tokens.TEMPLATE_COMMENT),
                Arguments.of(HELPERS, "define", 1, Tokens.TEMPLATE_KEYWORD),
                Arguments.of(HELPERS, "\"web.fullname\"", 1, Tokens.TEMPLATE_STRING),
                Arguments.of(HELPERS, "printf", 1, Tokens.TEMPLATE_FUNCTION),
                Arguments.of(HELPERS, "$name", 1, Tokens.TEMPLATE_VARIABLE),
                Arguments.of(HELPERS, ":=", 1, Tokens.TEMPLATE_OPERATOR),
                Arguments.of(HELPERS, "range", 1, Tokens.TEMPLATE_KEYWORD),
                Arguments.of(HELPERS, "$port", 2, Tokens.TEMPLATE_VARIABLE),
                Arguments.of(HELPERS, "port", 3, Tokens.KEY), // "- port:" is YAML
                Arguments.of(HELPERS, "# port", 1, Tokens.COMMENT));
    }

    @ParameterizedTest(name = "[{index}] ''{2}''. ''{1}'' is {3}")
    @MethodSource("tokens")
    void stylesEachToken(String text, String token, int occurrence, String expected) {
        assertStyled(HELM, text, token, occurrence, expected);
    }

    @Test
    void aRightTrimMarkerIsStyledApartFromItsBraces() {
        int trim = HELPERS.indexOf("-}}");
        var spans = HELM.style(HELPERS);
        assertThat(StyleAssertions.styleAt(spans, trim)).containsExactly(Tokens.TEMPLATE_TRIM);
        assertThat(StyleAssertions.styleAt(spans, trim + 1)).containsExactly(Tokens.TEMPLATE_DELIM);
        assertThat(StyleAssertions.styleAt(spans, trim + 2)).containsExactly(Tokens.TEMPLATE_DELIM);
    }

    @Test
    void theColonBetweenTwoActionsInAQuotedValueStaysPartOfTheYamlString() {
        int colon = COURSE_TEMPLATE.indexOf("}}:{{") + 2;
        assertThat(StyleAssertions.styleAt(HELM.style(COURSE_TEMPLATE), colon)).containsExactly(Tokens.STRING);
    }

    @Test
    void anActionNotClosedYetRunsToTheEndOfItsLineAndTheNextLineIsYamlAgain() {
        String text = "replicas: {{ .Values.app.replicas\nkind: Deployment\n";

        assertStyled(HELM, text, ".Values.app.replicas", 1, Tokens.TEMPLATE_FIELD);
        assertStyled(HELM, text, "kind", 1, Tokens.KEY);
    }

    @Test
    void anActionMissingItsBraceDoesNotSwallowTheLinesUpToTheNextAction() {
        String text = "spec:\n  replicas: {{ .Values.app.replicas }\n  selector:\n    app: {{ .Values.app.name }}\n";

        assertStyled(HELM, text, "selector", 1, Tokens.KEY);
        assertStyled(HELM, text, "{{", 2, Tokens.TEMPLATE_DELIM);
        assertStyled(HELM, text, ".Values.app.name", 1, Tokens.TEMPLATE_FIELD);
    }

    @Test
    void anActionMaySpanLinesAsGoAllows() {
        String text = "labels:\n  {{- include \"web.labels\"\n      . | nindent 2 }}\nkind: x\n";

        assertStyled(HELM, text, "nindent", 1, Tokens.TEMPLATE_FUNCTION);
        assertStyled(HELM, text, "kind", 1, Tokens.KEY);
    }

    @Test
    void chartTemplatesGetTheTemplateStylerAndOtherYamlKeepsTheYamlStyler() {
        assertThat(Stylers.forFileName("my-app-chart/templates/deployment.yaml")).isSameAs(Stylers.HELM_TEMPLATE);
        assertThat(Stylers.forFileName("my-app-chart/templates/_helpers.tpl")).isSameAs(Stylers.HELM_TEMPLATE);
        assertThat(Stylers.forFileName("my-app-chart/templates/NOTES.txt")).isSameAs(Stylers.HELM_TEMPLATE);
        assertThat(Stylers.forFileName("my-app-chart\\templates\\service.yml")).isSameAs(Stylers.HELM_TEMPLATE);
        assertThat(Stylers.forFileName("my-app-chart/values.yaml")).isSameAs(Stylers.YAML);
        assertThat(Stylers.forFileName("deployment.yaml")).isSameAs(Stylers.YAML);
    }

    @Test
    void aLessonsYamlBlockWithAnActionIsStyledAsATemplate() {
        String block = "replicas: {{ .Values.app.replicas }}\n";
        assertThat(StyleAssertions.styleAt(Stylers.forLanguage("yaml").style(block), block.indexOf(".Values")))
                .containsExactly(Tokens.TEMPLATE_FIELD);
        assertThat(StyleAssertions.styleAt(Stylers.forLanguage("yaml").style("replicas: 3\n"), 0)).containsExactly(Tokens.KEY);
    }

    @Test
    void isWellFormedOnRandomText() {
        StyleAssertions.assertWellFormedOnRandomText(HELM, 11L);
    }
}
