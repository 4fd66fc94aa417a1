package org.nvr.core.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The deadline around a toy protocol whose requests are lines ({@link LineBasedFrameDecoder}): the completion
 * marker sits after the line decoder, and the decoder's leftover bytes tell whether a next request has begun.
 */
class RequestDeadlineHandlerTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final List<Object> events = new ArrayList<>();
    private final ProbedLineDecoder lines = new ProbedLineDecoder();
    private final RequestDeadlineHandler deadline = new RequestDeadlineHandler(TIMEOUT, lines::hasLeftover);
    private final EmbeddedChannel channel = new EmbeddedChannel();

    RequestDeadlineHandlerTest() {
        channel.freezeTime();
        channel.pipeline().addLast(deadline, lines, deadline.completion(), new ChannelInboundHandlerAdapter() {
            @Override
            public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                events.add(evt);
            }
        });
    }

    @AfterEach
    void releaseAll() {
        channel.finishAndReleaseAll();
    }

    @Test
    void aRequestTrickledPastItsDeadlineIsReportedOnce() {
        for (int second = 0; second < 10; second++) {
            write("G");
            advance(Duration.ofSeconds(1).minusMillis(1));
            assertThat(events).as("after %d s", second + 1).isEmpty();
        }
        advance(Duration.ofMillis(10));
        assertThat(events).containsExactly(RequestTimeoutEvent.INSTANCE);
        // Bytes after expiry are dropped (and released), not decoded.
        write("ET /\n");
        assertThat((Object) channel.readInbound()).isNull();
        advance(TIMEOUT.multipliedBy(2));
        assertThat(events).hasSize(1);
    }

    @Test
    void aSlowRequestThatFinishesInTimeIsPassedOnAndTheConnectionMayThenIdle() {
        write("GET ");
        advance(Duration.ofSeconds(9));
        write("/\n");
        assertThat(readLine()).isEqualTo("GET /");
        assertThat(deadline.armed()).isFalse();
        advance(TIMEOUT.multipliedBy(10));
        assertThat(events).isEmpty();
    }

    @Test
    void aRequestBegunInTheSameReadAsTheEndOfTheLastIsTimedFromThatRead() {
        write("GET ");
        advance(Duration.ofSeconds(9));
        write("/\nGE");
        assertThat(readLine()).isEqualTo("GET /");
        assertThat(deadline.armed()).isTrue();
        advance(TIMEOUT.minusMillis(1));
        assertThat(events).isEmpty();
        advance(Duration.ofMillis(2));
        assertThat(events).containsExactly(RequestTimeoutEvent.INSTANCE);
    }

    @Test
    void emptyLinesBetweenRequestsStartNoDeadline() {
        write("\r\n\r\n");
        assertThat(deadline.armed()).isFalse();
        advance(TIMEOUT.multipliedBy(2));
        assertThat(events).isEmpty();
    }

    @Test
    void theDeadlineIsCancelledWhenTheConnectionCloses() {
        write("GE");
        assertThat(deadline.armed()).isTrue();
        channel.close();
        assertThat(deadline.armed()).isFalse();
        advance(TIMEOUT.multipliedBy(2));
        assertThat(events).isEmpty();
    }

    private void write(String text) {
        channel.writeInbound(Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII));
    }

    private String readLine() {
        ByteBuf line = channel.readInbound();
        try {
            return line.toString(StandardCharsets.US_ASCII);
        } finally {
            line.release();
        }
    }

    private void advance(Duration duration) {
        channel.advanceTimeBy(duration.toNanos(), TimeUnit.NANOSECONDS);
        channel.runScheduledPendingTasks();
    }

    /** A line decoder that tells whether it holds part of a line. */
    private static final class ProbedLineDecoder extends LineBasedFrameDecoder {
        ProbedLineDecoder() {
            super(1024);
        }

        boolean hasLeftover() {
            return actualReadableBytes() > 0;
        }
    }
}
