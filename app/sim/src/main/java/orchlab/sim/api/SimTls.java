package orchlab.sim.api;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.net.Socket;
import java.security.PrivateKey;
import java.security.Principal;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * The simulated cluster's TLS identity, new at every start: an EC P-256 key and a self-signed certificate for
 * {@code localhost}, {@code 127.0.0.1} and {@code ::1}. The kubeconfig pins it ({@code certificate-authority-data}).
 * TLS is what makes the bearer token usable at all: kubectl, client-go and Helm send credentials only over TLS
 * (they silently drop a kubeconfig's token for an {@code http://} server).
 *
 * <p>{@link #withClientCertificates} makes the identity a k3s server has instead: a server CA that signs the
 * serving certificate (with the {@code --tls-san} names), a client CA, and an admin client certificate
 * ({@code CN=system:admin, O=system:masters}) that the API server accepts in place of the token — what k3s's
 * {@code /etc/rancher/k3s/k3s.yaml} carries as {@code client-certificate-data}/{@code client-key-data}.
 */
public final class SimTls {

    private final X509Certificate certificate;
    private final SSLContext serverContext;
    private final Optional<ClientIdentity> client;

    /** The admin client certificate (with its CA after it, as k3s writes it), its key, and the client CA. */
    private record ClientIdentity(X509Certificate certificate, X509Certificate ca, KeyPair key) {
    }

    private SimTls(X509Certificate certificate, SSLContext serverContext) {
        this(certificate, serverContext, Optional.empty());
    }

    private SimTls(X509Certificate certificate, SSLContext serverContext, Optional<ClientIdentity> client) {
        this.certificate = certificate;
        this.serverContext = serverContext;
        this.client = client;
    }

    public static SimTls generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            KeyPair pair = generator.generateKeyPair();
            Instant now = Instant.now();
            X500Name subject = new X500Name("CN=orchlab-sim");
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
                    new BigInteger(64, new SecureRandom()).add(BigInteger.ONE),
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(3650))),
                    subject, pair.getPublic());
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                    new GeneralName(GeneralName.dNSName, "localhost"),
                    new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                    new GeneralName(GeneralName.iPAddress, "::1")}));
            // its own CA (clients pin it as certificate-authority-data) and a server certificate at once
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate());
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(builder.build(signer));
            // the key handed to TLS as it is: a PKCS12 key store would encrypt it with 10,000 PBKDF2 rounds only to
            // decrypt it again at once, the larger part of the sim's start-up CPU (LabProcessBench breakdown)
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(new KeyManager[] {new OneKey(pair.getPrivate(), certificate)}, null, new SecureRandom());
            return new SimTls(certificate, context);
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("the simulated cluster could not make its TLS certificate: " + e.getMessage(), e);
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
            Instant now = Instant.now();
            KeyPair serverCaKey = ecKey();
            X509Certificate serverCa = ca("orchlab-k3s-standin-server-ca", serverCaKey, now);
            KeyPair servingKey = ecKey();
            Set<String> names = new LinkedHashSet<>(List.of("localhost", "127.0.0.1", "::1", "kubernetes",
                    "kubernetes.default", "kubernetes.default.svc", "kubernetes.default.svc.cluster.local"));
            names.addAll(extraNames);
            List<GeneralName> sans = new ArrayList<>();
            for (String name : names) {
                sans.add(new GeneralName(isIpAddress(name) ? GeneralName.iPAddress : GeneralName.dNSName, name));
            }
            X509Certificate serving = leaf(new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "k3s")
                    .addRDN(BCStyle.CN, "k3s").build(), servingKey, serverCa, serverCaKey, now,
                    KeyPurposeId.id_kp_serverAuth, new GeneralNames(sans.toArray(GeneralName[]::new)));
            KeyPair clientCaKey = ecKey();
            X509Certificate clientCa = ca("orchlab-k3s-standin-client-ca", clientCaKey, now);
            KeyPair adminKey = ecKey();
            X509Certificate admin = leaf(new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "system:masters")
                    .addRDN(BCStyle.CN, "system:admin").build(), adminKey, clientCa, clientCaKey, now,
                    KeyPurposeId.id_kp_clientAuth, null);

            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("client-ca", clientCa);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(new KeyManager[] {new OneKey(servingKey.getPrivate(), serving, serverCa)}, tmf.getTrustManagers(),
                    new SecureRandom());
            return new SimTls(serverCa, context, Optional.of(new ClientIdentity(admin, clientCa, adminKey)));
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("the simulated cluster could not make its certificates: " + e.getMessage(), e);
        }
    }

    private static KeyPair ecKey() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
        return generator.generateKeyPair();
    }

    private static X509Certificate ca(String commonName, KeyPair key, Instant now)
            throws GeneralSecurityException, OperatorCreationException, IOException {
        X500Name subject = new X500Name("CN=" + commonName);
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial(),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(3650))), subject, key.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.digitalSignature));
        builder.addExtension(Extension.subjectKeyIdentifier, false,
                new JcaX509ExtensionUtils().createSubjectKeyIdentifier(key.getPublic()));
        return sign(builder, key);
    }

    private static X509Certificate leaf(X500Name subject, KeyPair key, X509Certificate issuer, KeyPair issuerKey, Instant now,
            KeyPurposeId purpose, GeneralNames sans) throws GeneralSecurityException, OperatorCreationException, IOException {
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, serial(),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(365))), subject, key.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
        builder.addExtension(Extension.authorityKeyIdentifier, false,
                new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(issuer));
        if (sans != null) {
            builder.addExtension(Extension.subjectAlternativeName, false, sans);
        }
        return sign(builder, issuerKey);
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair issuerKey)
            throws GeneralSecurityException, OperatorCreationException {
        ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey.getPrivate());
        return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
    }

    private static BigInteger serial() {
        return new BigInteger(64, new SecureRandom()).add(BigInteger.ONE);
    }

    static boolean isIpAddress(String name) {
        return name.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}") || (name.contains(":") && name.matches("[0-9a-fA-F:.]+"));
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
            ECPrivateKey key = (ECPrivateKey) c.key().getPrivate();
            SubjectPublicKeyInfo publicKey = SubjectPublicKeyInfo.getInstance(c.key().getPublic().getEncoded());
            try {
                byte[] der = new org.bouncycastle.asn1.sec.ECPrivateKey(key.getParams().getOrder().bitLength(), key.getS(),
                        publicKey.getPublicKeyData(), SECObjectIdentifiers.secp256r1).getEncoded();
                return base64(pem(new PemObject("EC PRIVATE KEY", der)));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static String pem(Object object) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter pem = new JcaPEMWriter(out)) {
            pem.writeObject(object);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toString();
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
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
