package org.nvr.core.admin;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * A user name and password from an {@code Authorization: Basic} header (RFC 7617). The password is a char array
 * so that the caller can wipe it ({@link #wipe()}) once checked; {@link #toString()} never shows it.
 */
public record BasicCredentials(String name, char[] password) {
    /** Longest header value accepted: a name of 64 characters and a long passphrase, base64-encoded. */
    static final int MAX_HEADER_CHARS = 1024;

    public BasicCredentials {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(password, "password");
    }

    /**
     * Parses an {@code Authorization} header value: the scheme {@code Basic} (case-insensitive, RFC 9110 §11.1)
     * and a base64 token (RFC 7617 §2) of {@code user-id ":" password} in UTF-8 (the charset we announce in the
     * challenge, RFC 7617 §2.1).
     *
     * @throws IllegalArgumentException if the header is not well-formed Basic credentials; the message never
     *                                  holds the header's content
     */
    public static BasicCredentials parse(String header) {
        Objects.requireNonNull(header, "header");
        if (header.length() > MAX_HEADER_CHARS) {
            throw new IllegalArgumentException("Authorization header is longer than " + MAX_HEADER_CHARS);
        }
        String value = header.strip();
        int space = value.indexOf(' ');
        if (space < 0 || !value.substring(0, space).equalsIgnoreCase("Basic")) {
            throw new IllegalArgumentException("Authorization scheme is not Basic");
        }
        String token = value.substring(space + 1).strip();
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(token);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Basic credentials are not base64");
        }
        CharBuffer chars;
        try {
            chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(decoded));
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("Basic credentials are not UTF-8");
        } finally {
            Arrays.fill(decoded, (byte) 0);
        }
        char[] all = new char[chars.remaining()];
        chars.get(all);
        Arrays.fill(chars.array(), '\0');
        try {
            int colon = -1;
            for (int i = 0; i < all.length; i++) {
                if (all[i] == ':') {
                    colon = i;
                    break;
                }
            }
            // RFC 7617 §2: the user-id must not contain a colon, so the first colon separates the two.
            if (colon <= 0) {
                throw new IllegalArgumentException("Basic credentials have no user name and colon");
            }
            String name = new String(all, 0, colon);
            for (int i = 0; i < name.length(); i++) {
                if (Character.isISOControl(name.charAt(i))) {
                    throw new IllegalArgumentException("Basic credentials' user name has control characters");
                }
            }
            return new BasicCredentials(name, Arrays.copyOfRange(all, colon + 1, all.length));
        } finally {
            Arrays.fill(all, '\0');
        }
    }

    /** Overwrites the password in memory. */
    public void wipe() {
        Arrays.fill(password, '\0');
    }

    @Override
    public String toString() {
        return "BasicCredentials[" + name + ", password=<hidden>]";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof BasicCredentials that && that.name.equals(name)
                && Arrays.equals(that.password, password);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }
}
