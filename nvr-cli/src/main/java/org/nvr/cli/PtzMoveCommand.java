package org.nvr.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.nvr.cli.client.ClientFailure;
import org.nvr.cli.client.DurationConverter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code nvr ptz CAMERA move --pan P --tilt T --zoom Z [--duration 1s]}: {@code POST .../ptz/move}, a continuous
 * move at the given speeds that the camera stops by itself after the duration.
 */
@Command(name = "move", mixinStandardHelpOptions = true,
        description = "Move continuously: speeds from -1 to 1 (0 = still), for a while.")
final class PtzMoveCommand implements Callable<Integer> {
    /** Longest move asked for: a camera left moving for longer is a mistake more often than not. */
    static final Duration MAX_DURATION = Duration.ofMinutes(1);

    @ParentCommand
    private PtzCommand parent;

    @Mixin
    private AdminOptions admin;

    @Option(names = "--pan", paramLabel = "P", defaultValue = "0", description = "Pan speed, -1 (left) to 1 (right).")
    private double pan;

    @Option(names = "--tilt", paramLabel = "T", defaultValue = "0", description = "Tilt speed, -1 (down) to 1 (up).")
    private double tilt;

    @Option(names = "--zoom", paramLabel = "Z", defaultValue = "0", description = "Zoom speed, -1 (out) to 1 (in).")
    private double zoom;

    @Option(names = "--duration", paramLabel = "DURATION", defaultValue = "1s", converter = DurationConverter.class,
            description = "How long to move, e.g. 500ms or 2s (default: ${DEFAULT-VALUE}).")
    private Duration duration;

    @Override
    public Integer call() {
        return admin.run(parent.environment(), session -> {
            // ONVIF PTZ Service, ContinuousMove: velocities in the generic space are normalised to [-1, 1].
            checkSpeed("--pan", pan);
            checkSpeed("--tilt", tilt);
            checkSpeed("--zoom", zoom);
            if (duration.isZero() || duration.compareTo(MAX_DURATION) > 0) {
                throw ClientFailure.usage("'--duration' must be more than 0 and at most "
                        + MAX_DURATION.toSeconds() + "s: " + duration.toMillis() + "ms");
            }
            ObjectNode body = JsonNodeFactory.instance.objectNode();
            body.put("pan", pan);
            body.put("tilt", tilt);
            body.put("zoom", zoom);
            body.put("timeoutMillis", duration.toMillis());
            var answer = session.client().post(parent.path("move"), body);
            session.show(answer, out -> out.println("moving " + parent.camera() + ": pan " + pan + ", tilt " + tilt
                    + ", zoom " + zoom + " for " + duration.toMillis() + " ms"));
        });
    }

    static void checkSpeed(String option, double value) throws ClientFailure {
        if (!(value >= -1 && value <= 1)) {
            throw ClientFailure.usage("'" + option + "' must be between -1 and 1: " + value);
        }
    }
}
