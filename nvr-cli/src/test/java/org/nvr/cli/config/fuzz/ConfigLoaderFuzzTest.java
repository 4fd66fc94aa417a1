package org.nvr.cli.config.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.nvr.cli.config.ConfigException;
import org.nvr.cli.config.ConfigLoader;
import org.nvr.cli.config.NvrConfig;

/**
 * {@link ConfigLoader#load} on an arbitrary {@code nvr.yaml} (an admin's typo, a truncated copy, binary junk).
 * Contract: a file that is not a valid configuration fails with a {@link ConfigException} whose message starts
 * with the file's path (so the admin sees which file and, where known, which line and key); nothing else is
 * thrown; a file that loads gives a configuration.
 *
 * <p>Seeds in {@code ConfigLoaderFuzzTestInputs/}: {@code config/nvr.yaml} (every key, commented) and the YAML of
 * {@code ConfigLoaderTest}.
 */
class ConfigLoaderFuzzTest {
    private static final Path FILE = tempFile();
    private final ConfigLoader loader = new ConfigLoader();

    @FuzzTest(maxDuration = "30s")
    void yaml(byte[] input) throws IOException {
        Files.write(FILE, input);
        NvrConfig config;
        try {
            config = loader.load(FILE);
        } catch (ConfigException expected) {
            assertThat(expected.getMessage()).startsWith(FILE.toString());
            return;
        }
        assertThat(config).isNotNull();
    }

    private static Path tempFile() {
        try {
            Path file = Files.createTempFile("nvr-fuzz", ".yaml");
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
