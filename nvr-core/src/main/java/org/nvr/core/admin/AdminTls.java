package org.nvr.core.admin;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The admin endpoint's TLS key pair, both PEM files ({@code admin.tls} in nvr.yaml): the server certificate
 * (followed by its intermediates, if any) and its unencrypted PKCS#8 private key ({@code BEGIN PRIVATE KEY}, what
 * {@code openssl req -newkey ... -nodes} and certbot write).
 *
 * @param certificate the certificate chain, server certificate first
 * @param privateKey  the private key of the first certificate
 */
public record AdminTls(Path certificate, Path privateKey) {
    public AdminTls {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(privateKey, "privateKey");
    }
}
