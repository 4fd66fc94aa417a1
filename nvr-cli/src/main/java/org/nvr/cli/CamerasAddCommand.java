package org.nvr.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import org.nvr.cli.client.ApiPath;
import org.nvr.cli.client.ClientFailure;
import org.nvr.cli.client.Credentials;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code nvr cameras add ID --url RTSP_URL | --onvif URL}: {@code POST /api/v1/cameras} (admin; audited). The
 * camera's password comes from {@code NVR_CAMERA_PASSWORD} or the console, never from the command line or the URL.
 */
@Command(name = "add", mixinStandardHelpOptions = true,
        description = {"Add a camera by RTSP URL or ONVIF address; the NVR starts recording it.",
            "The camera's password comes from NVR_CAMERA_PASSWORD or the console, never from the command line."})
final class CamerasAddCommand implements Callable<Integer> {
    private static final Set<String> RTSP_SCHEMES = Set.of("rtsp", "rtsps");
    private static final Set<String> HTTP_SCHEMES = Set.of("http", "https");

    @ParentCommand
    private CamerasCommand parent;

    @Mixin
    private AdminOptions admin;

    @Parameters(index = "0", paramLabel = "ID", description = "Camera id: lower case letters, digits, '_', '-'.")
    private String id;

    @ArgGroup(exclusive = true, multiplicity = "1")
    private Source source;

    /** Where the camera is: exactly one of the two. */
    static final class Source {
        @Option(names = "--url", paramLabel = "RTSP_URL", description = "The camera's RTSP URL (no credentials in"
                + " it).")
        String rtspUrl;

        @Option(names = "--onvif", paramLabel = "URL", description = "The camera's ONVIF device service URL; the NVR"
                + " picks the streams (main: highest resolution H.264, sub: lowest).")
        String onvifUrl;
    }

    @Option(names = "--username", paramLabel = "U", description = "The camera's user name (needed with --onvif).")
    private String username;

    @Option(names = "--transport", paramLabel = "tcp|udp|auto", converter = TransportConverter.class,
            description = "RTP transport (default: the NVR's).")
    private String transport;

    @Override
    public Integer call() {
        return admin.run(parent.environment(), session -> {
            ApiPath.checkCameraId(id);
            boolean onvif = source.onvifUrl != null;
            String url = onvif ? source.onvifUrl : source.rtspUrl;
            checkUrl(url, onvif ? "--onvif" : "--url", onvif ? HTTP_SCHEMES : RTSP_SCHEMES);
            if (onvif && (username == null || username.isEmpty())) {
                throw ClientFailure.usage("--onvif needs --username: the NVR logs in to the camera to read its"
                        + " profiles");
            }
            var client = session.client();
            ObjectNode body = JsonNodeFactory.instance.objectNode();
            body.put("id", id);
            ObjectNode credentialsAt = body;
            if (onvif) {
                credentialsAt = body.putObject("onvif");
                credentialsAt.put("url", url);
            } else {
                body.put("url", url);
            }
            if (username != null && !username.isEmpty()) {
                credentialsAt.put("username", username);
                char[] password = Credentials.password(session.environment(), Credentials.NVR_CAMERA_PASSWORD,
                        "Password of camera user " + username);
                credentialsAt.put("password", new String(password));
                Arrays.fill(password, '\0');
            }
            if (transport != null) {
                body.put("transport", transport);
            }
            JsonNode answer = client.post(ApiPath.api("cameras"), body);
            session.show(answer, out -> {
                out.println("added camera " + id + "; the NVR starts recording it");
                if (answer.isObject() && answer.has("id")) {
                    out.println();
                    CameraTables.detail(answer, out);
                }
            });
        });
    }

    /**
     * @throws ClientFailure USAGE for a URL that does not parse, has another scheme, or carries credentials (which
     *                       would be visible to every user of the machine in the process list)
     */
    static void checkUrl(String text, String option, Set<String> schemes) throws ClientFailure {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw ClientFailure.usage("'" + option + "' is not a URL: " + e.getMessage());
        }
        if (uri.getScheme() == null || !schemes.contains(uri.getScheme().toLowerCase(Locale.ROOT))
                || uri.getHost() == null) {
            throw ClientFailure.usage("'" + option + "' must be a " + String.join(" or ", schemes.stream().sorted()
                    .toList()) + " URL with a host: " + text);
        }
        if (uri.getRawUserInfo() != null) {
            throw ClientFailure.usage("'" + option + "' must not contain credentials: give the user with --username"
                    + " and the password in NVR_CAMERA_PASSWORD or at the prompt");
        }
    }

    /** {@code tcp}, {@code udp} or {@code auto}, in any case. */
    static final class TransportConverter implements CommandLine.ITypeConverter<String> {
        @Override
        public String convert(String value) {
            String token = value.toLowerCase(Locale.ROOT);
            if (!Set.of("tcp", "udp", "auto").contains(token)) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a transport: use tcp, udp or"
                        + " auto");
            }
            return token;
        }
    }
}
