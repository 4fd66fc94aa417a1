package org.nvr.cli.client;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * Passwords for the admin client, never from the command line (other users see arguments in {@code ps}) or from
 * a file: from an environment variable for scripts, else asked on the console without echo. Scripts may instead
 * give an API token in {@link #NVR_TOKEN}, which then replaces user and password.
 */
public final class Credentials {
    /** The NVR user's password, for scripts. */
    public static final String NVR_PASSWORD = "NVR_PASSWORD";
    /** An API token ({@code nvr tokens create}); when set, it is sent instead of a user and password. */
    public static final String NVR_TOKEN = "NVR_TOKEN";
    /** The password of a camera being added, for scripts. */
    public static final String NVR_CAMERA_PASSWORD = "NVR_CAMERA_PASSWORD";

    private Credentials() {
    }

    /**
     * The password from {@code variable}, else from the console.
     *
     * @param prompt what the console asks, e.g. {@code Password for alice}
     * @throws ClientFailure USAGE when neither gives one
     */
    public static char[] password(ClientEnvironment environment, String variable, String prompt)
            throws ClientFailure {
        var fromEnv = environment.variable(variable);
        if (fromEnv.isPresent()) {
            return fromEnv.get().toCharArray();
        }
        char[] typed = environment.console() == null ? null : environment.console().readPassword("%s: ", prompt);
        if (typed == null) {
            throw ClientFailure.usage("no password: set " + variable + " or run from a terminal");
        }
        return typed;
    }

    /**
     * {@code Bearer <token>} (RFC 6750 §2.1).
     *
     * @throws ClientFailure USAGE unless {@code token} looks like an NVR API token ({@code nvr_} and base64url
     *                       characters); the message never repeats it
     */
    public static String bearerAuthorization(String token) throws ClientFailure {
        String trimmed = token.strip();
        if (!trimmed.startsWith("nvr_") || trimmed.length() > 256
                || !trimmed.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
                        || (c >= '0' && c <= '9') || c == '_' || c == '-')) {
            throw ClientFailure.usage(NVR_TOKEN + " is not an NVR API token (nvr_ followed by letters, digits, '_'"
                    + " and '-'); create one with: nvr tokens create NAME");
        }
        return "Bearer " + trimmed;
    }

    /**
     * {@code Basic base64(user:password)} (RFC 7617 §2, UTF-8 as its charset parameter allows); clears
     * {@code password} and the intermediate bytes.
     */
    public static String basicAuthorization(String user, char[] password) {
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
        byte[] prefix = (user + ":").getBytes(StandardCharsets.UTF_8);
        byte[] credentials = new byte[prefix.length + encoded.remaining()];
        System.arraycopy(prefix, 0, credentials, 0, prefix.length);
        encoded.get(credentials, prefix.length, encoded.remaining());
        try {
            return "Basic " + Base64.getEncoder().encodeToString(credentials);
        } finally {
            Arrays.fill(credentials, (byte) 0);
            Arrays.fill(encoded.array(), (byte) 0);
            Arrays.fill(password, '\0');
        }
    }
}
