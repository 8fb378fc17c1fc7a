package orchlab.engine.docker.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One table per rule: a Dockerfile, and the lines the rule must report (none = passes).
 * Dockerfiles are written with '|' for new lines so each case stays on one line of the table.
 */
class DockerfileRulesTest {

    private static List<Integer> linesOf(String rule, String dockerfile) {
        return DockerfileRules.check(Dockerfile.parse(dockerfile.replace("|", "\n")), List.of(rule))
                .stream().map(RuleViolation::line).toList();
    }

    static Stream<Arguments> untaggedBaseImage() {
        return Stream.of(
                Arguments.of("FROM python|CMD [\"python\"]", List.of(1)),
                Arguments.of("# base|FROM registry.example.com:5000/team/app|USER app", List.of(2)),
                Arguments.of("FROM python:3.12-slim", List.of()),
                Arguments.of("FROM python@sha256:0123abcd", List.of()),
                Arguments.of("FROM scratch", List.of()),
                Arguments.of("ARG BASE=python:3.12|FROM ${BASE}", List.of()),
                Arguments.of("FROM golang:1.22 AS build|FROM build", List.of()),
                Arguments.of("FROM golang AS build|FROM alpine:3.20", List.of(1)));
    }

    @ParameterizedTest(name = "DL3006 {0} -> {1}")
    @MethodSource
    void untaggedBaseImage(String dockerfile, List<Integer> lines) {
        assertThat(linesOf("DL3006", dockerfile)).isEqualTo(lines);
    }

    static Stream<Arguments> latestTag() {
        return Stream.of(
                Arguments.of("FROM python:latest", List.of(1)),
                Arguments.of("FROM node:20 AS build|FROM nginx:latest", List.of(2)),
                Arguments.of("FROM python:3.12-slim", List.of()),
                Arguments.of("FROM python", List.of()),
                Arguments.of("FROM python:latest@sha256:0123abcd", List.of()));
    }

    @ParameterizedTest(name = "DL3007 {0} -> {1}")
    @MethodSource
    void latestTag(String dockerfile, List<Integer> lines) {
        assertThat(linesOf("DL3007", dockerfile)).isEqualTo(lines);
    }

    static Stream<Arguments> rootUser() {
        return Stream.of(
                Arguments.of("FROM python:3.12-slim|CMD [\"python\"]", List.of(1)),
                Arguments.of("FROM python:3.12-slim|USER app|RUN make|USER root|CMD [\"python\"]", List.of(4)),
                Arguments.of("FROM python:3.12-slim|USER 0:0", List.of(2)),
                Arguments.of("FROM python:3.12-slim|USER app", List.of()),
                Arguments.of("FROM python:3.12-slim|USER 10001:10001", List.of()),
                Arguments.of("FROM python:3.12-slim|USER root|RUN make|USER app", List.of()),
                Arguments.of("FROM python:3.12 AS build|USER app|FROM python:3.12-slim", List.of(3)),
                Arguments.of("FROM python:3.12 AS build|FROM python:3.12-slim|USER app", List.of()));
    }

    @ParameterizedTest(name = "DL3002 {0} -> {1}")
    @MethodSource
    void rootUser(String dockerfile, List<Integer> lines) {
        assertThat(linesOf("DL3002", dockerfile)).isEqualTo(lines);
    }

    static Stream<Arguments> shellFormCmd() {
        return Stream.of(
                Arguments.of("FROM python:3.12-slim|CMD python app.py", List.of(2)),
                Arguments.of("FROM python:3.12-slim|ENTRYPOINT python app.py", List.of(2)),
                Arguments.of("FROM python:3.12-slim|CMD ['python', 'app.py']", List.of(2)),
                Arguments.of("FROM python:3.12-slim|CMD [\"python\", \"app.py\"]", List.of()),
                Arguments.of("FROM python:3.12-slim|ENTRYPOINT [\"python\"]|CMD [\"app.py\"]", List.of()),
                Arguments.of("FROM python:3.12-slim|RUN pip install flask", List.of()));
    }

    @ParameterizedTest(name = "DL3025 {0} -> {1}")
    @MethodSource
    void shellFormCmd(String dockerfile, List<Integer> lines) {
        assertThat(linesOf("DL3025", dockerfile)).isEqualTo(lines);
    }

    static Stream<Arguments> addForLocalFiles() {
        return Stream.of(
                Arguments.of("FROM alpine:3.20|ADD app.py /app/", List.of(2)),
                Arguments.of("FROM alpine:3.20|ADD --chown=app . /app", List.of(2)),
                Arguments.of("FROM alpine:3.20|ADD [\"my file.txt\", \"/app/\"]", List.of(2)),
                Arguments.of("FROM alpine:3.20|ADD https://example.com/tool.tar.gz /opt/", List.of()),
                Arguments.of("FROM alpine:3.20|ADD rootfs.tar.gz /", List.of()),
                Arguments.of("FROM alpine:3.20|COPY app.py /app/", List.of()));
    }

    @ParameterizedTest(name = "DL3020 {0} -> {1}")
    @MethodSource
    void addForLocalFiles(String dockerfile, List<Integer> lines) {
        assertThat(linesOf("DL3020", dockerfile)).isEqualTo(lines);
    }

    static Stream<Arguments> relativeWorkdir() {
        return Stream.of(
                Arguments.of("FROM alpine:3.20|WORKDIR app", List.of(2)),
                Arguments.of("FROM alpine:3.20|WORKDIR ./src", List.of(2)),
                Arguments.of("FROM alpine:3.20|WORKDIR /app", List.of()),
                Arguments.of("FROM alpine:3.20|WORKDIR \"/my app\"", List.of()),
                Arguments.of("FROM alpine:3.20|WORKDIR $HOME/app", List.of()),
                Arguments.of("FROM mcr.microsoft.com/windows/nanoserver:ltsc2022|WORKDIR C:\\app", List.of()));
    }

    @ParameterizedTest(name = "DL3000 {0} -> {1}")
    @MethodSource
    void relativeWorkdir(String dockerfile, List<Integer> lines) {
        assertThat(linesOf("DL3000", dockerfile)).isEqualTo(lines);
    }

    static Stream<Arguments> multipleCmd() {
        return Stream.of(
                Arguments.of("FROM alpine:3.20|CMD [\"a\"]|CMD [\"b\"]", List.of(3)),
                Arguments.of("FROM alpine:3.20|CMD [\"a\"]|CMD [\"b\"]|CMD [\"c\"]", List.of(3, 4)),
                Arguments.of("FROM alpine:3.20 AS one|CMD [\"a\"]|FROM alpine:3.20|CMD [\"b\"]", List.of()),
                Arguments.of("FROM alpine:3.20|CMD [\"a\"]", List.of()));
    }

    @ParameterizedTest(name = "DL4003 {0} -> {1}")
    @MethodSource
    void multipleCmd(String dockerfile, List<Integer> lines) {
        assertThat(linesOf("DL4003", dockerfile)).isEqualTo(lines);
    }

    static Stream<Arguments> multipleEntrypoint() {
        return Stream.of(
                Arguments.of("FROM alpine:3.20|ENTRYPOINT [\"a\"]|RUN true|ENTRYPOINT [\"b\"]", List.of(4)),
                Arguments.of("FROM alpine:3.20|ENTRYPOINT [\"a\"]|CMD [\"b\"]", List.of()));
    }

    @ParameterizedTest(name = "DL4004 {0} -> {1}")
    @MethodSource
    void multipleEntrypoint(String dockerfile, List<Integer> lines) {
        assertThat(linesOf("DL4004", dockerfile)).isEqualTo(lines);
    }

    static Stream<Arguments> maintainer() {
        return Stream.of(
                Arguments.of("FROM alpine:3.20|MAINTAINER Jane <jane@example.com>", List.of(2)),
                Arguments.of("FROM alpine:3.20|LABEL org.opencontainers.image.authors=jane@example.com", List.of()));
    }

    @ParameterizedTest(name = "DL4000 {0} -> {1}")
    @MethodSource
    void maintainer(String dockerfile, List<Integer> lines) {
        assertThat(linesOf("DL4000", dockerfile)).isEqualTo(lines);
    }

    static Stream<Arguments> dependencyCacheOrder() {
        return Stream.of(
                Arguments.of("FROM python:3.12-slim|WORKDIR /app|COPY . .|RUN pip install -r requirements.txt", List.of(3)),
                Arguments.of("FROM python:3.12-slim|COPY . /app|RUN cd /app && pip3 install --no-cache-dir -r requirements.txt", List.of(2)),
                Arguments.of("FROM python:3.12-slim|COPY . .|RUN python -m pip install --requirement=reqs.txt", List.of(2)),
                Arguments.of("FROM node:20-alpine|COPY . .|RUN npm ci --omit=dev", List.of(2)),
                Arguments.of("FROM node:20-alpine|ADD . /app|RUN yarn install", List.of(2)),
                Arguments.of("FROM golang:1.22|COPY . .|RUN go mod download", List.of(2)),
                Arguments.of("FROM python:3.12-slim|COPY requirements.txt .|RUN pip install -r requirements.txt|COPY . .", List.of()),
                Arguments.of("FROM node:20-alpine|COPY package*.json ./|RUN npm ci|COPY . .|RUN npm run build", List.of()),
                Arguments.of("FROM node:20-alpine|COPY . .|RUN npm install express", List.of()),
                Arguments.of("FROM python:3.12-slim AS build|COPY . .|FROM python:3.12-slim|RUN pip install -r requirements.txt", List.of()));
    }

    @ParameterizedTest(name = "OL1001 {0} -> {1}")
    @MethodSource
    void dependencyCacheOrder(String dockerfile, List<Integer> lines) {
        assertThat(linesOf("OL1001", dockerfile)).isEqualTo(lines);
    }

    static Stream<Arguments> multiStage() {
        return Stream.of(
                Arguments.of("FROM golang:1.22|RUN go build", List.of(1)),
                Arguments.of("FROM golang:1.22 AS build|RUN go build|FROM alpine:3.20|COPY app /app", List.of(3)),
                Arguments.of("FROM golang:1.22 AS build|RUN go build|FROM alpine:3.20|COPY --from=0 /src/app /app", List.of(4)),
                Arguments.of("FROM golang:1.22 AS build|RUN go build|FROM alpine:3.20|COPY --from=biuld /src/app /app", List.of(4)),
                Arguments.of("FROM golang:1.22 AS build|RUN go build|FROM alpine:3.20|COPY --from=build /src/app /app", List.of()),
                Arguments.of("FROM golang:1.22 AS build|FROM alpine:3.20|COPY --from=nginx:1.27 /etc/nginx /x|COPY --from=build /a /a", List.of()));
    }

    @ParameterizedTest(name = "OL1002 {0} -> {1}")
    @MethodSource
    void multiStage(String dockerfile, List<Integer> lines) {
        assertThat(linesOf("OL1002", dockerfile)).isEqualTo(lines);
    }

    static Stream<Arguments> parseErrors() {
        return Stream.of(
                Arguments.of("FROM alpine:3.20|RUNN echo", List.of(2)),
                Arguments.of("COPY . .|FROM alpine:3.20", List.of(1)),
                Arguments.of("FROM alpine:3.20|CMD [\"sh\"]", List.of()));
    }

    @ParameterizedTest(name = "DL1000 {0} -> {1}")
    @MethodSource
    void parseErrors(String dockerfile, List<Integer> lines) {
        assertThat(linesOf("DL1000", dockerfile)).isEqualTo(lines);
    }

    @Test
    void reportsShellFormCmdAtItsLineWithTheExecFormToUse() {
        String text = """
                FROM python:3.12-slim
                WORKDIR /app
                COPY requirements.txt .
                RUN pip install -r requirements.txt
                COPY . .
                RUN useradd --create-home app
                USER app
                EXPOSE 8000
                CMD python app.py
                """;

        RuleViolation v = DockerfileRules.check(Dockerfile.parse(text), List.of("DL3025")).get(0);

        assertThat(v.describe("Dockerfile")).isEqualTo("Dockerfile:9 CMD in shell form — use [\"python\", \"app.py\"]");
        assertThat(v.expected()).isEqualTo("exec form [\"python\", \"app.py\"]");
        assertThat(v.found()).contains("shell form python app.py");
    }

    @Test
    void suggestsAScriptWhenTheShellFormNeedsAShell() {
        RuleViolation v = DockerfileRules.check(Dockerfile.parse("FROM alpine:3.20\nCMD ./migrate && ./serve\n"), List.of("DL3025")).get(0);

        assertThat(v.fix()).contains("script");
    }

    @Test
    void tellsWhichManifestToCopyFirst() {
        RuleViolation v = DockerfileRules.check(Dockerfile.parse("FROM node:20-alpine\nCOPY . .\nRUN npm ci\n"), List.of("OL1001")).get(0);

        assertThat(v.message()).isEqualTo("COPY . . copies all your code before npm ci on line 3, so every code change re-runs the install");
        assertThat(v.fix()).isEqualTo("first COPY package*.json ./ and RUN npm ci, then COPY . .");
    }

    @Test
    void suggestsAVersionForWellKnownImages() {
        RuleViolation v = DockerfileRules.check(Dockerfile.parse("FROM python\n"), List.of("DL3006")).get(0);

        assertThat(v.fix()).isEqualTo("pin a version, e.g. FROM python:3.12-slim");
    }

    @Test
    void noUserIsReportedAsMissingAndRootUserAsFound() {
        RuleViolation missing = DockerfileRules.check(Dockerfile.parse("FROM python:3.12-slim\n"), List.of("DL3002")).get(0);
        RuleViolation root = DockerfileRules.check(Dockerfile.parse("FROM python:3.12-slim\nUSER root\n"), List.of("DL3002")).get(0);

        assertThat(missing.found()).isEmpty();
        assertThat(root.found()).contains("USER root");
    }

    @Test
    void defaultRulesLeaveOutOptInRulesAndSortByLine() {
        List<RuleViolation> all = DockerfileRules.check(Dockerfile.parse("""
                FROM python
                WORKDIR /app
                COPY . .
                RUN pip install -r requirements.txt
                CMD python app.py
                """));

        assertThat(all).extracting(RuleViolation::ruleId).containsExactly("DL3002", "DL3006", "OL1001", "DL3025");
        assertThat(all).extracting(RuleViolation::line).containsExactly(1, 1, 3, 5);
    }

    @Test
    void everyRuleHasAUniqueIdAndATitle() {
        assertThat(DockerfileRules.all()).extracting(DockerfileRule::id).doesNotHaveDuplicates();
        assertThat(DockerfileRules.all()).allSatisfy(r -> assertThat(r.title()).isNotBlank());
        assertThat(DockerfileRules.find("dl3025")).isPresent();
    }
}
