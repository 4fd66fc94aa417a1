package org.nvr.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.nvr.storage.index.Database;

/**
 * Stands in for a running server in tests: opens the index of the data directory given as the argument (taking
 * H2's file lock), prints {@code open}, and holds it until standard input closes.
 */
public final class IndexHolderMain {
    private IndexHolderMain() {
    }

    public static void main(String[] args) throws IOException {
        try (Database database = Database.open(Path.of(args[0]))) {
            System.out.println("open");
            System.out.flush();
            while (System.in.read() != -1) {
                // Wait for the test to close our standard input.
                continue;
            }
        }
    }
}
