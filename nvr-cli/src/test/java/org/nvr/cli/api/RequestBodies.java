package org.nvr.cli.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.nvr.core.admin.AdminJson;

/**
 * Test-only door into the admin API's package-private request body parsers, for {@code AdminRequestBodyFuzzTest}
 * (which lives in {@code org.nvr.cli.api.fuzz}). Each method parses a body as its route does, with the admin
 * server's own {@link ObjectMapper}, and returns what the route would go on with.
 */
public final class RequestBodies {
    private static final ObjectMapper MAPPER = new AdminJson().mapper();
    private static final int FIELD_CHARS = 64;

    private RequestBodies() {
    }

    /** {@code POST /api/v1/cameras}. */
    public static Object addCamera(byte[] body) {
        return AddCameraRequest.parse(MAPPER, body);
    }

    /** {@code PUT /api/v1/cameras/{id}}. */
    public static Object updateCamera(byte[] body) {
        return UpdateCameraRequest.parse(MAPPER, body);
    }

    /** {@code PUT /api/v1/cameras/{id}/config}, up to the call to the camera. */
    public static Object encoderChange(byte[] body) {
        JsonBody json = JsonBody.parse(MAPPER, body).allowOnly(ConfigRoutes.FIELDS);
        json.requiredString("token", FIELD_CHARS);
        return ConfigRoutes.parseChange(json);
    }

    /** {@code POST /api/v1/cameras/{id}/ptz/move}, up to the call to the camera. */
    public static Object ptzMove(byte[] body) {
        JsonBody json = JsonBody.parse(MAPPER, body).allowOnly(PtzRoutes.MOVE_FIELDS);
        List<Object> out = new ArrayList<>();
        for (String axis : new String[] {"pan", "tilt", "zoom"}) {
            out.add(PtzRoutes.velocity(json, axis));
        }
        out.add(json.integer("timeoutMillis", 1, PtzRoutes.MAX_TIMEOUT_MILLIS));
        return out;
    }

    /**
     * Every field of the body read with every {@link JsonBody} accessor the routes use (users, tokens, time, PTZ
     * presets read theirs this way); each refusal is collected, as a route would turn it into a 400.
     *
     * @return the refusals' messages
     */
    public static List<String> everyAccessor(byte[] body) {
        JsonBody json = JsonBody.parse(MAPPER, body);
        List<String> refusals = new ArrayList<>();
        List<String> names = new ArrayList<>();
        try {
            // JsonBody.parse accepted it, so it is a JSON object.
            for (Iterator<String> it = MAPPER.readTree(body).fieldNames(); it.hasNext(); ) {
                names.add(it.next());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String name : names) {
            List<Runnable> reads = List.of(
                    () -> json.string(name, FIELD_CHARS),
                    () -> json.string(name, 8, FIELD_CHARS),
                    () -> json.integer(name, 1, 3650),
                    () -> json.number(name),
                    () -> json.bool(name),
                    () -> json.object(name).ifPresent(o -> o.string("url", FIELD_CHARS)));
            for (Runnable read : reads) {
                try {
                    read.run();
                } catch (IllegalArgumentException refused) {
                    refusals.add(refused.getMessage());
                }
            }
        }
        return refusals;
    }
}
