package org.nvr.cli.client;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Objects;
import java.util.Optional;

/**
 * Which NVR to talk to, as whom. Each of the two is taken from the command line, else the environment
 * ({@code NVR_SERVER}, {@code NVR_USER}), else {@code cli.yaml}; the server defaults to {@link #DEFAULT_SERVER}.
 *
 * @param server the admin base URL: http or https, with no credentials, query or fragment
 * @param user   the NVR user name (no ':', which Basic credentials cannot carry)
 */
public record ServerTarget(URI server, String user) {
    /** Where {@code nvr run} listens by default ({@code admin.bind:admin.port}). */
    public static final String DEFAULT_SERVER = "http://127.0.0.1:8080";

    public ServerTarget {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(user, "user");
    }

    /**
     * Resolves the target; {@code cli.yaml} is read only when the command line and environment leave something
     * open.
     *
     * @param serverFlag {@code --server}, or null
     * @param userFlag   {@code --user}, or null
     * @throws ClientFailure USAGE for a bad URL, a missing or bad user name, or a bad cli.yaml
     */
    public static ServerTarget resolve(String serverFlag, String userFlag, ClientEnvironment environment)
            throws ClientFailure {
        Optional<String> server = nonEmpty(serverFlag).or(() -> environment.variable("NVR_SERVER"));
        Optional<String> user = nonEmpty(userFlag).or(() -> environment.variable("NVR_USER"));
        if (server.isEmpty() || user.isEmpty()) {
            CliDefaults defaults = CliDefaults.read(environment.cliYaml());
            server = server.or(defaults::server);
            user = user.or(defaults::user);
        }
        String name = user.orElseThrow(() -> ClientFailure.usage("no user: give --user NAME, set NVR_USER or put"
                + " 'user:' in " + environment.cliYaml()));
        if (name.indexOf(':') >= 0) {
            // RFC 7617 §2: the user-id of Basic credentials cannot contain a colon.
            throw ClientFailure.usage("a user name cannot contain ':'");
        }
        return new ServerTarget(parseServer(server.orElse(DEFAULT_SERVER)), name);
    }

    /**
     * The server alone, for a client that authenticates with an API token (no user needed): the command line,
     * else {@code NVR_SERVER}, else {@code cli.yaml}, else {@link #DEFAULT_SERVER}.
     *
     * @throws ClientFailure USAGE for a bad URL or a bad cli.yaml
     */
    public static URI resolveServer(String serverFlag, ClientEnvironment environment) throws ClientFailure {
        Optional<String> server = nonEmpty(serverFlag).or(() -> environment.variable("NVR_SERVER"));
        if (server.isEmpty()) {
            server = CliDefaults.read(environment.cliYaml()).server();
        }
        return parseServer(server.orElse(DEFAULT_SERVER));
    }

    /**
     * The admin base URL.
     *
     * @throws ClientFailure USAGE unless it is an http:// or https:// URL with a host and no credentials, query or
     *                       fragment (credentials in a URL end up in shell history and process lists)
     */
    public static URI parseServer(String text) throws ClientFailure {
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (URISyntaxException e) {
            throw ClientFailure.usage("bad server URL: " + e.getMessage());
        }
        if (!("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                || uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawQuery() != null
                || uri.getRawFragment() != null) {
            throw ClientFailure.usage("the server must be an http:// or https:// URL without credentials, query or"
                    + " fragment: " + text);
        }
        return uri;
    }

    private static Optional<String> nonEmpty(String value) {
        return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
    }
}
