package org.nvr.cli.api;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.nvr.core.admin.AdminJson;
import org.nvr.core.admin.AdminRequest;
import org.nvr.core.admin.AdminResponse;
import org.nvr.core.admin.Route;
import org.nvr.core.audit.AuditLog;
import org.nvr.core.auth.Role;
import org.nvr.core.model.NvrException;
import org.nvr.core.time.NvrClock;
import org.nvr.storage.users.H2UserStore;
import org.nvr.storage.users.PasswordHasher;
import org.nvr.storage.users.UserInfo;

/**
 * The user routes (docs/api.md, admins only): list, add, change (role, disabled, password) and remove, each change
 * audited as {@code user.add}, {@code user.update}, {@code user.remove} without the password. The last enabled
 * admin can be neither removed, demoted nor disabled (409): nobody could manage the NVR through the API after.
 *
 * <p>Every change also clears the admin endpoint's cache of verified logins, so a changed password, role or
 * disabled flag, or a removed user, takes effect at the next request (RTSP checks the index every time).
 */
public final class UserRoutes {
    static final String USERS = "/api/v1/users";
    static final String USER = "/api/v1/users/{name}";
    private static final Set<String> ADD_FIELDS = Set.of("name", "password", "role");
    private static final Set<String> UPDATE_FIELDS = Set.of("role", "disabled", "password");

    private final H2UserStore users;
    private final ChangeAudit audit;
    private final AdminJson json;
    private final Runnable changed;
    /**
     * Serializes changes, so that two requests demoting the last two admins cannot both see another admin left.
     * Offline {@code nvr users} cannot interleave: the running server holds the database.
     */
    private final Object changes = new Object();

    /**
     * @param users the user store the admin endpoint and RTSP server authenticate against
     * @param audit takes a row for every change
     * @param json  the admin endpoint's JSON writer
     * @param clock audit row times
     * @param changed called after every change, to drop cached logins ({@code AdminServer::forgetCredentials})
     */
    public UserRoutes(H2UserStore users, AuditLog audit, AdminJson json, NvrClock clock, Runnable changed) {
        this.users = Objects.requireNonNull(users, "users");
        this.changed = Objects.requireNonNull(changed, "changed");
        this.audit = new ChangeAudit(audit, clock);
        this.json = Objects.requireNonNull(json, "json");
    }

    /** The routes, to register on the admin server. */
    public List<Route> routes() {
        return List.of(
                Route.secured(HttpMethod.GET, USERS, Role.ADMIN, this::list),
                Route.secured(HttpMethod.POST, USERS, Role.ADMIN, this::add),
                Route.secured(HttpMethod.PUT, USER, Role.ADMIN, this::update),
                Route.secured(HttpMethod.DELETE, USER, Role.ADMIN, this::remove));
    }

    /**
     * A user as the API shows it: never a hash or Digest secret.
     *
     * @param name      login name
     * @param role      viewer, operator or admin
     * @param disabled  logins refused
     * @param createdAt when added
     * @param updatedAt when the password, role or disabled flag last changed
     */
    record UserView(String name, String role, boolean disabled, String createdAt, String updatedAt) {
        static UserView of(UserInfo user) {
            return new UserView(user.name(), user.role().token(), user.disabled(), user.createdAt().toString(),
                    user.updatedAt().toString());
        }
    }

    /** {@code {"users":[...]}}, by name. */
    record UserList(List<UserView> users) {
    }

    private AdminResponse list(AdminRequest request) {
        return json.ok(new UserList(users.list().stream().map(UserView::of).toList()));
    }

    private AdminResponse add(AdminRequest request) {
        JsonBody body = JsonBody.parse(json.mapper(), request.body()).allowOnly(ADD_FIELDS);
        String name = body.requiredString("name", 64);
        if (!H2UserStore.NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("'name': must be lower case letters, digits, '.', '_' or '-',"
                    + " starting with a letter or digit, at most 64 characters");
        }
        Role role = role(body).orElseThrow(() -> new IllegalArgumentException("'role': required"));
        char[] password = password(body).orElseThrow(() -> new IllegalArgumentException("'password': required"));
        UserInfo added;
        try {
            synchronized (changes) {
                users.addUser(name, password, role);
                added = find(name);
            }
        } finally {
            Arrays.fill(password, '\0');
        }
        Map<String, String> detail = new LinkedHashMap<>();
        detail.put("user", name);
        detail.put("role", role.token());
        changed.run();
        audit.append(request, "user.add", detail);
        return AdminResponse.json(HttpResponseStatus.CREATED, json.write(UserView.of(added)))
                .withHeader("Location", USERS + "/" + name);
    }

    private AdminResponse update(AdminRequest request) {
        String name = request.pathParam("name");
        JsonBody body = JsonBody.parse(json.mapper(), request.body()).allowOnly(UPDATE_FIELDS);
        Optional<Role> role = role(body);
        Optional<Boolean> disabled = body.bool("disabled");
        Optional<char[]> password = password(body);
        try {
            if (role.isEmpty() && disabled.isEmpty() && password.isEmpty()) {
                throw new IllegalArgumentException("request body must set at least one of 'role', 'disabled',"
                        + " 'password'");
            }
            UserInfo after;
            synchronized (changes) {
                UserInfo before = find(name);
                boolean staysEnabledAdmin = role.orElse(before.role()) == Role.ADMIN
                        && !disabled.orElse(before.disabled());
                if (!staysEnabledAdmin) {
                    requireAnotherEnabledAdmin(before, "demoted or disabled");
                }
                role.ifPresent(r -> users.setRole(name, r));
                disabled.ifPresent(d -> users.setDisabled(name, d));
                password.ifPresent(p -> users.setPassword(name, p));
                after = find(name);
            }
            Map<String, String> detail = new LinkedHashMap<>();
            detail.put("user", name);
            role.ifPresent(r -> detail.put("role", r.token()));
            disabled.ifPresent(d -> detail.put("disabled", d.toString()));
            password.ifPresent(p -> detail.put("password", "changed"));
            changed.run();
            audit.append(request, "user.update", detail);
            return json.ok(UserView.of(after));
        } finally {
            password.ifPresent(p -> Arrays.fill(p, '\0'));
        }
    }

    private AdminResponse remove(AdminRequest request) {
        String name = request.pathParam("name");
        UserInfo removed;
        synchronized (changes) {
            removed = find(name);
            requireAnotherEnabledAdmin(removed, "removed");
            users.removeUser(name);
        }
        Map<String, String> detail = new LinkedHashMap<>();
        detail.put("user", name);
        detail.put("role", removed.role().token());
        changed.run();
        audit.append(request, "user.remove", detail);
        return json.ok(UserView.of(removed));
    }

    /** Refuses (409) when {@code user} is the only enabled admin. */
    private void requireAnotherEnabledAdmin(UserInfo user, String what) {
        if (user.role() != Role.ADMIN || user.disabled()) {
            return;
        }
        boolean another = users.list().stream()
                .anyMatch(u -> u.role() == Role.ADMIN && !u.disabled() && !u.name().equals(user.name()));
        if (!another) {
            throw new NvrException(NvrException.Kind.FAILED_PRECONDITION, "user '" + user.name()
                    + "' is the last enabled admin and cannot be " + what + "; add another admin first");
        }
    }

    private UserInfo find(String name) {
        return users.find(name).orElseThrow(
                () -> new NvrException(NvrException.Kind.NOT_FOUND, "no user '" + name + "'"));
    }

    private static Optional<Role> role(JsonBody body) {
        return body.string("role", 16).map(token -> Role.fromToken(token).orElseThrow(
                () -> new IllegalArgumentException("'role': must be viewer, operator or admin")));
    }

    /** The password as a fresh array (the caller clears it), checked against the store's length rule. */
    private static Optional<char[]> password(JsonBody body) {
        return body.string("password", H2UserStore.MIN_PASSWORD_CHARS, PasswordHasher.MAX_PASSWORD_CHARS)
                .map(String::toCharArray);
    }
}
