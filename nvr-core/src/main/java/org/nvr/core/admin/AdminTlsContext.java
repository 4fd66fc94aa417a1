package org.nvr.core.admin;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * Builds the admin endpoint's server {@link SslContext} from {@link AdminTls} PEM files: the JDK provider (no
 * native library to ship), TLS 1.3 and 1.2 only (RFC 8996 deprecates 1.0 and 1.1), forward-secret AEAD cipher
 * suites only, and no client-initiated renegotiation. Every problem is found here, at startup, and named by its
 * nvr.yaml key ({@code admin.tls.certificate}, {@code admin.tls.privateKey}), rather than at a client's first
 * handshake.
 */
final class AdminTlsContext {
    static final String CERTIFICATE_KEY = "admin.tls.certificate";
    static final String PRIVATE_KEY_KEY = "admin.tls.privateKey";
    /** A PEM file larger than this is not a key or a certificate chain. */
    private static final long MAX_PEM_BYTES = 1 << 20;
    /**
     * Named, not left to the JDK's defaults: those depend on the JDK build and on {@code java.security} of the host
     * (a distribution may re-enable TLS 1.0 for old clients), and the endpoint carries passwords and tokens.
     */
    static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
    /**
     * The suites offered, strongest first. TLS 1.3 (RFC 8446 §9.1) has only AEAD suites with (EC)DHE. For TLS 1.2 the
     * JDK 17 default list also enables CBC suites (MAC-then-encrypt: Lucky Thirteen), static RSA key exchange (no
     * forward secrecy) and finite-field DHE; this list keeps ECDHE with AES-GCM or ChaCha20-Poly1305 only, as RFC
     * 9325 §4.2 recommends and Mozilla's "intermediate" profile does, which every TLS 1.2 client of the last decade
     * (curl, browsers, Python, Java 8+) offers. ECDSA suites serve an EC certificate, RSA ones an RSA certificate.
     * NULL, EXPORT, RC4, 3DES and anonymous suites are therefore never enabled, whatever the JDK's defaults are.
     */
    static final List<String> CIPHER_SUITES = List.of(
            "TLS_AES_256_GCM_SHA384",
            "TLS_AES_128_GCM_SHA256",
            "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");
    /**
     * The JDK's switch for refusing a TLS 1.2 renegotiation the client starts (TLS 1.3 has none, RFC 8446 §4.1.2).
     * Renegotiation is secure since RFC 5746, but a client can ask for one handshake after another on a single
     * connection, each costing the server a private-key operation: nothing the admin API needs. The JDK reads it
     * once, when its first server handshake runs, and offers no per-engine setting, hence a system property set
     * before the first handshake (unless the operator has set it).
     */
    static final String REJECT_RENEGOTIATION_PROPERTY = "jdk.tls.rejectClientInitiatedRenegotiation";

    private AdminTlsContext() {
    }

    /**
     * @throws IllegalStateException naming the key at fault: a file missing, unreadable or not PEM of the right
     *                               kind, or a private key that does not belong to the certificate
     */
    static SslContext load(AdminTls tls) {
        X509Certificate[] chain = certificates(tls.certificate());
        PrivateKey key = privateKey(tls.privateKey());
        requireMatch(key, chain[0], tls);
        if (System.getProperty(REJECT_RENEGOTIATION_PROPERTY) == null) {
            System.setProperty(REJECT_RENEGOTIATION_PROPERTY, "true");
        }
        try {
            // TLS compression (CRIME) needs no switch: the JDK implements only the null method (RFC 5246 §6.2.2).
            return SslContextBuilder.forServer(key, chain)
                    .sslProvider(SslProvider.JDK)
                    .protocols(PROTOCOLS)
                    .ciphers(CIPHER_SUITES, SupportedCipherSuiteFilter.INSTANCE)
                    .build();
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("'" + CERTIFICATE_KEY + "' / '" + PRIVATE_KEY_KEY + "': cannot set up"
                    + " TLS with " + tls.certificate() + " and " + tls.privateKey() + ": " + e.getMessage(), e);
        }
    }

    private static X509Certificate[] certificates(Path file) {
        byte[] pem = read(file, CERTIFICATE_KEY);
        List<X509Certificate> chain = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            // The JDK's X.509 factory reads PEM ("-----BEGIN CERTIFICATE-----") as well as DER, several in a row.
            factory.generateCertificates(new ByteArrayInputStream(pem)).forEach(c -> chain.add((X509Certificate) c));
        } catch (CertificateException | ClassCastException e) {
            throw new IllegalStateException("'" + CERTIFICATE_KEY + "': " + file + " is not a PEM certificate"
                    + " chain: " + e.getMessage(), e);
        }
        if (chain.isEmpty()) {
            throw new IllegalStateException("'" + CERTIFICATE_KEY + "': " + file + " holds no certificate");
        }
        return chain.toArray(new X509Certificate[0]);
    }

    /** An unencrypted PKCS#8 key (RFC 7468 §10: {@code BEGIN PRIVATE KEY}), RSA, EC or Ed25519. */
    private static PrivateKey privateKey(Path file) {
        byte[] pem = read(file, PRIVATE_KEY_KEY);
        String text = new String(pem, StandardCharsets.US_ASCII);
        Arrays.fill(pem, (byte) 0);
        if (text.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----")) {
            throw new IllegalStateException("'" + PRIVATE_KEY_KEY + "': " + file + " is encrypted; the NVR starts"
                    + " unattended, so give it an unencrypted key (openssl pkcs8 -topk8 -nocrypt)");
        }
        if (text.contains("-----BEGIN RSA PRIVATE KEY-----") || text.contains("-----BEGIN EC PRIVATE KEY-----")) {
            throw new IllegalStateException("'" + PRIVATE_KEY_KEY + "': " + file + " is a PKCS#1/SEC1 key;"
                    + " convert it to PKCS#8 with: openssl pkcs8 -topk8 -nocrypt -in OLD -out NEW");
        }
        String begin = "-----BEGIN PRIVATE KEY-----";
        String end = "-----END PRIVATE KEY-----";
        int from = text.indexOf(begin);
        int to = from < 0 ? -1 : text.indexOf(end, from);
        if (to < 0) {
            throw new IllegalStateException("'" + PRIVATE_KEY_KEY + "': " + file + " has no PEM private key ("
                    + begin + ")");
        }
        byte[] der;
        try {
            // RFC 7468 §3: the body is base64 split over lines.
            der = Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("'" + PRIVATE_KEY_KEY + "': " + file + ": the PEM body is not base64",
                    e);
        }
        try {
            PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
            for (String algorithm : List.of("EC", "RSA", "Ed25519")) {
                try {
                    return KeyFactory.getInstance(algorithm).generatePrivate(spec);
                } catch (GeneralSecurityException e) {
                    // Not this algorithm: the next one is tried.
                }
            }
        } finally {
            Arrays.fill(der, (byte) 0);
        }
        throw new IllegalStateException("'" + PRIVATE_KEY_KEY + "': " + file + " is not an RSA, EC or Ed25519"
                + " PKCS#8 private key");
    }

    /** Signs and verifies a probe, so that a key of another certificate fails here and not at each handshake. */
    private static void requireMatch(PrivateKey key, X509Certificate certificate, AdminTls tls) {
        String algorithm;
        switch (key.getAlgorithm()) {
            case "EC":
                algorithm = "SHA256withECDSA";
                break;
            case "RSA":
                algorithm = "SHA256withRSA";
                break;
            default:
                algorithm = key.getAlgorithm();
                break;
        }
        byte[] probe = "nvr admin tls key check".getBytes(StandardCharsets.US_ASCII);
        boolean matches;
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            matches = verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            matches = false;
        }
        if (!matches) {
            throw new IllegalStateException("'" + PRIVATE_KEY_KEY + "': " + tls.privateKey() + " is not the key of"
                    + " the certificate in '" + CERTIFICATE_KEY + "' (" + tls.certificate() + ", "
                    + certificate.getSubjectX500Principal().getName() + ")");
        }
    }

    private static byte[] read(Path file, String key) {
        try {
            if (!Files.isRegularFile(file)) {
                throw new IllegalStateException("'" + key + "': " + file + " does not exist or is not a file");
            }
            if (Files.size(file) > MAX_PEM_BYTES) {
                throw new IllegalStateException("'" + key + "': " + file + " is larger than " + MAX_PEM_BYTES
                        + " bytes; not a PEM file");
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalStateException("'" + key + "': cannot read " + file + ": " + e, e);
        }
    }
}
