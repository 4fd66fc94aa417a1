package org.nvr.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import org.h2.api.ErrorCode;
import org.nvr.cli.config.ConfigLoader;
import org.nvr.cli.config.NvrConfig;
import org.nvr.core.model.NvrException;
import org.nvr.storage.index.Database;
import picocli.CommandLine.Option;

/**
 * Where an offline command finds the index: {@code --data-dir}, or the data directory of {@code --config}
 * (default {@code config/nvr.yaml} if it exists, else the built-in default), as {@code nvr check} does.
 */
final class OfflineIndexOptions {
    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "Configuration file (default: config/nvr.yaml if it exists); gives the data directory.")
    Path configFile;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Data directory (overrides the config's).")
    Path dataDir;

    /**
     * The data directory.
     *
     * @throws org.nvr.cli.config.ConfigException for a bad configuration file
     */
    Path dataDir() {
        if (dataDir != null) {
            return dataDir;
        }
        Path file = configFile != null ? configFile : Path.of("config/nvr.yaml");
        NvrConfig config = configFile != null || Files.exists(file) ? new ConfigLoader().load(file)
                : NvrConfig.defaults();
        return config.dataDir();
    }

    /**
     * Opens the index of {@code data} (migrating it, as the server would).
     *
     * @throws NvrException FAILED_PRECONDITION with a message saying to stop the server when a running NVR holds
     *                      the index (H2's file lock allows one process at a time)
     */
    static Database open(Path data) {
        try {
            return Database.open(data);
        } catch (NvrException e) {
            if (heldByAnotherProcess(e)) {
                throw new NvrException(NvrException.Kind.FAILED_PRECONDITION, "the index in "
                        + data.toAbsolutePath() + " is in use by another process, probably a running NVR server."
                        + " Stop the server first (offline commands need the index to themselves), or use the"
                        + " server's admin API once it offers this.", e);
            }
            throw e;
        }
    }

    private static boolean heldByAnotherProcess(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getErrorCode() == ErrorCode.DATABASE_ALREADY_OPEN_1) {
                return true;
            }
        }
        return false;
    }
}
