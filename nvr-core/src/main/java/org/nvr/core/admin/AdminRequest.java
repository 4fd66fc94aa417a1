package org.nvr.core.admin;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.nvr.core.auth.Principal;

/**
 * A request as a route handler sees it, detached from Netty's buffers (safe to use on any thread).
 *
 * @param method     the request method; a GET route also serves HEAD, with {@code method} HEAD
 * @param route      the matched route's pattern, e.g. {@code /api/v1/cameras/{id}/export.mp4}
 * @param pathParams the decoded values of the pattern's {@code {name}} segments
 * @param query      decoded query parameters
 * @param headers    the request headers (read them, do not change them)
 * @param body       the request body, at most {@link AdminServerOptions#maxRequestBodyBytes()}
 * @param principal  the authenticated user; empty only on public routes
 * @param remote     the client's {@code host:port}
 */
public record AdminRequest(HttpMethod method, String route, Map<String, String> pathParams,
                           Map<String, List<String>> query, HttpHeaders headers, byte[] body,
                           Optional<Principal> principal, String remote) {
    public AdminRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(route, "route");
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(remote, "remote");
        pathParams = Map.copyOf(pathParams);
        query = Map.copyOf(query);
    }

    /** True for HEAD: answer with the headers a GET would get, and do nothing a GET's body would cause. */
    public boolean isHead() {
        return HttpMethod.HEAD.equals(method);
    }

    /** The value of path segment {@code {name}}; a programming error if the route has no such segment. */
    public String pathParam(String name) {
        String value = pathParams.get(name);
        if (value == null) {
            throw new IllegalStateException("route " + route + " has no path parameter {" + name + "}");
        }
        return value;
    }

    /**
     * The query parameter {@code name}, if given.
     *
     * @throws IllegalArgumentException naming the parameter if it is given more than once (which one would
     *                                  count is ambiguous)
     */
    public Optional<String> queryParam(String name) {
        List<String> values = query.get(name);
        if (values == null || values.isEmpty()) {
            return Optional.empty();
        }
        if (values.size() > 1) {
            throw new IllegalArgumentException("query parameter '" + name + "' is given " + values.size()
                    + " times");
        }
        return Optional.of(values.get(0));
    }

    /** The query parameter {@code name}; an {@link IllegalArgumentException} naming it if it is missing. */
    public String requiredQueryParam(String name) {
        return queryParam(name).orElseThrow(
                () -> new IllegalArgumentException("missing query parameter '" + name + "'"));
    }

    /** The user the handler acts for; a programming error on a public route. */
    public Principal user() {
        return principal.orElseThrow(() -> new IllegalStateException("route " + route + " is public"));
    }

    /** The user name for audit rows: the principal's, or {@code -} on a public route. */
    public String auditUser() {
        return principal.map(Principal::name).orElse("-");
    }
}
