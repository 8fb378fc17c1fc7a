package orchlab.sim.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The rules of {@link RequestGuard} on request heads, one behaviour each. */
class RequestGuardTest {

    private final RequestGuard guard = new RequestGuard("s3cret-token");

    private static Map<String, List<String>> headers(String... nameValue) {
        Map<String, List<String>> h = new LinkedHashMap<>();
        for (int i = 0; i < nameValue.length; i += 2) {
            h.put(nameValue[i], List.of(nameValue[i + 1]));
        }
        return h;
    }

    private Optional<Integer> code(String... nameValue) {
        return guard.refuse(headers(nameValue)).map(ApiException::code);
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "localhost:6443", "127.0.0.1", "127.0.0.1:40123", "[::1]", "[::1]:8080", "LOCALHOST:1"})
    void loopbackHostNamesAreAdmitted(String host) {
        assertThat(code("Host", host, "Authorization", "Bearer s3cret-token")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"evil.example", "evil.example:6443", "127.0.0.1.nip.io", "localhost.evil.example", "10.0.0.5:80",
            "[::2]:80", "localhost:80:80", "localhost:abc", "0.0.0.0", ""})
    void otherHostNamesAreForbiddenEvenWithTheToken(String host) {
        assertThat(code("Host", host, "Authorization", "Bearer s3cret-token")).contains(403);
    }

    @Test
    void aRequestWithoutHostHeaderIsForbidden() {
        assertThat(code("Authorization", "Bearer s3cret-token")).contains(403);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Bearer", "Bearer wrong", "Bearer s3cret-token-longer", "Basic czNjcmV0LXRva2Vu", "s3cret-token"})
    void aMissingOrWrongTokenIsUnauthorizedAsKubernetesAnswers(String authorization) {
        Map<String, List<String>> h = headers("Host", "localhost");
        if (!authorization.isEmpty()) {
            h.put("Authorization", List.of(authorization));
        }
        Optional<ApiException> refused = guard.refuse(h);
        assertThat(refused).isPresent();
        assertThat(refused.get().code()).isEqualTo(401);
        assertThat(refused.get().toStatus().path("reason").asText()).isEqualTo("Unauthorized");
        assertThat(refused.get().getMessage()).isEqualTo("Unauthorized");
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "application/json; charset=utf-8", "application/yaml",
            "application/vnd.kubernetes.protobuf", "application/json-patch+json", "application/merge-patch+json",
            "application/strategic-merge-patch+json", "application/apply-patch+yaml", "Application/JSON"})
    void bodiesWithKubernetesMediaTypesAreAdmitted(String contentType) {
        assertThat(code("Host", "localhost", "Authorization", "Bearer s3cret-token", "Content-Type", contentType,
                "Content-Length", "10")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/plain", "text/plain;charset=UTF-8", "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=xyz", "application/xml", "application/jsonx"})
    void bodiesWithOtherMediaTypesAreUnsupported(String contentType) {
        Optional<ApiException> refused = guard.refuse(headers("Host", "localhost", "Authorization", "Bearer s3cret-token",
                "Content-Type", contentType, "Content-Length", "10"));
        assertThat(refused).map(ApiException::code).contains(415);
        assertThat(refused.get().getMessage()).contains("application/json");
    }

    @Test
    void aBodyWithoutContentTypeIsUnsupported() {
        assertThat(code("Host", "localhost", "Authorization", "Bearer s3cret-token", "Content-Length", "3")).contains(415);
        assertThat(code("Host", "localhost", "Authorization", "Bearer s3cret-token", "Transfer-Encoding", "chunked"))
                .contains(415);
    }

    @Test
    void aRequestWithoutBodyNeedsNoContentType() {
        assertThat(code("Host", "localhost", "Authorization", "Bearer s3cret-token", "Content-Type", "text/plain")).isEmpty();
        assertThat(code("Host", "localhost", "Authorization", "Bearer s3cret-token", "Content-Length", "0")).isEmpty();
    }

    @Test
    void aDeclaredBodyOverThreeMebibytesIsTooLarge() {
        Optional<ApiException> refused = guard.refuse(headers("Host", "localhost", "Authorization", "Bearer s3cret-token",
                "Content-Type", "application/json", "Content-Length", String.valueOf(3 * 1024 * 1024 + 1)));
        assertThat(refused).map(ApiException::code).contains(413);
        assertThat(refused.get().getMessage()).isEqualTo("Request entity too large: limit is 3145728");
        assertThat(code("Host", "localhost", "Authorization", "Bearer s3cret-token", "Content-Type", "application/json",
                "Content-Length", String.valueOf(3 * 1024 * 1024))).isEmpty();
    }

    @Test
    void readingABodyStopsAtTheLimit() throws Exception {
        byte[] exactly = new byte[RequestGuard.MAX_BODY_BYTES];
        assertThat(RequestGuard.readBody(new ByteArrayInputStream(exactly))).hasSize(RequestGuard.MAX_BODY_BYTES);
        byte[] over = new byte[RequestGuard.MAX_BODY_BYTES + 1];
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RequestGuard.readBody(new ByteArrayInputStream(over)))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(413));
    }

    @Test
    void everyStartHasItsOwnLongRandomToken() {
        String a = RequestGuard.withRandomToken().token();
        String b = RequestGuard.withRandomToken().token();
        assertThat(a).isNotEqualTo(b).hasSizeGreaterThanOrEqualTo(43).matches("[A-Za-z0-9_-]+");
    }
}
