package org.nvr.cli.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Path;
import org.nvr.core.admin.AdminTls;

/**
 * {@code admin.tls:} as written in nvr.yaml: both PEM files or neither. Read into {@link AdminTls}, whose files the
 * admin endpoint checks at start (a missing file or bad PEM fails the start, naming the key).
 */
record AdminTlsYaml(AdminTls tls) {
    @JsonCreator
    static AdminTlsYaml fromYaml(@JsonProperty("certificate") String certificate,
                                 @JsonProperty("privateKey") String privateKey) {
        boolean hasCertificate = certificate != null && !certificate.isBlank();
        boolean hasKey = privateKey != null && !privateKey.isBlank();
        if (!hasCertificate && !hasKey) {
            return new AdminTlsYaml(null);
        }
        if (!hasCertificate) {
            throw new IllegalArgumentException("'admin.tls.certificate' is required with 'admin.tls.privateKey'");
        }
        if (!hasKey) {
            throw new IllegalArgumentException("'admin.tls.privateKey' is required with 'admin.tls.certificate'");
        }
        return new AdminTlsYaml(new AdminTls(Path.of(certificate), Path.of(privateKey)));
    }
}
