package org.nvr.core.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.nvr.core.testing.Peers;
import org.nvr.core.testing.ProcessRunner;

/** Self-signed PEM key pairs made by the openssl command (Debian package openssl), and clients trusting them. */
final class TestCertificates {
    private TestCertificates() {
    }

    /**
     * A P-256 key and a one-day certificate for 127.0.0.1 (subjectAltName, so that the JDK client's host check
     * passes) in {@code dir}: {@code <name>.crt} and {@code <name>.key} (PKCS#8, unencrypted, as OpenSSL 3 writes).
     */
    static AdminTls generate(Path dir, String name) {
        return generate(dir, name, List.of("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"));
    }

    /** The same with a 2048-bit RSA key, for the suites that only an RSA certificate can serve. */
    static AdminTls generateRsa(Path dir, String name) {
        return generate(dir, name, List.of("-newkey", "rsa:2048"));
    }

    private static AdminTls generate(Path dir, String name, List<String> keyOptions) {
        Peers.require("openssl (Debian package: openssl)", Peers.has("openssl"));
        Path certificate = dir.resolve(name + ".crt");
        Path key = dir.resolve(name + ".key");
        List<String> command = new ArrayList<>(List.of("openssl", "req", "-x509"));
        command.addAll(keyOptions);
        command.addAll(List.of("-nodes", "-keyout", key.toString(), "-out", certificate.toString(), "-days", "1",
                "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"));
        ProcessRunner.Result result = ProcessRunner.run(command, Duration.ofSeconds(30));
        assertThat(result.succeeded()).as(result.describe()).isTrue();
        return new AdminTls(certificate, key);
    }

    /** A client context trusting only {@code certificate}. */
    static SSLContext trusting(Path certificate) throws IOException, GeneralSecurityException {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(certificate)) {
            Certificate cert = CertificateFactory.getInstance("X.509").generateCertificate(in);
            trust.setCertificateEntry("nvr", cert);
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }
}
