package org.nvr.cli.config;

/** nvr.yaml is unreadable or holds a bad value; the message names the file, line and key. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
