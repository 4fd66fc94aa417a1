package org.nvr.cli;

import static org.nvr.cli.client.JsonFields.ABSENT;
import static org.nvr.cli.client.JsonFields.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nvr.cli.client.ApiPath;
import org.nvr.cli.client.ClientFailure;
import org.nvr.cli.client.JsonFields;
import org.nvr.cli.client.TextTable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code nvr camera config CAMERA}: {@code GET .../config} (operator) lists the camera's video encoder
 * configurations; with any of {@code --width/--height/--fps/--bitrate/--gop/--encoding} it is
 * {@code PUT .../config} (admin; audited) of the configuration {@code --profile TOKEN}, with only the fields given
 * (the camera keeps the others). Values are checked here as the NVR checks them, so that a typo costs no request.
 */
@Command(name = "config", mixinStandardHelpOptions = true,
        description = {"Show a camera's video encoder configurations; with --profile and any setting, change one.",
            "Changing resolution, fps or GOP changes what is recorded from the next segment on."})
final class CameraConfigCommand implements Callable<Integer> {
    @ParentCommand
    private CameraCommand parent;

    @Mixin
    private AdminOptions admin;

    @Parameters(index = "0", paramLabel = "CAMERA", description = "Camera id.")
    private String camera;

    @Option(names = "--profile", paramLabel = "TOKEN",
            description = "Encoder configuration token, as listed; alone it shows only that one.")
    private String token;

    @Option(names = "--width", paramLabel = "W", description = "Width in pixels (with --height).")
    private Integer width;

    @Option(names = "--height", paramLabel = "H", description = "Height in pixels (with --width).")
    private Integer height;

    @Option(names = "--fps", paramLabel = "F", description = "Frame rate limit, frames per second.")
    private Double fps;

    @Option(names = "--bitrate", paramLabel = "KBPS", description = "Bitrate limit, kbit/s.")
    private Integer bitrateKbps;

    @Option(names = "--gop", paramLabel = "N", description = "GOP length, frames between key frames.")
    private Integer gopFrames;

    @Option(names = "--encoding", paramLabel = "H264|H265", converter = EncodingConverter.class,
            description = "Video codec.")
    private String encoding;

    @Override
    public Integer call() {
        return admin.run(parent.environment(), session -> {
            ApiPath path = ApiPath.camera(camera, "config");
            ObjectNode change = change();
            if (change.isEmpty()) {
                JsonNode answer = session.client().get(path);
                session.show(answer, out -> table(answer, token, out));
                return;
            }
            if (token == null) {
                throw ClientFailure.usage("say which encoder configuration to change with --profile TOKEN (see"
                        + " 'nvr camera config " + camera + "')");
            }
            ObjectNode body = JsonNodeFactory.instance.objectNode();
            body.put("token", PtzCommand.checkToken("--profile", token));
            body.setAll(change);
            JsonNode answer = session.client().put(path, body);
            session.show(answer, out -> {
                out.println("changed encoder configuration " + token + " of " + camera);
                if (!JsonFields.items(answer, "configurations").isEmpty()) {
                    table(answer, token, out);
                }
            });
        });
    }

    /** The fields to change, checked as ONVIF Media's VideoEncoderConfiguration bounds them. */
    private ObjectNode change() throws ClientFailure {
        ObjectNode change = JsonNodeFactory.instance.objectNode();
        if ((width == null) != (height == null)) {
            throw ClientFailure.usage("--width and --height go together");
        }
        if (width != null) {
            range("--width", width, 1, 16384);
            range("--height", height, 1, 16384);
            ObjectNode resolution = change.putObject("resolution");
            resolution.put("width", width);
            resolution.put("height", height);
        }
        if (encoding != null) {
            change.put("encoding", encoding);
        }
        if (fps != null) {
            if (!(fps > 0 && fps <= 1000)) {
                throw ClientFailure.usage("'--fps' must be more than 0 and at most 1000: " + fps);
            }
            change.put("frameRateLimitFps", fps);
        }
        if (bitrateKbps != null) {
            range("--bitrate", bitrateKbps, 1, 1_000_000);
            change.put("bitrateLimitKbps", bitrateKbps);
        }
        if (gopFrames != null) {
            range("--gop", gopFrames, 1, 10_000);
            change.put("govLength", gopFrames);
        }
        return change;
    }

    private static void range(String option, int value, int min, int max) throws ClientFailure {
        if (value < min || value > max) {
            throw ClientFailure.usage("'" + option + "' must be in " + min + ".." + max + ": " + value);
        }
    }

    /** One row per encoder configuration; only {@code onlyToken}'s when given. */
    static void table(JsonNode answer, String onlyToken, PrintWriter out) {
        TextTable table = new TextTable("TOKEN", "NAME", "ENCODING", "RESOLUTION", "FPS", "KBIT/S", "GOP",
                "PROFILE");
        for (JsonNode config : JsonFields.items(answer, "configurations")) {
            if (onlyToken != null && !onlyToken.equals(config.path("token").asText())) {
                continue;
            }
            table.row(text(config, "token"), text(config, "name"), text(config, "encoding"), resolution(config),
                    text(config, "frameRateLimitFps"), text(config, "bitrateLimitKbps"), text(config, "govLength"),
                    text(config, "profile"));
        }
        table.print(out);
    }

    private static String resolution(JsonNode config) {
        JsonNode resolution = config.path("resolution");
        String width = text(resolution, "width");
        String height = text(resolution, "height");
        return width.equals(ABSENT) || height.equals(ABSENT) ? ABSENT : width + "x" + height;
    }

    /** {@code H264} or {@code H265}, in any case: the codecs the NVR records. */
    static final class EncodingConverter implements CommandLine.ITypeConverter<String> {
        @Override
        public String convert(String value) {
            String token = value.toUpperCase(Locale.ROOT).replace(".", "");
            if (!token.equals("H264") && !token.equals("H265")) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not an encoding the NVR records:"
                        + " use H264 or H265");
            }
            return token;
        }
    }
}
