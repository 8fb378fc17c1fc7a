package orchlab.sim.standin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import orchlab.sim.SimCluster;
import orchlab.sim.SimSettings;
import orchlab.sim.api.ApiServer;
import orchlab.sim.api.SimTls;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The simulated cluster with a k3s-like identity ({@link SimTls#withClientCertificates}), as the k3s stand-in serves it:
 * the kubeconfig k3s writes authenticates with its client certificate alone, the bearer token still works, and a
 * client with neither is refused as Kubernetes refuses it.
 */
class ClientCertificateAuthTest {

    private static SimCluster cluster;
    private static SimTls tls;

    @BeforeAll
    static void start() throws Exception {
        tls = SimTls.withClientCertificates(List.of("k3s.test", "10.0.0.7"));
        cluster = SimCluster.start(SimSettings.instant(),
                new ApiServer.Endpoint(InetAddress.getLoopbackAddress(), 0, tls, Set.of("k3s.test")));
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private static KubernetesClient client(String kubeconfig) {
        return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(null, kubeconfig, null)).build();
    }

    private static String k3sKubeconfig() {
        return K3sStandIn.kubeconfig(6443, tls).replace("https://127.0.0.1:6443", "https://127.0.0.1:" + cluster.port());
    }

    @Test
    void theKubeconfigK3sWritesAuthenticatesWithItsClientCertificateAlone() {
        try (KubernetesClient client = client(k3sKubeconfig())) {
            assertThat(client.namespaces().withName("kube-system").get()).isNotNull();
        }
    }

    @Test
    void theBearerTokenStillAuthenticatesWithoutACertificate() {
        String kubeconfig = k3sKubeconfig().replaceAll("client-certificate-data: .*", "token: " + cluster.server().token())
                .replaceAll("\\n\\s*client-key-data: .*", "");
        try (KubernetesClient client = client(kubeconfig)) {
            assertThat(client.namespaces().withName("default").get()).isNotNull();
        }
    }

    @Test
    void aClientWithNeitherCertificateNorTokenIsUnauthorized() {
        String kubeconfig = k3sKubeconfig().replaceAll("client-certificate-data: .*", "username: nobody")
                .replaceAll("\\n\\s*client-key-data: .*", "");
        try (KubernetesClient client = client(kubeconfig)) {
            assertThatThrownBy(() -> client.namespaces().withName("default").get())
                    .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(401));
        }
    }

    @Test
    void theServingCertificateNamesTheTlsSanNamesAndTheKubernetesServiceNames() throws Exception {
        try (var socket = (javax.net.ssl.SSLSocket) tls.clientContext().getSocketFactory()
                .createSocket(InetAddress.getLoopbackAddress(), cluster.port())) {
            socket.startHandshake();
            X509Certificate serving = (X509Certificate) socket.getSession().getPeerCertificates()[0];

            assertThat(serving.getSubjectAlternativeNames()).extracting(san -> san.get(1).toString())
                    .contains("k3s.test", "10.0.0.7", "localhost", "127.0.0.1", "kubernetes.default.svc.cluster.local");
            assertThat(serving.getIssuerX500Principal()).isEqualTo(tls.certificate().getSubjectX500Principal());
        }
    }

    @Test
    void theClientCertificateIsTheAdminOfSystemMastersFollowedByItsCa() throws Exception {
        String pem = new String(Base64.getDecoder().decode(tls.clientCertificateData().orElseThrow()), StandardCharsets.US_ASCII);
        List<X509Certificate> chain = CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))).stream()
                .map(X509Certificate.class::cast).toList();
        String key = new String(Base64.getDecoder().decode(tls.clientKeyData().orElseThrow()), StandardCharsets.US_ASCII);

        assertThat(chain).hasSize(2);
        assertThat(chain.get(0).getSubjectX500Principal().getName()).isEqualTo("CN=system:admin,O=system:masters");
        assertThat(chain.get(0).getIssuerX500Principal()).isEqualTo(chain.get(1).getSubjectX500Principal());
        assertThat(key).startsWith("-----BEGIN EC PRIVATE KEY-----");
    }

    @Test
    void readsK3sServerFlagsAndNamesTheOnesItIgnores() {
        K3sStandIn.Flags flags = K3sStandIn.Flags.parse(List.of("server", "--disable=traefik", "--tls-san=localhost",
                "--tls-san", "a.test,10.1.2.3", "-o", "/tmp/k.yaml", "--write-kubeconfig-mode=644"));

        assertThat(flags.tlsSans()).containsExactly("localhost", "a.test", "10.1.2.3");
        assertThat(flags.kubeconfig()).hasToString("/tmp/k.yaml");
        assertThat(flags.kubeconfigMode()).isEqualTo("644");
        assertThat(flags.ignored()).containsExactly("--disable=traefik");
        assertThat(K3sStandIn.permissions("644")).isEqualTo("rw-r--r--");
        assertThatThrownBy(() -> K3sStandIn.Flags.parse(List.of("agent"))).hasMessageContaining("only `k3s server`");
    }
}
