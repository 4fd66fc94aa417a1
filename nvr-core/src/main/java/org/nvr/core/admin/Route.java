package org.nvr.core.admin;

import io.netty.handler.codec.http.HttpMethod;
import java.util.Objects;
import java.util.Optional;
import org.nvr.core.auth.Role;

/**
 * One entry of the admin route table: a method and a path pattern, the role a user needs (empty for the few
 * public routes), and the handler.
 */
public record Route(HttpMethod method, PathPattern pattern, Optional<Role> requiredRole, RouteHandler handler) {
    public Route {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(pattern, "pattern");
        Objects.requireNonNull(requiredRole, "requiredRole");
        Objects.requireNonNull(handler, "handler");
        if (HttpMethod.HEAD.equals(method)) {
            throw new IllegalArgumentException("HEAD is served by the GET route of " + pattern);
        }
    }

    /** A route only users with {@code role} or higher may call. */
    public static Route secured(HttpMethod method, String pattern, Role role, RouteHandler handler) {
        return new Route(method, PathPattern.parse(pattern), Optional.of(role), handler);
    }

    /** A route anyone may call, without credentials (health checks only). */
    public static Route open(HttpMethod method, String pattern, RouteHandler handler) {
        return new Route(method, PathPattern.parse(pattern), Optional.empty(), handler);
    }

    /** True if no credentials are needed. */
    public boolean isPublic() {
        return requiredRole.isEmpty();
    }

    @Override
    public String toString() {
        return method + " " + pattern + requiredRole.map(role -> " (" + role.token() + "+)").orElse(" (public)");
    }
}
