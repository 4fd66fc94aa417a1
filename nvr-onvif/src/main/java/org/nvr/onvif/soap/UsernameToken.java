package org.nvr.onvif.soap;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * A WS-Security UsernameToken with PasswordDigest (OASIS WSS UsernameToken Profile 1.0 §3.1):
 * {@code Password_Digest = Base64(SHA-1(nonce + created + password))}, where nonce is the raw bytes (sent
 * Base64-encoded) and created the exact {@code wsu:Created} string. The ONVIF Core Specification's security section
 * mandates this profile.
 *
 * @param username     the user name, sent in clear
 * @param nonceBase64  Base64 of the random nonce bytes
 * @param created      the {@code wsu:Created} timestamp, UTC, e.g. {@code 2026-01-02T03:04:05.678Z}
 * @param digestBase64 the password digest
 */
public record UsernameToken(String username, String nonceBase64, String created, String digestBase64) {
    /** {@code xsd:dateTime} in UTC with milliseconds and the {@code Z} designator. */
    public static final DateTimeFormatter CREATED_FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    public UsernameToken {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(nonceBase64, "nonceBase64");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(digestBase64, "digestBase64");
    }

    /** Builds the token for {@code nonce} and {@code created} (already corrected to the camera's clock). */
    public static UsernameToken create(String username, char[] password, byte[] nonce, Instant created) {
        String createdText = CREATED_FORMAT.format(created);
        return new UsernameToken(username, Base64.getEncoder().encodeToString(nonce), createdText,
                digest(nonce, createdText, password));
    }

    /** {@code Base64(SHA-1(nonce + created + password))}, with created and password as UTF-8. */
    public static String digest(byte[] nonce, String created, char[] password) {
        byte[] pw = utf8(password);
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(nonce);
            sha1.update(created.getBytes(StandardCharsets.UTF_8));
            sha1.update(pw);
            return Base64.getEncoder().encodeToString(sha1.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every JDK", e);
        } finally {
            Arrays.fill(pw, (byte) 0);
        }
    }

    /** UTF-8 bytes of a password without going through a String; the caller zeroes the result. */
    static byte[] utf8(char[] password) {
        ByteBuffer buf = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
        byte[] out = new byte[buf.remaining()];
        buf.get(out);
        if (buf.hasArray()) {
            Arrays.fill(buf.array(), (byte) 0);
        }
        return out;
    }

    @Override
    public String toString() {
        return "UsernameToken[username=" + username + ", created=" + created + "]";
    }
}
