package org.nvr.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.Callable;
import org.nvr.cli.client.ApiPath;
import org.nvr.cli.client.ClientFailure;
import org.nvr.cli.client.Credentials;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code nvr cameras update ID [--url U] [--username U] [--change-password] [--transport T]}:
 * {@code PUT /api/v1/cameras/{id}} (admin; audited). The new camera password comes from {@code NVR_CAMERA_PASSWORD}
 * or the console, never from the command line or the URL.
 */
@Command(name = "update", mixinStandardHelpOptions = true,
        description = {"Change a camera added through the API; the NVR restarts it with the new settings.",
            "With --change-password the camera's password comes from NVR_CAMERA_PASSWORD or the console."})
final class CamerasUpdateCommand implements Callable<Integer> {
    private static final Set<String> RTSP_SCHEMES = Set.of("rtsp", "rtsps");

    @ParentCommand
    private CamerasCommand parent;

    @Mixin
    private AdminOptions admin;

    @Parameters(index = "0", paramLabel = "ID", description = "Camera id.")
    private String id;

    @Option(names = "--url", paramLabel = "RTSP_URL", description = "The main stream's new RTSP URL (no credentials"
            + " in it; cameras added by URL only).")
    private String url;

    @Option(names = "--username", paramLabel = "U", description = "The camera's new user name.")
    private String username;

    @Option(names = "--change-password", description = "Send a new camera password (NVR_CAMERA_PASSWORD or the"
            + " console).")
    private boolean changePassword;

    @Option(names = "--transport", paramLabel = "tcp|udp|auto",
            converter = CamerasAddCommand.TransportConverter.class, description = "RTP transport.")
    private String transport;

    @Override
    public Integer call() {
        return admin.run(parent.environment(), session -> {
            ApiPath path = ApiPath.camera(id);
            if (url == null && username == null && !changePassword && transport == null) {
                throw ClientFailure.usage("nothing to change: give --url, --username, --change-password or"
                        + " --transport");
            }
            ObjectNode body = JsonNodeFactory.instance.objectNode();
            if (url != null) {
                CamerasAddCommand.checkUrl(url, "--url", RTSP_SCHEMES);
                body.put("url", url);
            }
            if (username != null) {
                if (username.isEmpty()) {
                    throw ClientFailure.usage("--username must not be empty");
                }
                body.put("username", username);
            }
            if (changePassword) {
                char[] password = Credentials.password(session.environment(), Credentials.NVR_CAMERA_PASSWORD,
                        "New password of the camera" + (username == null ? "" : " user " + username));
                body.put("password", new String(password));
                Arrays.fill(password, '\0');
            }
            if (transport != null) {
                body.put("transport", transport);
            }
            JsonNode answer = session.client().put(path, body);
            session.show(answer, out -> {
                out.println("updated camera " + id);
                if (answer.isObject() && answer.has("id")) {
                    out.println();
                    CameraTables.detail(answer, out);
                }
            });
        });
    }
}
