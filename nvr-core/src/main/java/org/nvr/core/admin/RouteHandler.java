package org.nvr.core.admin;

/**
 * Answers one route. Runs on the admin server's blocking executor, so it may read the database and files.
 *
 * <p>Exceptions become JSON errors: {@link org.nvr.core.model.NvrException} by its kind, {@link
 * IllegalArgumentException} as 400 with its message (so it must name the parameter and hold nothing secret),
 * anything else as 500 with no detail.
 */
@FunctionalInterface
public interface RouteHandler {
    AdminResponse handle(AdminRequest request) throws Exception;
}
