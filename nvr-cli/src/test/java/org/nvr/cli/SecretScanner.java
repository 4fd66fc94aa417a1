package org.nvr.cli;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Searches text for secrets in every form a careless log line could carry them: the plain text, percent- and
 * form-encoded (a URL's user information or a query), Base64 of {@code user:password} (what HTTP and RTSP Basic
 * send, RFC 7617 §2) and of the password alone, the Digest {@code H(A1)} of {@code user:realm:password} in MD5 and
 * SHA-256 (RFC 7616 §3.4.2; what a Digest client or server could log instead of the password), an API token and
 * its SHA-256 (what the token table stores), and the Base64 lines of a PEM private key.
 */
final class SecretScanner {
    /** Shorter forms would match by chance (a PEM's last line can be a few characters). */
    private static final int MIN_FORM_CHARS = 12;

    /** One form of one secret, e.g. ("admin password", "Base64 of user:password", "YWRt..."). */
    record Form(String secret, String form, String text) {
        Form {
            Objects.requireNonNull(secret, "secret");
            Objects.requireNonNull(form, "form");
            Objects.requireNonNull(text, "text");
        }

        /** Never the text itself: a failure message must not print the secret either. */
        @Override
        public String toString() {
            return secret + " (" + form + ")";
        }
    }

    /** Where a form was found: the file (or stream name) and the 1-based line. */
    record Finding(String where, int line, Form form) {
        @Override
        public String toString() {
            return where + ":" + line + ": " + form;
        }
    }

    private final List<Form> forms = new ArrayList<>();
    private final Map<String, Integer> secrets = new LinkedHashMap<>();

    /** A password of {@code user}, with the Digest realm it would be hashed with. */
    SecretScanner password(String name, String user, String password, String realm) {
        add(name, "plain", password);
        add(name, "percent-encoded", URLEncoder.encode(password, StandardCharsets.UTF_8).replace("+", "%20"));
        add(name, "form-encoded", URLEncoder.encode(password, StandardCharsets.UTF_8));
        add(name, "Base64 of user:password", base64(user + ":" + password));
        add(name, "Base64 of the password", base64(password));
        String a1 = user + ":" + realm + ":" + password;
        for (String algorithm : List.of("MD5", "SHA-256")) {
            String hex = hex(algorithm, a1);
            add(name, "Digest H(A1) " + algorithm, hex);
            add(name, "Digest H(A1) " + algorithm + " upper case", hex.toUpperCase(Locale.ROOT));
        }
        return this;
    }

    /** An API token: the text, its SHA-256 (the stored hash) and its Base64. */
    SecretScanner token(String name, String token) {
        add(name, "plain", token);
        add(name, "SHA-256", hex("SHA-256", token));
        add(name, "Base64", base64(token));
        return this;
    }

    /** The body of a PEM private key: each Base64 line, and the body as one line. */
    SecretScanner pemKey(String name, Path pem) throws IOException {
        List<String> body = new ArrayList<>();
        for (String line : Files.readAllLines(pem, StandardCharsets.US_ASCII)) {
            if (!line.isBlank() && !line.startsWith("-----")) {
                body.add(line.strip());
            }
        }
        if (body.isEmpty()) {
            throw new IllegalArgumentException(pem + " has no PEM body");
        }
        for (int i = 0; i < body.size(); i++) {
            if (body.get(i).length() >= MIN_FORM_CHARS) {
                add(name, "PEM body line " + (i + 1), body.get(i));
            }
        }
        add(name, "PEM body on one line", String.join("", body));
        return this;
    }

    private void add(String secret, String form, String text) {
        if (text.length() < MIN_FORM_CHARS) {
            throw new IllegalArgumentException(secret + ": its " + form + " is shorter than " + MIN_FORM_CHARS
                    + " characters; choose a longer test secret");
        }
        for (Form f : forms) {
            if (f.secret().equals(secret) && f.text().equals(text)) {
                return;
            }
        }
        forms.add(new Form(secret, form, text));
        secrets.merge(secret, 1, Integer::sum);
    }

    /** Every form, for self-checks. */
    List<Form> forms() {
        return List.copyOf(forms);
    }

    /** How many secrets (not forms) are searched for. */
    int secretCount() {
        return secrets.size();
    }

    /** Every form found in {@code text}, line by line; {@code where} names it in the findings. */
    List<Finding> scan(String where, String text) {
        List<Finding> found = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            for (Form form : forms) {
                if (lines[i].contains(form.text())) {
                    found.add(new Finding(where, i + 1, form));
                }
            }
        }
        // A form broken over two lines (a wrapped Base64 dump) is found in the text as a whole.
        String joined = text.replace("\r", "").replace("\n", "");
        for (Form form : forms) {
            if (joined.contains(form.text()) && found.stream().noneMatch(f -> f.form().equals(form))) {
                found.add(new Finding(where, 0, form));
            }
        }
        return found;
    }

    /** {@link #scan(String, String)} of a file read as UTF-8 (malformed bytes replaced, not skipped). */
    List<Finding> scan(Path file) throws IOException {
        return scan(file.toString(), new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
    }

    private static String base64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String hex(String algorithm, String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm)
                    .digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is a required JDK algorithm", e);
        }
    }
}
