package org.nvr.core.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class OpenConnectionsTest {
    private final OpenConnections connections =
            new OpenConnections("test server", 2, LoggerFactory.getLogger(OpenConnectionsTest.class));

    @Test
    void admitsUpToTheLimitAndClosesTheRest() {
        EmbeddedChannel first = new EmbeddedChannel();
        EmbeddedChannel second = new EmbeddedChannel();
        EmbeddedChannel third = new EmbeddedChannel();
        assertThat(connections.admit(first)).isTrue();
        assertThat(connections.admit(second)).isTrue();
        assertThat(connections.admit(third)).isFalse();
        assertThat(third.isOpen()).isFalse();
        assertThat(connections.count()).isEqualTo(2);
        assertThat(connections.channels()).containsExactlyInAnyOrder(first, second);
        connections.closeAll();
        assertThat(first.isOpen()).isFalse();
        assertThat(second.isOpen()).isFalse();
        assertThat(connections.count()).isZero();
    }

    @Test
    void aClosedConnectionFreesItsPlace() {
        EmbeddedChannel first = new EmbeddedChannel();
        EmbeddedChannel second = new EmbeddedChannel();
        connections.admit(first);
        connections.admit(second);
        first.close();
        assertThat(connections.count()).isEqualTo(1);
        EmbeddedChannel third = new EmbeddedChannel();
        assertThat(connections.admit(third)).isTrue();
        assertThat(connections.channels()).containsExactlyInAnyOrder(second, third);
        connections.closeAll();
    }

    @Test
    void rejectsALimitBelowOne() {
        assertThatThrownBy(() -> new OpenConnections("test server", 0, LoggerFactory.getLogger(getClass())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxConnections 0");
    }
}
