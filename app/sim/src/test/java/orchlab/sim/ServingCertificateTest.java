package orchlab.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import orchlab.engine.sandbox.ProgressListener;
import orchlab.engine.sandbox.Sandbox;
import orchlab.engine.sandbox.SandboxOptions;
import orchlab.sim.api.SimTls;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The sim keeps its TLS key and certificate in its state folder (as k3s keeps its own in its data folder) and reuses
 * them at the next start — unless the kept file cannot be trusted or used, then it makes a new one and keeps that.
 */
class ServingCertificateTest {

    private static final Instant NOW = Instant.parse("2026-12-03T16:00:00Z");

    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve(ServingCertificate.FILE);
    }

    private ServingCertificate.Kept keep(Instant now) {
        return ServingCertificate.keptIn(file(), SimTls.LOOPBACK_NAMES, now);
    }

    private static String encoded(SimTls tls) throws Exception {
        return java.util.Base64.getEncoder().encodeToString(tls.certificate().getEncoded());
    }

    private void assertOwnerOnly() throws Exception {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file()))).isEqualTo("rw-------");
    }

    @Test
    void theFirstStartKeepsANewCertificateOwnerOnlyAndTheNextStartReusesIt() throws Exception {
        ServingCertificate.Kept first = keep(NOW);
        assertThat(first.reused()).isFalse();
        assertThat(first.origin()).contains("none kept yet");
        assertOwnerOnly();

        ServingCertificate.Kept second = keep(NOW.plus(Duration.ofDays(1)));
        assertThat(second.reused()).as(second.origin()).isTrue();
        assertThat(encoded(second.tls())).isEqualTo(encoded(first.tls()));
        assertThat(second.tls().isFor(SimTls.LOOPBACK_NAMES)).isTrue();
    }

    @Test
    void anExpiredCertificateIsMadeAgain() throws Exception {
        ServingCertificate.Kept old = keep(NOW.minus(Duration.ofDays(4000)));

        ServingCertificate.Kept now = keep(NOW);

        assertThat(now.reused()).isFalse();
        assertThat(now.origin()).contains("expired on");
        assertThat(encoded(now.tls())).isNotEqualTo(encoded(old.tls()));
        assertThat(now.tls().certificate().getNotAfter().toInstant()).isAfter(NOW.plus(Duration.ofDays(3000)));
        assertThat(keep(NOW).reused()).as("the new one is kept").isTrue();
    }

    @Test
    void aCertificateThatExpiresWithinThirtyDaysIsMadeAgainBeforeClientsRefuseIt() throws Exception {
        ServingCertificate.Kept old = keep(NOW);
        Instant tenDaysBeforeItExpires = old.tls().certificate().getNotAfter().toInstant().minus(Duration.ofDays(10));

        ServingCertificate.Kept renewed = keep(tenDaysBeforeItExpires);

        assertThat(renewed.reused()).isFalse();
        assertThat(renewed.origin()).contains("it expires on");
    }

    @Test
    void aCertificateNotYetValidIsMadeAgain() throws Exception {
        keep(NOW.plus(Duration.ofDays(2)));

        ServingCertificate.Kept now = keep(NOW);

        assertThat(now.reused()).isFalse();
        assertThat(now.origin()).contains("not valid before");
    }

    @Test
    void aCertificateForAnotherHostNameIsMadeAgainForTheNamesTheServerIsReachedBy() throws Exception {
        ServingCertificate.keptIn(file(), List.of("other-host.example", "10.0.0.7"), NOW);

        ServingCertificate.Kept now = keep(NOW);

        assertThat(now.reused()).isFalse();
        assertThat(now.origin()).contains("it is not for localhost, 127.0.0.1, ::1");
        assertThat(now.tls().isFor(List.of("localhost", "127.0.0.1", "0:0:0:0:0:0:0:1"))).isTrue();
        assertThat(now.tls().isFor(List.of("other-host.example"))).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"garbage", "certificate only", "key only", "broken base64", "key of another certificate"})
    void aCorruptFileIsReplacedByANewCertificate(String damage) throws Exception {
        String good = keep(NOW).tls().toPem();
        String other = SimTls.generate().toPem();
        String key = good.substring(0, good.indexOf("-----BEGIN CERTIFICATE"));
        String certificate = good.substring(good.indexOf("-----BEGIN CERTIFICATE"));
        String damaged = switch (damage) {
            case "garbage" -> "this is not PEM at all\n";
            case "certificate only" -> certificate;
            case "key only" -> key;
            case "broken base64" -> key.replaceFirst("\n[A-Za-z0-9+/]{10}", "\n%%%%%%%%%%") + certificate;
            case "key of another certificate" -> other.substring(0, other.indexOf("-----BEGIN CERTIFICATE")) + certificate;
            default -> throw new IllegalArgumentException(damage);
        };
        Files.writeString(file(), damaged, StandardCharsets.US_ASCII);

        ServingCertificate.Kept now = keep(NOW);

        assertThat(now.reused()).as(now.origin()).isFalse();
        assertThat(now.origin()).containsAnyOf("not a usable key and certificate", "does not hold both");
        assertThat(Files.readString(file())).isEqualTo(now.tls().toPem());
        assertOwnerOnly();
    }

    @Test
    void aKeptFileOtherUsersCanReadIsNotTrustedAndItsReplacementIsOwnerOnly() throws Exception {
        ServingCertificate.Kept first = keep(NOW);
        Files.setPosixFilePermissions(file(), PosixFilePermissions.fromString("rw-r--r--"));

        ServingCertificate.Kept now = keep(NOW);

        assertThat(now.reused()).isFalse();
        assertThat(now.origin()).contains("other users could read or change it (rw-r--r--)");
        assertThat(encoded(now.tls())).isNotEqualTo(encoded(first.tls()));
        assertOwnerOnly();
    }

    @Test
    void aStateFolderThatCannotHoldTheFileStillGivesACertificateForThisStart() throws Exception {
        Files.createDirectories(file()); // a folder where the file should be: it can be neither read nor replaced

        ServingCertificate.Kept now = keep(NOW);

        assertThat(now.reused()).isFalse();
        assertThat(now.origin()).contains("it is not a file").contains("not kept");
        assertThat(now.tls().isFor(SimTls.LOOPBACK_NAMES)).isTrue();
    }

    @Test
    void twoStartsFromOneStateFolderServeTheSameCertificateWithDifferentTokens() throws Exception {
        SandboxOptions options = new SandboxOptions(Optional.empty(), Optional.empty(), Optional.empty(), dir, Map.of());
        SimSandboxProvider provider = new SimSandboxProvider();
        String firstCertificate;
        String firstToken;
        try (Sandbox first = provider.open(options, ProgressListener.NONE)) {
            firstCertificate = ((SimSandbox) first).cluster().server().tls().certificatePem();
            firstToken = ((SimSandbox) first).cluster().server().token();
        }
        try (Sandbox second = provider.open(options, ProgressListener.NONE)) {
            SimCluster cluster = ((SimSandbox) second).cluster();
            assertThat(cluster.server().tls().certificatePem()).isEqualTo(firstCertificate);
            assertThat(cluster.server().token()).isNotEqualTo(firstToken);
            assertThat(cluster.startPhases().keySet()).anyMatch(phase -> phase.contains("reused"));
            // a TLS handshake with the key read back from the file, by a client that trusts only the kept certificate
            HttpClient http = HttpClient.newBuilder().sslContext(cluster.server().tls().clientContext()).build();
            URI namespaces = URI.create(cluster.url() + "/api/v1/namespaces");
            HttpResponse<String> list = http.send(HttpRequest.newBuilder(namespaces)
                    .header("Authorization", "Bearer " + cluster.server().token()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(list.statusCode()).isEqualTo(200);
            assertThat(list.body()).contains("kube-system");
            HttpResponse<String> oldToken = http.send(HttpRequest.newBuilder(namespaces)
                    .header("Authorization", "Bearer " + firstToken).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(oldToken.statusCode()).as("the last start's token").isEqualTo(401);
        }
    }
}
