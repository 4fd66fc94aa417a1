/**
 * The embedded admin HTTP endpoint (Netty HTTP/1.1 + JSON): a small route table ({@link org.nvr.core.admin.Route},
 * {@link org.nvr.core.admin.Router}), HTTP Basic authentication with roles, an audit row for every read of video,
 * and the MP4 export routes with HTTP Range support, streamed zero-copy from segment files.
 *
 * <p>Threads: the codec and the response writer run on the connection's event loop; authentication and every
 * route handler run on the injected blocking executor (password hashing, the database, files).
 */
package org.nvr.core.admin;
