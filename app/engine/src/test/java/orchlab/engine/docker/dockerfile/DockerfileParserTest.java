package orchlab.engine.docker.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DockerfileParserTest {

    @Test
    void numbersInstructionsByTheirFirstLine() {
        Dockerfile d = Dockerfile.parse("""
                # a comment
                FROM python:3.12-slim

                WORKDIR /app
                COPY . .
                """);

        assertThat(d.instructions()).extracting(Instruction::keyword, Instruction::line)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("FROM", 2), org.assertj.core.groups.Tuple.tuple("WORKDIR", 4),
                        org.assertj.core.groups.Tuple.tuple("COPY", 5));
        assertThat(d.problems()).isEmpty();
    }

    @Test
    void joinsContinuationLinesAndKeepsTheStartAndEndLine() {
        Dockerfile d = Dockerfile.parse("""
                FROM debian:12
                RUN apt-get update && \\
                    apt-get install -y curl \\
                    && rm -rf /var/lib/apt/lists/*
                USER app
                """);

        Instruction run = d.instructions().get(1);
        assertThat(run.line()).isEqualTo(2);
        assertThat(run.endLine()).isEqualTo(4);
        assertThat(run.arguments()).isEqualTo("apt-get update &&     apt-get install -y curl     && rm -rf /var/lib/apt/lists/*");
        assertThat(d.instructions().get(2).line()).isEqualTo(5);
    }

    @Test
    void dropsCommentAndBlankLinesInsideAContinuation() {
        Dockerfile d = Dockerfile.parse("""
                FROM alpine:3.20
                RUN echo one \\
                # a comment in the middle
                
                    two
                CMD ["sh"]
                """);

        assertThat(d.instructions().get(1).arguments()).isEqualTo("echo one     two");
        assertThat(d.instructions().get(2).line()).isEqualTo(6);
    }

    @Test
    void readsExecFormAsAJsonArray() {
        Dockerfile d = Dockerfile.parse("""
                FROM python:3.12-slim
                CMD ["python", "app.py"]
                ENTRYPOINT python app.py
                """);

        assertThat(d.instructions().get(1).execForm()).contains(List.of("python", "app.py"));
        assertThat(d.instructions().get(2).isExecForm()).isFalse();
        assertThat(d.instructions().get(2).arguments()).isEqualTo("python app.py");
    }

    @Test
    void treatsSingleQuotedArraysAsBrokenExecForm() {
        Instruction cmd = Dockerfile.parse("FROM scratch\nCMD ['python', 'app.py']\n").instructions().get(1);

        assertThat(cmd.isExecForm()).isFalse();
        assertThat(cmd.looksLikeBrokenExecForm()).isTrue();
    }

    @Test
    void execFormMaySpanContinuationLines() {
        Instruction cmd = Dockerfile.parse("FROM scratch\nCMD [\"python\", \\\n     \"app.py\"]\n").instructions().get(1);

        assertThat(cmd.execForm()).contains(List.of("python", "app.py"));
        assertThat(cmd.endLine()).isEqualTo(3);
    }

    @Test
    void splitsStagesWithTheirNamesAndFlags() {
        Dockerfile d = Dockerfile.parse("""
                ARG BASE=python:3.12-slim
                FROM --platform=linux/amd64 node:20-alpine AS Build
                RUN npm ci
                FROM ${BASE}
                COPY --from=build --chown=app:app /src/dist /app
                """);

        assertThat(d.globalArgs()).hasSize(1);
        assertThat(d.stages()).hasSize(2);
        Stage build = d.stages().get(0);
        assertThat(build.name()).contains("build");
        assertThat(build.base().repository()).isEqualTo("node");
        assertThat(build.base().tag()).contains("20-alpine");
        assertThat(build.from().flag("platform")).contains("linux/amd64");
        assertThat(build.instructions()).extracting(Instruction::keyword).containsExactly("RUN");
        Stage last = d.finalStage().orElseThrow();
        assertThat(last.base().hasVariable()).isTrue();
        Instruction copy = last.instructions().get(0);
        assertThat(copy.flag("from")).contains("build");
        assertThat(copy.flag("chown")).contains("app:app");
        assertThat(copy.words()).containsExactly("/src/dist", "/app");
        assertThat(d.stage("BUILD")).contains(build);
    }

    @Test
    void honoursTheEscapeDirective() {
        Dockerfile d = Dockerfile.parse("""
                # escape=`
                FROM mcr.microsoft.com/windows/nanoserver:ltsc2022
                RUN dir `
                    C:\\
                """);

        assertThat(d.directives()).containsEntry("escape", "`");
        assertThat(d.escape()).isEqualTo('`');
        assertThat(d.instructions().get(1).arguments()).isEqualTo("dir     C:\\");
        assertThat(d.problems()).isEmpty();
    }

    @Test
    void directivesAreOnlyReadAtTheTop() {
        Dockerfile d = Dockerfile.parse("""
                # syntax=docker/dockerfile:1
                FROM alpine:3.20
                # escape=`
                RUN echo hi \\
                    there
                """);

        assertThat(d.directives()).containsOnlyKeys("syntax");
        assertThat(d.instructions().get(1).arguments()).isEqualTo("echo hi     there");
    }

    @Test
    void toleratesHeredocsAndAttachesThemToTheirInstruction() {
        Dockerfile d = Dockerfile.parse("""
                # syntax=docker/dockerfile:1
                FROM alpine:3.20
                RUN <<EOF
                apk add curl
                echo done
                EOF
                COPY <<-"CONF" /etc/app.conf
                \tport=80
                \tCONF
                USER nobody
                """);

        Instruction run = d.instructions().get(1);
        assertThat(run.heredocs()).singleElement().satisfies(h -> {
            assertThat(h.delimiter()).isEqualTo("EOF");
            assertThat(h.body()).isEqualTo("apk add curl\necho done");
            assertThat(h.startLine()).isEqualTo(4);
            assertThat(h.endLine()).isEqualTo(6);
        });
        assertThat(run.endLine()).isEqualTo(6);
        Instruction copy = d.instructions().get(2);
        assertThat(copy.line()).isEqualTo(7);
        assertThat(copy.heredocs().get(0).body()).isEqualTo("port=80");
        assertThat(d.instructions().get(3).keyword()).isEqualTo("USER");
        assertThat(d.instructions().get(3).line()).isEqualTo(10);
        assertThat(d.problems()).isEmpty();
    }

    @Test
    void reportsAnUnclosedHeredocAtItsInstruction() {
        Dockerfile d = Dockerfile.parse("FROM alpine:3.20\nRUN <<EOF\necho hi\n");

        assertThat(d.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(2);
            assertThat(p.message()).contains("<<EOF");
        });
    }

    @Test
    void reportsAnUnknownInstructionWithASuggestion() {
        Dockerfile d = Dockerfile.parse("FROM alpine:3.20\nRUNN echo hi\n");

        assertThat(d.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(2);
            assertThat(p.message()).isEqualTo("unknown instruction 'RUNN'");
            assertThat(p.fix()).isEqualTo("did you mean RUN?");
        });
    }

    @Test
    void reportsInstructionsBeforeTheFirstFrom() {
        Dockerfile d = Dockerfile.parse("WORKDIR /app\nFROM alpine:3.20\n");

        assertThat(d.problems()).extracting(ParseProblem::line, ParseProblem::message)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, "WORKDIR before the first FROM"));
    }

    @Test
    void reportsAMissingFrom() {
        assertThat(Dockerfile.parse("").problems()).extracting(ParseProblem::message).containsExactly("no FROM instruction");
    }

    @Test
    void keywordsAreCaseInsensitive() {
        Dockerfile d = Dockerfile.parse("from alpine:3.20 as base\ncmd [\"sh\"]\n");

        assertThat(d.stages().get(0).name()).contains("base");
        assertThat(d.instructions().get(1).keyword()).isEqualTo("CMD");
        assertThat(d.problems()).isEmpty();
    }

    @Test
    void readsWindowsLineEndings() {
        Dockerfile d = Dockerfile.parse("FROM alpine:3.20\r\nRUN echo a \\\r\n  b\r\nUSER app\r\n");

        assertThat(d.instructions()).extracting(Instruction::line).containsExactly(1, 2, 4);
        assertThat(d.lineCount()).isEqualTo(4);
    }

    @Test
    void parsesImageReferences() {
        assertThat(ImageRef.parse("localhost:5000/team/app:1.2").tag()).contains("1.2");
        assertThat(ImageRef.parse("localhost:5000/team/app").tag()).isEmpty();
        assertThat(ImageRef.parse("localhost:5000/team/app").shortName()).isEqualTo("app");
        assertThat(ImageRef.parse("python@sha256:abc").digest()).contains("sha256:abc");
        assertThat(ImageRef.parse("python@sha256:abc").tag()).isEmpty();
    }
}
