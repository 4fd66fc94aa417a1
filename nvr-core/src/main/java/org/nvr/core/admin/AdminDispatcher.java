package org.nvr.core.admin;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.nvr.core.auth.Principal;

/**
 * Routes a request and answers it: resolution on the calling event loop (cheap), then authentication and the
 * handler on the blocking executor. Never completes exceptionally: every failure becomes a JSON error. Counts
 * every answer in {@code nvr.admin.requests}.
 */
final class AdminDispatcher {
    /** Route tag of requests that matched no route. */
    static final String UNMATCHED = "unmatched";
    /** Most query parameters read from one request (Netty's decoder stops there). */
    private static final int MAX_QUERY_PARAMS = 64;

    private final Router router;
    private final Authenticator authenticator;
    private final AdminJson json;
    private final ApiErrors errors;
    private final AdminMetrics metrics;
    private final Executor blocking;

    AdminDispatcher(Router router, Authenticator authenticator, AdminJson json, ApiErrors errors,
                    AdminMetrics metrics, Executor blocking) {
        this.router = router;
        this.authenticator = authenticator;
        this.json = json;
        this.errors = errors;
        this.metrics = metrics;
        this.blocking = blocking;
    }

    CompletableFuture<AdminResponse> dispatch(IncomingRequest in) {
        QueryStringDecoder target;
        try {
            target = new QueryStringDecoder(originForm(in.uri()), StandardCharsets.UTF_8, true,
                    MAX_QUERY_PARAMS);
            target.parameters();
        } catch (IllegalArgumentException e) {
            return done(UNMATCHED, json.error(ErrorCode.BAD_REQUEST, "bad request target: " + e.getMessage()));
        }
        RouteResolution resolution = router.resolve(in.method(), target.rawPath());
        if (resolution instanceof RouteResolution.BadPath bad) {
            return done(UNMATCHED, json.error(ErrorCode.BAD_REQUEST, bad.message()));
        }
        if (resolution instanceof RouteResolution.NotFound) {
            return done(UNMATCHED, json.error(ErrorCode.NOT_FOUND, "no such resource"));
        }
        if (resolution instanceof RouteResolution.MethodNotAllowed notAllowed) {
            StringJoiner allow = new StringJoiner(", ");
            notAllowed.allowed().forEach(method -> allow.add(method.name()));
            return done(UNMATCHED, json.error(ErrorCode.METHOD_NOT_ALLOWED, in.method() + " is not allowed here")
                    .withHeader(HttpHeaderNames.ALLOW.toString(), allow.toString()));
        }
        RouteResolution.Found found = (RouteResolution.Found) resolution;
        Route route = found.route();
        String tag = route.pattern().toString();
        try {
            return CompletableFuture.supplyAsync(() -> answer(in, found, target.parameters()), blocking)
                    .thenApply(response -> {
                        metrics.request(tag, response.status().code());
                        return response;
                    });
        } catch (RejectedExecutionException e) {
            return done(tag, json.error(ErrorCode.UNAVAILABLE, "server busy, retry later"));
        }
    }

    private AdminResponse answer(IncomingRequest in, RouteResolution.Found found, Map<String, List<String>> query) {
        Route route = found.route();
        String what = in.method() + " " + route.pattern();
        try {
            Optional<Principal> principal = Optional.empty();
            if (!route.isPublic()) {
                AuthResult auth = authenticator.check(route, in.method(),
                        Optional.ofNullable(in.headers().get(HttpHeaderNames.AUTHORIZATION)),
                        in.remote().getAddress(), in.remoteText());
                if (auth instanceof AuthResult.Refused refused) {
                    return refused.response();
                }
                principal = Optional.of(((AuthResult.Granted) auth).principal());
            }
            AdminRequest request = new AdminRequest(in.method(), route.pattern().toString(), found.params(), query,
                    in.headers(), in.body(), principal, in.remoteText());
            return route.handler().handle(request);
        } catch (Exception | Error e) {
            if (e instanceof VirtualMachineError) {
                throw (Error) e;
            }
            return errors.from(e, what);
        }
    }

    private CompletableFuture<AdminResponse> done(String tag, AdminResponse response) {
        metrics.request(tag, response.status().code());
        return CompletableFuture.completedFuture(response);
    }

    /**
     * RFC 9112 §3.2: a server accepts the absolute form ({@code http://host/path}) too; only its path and
     * query route.
     */
    private static String originForm(String uri) {
        if (uri.startsWith("/")) {
            return uri;
        }
        try {
            URI absolute = new URI(uri);
            if (absolute.isAbsolute() && absolute.getRawPath() != null && absolute.getRawPath().startsWith("/")) {
                return absolute.getRawPath() + (absolute.getRawQuery() == null ? "" : "?" + absolute.getRawQuery());
            }
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URI");
        }
        throw new IllegalArgumentException("not an absolute path");
    }
}
