package org.nvr.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the module's Maven {@code target/} directory, where peer logs and generated media go. */
final class BuildDirectory {
    private BuildDirectory() {
    }

    /** {@code target/<name>}, created if missing. */
    static Path sub(String name) {
        Path dir = target().resolve(name);
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }

    /** The {@code target/} directory holding {@code test-classes/}, else {@code ./target}. */
    static Path target() {
        try {
            Path classes = Path.of(BuildDirectory.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path parent = classes.getParent();
            if (Files.isDirectory(classes) && parent != null && parent.getFileName().toString().equals("target")) {
                return parent;
            }
        } catch (URISyntaxException e) {
            throw new IllegalStateException("test classes location is not a path", e);
        }
        return Path.of("target").toAbsolutePath();
    }
}
