package org.nvr.cli;

import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.nvr.core.model.NvrException;

/**
 * Reads a password without it ever being a command-line argument (which other users see in {@code ps}) or a
 * {@link String} (which cannot be cleared): from the console without echo, or as the first line of standard
 * input for scripts ({@code --password-stdin}, as {@code docker login} does).
 */
final class PasswordInput {
    /** Longest line read from standard input, bytes. */
    static final int MAX_LINE_BYTES = 4096;

    private PasswordInput() {
    }

    /**
     * Asks twice on the console; both must match.
     *
     * @throws NvrException INVALID_ARGUMENT when there is no console or the two differ
     */
    static char[] fromConsoleTwice(Console console, String prompt) {
        if (console == null) {
            throw new NvrException(NvrException.Kind.INVALID_ARGUMENT,
                    "no console to read the password from: use --password-stdin");
        }
        char[] first = console.readPassword("%s: ", prompt);
        char[] second = console.readPassword("%s (again): ", prompt);
        try {
            if (first == null || second == null) {
                throw new NvrException(NvrException.Kind.INVALID_ARGUMENT, "no password given");
            }
            if (!Arrays.equals(first, second)) {
                throw new NvrException(NvrException.Kind.INVALID_ARGUMENT, "the passwords do not match");
            }
            return first;
        } catch (RuntimeException e) {
            clear(first);
            throw e;
        } finally {
            clear(second);
        }
    }

    /** Asks once on the console; null without a console or when the user ends input. */
    static char[] fromConsoleOnce(Console console, String prompt) {
        return console == null ? null : console.readPassword("%s: ", prompt);
    }

    /**
     * The first line of {@code in} (without its {@code \n} or {@code \r\n}), decoded as UTF-8.
     *
     * @throws NvrException INVALID_ARGUMENT for an empty input, a line longer than {@link #MAX_LINE_BYTES} or
     *                      bytes that are not UTF-8
     */
    static char[] fromStream(InputStream in) {
        byte[] line = new byte[MAX_LINE_BYTES];
        int length = 0;
        try {
            int b;
            while ((b = in.read()) != -1 && b != '\n') {
                if (length == line.length) {
                    throw new NvrException(NvrException.Kind.INVALID_ARGUMENT, "password line longer than "
                            + MAX_LINE_BYTES + " bytes");
                }
                line[length++] = (byte) b;
            }
            if (length > 0 && line[length - 1] == '\r') {
                length--;
            }
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(line, 0, length));
            char[] password = new char[chars.remaining()];
            chars.get(password);
            Arrays.fill(chars.array(), '\0');
            return password;
        } catch (CharacterCodingException e) {
            throw new NvrException(NvrException.Kind.INVALID_ARGUMENT, "the password on standard input is not UTF-8");
        } catch (IOException e) {
            throw new NvrException(NvrException.Kind.UNAVAILABLE, "cannot read standard input: " + e.getMessage(), e);
        } finally {
            Arrays.fill(line, (byte) 0);
        }
    }

    static void clear(char[] password) {
        if (password != null) {
            Arrays.fill(password, '\0');
        }
    }
}
