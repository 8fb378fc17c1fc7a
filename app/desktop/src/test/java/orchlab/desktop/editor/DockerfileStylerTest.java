package orchlab.desktop.editor;

import static orchlab.desktop.editor.StyleAssertions.assertStyled;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DockerfileStylerTest {
    private static final Styler DOCKERFILE = new DockerfileStyler();

    private static final String TEXT = """
            # syntax=docker/dockerfile:1
            # escape=\\
            # a comment
            ARG PYTHON=3.12
            FROM python:${PYTHON}-slim AS build
            workdir /app
            COPY --chown=app:app requirements.txt .
            RUN pip install --no-cache-dir -r requirements.txt \\
                && echo "built $PYTHON" \\
            # a comment between continuation lines
                && run_tests
            ENV PATH=$HOME/bin:$PATH
            ONBUILD RUN make
            RUN <<EOF
            FROM inside heredoc stays plain
            EOF
            CMD ["python", "app.py"]
            ENTRYPOINT python app.py
            """;

    static Stream<Arguments> tokens() {
        return Stream.of(
                Arguments.of(TEXT, "# syntax=docker/dockerfile:1", 1, Tokens.DIRECTIVE),
                Arguments.of(TEXT, "# escape=\\", 1, Tokens.DIRECTIVE),
                Arguments.of(TEXT, "# a comment", 1, Tokens.COMMENT),
                Arguments.of(TEXT, "ARG", 1, Tokens.KEYWORD),
                Arguments.of(TEXT, "FROM", 1, Tokens.KEYWORD),
                Arguments.of(TEXT, "${PYTHON}", 1, Tokens.VARIABLE),
                Arguments.of(TEXT, "workdir", 1, Tokens.KEYWORD),
                Arguments.of(TEXT, "--chown=app:app", 1, Tokens.FLAG),
                Arguments.of(TEXT, "requirements.txt", 1, ""),
                Arguments.of(TEXT, "RUN", 1, Tokens.KEYWORD),
                Arguments.of(TEXT, "--no-cache-dir", 1, Tokens.FLAG),
                Arguments.of(TEXT, "\\", 2, Tokens.OPERATOR),
                Arguments.of(TEXT, "&&", 1, Tokens.OPERATOR),
                Arguments.of(TEXT, "\"built ", 1, Tokens.STRING),
                Arguments.of(TEXT, "$PYTHON", 1, Tokens.VARIABLE),
                Arguments.of(TEXT, "# a comment between continuation lines", 1, Tokens.COMMENT),
                Arguments.of(TEXT, "run_tests", 1, ""),
                Arguments.of(TEXT, "ENV", 1, Tokens.KEYWORD),
                Arguments.of(TEXT, "$HOME", 1, Tokens.VARIABLE),
                Arguments.of(TEXT, "ONBUILD", 1, Tokens.KEYWORD),
                Arguments.of(TEXT, "RUN", 2, Tokens.KEYWORD),
                Arguments.of(TEXT, "<<EOF", 1, Tokens.OPERATOR),
                Arguments.of(TEXT, "FROM inside heredoc stays plain", 1, ""),
                Arguments.of(TEXT, "EOF", 2, Tokens.OPERATOR),
                Arguments.of(TEXT, "CMD", 1, Tokens.KEYWORD),
                Arguments.of(TEXT, "[", 1, Tokens.PUNCTUATION),
                Arguments.of(TEXT, "\"python\"", 1, Tokens.STRING),
                Arguments.of(TEXT, ",", 1, Tokens.PUNCTUATION),
                Arguments.of(TEXT, "]", 1, Tokens.PUNCTUATION),
                Arguments.of(TEXT, "ENTRYPOINT", 1, Tokens.KEYWORD),
                Arguments.of(TEXT, "python app.py", 1, ""),
                Arguments.of("from alpine:3.20\n", "from", 1, Tokens.KEYWORD),
                Arguments.of("FROM alpine\nRUN echo a \\\n  RUN not-an-instruction\n", "RUN", 2, ""),
                Arguments.of("FROM alpine\nRUN echo a \\\n  RUN b\nCMD [\"a\"]\n", "CMD", 1, Tokens.KEYWORD),
                Arguments.of("FROM alpine\nBOGUS x\n", "BOGUS", 1, ""),
                Arguments.of("FROM alpine\n# syntax=late\n", "# syntax=late", 1, Tokens.COMMENT),
                Arguments.of("# escape=`\nFROM windows\nRUN dir `\n  /w\nCMD x\n", "`", 2, Tokens.OPERATOR),
                Arguments.of("# escape=`\nFROM windows\nRUN dir `\n  /w\nCMD x\n", "CMD", 1, Tokens.KEYWORD),
                Arguments.of("FROM a\nCOPY <<-\"END\" /x\n\tEND not yet\n\tEND\nUSER app\n", "END not yet", 1, ""),
                Arguments.of("FROM a\nCOPY <<-\"END\" /x\n\tEND not yet\n\tEND\nUSER app\n", "USER", 1, Tokens.KEYWORD),
                Arguments.of("FROM a\nRUN echo 'single $NOT' | tee x > y\n", "'single $NOT'", 1, Tokens.STRING),
                Arguments.of("FROM a\nRUN echo 'single $NOT' | tee x > y\n", "|", 1, Tokens.OPERATOR),
                Arguments.of("FROM a\nRUN echo 'single $NOT' | tee x > y\n", ">", 1, Tokens.OPERATOR));
    }

    @ParameterizedTest(name = "[{index}] ''{1}'' #{2} is {3}")
    @MethodSource("tokens")
    void stylesTokens(String text, String token, int occurrence, String style) {
        assertStyled(DOCKERFILE, text, token, occurrence, style);
    }

    @Test
    void spansAlwaysCoverTheWholeRandomText() {
        StyleAssertions.assertWellFormedOnRandomText(DOCKERFILE, 7L);
    }
}
