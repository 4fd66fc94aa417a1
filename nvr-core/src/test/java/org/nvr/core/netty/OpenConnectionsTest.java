package org.nvr.core.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nvr.core.netty.OpenConnections.Refusal;
import org.nvr.core.time.NvrClock;
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

    @Test
    void oneAddressCannotTakeMoreThanItsShareWhileOthersAreAdmitted() throws UnknownHostException {
        List<Refusal> refusals = new ArrayList<>();
        OpenConnections limited = new OpenConnections("test server", 10, 2,
                LoggerFactory.getLogger(OpenConnectionsTest.class), NvrClock.SYSTEM, refusals::add);
        InetAddress a = InetAddress.getByName("192.0.2.1");
        InetAddress b = InetAddress.getByName("192.0.2.2");
        EmbeddedChannel a1 = from(a);
        EmbeddedChannel a2 = from(a);
        EmbeddedChannel a3 = from(a);
        EmbeddedChannel b1 = from(b);
        assertThat(limited.admit(a1)).isTrue();
        assertThat(limited.admit(a2)).isTrue();
        assertThat(limited.admit(a3)).isFalse();
        assertThat(a3.isOpen()).isFalse();
        assertThat(limited.admit(b1)).isTrue();
        assertThat(refusals).containsExactly(Refusal.ADDRESS_FULL);
        assertThat(limited.count(a)).isEqualTo(2);
        assertThat(limited.count(b)).isEqualTo(1);

        a1.close();
        assertThat(limited.count(a)).isEqualTo(1);
        EmbeddedChannel a4 = from(a);
        assertThat(limited.admit(a4)).isTrue();
        limited.closeAll();
        // Bounded state: an address without connections is forgotten.
        assertThat(limited.count(a)).isZero();
        assertThat(limited.count(b)).isZero();
    }

    @Test
    void theTotalLimitStillAppliesAndIsCountedApart() throws UnknownHostException {
        List<Refusal> refusals = new ArrayList<>();
        OpenConnections limited = new OpenConnections("test server", 2, 2,
                LoggerFactory.getLogger(OpenConnectionsTest.class), NvrClock.SYSTEM, refusals::add);
        assertThat(limited.admit(from(InetAddress.getByName("192.0.2.1")))).isTrue();
        assertThat(limited.admit(from(InetAddress.getByName("192.0.2.2")))).isTrue();
        EmbeddedChannel third = from(InetAddress.getByName("192.0.2.3"));
        assertThat(limited.admit(third)).isFalse();
        assertThat(refusals).containsExactly(Refusal.SERVER_FULL);
        // The refused channel never held a per-address place.
        assertThat(limited.count(InetAddress.getByName("192.0.2.3"))).isZero();
        limited.closeAll();
    }

    @Test
    void refusalsAreLoggedAtMostOnceAMinuteWithTheNumberHeldBack() throws UnknownHostException {
        Logger logger = (Logger) LoggerFactory.getLogger("OpenConnectionsTest.throttled");
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        logger.addAppender(logged);
        long[] nanos = {0};
        NvrClock clock = new NvrClock() {
            @Override
            public Instant wallNow() {
                return Instant.EPOCH;
            }

            @Override
            public long monotonicNanos() {
                return nanos[0];
            }
        };
        try {
            OpenConnections limited = new OpenConnections("test server", 100, 1, logger, clock, refusal -> { });
            InetAddress a = InetAddress.getByName("192.0.2.1");
            assertThat(limited.admit(from(a))).isTrue();
            for (int i = 0; i < 1000; i++) {
                assertThat(limited.admit(from(a))).isFalse();
            }
            assertThat(logged.list).hasSize(1);
            nanos[0] += Duration.ofSeconds(61).toNanos();
            assertThat(limited.admit(from(a))).isFalse();
            assertThat(logged.list).hasSize(2);
            assertThat(logged.list.get(1).getFormattedMessage())
                    .contains("192.0.2.1", "per-address limit", "999 more refused since the last warning");
            limited.closeAll();
        } finally {
            logger.detachAppender(logged);
        }
    }

    @Test
    void rejectsAPerAddressLimitBelowOne() {
        assertThatThrownBy(() -> new OpenConnections("test server", 2, 0, LoggerFactory.getLogger(getClass()),
                NvrClock.SYSTEM, refusal -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxConnectionsPerAddress 0");
    }

    /** A channel whose client is {@code address} (EmbeddedChannel's own remote address is no InetSocketAddress). */
    private static EmbeddedChannel from(InetAddress address) {
        InetSocketAddress remote = new InetSocketAddress(address, 40000);
        return new EmbeddedChannel() {
            @Override
            public SocketAddress remoteAddress() {
                return remote;
            }
        };
    }
}
