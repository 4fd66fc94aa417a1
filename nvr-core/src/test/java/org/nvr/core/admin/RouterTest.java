package org.nvr.core.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nvr.core.auth.Role;

class RouterTest {
    private static final RouteHandler OK = request -> AdminResponse.json(HttpResponseStatus.OK, new byte[0]);
    private final Route camera = Route.secured(HttpMethod.GET, "/api/v1/cameras/{id}", Role.VIEWER, OK);
    private final Route discover = Route.secured(HttpMethod.GET, "/api/v1/cameras/discover", Role.ADMIN, OK);
    private final Route delete = Route.secured(HttpMethod.DELETE, "/api/v1/cameras/{id}", Role.ADMIN, OK);
    private final Router router = new Router(List.of(camera, delete, discover));

    @Test
    void matchesNamedSegmentsAndPrefersLiterals() {
        assertThat(router.resolve(HttpMethod.GET, "/api/v1/cameras/cam-1"))
                .isEqualTo(new RouteResolution.Found(camera, Map.of("id", "cam-1")));
        assertThat(router.resolve(HttpMethod.GET, "/api/v1/cameras/discover"))
                .isEqualTo(new RouteResolution.Found(discover, Map.of()));
        assertThat(router.resolve(HttpMethod.HEAD, "/api/v1/cameras/x"))
                .isEqualTo(new RouteResolution.Found(camera, Map.of("id", "x")));
        // Percent-decoding happens per segment.
        assertThat(router.resolve(HttpMethod.GET, "/api/v1/cameras/caf%C3%A9"))
                .isEqualTo(new RouteResolution.Found(camera, Map.of("id", "café")));
    }

    @Test
    void otherMethodsAndPaths() {
        assertThat(router.resolve(HttpMethod.PUT, "/api/v1/cameras/x")).isEqualTo(
                new RouteResolution.MethodNotAllowed(List.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.DELETE)));
        assertThat(router.resolve(HttpMethod.GET, "/api/v1/cameras")).isEqualTo(new RouteResolution.NotFound());
        assertThat(router.resolve(HttpMethod.GET, "/api/v1/cameras/")).isEqualTo(new RouteResolution.NotFound());
        assertThat(router.resolve(HttpMethod.GET, "/api/v1/cameras/x/")).isEqualTo(new RouteResolution.NotFound());
    }

    @Test
    void unsafePathsAreRefusedBeforeMatching() {
        for (String path : new String[] {"/api/v1/cameras/..", "/api/v1/cameras/%2e%2E", "/api/v1/cameras/a%2fb",
                "/api/v1/cameras/a%5Cb", "/api/v1/cameras/a%00", "/api/v1/cameras/%", "/api/v1/cameras/%4",
                "/api/v1/cameras/%g0", "/api/v1/cameras/%FF", "api/v1/cameras/x", "", "/./api"}) {
            assertThat(router.resolve(HttpMethod.GET, path)).as(path).isInstanceOf(RouteResolution.BadPath.class);
        }
    }

    @Test
    void badTablesAreRefused() {
        assertThatThrownBy(() -> new Router(List.of(camera, camera))).hasMessageContaining("twice");
        assertThatThrownBy(() -> PathPattern.parse("api")).hasMessageContaining("must start with /");
        assertThatThrownBy(() -> PathPattern.parse("/a/{id}/{id}")).hasMessageContaining("repeats");
        assertThatThrownBy(() -> PathPattern.parse("/a/../b")).hasMessageContaining("bad segment");
        assertThatThrownBy(() -> Route.open(HttpMethod.HEAD, "/x", OK)).hasMessageContaining("HEAD");
    }
}
