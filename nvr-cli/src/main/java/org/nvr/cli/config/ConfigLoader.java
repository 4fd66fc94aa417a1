package org.nvr.cli.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** Reads nvr.yaml strictly: unknown keys and bad values are errors that name the key and the line. */
public final class ConfigLoader {
    /** A config file larger than this is a mistake, not a config. */
    private static final long MAX_CONFIG_BYTES = 1024 * 1024;

    private final YAMLFactory yaml = new YAMLFactory();
    private final ObjectMapper mapper = new ObjectMapper(yaml)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

    /** @throws ConfigException with the file, line and key of the first problem */
    public NvrConfig load(Path file) {
        String text;
        try {
            if (Files.size(file) > MAX_CONFIG_BYTES) {
                throw new ConfigException(file + ": larger than " + MAX_CONFIG_BYTES + " bytes");
            }
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + e.getMessage());
        }
        try {
            NvrConfig config = mapper.readValue(text, NvrConfig.class);
            return config == null ? NvrConfig.defaults() : config;
        } catch (JsonProcessingException e) {
            throw new ConfigException(describe(file, text, e));
        }
    }

    private String describe(Path file, String text, JsonProcessingException e) {
        StreamReadException syntax = causeOfType(e, StreamReadException.class);
        if (syntax != null) {
            return file + where(syntax.getLocation()) + ": not valid YAML: " + syntax.getOriginalMessage();
        }
        if (!(e instanceof JsonMappingException mapping)) {
            return file + where(e.getLocation()) + ": " + e.getOriginalMessage();
        }
        // Jackson reports the location where it noticed the problem, often past the key; the key's own line is
        // what a person looks for, so find it by walking the YAML again.
        String line = YamlKeyLocator.lineOf(yaml, text, mapping.getPath())
                .map(n -> ":" + n).orElse(where(e.getLocation()));
        String key = path(mapping.getPath());
        if (e instanceof UnrecognizedPropertyException) {
            return file + line + ": unknown key '" + key + "'";
        }
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        String message = root instanceof IllegalArgumentException || root instanceof NullPointerException
                ? root.getMessage() : e.getOriginalMessage();
        return file + line + ": " + (key.isEmpty() ? "" : "'" + key + "': ") + message;
    }

    private static <T extends Throwable> T causeOfType(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static String where(JsonLocation location) {
        return location == null || location.getLineNr() < 1 ? "" : ":" + location.getLineNr();
    }

    private static String path(List<JsonMappingException.Reference> references) {
        return references.stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }
}
