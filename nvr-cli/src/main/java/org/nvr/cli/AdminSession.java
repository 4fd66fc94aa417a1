package org.nvr.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.util.Objects;
import java.util.function.Consumer;
import org.nvr.cli.client.AdminClient;
import org.nvr.cli.client.ClientEnvironment;
import org.nvr.cli.client.ClientFailure;
import org.nvr.cli.client.Credentials;
import org.nvr.cli.client.ServerTarget;

/**
 * One run of an admin client command: its output streams, the {@code --json} choice and the client, made on first
 * use, so that a command checks its arguments before asking for a password.
 */
final class AdminSession {
    private final ClientEnvironment environment;
    private final String serverFlag;
    private final String userFlag;
    private final boolean json;
    private final PrintWriter out;
    private final PrintWriter err;
    private AdminClient client;

    AdminSession(ClientEnvironment environment, String serverFlag, String userFlag, boolean json, PrintWriter out,
                 PrintWriter err) {
        this.environment = Objects.requireNonNull(environment, "environment");
        this.serverFlag = serverFlag;
        this.userFlag = userFlag;
        this.json = json;
        this.out = Objects.requireNonNull(out, "out");
        this.err = Objects.requireNonNull(err, "err");
    }

    /**
     * The client; resolves the server and user and reads the password the first time, or takes the API token in
     * {@code NVR_TOKEN} instead of user and password when that is set.
     */
    AdminClient client() throws ClientFailure {
        if (client == null && environment.variable(Credentials.NVR_TOKEN).isPresent()) {
            client = new AdminClient(ServerTarget.resolveServer(serverFlag, environment),
                    Credentials.bearerAuthorization(environment.variable(Credentials.NVR_TOKEN).get()));
        }
        if (client == null) {
            ServerTarget target = ServerTarget.resolve(serverFlag, userFlag, environment);
            char[] password = Credentials.password(environment, Credentials.NVR_PASSWORD,
                    "Password for " + target.user() + " at " + target.server());
            client = new AdminClient(target.server(), Credentials.basicAuthorization(target.user(), password));
        }
        return client;
    }

    ClientEnvironment environment() {
        return environment;
    }

    PrintWriter out() {
        return out;
    }

    PrintWriter err() {
        return err;
    }

    /**
     * Shows an answer: with {@code --json} the server's JSON, pretty (nothing for an empty answer), else what
     * {@code human} prints.
     */
    void show(JsonNode answer, Consumer<PrintWriter> human) {
        if (json) {
            if (!answer.isMissingNode()) {
                try {
                    out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(answer));
                } catch (JsonProcessingException e) {
                    // A tree that was just parsed from JSON always writes back.
                    throw new IllegalStateException("cannot write JSON", e);
                }
            }
        } else {
            human.accept(out);
        }
    }
}
