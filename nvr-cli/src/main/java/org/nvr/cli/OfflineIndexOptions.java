package org.nvr.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Optional;
import org.h2.api.ErrorCode;
import org.nvr.cli.config.ConfigException;
import org.nvr.cli.config.ConfigLoader;
import org.nvr.cli.config.NvrConfig;
import org.nvr.core.model.NvrException;
import org.nvr.storage.index.Database;
import picocli.CommandLine.Option;

/**
 * Where an offline command finds the index: {@code --data-dir}, or the data directory of {@code --config}
 * (default {@code config/nvr.yaml} if it exists, else the built-in default); and the frame the offline commands
 * share around their work on it (bad configuration, locked index, failures mapped to {@link ExitCodes}).
 */
final class OfflineIndexOptions {
    /** What an offline command does with the open index. */
    @FunctionalInterface
    interface IndexWork {
        /**
         * Does the command's work.
         *
         * @return the exit code
         * @throws NvrException for a failure, printed and mapped by {@link ExitCodes#of}
         */
        int run(Database database);
    }

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
     * The data directory, or empty after printing {@code bad configuration: ...} to {@code err} (the command then
     * exits with {@link ExitCodes#USAGE}).
     */
    Optional<Path> dataDir(PrintWriter err) {
        try {
            return Optional.of(dataDir());
        } catch (ConfigException e) {
            err.println("bad configuration: " + e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Runs {@code work} on the index of the data directory: {@link ExitCodes#USAGE} for a bad configuration, as
     * {@link #withIndex(Path, PrintWriter, String, IndexWork)} otherwise.
     */
    int withIndex(PrintWriter err, String failure, IndexWork work) {
        Optional<Path> data = dataDir(err);
        return data.isPresent() ? withIndex(data.get(), err, failure, work) : ExitCodes.USAGE;
    }

    /**
     * Opens the index of {@code data} (see {@link #open}), runs {@code work} on it and closes it. A failure, a
     * locked index included, is printed to {@code err} as {@code failure: message} and exits with
     * {@link ExitCodes#of}.
     */
    static int withIndex(Path data, PrintWriter err, String failure, IndexWork work) {
        try (Database database = open(data)) {
            return work.run(database);
        } catch (NvrException e) {
            err.println(failure + ": " + e.getMessage());
            return ExitCodes.of(e);
        }
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
