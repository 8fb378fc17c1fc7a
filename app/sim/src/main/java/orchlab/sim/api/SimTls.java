package orchlab.sim.api;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.net.InetAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.security.PrivateKey;
import java.security.Principal;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509TrustManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The simulated cluster's TLS identity: an EC P-256 key and a self-signed certificate for {@code localhost},
 * {@code 127.0.0.1} and {@code ::1}. The kubeconfig pins it ({@code certificate-authority-data}).
 * TLS is what makes the bearer token usable at all: kubectl, client-go and Helm send credentials only over TLS
 * (they silently drop a kubeconfig's token for an {@code http://} server).
 *
 * <p>{@link #generate()} makes a new one (with Bouncy Castle, in {@link CertificateMaker}); {@link #fromPem} reads one
 * kept from an earlier start with the JDK's own classes ({@code KeyFactory}, {@code CertificateFactory}), as k3s keeps
 * its serving certificate in its data folder ({@code orchlab.sim.ServingCertificate} decides when to reuse it).
 *
 * <p>{@link #withClientCertificates} makes the identity a k3s server has instead: a server CA that signs the
 * serving certificate (with the {@code --tls-san} names), a client CA, and an admin client certificate
 * ({@code CN=system:admin, O=system:masters}) that the API server accepts in place of the token — what k3s's
 * {@code /etc/rancher/k3s/k3s.yaml} carries as {@code client-certificate-data}/{@code client-key-data}.
 */
public final class SimTls {

    /** The names the lab's own cluster's certificate is for: where its kubeconfig points (127.0.0.1) and loopback's other names. */
    public static final List<String> LOOPBACK_NAMES = List.of("localhost", "127.0.0.1", "::1");

    private static final Pattern PEM_BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z ]+)-----\\s*([A-Za-z0-9+/=\\s]+?)\\s*-----END \\1-----");

    private final X509Certificate certificate;
    private final SSLContext serverContext;
    private final Optional<ClientIdentity> client;
    /** The serving key of a self-signed identity (what {@link #toPem} keeps); null for a k3s-like one. */
    private final PrivateKey key;

    /** The admin client certificate (with its CA after it, as k3s writes it), its key, and the client CA. */
    private record ClientIdentity(X509Certificate certificate, X509Certificate ca, KeyPair key) {
    }

    private SimTls(X509Certificate certificate, SSLContext serverContext, Optional<ClientIdentity> client, PrivateKey key) {
        this.certificate = certificate;
        this.serverContext = serverContext;
        this.client = client;
        this.key = key;
    }

    /** A new key and self-signed certificate for {@link #LOOPBACK_NAMES}. */
    public static SimTls generate() {
        return generate(LOOPBACK_NAMES, Instant.now());
    }

    /** A new key and self-signed certificate for {@code names}, valid from an hour before {@code now} for ten years. */
    public static SimTls generate(List<String> names, Instant now) {
        CertificateMaker.SelfSigned made = CertificateMaker.selfSigned(names, now);
        return of(made.key().getPrivate(), made.certificate());
    }

    /** Serves {@code certificate} (self-signed: clients pin it) with {@code key}; no client certificates asked for. */
    static SimTls of(PrivateKey key, X509Certificate certificate) {
        try {
            // the key handed to TLS as it is: a PKCS12 key store would encrypt it with 10,000 PBKDF2 rounds only to
            // decrypt it again at once; and a trust manager that trusts no client, because the server asks none for a
            // certificate — with none given, the JDK would read its ~140 CA certificates (cacerts) for nothing
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(new KeyManager[] {new OneKey(key, certificate)}, new TrustManager[] {NoClients.INSTANCE},
                    new SecureRandom());
            return new SimTls(certificate, context, Optional.empty(), key);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the simulated cluster could not set up TLS: " + e.getMessage(), e);
        }
    }

    /**
     * Reads what {@link #toPem} wrote: a {@code PRIVATE KEY} (PKCS#8, EC) and its {@code CERTIFICATE}, with the JDK's
     * classes only. Refused (with the reason) when a block is missing or unreadable, or when the key does not sign
     * for the certificate's public key.
     */
    public static SimTls fromPem(String pem) throws GeneralSecurityException {
        byte[] keyDer = null;
        byte[] certificateDer = null;
        Matcher m = PEM_BLOCK.matcher(pem);
        while (m.find()) {
            byte[] der;
            try {
                der = Base64.getMimeDecoder().decode(m.group(2));
            } catch (IllegalArgumentException e) {
                throw new GeneralSecurityException("its " + m.group(1) + " is not valid base64");
            }
            if (m.group(1).equals("PRIVATE KEY") && keyDer == null) {
                keyDer = der;
            } else if (m.group(1).equals("CERTIFICATE") && certificateDer == null) {
                certificateDer = der;
            }
        }
        if (keyDer == null || certificateDer == null) {
            throw new GeneralSecurityException("it does not hold both a PRIVATE KEY and a CERTIFICATE");
        }
        PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(keyDer));
        X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(certificateDer));
        // a key and certificate that do not belong together would fail every handshake, not here
        byte[] probe = "orchlab-sim".getBytes(StandardCharsets.US_ASCII);
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(key);
        signer.update(probe);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(certificate.getPublicKey());
        verifier.update(probe);
        if (!verifier.verify(signature)) {
            throw new GeneralSecurityException("its key does not belong to its certificate");
        }
        return of(key, certificate);
    }

    /** The key and the certificate as PEM text ({@code PRIVATE KEY}, PKCS#8, then {@code CERTIFICATE}): what {@link #fromPem} reads. */
    public String toPem() {
        if (key == null) {
            throw new IllegalStateException("a k3s-like identity is not kept");
        }
        return pem("PRIVATE KEY", key.getEncoded()) + certificatePem();
    }

    /**
     * Whether the certificate is for every one of {@code names} (DNS names as written, IP addresses by value, so
     * {@code ::1} matches {@code 0:0:0:0:0:0:0:1}).
     */
    public boolean isFor(List<String> names) {
        Set<String> dns = new HashSet<>();
        Set<InetAddress> ips = new HashSet<>();
        try {
            Collection<List<?>> sans = certificate.getSubjectAlternativeNames();
            if (sans == null) {
                return names.isEmpty();
            }
            for (List<?> san : sans) {
                if (Integer.valueOf(2).equals(san.get(0))) {
                    dns.add(String.valueOf(san.get(1)).toLowerCase(java.util.Locale.ROOT));
                } else if (Integer.valueOf(7).equals(san.get(0))) {
                    ips.add(InetAddress.getByName(String.valueOf(san.get(1)))); // a literal: no look-up
                }
            }
            for (String name : names) {
                boolean found = isIpAddress(name) ? ips.contains(InetAddress.getByName(name))
                        : dns.contains(name.toLowerCase(java.util.Locale.ROOT));
                if (!found) {
                    return false;
                }
            }
            return true;
        } catch (CertificateException | UnknownHostException e) {
            return false;
        }
    }

    /**
     * A k3s-like identity: server CA, serving certificate for {@code localhost}, {@code 127.0.0.1}, {@code ::1},
     * the in-cluster names of the {@code kubernetes} Service and every name in {@code extraNames} (k3s's
     * {@code --tls-san}; IP addresses become IP entries), plus a client CA and an admin client certificate that
     * the server asks for ({@linkplain #clientAuthentication() want, not need}: the bearer token still works).
     */
    public static SimTls withClientCertificates(List<String> extraNames) {
        try {
            Set<String> names = new LinkedHashSet<>(List.of("localhost", "127.0.0.1", "::1", "kubernetes",
                    "kubernetes.default", "kubernetes.default.svc", "kubernetes.default.svc.cluster.local"));
            names.addAll(extraNames);
            CertificateMaker.K3sLike made = CertificateMaker.k3sLike(new ArrayList<>(names), Instant.now());
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("client-ca", made.clientCa());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(new KeyManager[] {new OneKey(made.servingKey().getPrivate(), made.serving(), made.serverCa())},
                    tmf.getTrustManagers(), new SecureRandom());
            return new SimTls(made.serverCa(), context,
                    Optional.of(new ClientIdentity(made.admin(), made.clientCa(), made.adminKey())), null);
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("the simulated cluster could not make its certificates: " + e.getMessage(), e);
        }
    }

    static boolean isIpAddress(String name) {
        return name.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}") || (name.contains(":") && name.matches("[0-9a-fA-F:.]+"));
    }

    /** Trusts no client certificate: the lab's own cluster asks none for one (the token authenticates). */
    private static final class NoClients implements X509TrustManager {
        static final NoClients INSTANCE = new NoClients();

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("the simulated cluster accepts no client certificates");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("the simulated cluster's server context trusts no server");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    /** The server's one key and certificate chain, whatever the client asks for. */
    private static final class OneKey extends X509ExtendedKeyManager {
        private static final String ALIAS = "orchlab-sim";
        private final PrivateKey key;
        private final X509Certificate[] chain;

        OneKey(PrivateKey key, X509Certificate... chain) {
            this.key = key;
            this.chain = chain.clone();
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return keyType.startsWith("EC") ? ALIAS : null;
        }

        @Override
        public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
            return chooseServerAlias(keyType, issuers, null);
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return keyType.startsWith("EC") ? new String[] {ALIAS} : null;
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return ALIAS.equals(alias) ? chain.clone() : null;
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return ALIAS.equals(alias) ? key : null;
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return null;
        }
    }

    SSLContext serverContext() {
        return serverContext;
    }

    /** Whether the server asks clients for a certificate signed by its client CA ({@link #withClientCertificates}). */
    public boolean clientAuthentication() {
        return client.isPresent();
    }

    /**
     * Base64 of the PEM admin client certificate followed by the client CA, as k3s writes
     * {@code client-certificate-data}; empty without {@linkplain #withClientCertificates client certificates}.
     */
    public Optional<String> clientCertificateData() {
        return client.map(c -> base64(pem(c.certificate()) + pem(c.ca())));
    }

    /**
     * Base64 of the admin client key as PEM {@code EC PRIVATE KEY}, as k3s writes {@code client-key-data}: SEC 1
     * with the curve and the public key inside (Go's {@code x509.MarshalECPrivateKey}), which is what client-go and
     * fabric8 read — the JDK's PKCS#8 encoding leaves the curve out of the inner structure.
     */
    public Optional<String> clientKeyData() {
        return client.map(c -> {
            try {
                return base64(pem("EC PRIVATE KEY", CertificateMaker.sec1(c.key())));
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static String pem(X509Certificate certificate) {
        try {
            return pem("CERTIFICATE", certificate.getEncoded());
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** PEM as OpenSSL and Go write it: 64 base64 characters a line, newline line ends. */
    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** The certificate clients pin (the self-signed serving certificate, or the server CA) as PEM text. */
    public String certificatePem() {
        return pem(certificate);
    }

    /** Base64 of the PEM text: the form of kubeconfig's {@code certificate-authority-data} and fabric8's caCertData. */
    public String certificateData() {
        return Base64.getEncoder().encodeToString(certificatePem().getBytes(StandardCharsets.US_ASCII));
    }

    /** A client context that trusts this certificate only (tests that speak raw HTTPS). */
    public SSLContext clientContext() {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("orchlab-sim", certificate);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), new SecureRandom());
            return context;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
