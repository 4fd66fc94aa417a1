package org.nvr.cli.api.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;
import java.util.function.Function;
import org.nvr.cli.api.RequestBodies;
import org.nvr.core.model.NvrException;

/**
 * The admin API's JSON request bodies ({@code JsonBody} and the route request records: add and update camera,
 * encoder configuration, PTZ move, and every field accessor the user, token, time and preset routes use) on
 * arbitrary bytes. Contract: a body that is not what the route wants is refused with an
 * {@link IllegalArgumentException} or an {@link NvrException} of kind {@code INVALID_ARGUMENT}, both of which the
 * admin server answers with 400; nothing else is thrown (anything else would be a 500), and a refusal has a
 * message.
 *
 * <p>Seeds in {@code AdminRequestBodyFuzzTestInputs/}: the request bodies of docs/api.md.
 */
class AdminRequestBodyFuzzTest {
    private static final List<Function<byte[], Object>> PARSERS = List.of(RequestBodies::addCamera,
            RequestBodies::updateCamera, RequestBodies::encoderChange, RequestBodies::ptzMove,
            RequestBodies::everyAccessor);

    @FuzzTest(maxDuration = "30s")
    void body(byte[] input) {
        for (Function<byte[], Object> parser : PARSERS) {
            try {
                assertThat(parser.apply(input)).isNotNull();
            } catch (IllegalArgumentException badRequest) {
                assertThat(badRequest.getMessage()).isNotBlank();
            } catch (NvrException e) {
                assertThat(e.kind()).as("kind of %s", e).isEqualTo(NvrException.Kind.INVALID_ARGUMENT);
            }
        }
    }
}
