package org.nvr.core.rtsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

class InterleavedFrameTest {

    @Test
    void copyDuplicateAndReplaceKeepTheChannel() {
        InterleavedFrame frame = new InterleavedFrame(5, Unpooled.wrappedBuffer(new byte[] {1, 2, 3}));
        InterleavedFrame copy = frame.copy();
        InterleavedFrame duplicate = frame.duplicate();
        InterleavedFrame retained = frame.retainedDuplicate();
        InterleavedFrame replaced = frame.replace(Unpooled.wrappedBuffer(new byte[] {9}));
        try {
            assertThat(copy.channel()).isEqualTo(5);
            assertThat(copy.content()).isNotSameAs(frame.content());
            assertThat(copy).isEqualTo(frame);
            assertThat(duplicate.channel()).isEqualTo(5);
            assertThat(retained.channel()).isEqualTo(5);
            assertThat(frame.refCnt()).isEqualTo(2);
            assertThat(replaced.channel()).isEqualTo(5);
            assertThat(replaced.content().getByte(0)).isEqualTo((byte) 9);
            assertThat(frame.retain().touch("hint").touch()).isSameAs(frame);
            assertThat(frame.refCnt()).isEqualTo(3);
        } finally {
            frame.release(3);
            copy.release();
            replaced.release();
        }
        assertThat(frame.refCnt()).isZero();
    }

    @Test
    void equalityIncludesTheChannel() {
        ByteBuf a = Unpooled.wrappedBuffer(new byte[] {1});
        ByteBuf b = Unpooled.wrappedBuffer(new byte[] {1});
        InterleavedFrame f0 = new InterleavedFrame(0, a);
        InterleavedFrame f1 = new InterleavedFrame(1, b);
        assertThat(f0).isNotEqualTo(f1);
        assertThat(f0.replace(b.retainedDuplicate())).isEqualTo(f0).hasSameHashCodeAs(f0);
        assertThat(f0.toString()).contains("channel=0");
        f0.release();
        f1.release();
    }

    @Test
    void rejectsChannelOutOfRangeAndOversizedPayload() {
        ByteBuf payload = Unpooled.buffer(1).writeByte(0);
        assertThatThrownBy(() -> new InterleavedFrame(256, payload)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new InterleavedFrame(-1, payload)).isInstanceOf(IllegalArgumentException.class);
        ByteBuf big = Unpooled.wrappedBuffer(new byte[0x10000]);
        assertThatThrownBy(() -> new InterleavedFrame(0, big)).isInstanceOf(IllegalArgumentException.class);
        payload.release();
        big.release();
    }
}
