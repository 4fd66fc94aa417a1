package org.nvr.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.nvr.cli.client.ClientEnvironment;

/**
 * The shared setup of the client command tests: a fresh {@link FakeAdminServer} per test, a temporary directory
 * for the CLI's config file, and the environment a command sees. Commands run with {@link FakeAdminServer#run}.
 */
abstract class FakeAdminCommandTest {
    /** Holds {@code cli.yaml} (absent unless a test writes it) and any file a command saves. */
    @TempDir
    Path dir;

    FakeAdminServer server;

    @BeforeEach
    void startFakeAdminServer() throws IOException {
        server = new FakeAdminServer();
    }

    @AfterEach
    void stopFakeAdminServer() {
        server.close();
    }

    /** The environment of {@code user} with the shared password, pointed at the fake server. */
    ClientEnvironment env(String user) {
        return env(Map.of("NVR_SERVER", server.url(), "NVR_USER", user, "NVR_PASSWORD", FakeAdminServer.PASSWORD));
    }

    /** Exactly these environment variables, with the config file in {@link #dir}. */
    ClientEnvironment env(Map<String, String> variables) {
        return new ClientEnvironment(variables, null, dir.resolve("cli.yaml"));
    }
}
