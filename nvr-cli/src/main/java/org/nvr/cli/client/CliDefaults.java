package org.nvr.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Objects;
import java.util.Optional;

/**
 * The per-user defaults of the admin client, from {@code ~/.config/nvr/cli.yaml}:
 * <pre>
 * server: https://nvr.example.org:8443
 * user: alice
 * </pre>
 * Only these two keys: a password there would sit in a file that backups and dotfile repositories copy, so a
 * {@code password} key is refused with a message saying where passwords come from.
 *
 * @param server the NVR's admin URL
 * @param user   the NVR user name
 */
public record CliDefaults(Optional<String> server, Optional<String> user) {
    /** Largest cli.yaml read; two short keys need far less. */
    static final int MAX_FILE_BYTES = 64 * 1024;

    public CliDefaults {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(user, "user");
    }

    /** No defaults (no file). */
    public static CliDefaults none() {
        return new CliDefaults(Optional.empty(), Optional.empty());
    }

    /**
     * Reads {@code file}; a missing file gives {@link #none()}.
     *
     * @throws ClientFailure USAGE for a file that is not YAML, not a mapping, too large, or has other keys
     */
    public static CliDefaults read(Path file) throws ClientFailure {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_FILE_BYTES + 1);
        } catch (NoSuchFileException e) {
            return none();
        } catch (IOException e) {
            throw ClientFailure.usage("cannot read " + file + ": " + e.getMessage());
        }
        if (bytes.length > MAX_FILE_BYTES) {
            throw ClientFailure.usage(file + " is larger than " + MAX_FILE_BYTES + " bytes");
        }
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(bytes);
        } catch (IOException e) {
            throw ClientFailure.usage(file + " is not valid YAML: " + e.getMessage());
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return none();
        }
        if (!root.isObject()) {
            throw ClientFailure.usage(file + " must be a mapping with the keys 'server' and 'user'");
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (name.equals("password")) {
                throw ClientFailure.usage("'password' in " + file + " is not read: passwords come from NVR_PASSWORD"
                        + " or the prompt; remove it from the file");
            }
            if (!name.equals("server") && !name.equals("user")) {
                throw ClientFailure.usage("unknown key '" + name + "' in " + file + " (known: server, user)");
            }
        }
        return new CliDefaults(text(root, "server", file), text(root, "user", file));
    }

    private static Optional<String> text(JsonNode root, String key, Path file) throws ClientFailure {
        JsonNode value = root.get(key);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            throw ClientFailure.usage("'" + key + "' in " + file + " must be a non-empty string");
        }
        return Optional.of(value.asText().strip());
    }
}
