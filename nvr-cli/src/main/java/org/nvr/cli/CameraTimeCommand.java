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
import org.nvr.cli.client.TextTable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code nvr camera time CAMERA [--set manual|ntp]}: {@code GET .../time} (operator) shows the camera's clock and its
 * offset from the NVR's; {@code --set} is {@code POST .../time {"mode":...}} (admin; audited): {@code manual} sets
 * the camera from the NVR's clock, {@code ntp} makes it use NTP.
 */
@Command(name = "time", mixinStandardHelpOptions = true,
        description = {"Show a camera's clock and its offset from the NVR's; --set fixes it.",
            "A camera clock off by more than a few seconds makes its timestamps drift (WRONG CLOCK)."})
final class CameraTimeCommand implements Callable<Integer> {
    @ParentCommand
    private CameraCommand parent;

    @Mixin
    private AdminOptions admin;

    @Parameters(index = "0", paramLabel = "CAMERA", description = "Camera id.")
    private String camera;

    @Option(names = "--set", paramLabel = "manual|ntp", converter = ModeConverter.class,
            description = "manual: set the camera's clock from the NVR's; ntp: make the camera use NTP.")
    private String mode;

    @Override
    public Integer call() {
        return admin.run(parent.environment(), session -> {
            ApiPath path = ApiPath.camera(camera, "time");
            JsonNode answer;
            if (mode == null) {
                answer = session.client().get(path);
            } else {
                ObjectNode body = JsonNodeFactory.instance.objectNode();
                body.put("mode", mode);
                answer = session.client().post(path, body);
            }
            session.show(answer, out -> {
                if (mode != null) {
                    out.println("set the clock of " + camera + (mode.equals("ntp") ? " to NTP"
                            : " from the NVR's clock"));
                }
                if (answer.has("cameraUtc")) {
                    print(camera, answer, out);
                }
            });
        });
    }

    /** The reading: camera UTC, offset (camera minus NVR), source, and the WRONG CLOCK flag when the NVR sets it. */
    static void print(String camera, JsonNode reading, PrintWriter out) {
        JsonNode offset = reading.path("offsetMillis");
        String offsetText = ABSENT;
        if (offset.canConvertToLong()) {
            long ms = offset.asLong();
            offsetText = (ms > 0 ? "+" : "") + ms + " ms" + (ms > 0 ? " (camera ahead of the NVR)"
                    : ms < 0 ? " (camera behind the NVR)" : "");
        }
        JsonNode ntp = reading.path("ntp");
        TextTable.keyValues(out, "camera", camera, "camera UTC", text(reading, "cameraUtc"), "offset", offsetText,
                "source", ntp.isBoolean() ? (ntp.asBoolean() ? "NTP" : "manual") : ABSENT,
                "time zone", text(reading, "timeZone"));
        if (reading.path("wrongClock").asBoolean(false)) {
            out.println("WRONG CLOCK: recordings timed by this camera drift; fix it with 'nvr camera time " + camera
                    + " --set ntp' (or --set manual)");
        }
    }

    /** {@code manual} or {@code ntp}, in any case. */
    static final class ModeConverter implements CommandLine.ITypeConverter<String> {
        @Override
        public String convert(String value) {
            String token = value.toLowerCase(Locale.ROOT);
            if (!token.equals("manual") && !token.equals("ntp")) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a clock mode: use manual or"
                        + " ntp");
            }
            return token;
        }
    }
}
