package org.nvr.core.admin;

import io.netty.handler.codec.http.HttpMethod;
import java.util.List;
import java.util.Map;

/** What the {@link Router} made of a request's method and path. */
public sealed interface RouteResolution permits RouteResolution.Found, RouteResolution.NotFound,
        RouteResolution.MethodNotAllowed, RouteResolution.BadPath {

    /** A route matched; {@code params} are its decoded named segments. */
    record Found(Route route, Map<String, String> params) implements RouteResolution {
        public Found {
            params = Map.copyOf(params);
        }
    }

    /** No route has this path (404). */
    record NotFound() implements RouteResolution {
    }

    /** Routes have this path, for other methods (405 with {@code Allow}). */
    record MethodNotAllowed(List<HttpMethod> allowed) implements RouteResolution {
        public MethodNotAllowed {
            allowed = List.copyOf(allowed);
        }
    }

    /** The path cannot name anything: bad escapes, encoded {@code /}, dot segments (400). */
    record BadPath(String message) implements RouteResolution {
    }
}
