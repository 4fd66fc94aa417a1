package org.nvr.core.netty;

/**
 * Fired through the pipeline by {@link RequestDeadlineHandler} when a request did not arrive whole in time; the
 * server's last handler closes the connection (after a 408 where the protocol has one).
 */
public enum RequestTimeoutEvent {
    INSTANCE
}
