package orchlab.sim.api;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
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
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Makes the sim's keys and certificates (EC P-256, SHA256withECDSA) — the only place Bouncy Castle is used, so that a
 * sim that reuses the certificate kept in its state folder ({@link SimTls#fromPem}) never loads its ~200 classes.
 */
final class CertificateMaker {

    /** How long the lab's own self-signed certificate is valid (it is made again well before it expires). */
    static final Duration SELF_SIGNED_VALIDITY = Duration.ofDays(3650);

    private CertificateMaker() {
    }

    /** A key and a certificate that is its own CA and a server certificate for {@code names} (DNS names or IP addresses). */
    record SelfSigned(KeyPair key, X509Certificate certificate) {
    }

    static SelfSigned selfSigned(List<String> names, Instant now) {
        try {
            KeyPair pair = ecKey();
            X500Name subject = new X500Name("CN=orchlab-sim");
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial(),
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(SELF_SIGNED_VALIDITY)), subject, pair.getPublic());
            builder.addExtension(Extension.subjectAlternativeName, false, sans(names));
            // its own CA (clients pin it as certificate-authority-data) and a server certificate at once
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            return new SelfSigned(pair, sign(builder, pair));
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("the simulated cluster could not make its TLS certificate: " + e.getMessage(), e);
        }
    }

    /** The certificates of a k3s-like identity ({@link SimTls#withClientCertificates}). */
    record K3sLike(X509Certificate serverCa, KeyPair servingKey, X509Certificate serving, X509Certificate clientCa,
                   KeyPair adminKey, X509Certificate admin) {
    }

    static K3sLike k3sLike(List<String> names, Instant now) {
        try {
            KeyPair serverCaKey = ecKey();
            X509Certificate serverCa = ca("orchlab-k3s-standin-server-ca", serverCaKey, now);
            KeyPair servingKey = ecKey();
            X509Certificate serving = leaf(new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "k3s")
                    .addRDN(BCStyle.CN, "k3s").build(), servingKey, serverCa, serverCaKey, now,
                    KeyPurposeId.id_kp_serverAuth, sans(names));
            KeyPair clientCaKey = ecKey();
            X509Certificate clientCa = ca("orchlab-k3s-standin-client-ca", clientCaKey, now);
            KeyPair adminKey = ecKey();
            X509Certificate admin = leaf(new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "system:masters")
                    .addRDN(BCStyle.CN, "system:admin").build(), adminKey, clientCa, clientCaKey, now,
                    KeyPurposeId.id_kp_clientAuth, null);
            return new K3sLike(serverCa, servingKey, serving, clientCa, adminKey, admin);
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("the simulated cluster could not make its certificates: " + e.getMessage(), e);
        }
    }

    /**
     * An EC private key as SEC 1 DER ({@code EC PRIVATE KEY}) with the curve and the public key inside (Go's
     * {@code x509.MarshalECPrivateKey}), which is what client-go and fabric8 read — the JDK's PKCS#8 encoding leaves
     * the curve out of the inner structure.
     */
    static byte[] sec1(KeyPair pair) throws IOException {
        ECPrivateKey key = (ECPrivateKey) pair.getPrivate();
        SubjectPublicKeyInfo publicKey = SubjectPublicKeyInfo.getInstance(pair.getPublic().getEncoded());
        return new org.bouncycastle.asn1.sec.ECPrivateKey(key.getParams().getOrder().bitLength(), key.getS(),
                publicKey.getPublicKeyData(), SECObjectIdentifiers.secp256r1).getEncoded();
    }

    private static GeneralNames sans(List<String> names) {
        List<GeneralName> sans = new ArrayList<>();
        for (String name : names) {
            sans.add(new GeneralName(SimTls.isIpAddress(name) ? GeneralName.iPAddress : GeneralName.dNSName, name));
        }
        return new GeneralNames(sans.toArray(GeneralName[]::new));
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
}
