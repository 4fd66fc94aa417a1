package org.nvr.core.rtsp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;

/**
 * One interleaved binary frame on an RTSP TCP connection (RFC 2326 §10.12):
 * <pre>
 * +------+---------+-------------------+----------------------+
 * | '$'  | channel | length (16-bit BE) | length bytes of data |
 * | 0x24 | 1 byte  | 2 bytes            | RTP or RTCP packet   |
 * +------+---------+-------------------+----------------------+
 * </pre>
 * The holder owns one reference to its content; whoever receives a frame releases it.
 */
public final class InterleavedFrame extends DefaultByteBufHolder {

    /** Length of the {@code $}, channel and length prefix in bytes. */
    public static final int HEADER_BYTES = 4;
    /** The largest payload the 16-bit length field can describe. */
    public static final int MAX_PAYLOAD_BYTES = 0xffff;

    private final int channel;

    /**
     * @param channel 0..255, the channel negotiated by {@code interleaved=} in the Transport header
     * @param payload the RTP or RTCP packet; this frame takes over the caller's reference
     * @throws IllegalArgumentException if the channel is out of range or the payload exceeds 65535 bytes
     */
    public InterleavedFrame(int channel, ByteBuf payload) {
        super(payload);
        if (channel < 0 || channel > 0xff) {
            throw new IllegalArgumentException("channel " + channel + " not in 0..255");
        }
        if (payload.readableBytes() > MAX_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("payload of " + payload.readableBytes() + " bytes exceeds "
                    + MAX_PAYLOAD_BYTES);
        }
        this.channel = channel;
    }

    /** The interleaved channel, 0..255. */
    public int channel() {
        return channel;
    }

    @Override
    public InterleavedFrame copy() {
        return (InterleavedFrame) super.copy();
    }

    @Override
    public InterleavedFrame duplicate() {
        return (InterleavedFrame) super.duplicate();
    }

    @Override
    public InterleavedFrame retainedDuplicate() {
        return (InterleavedFrame) super.retainedDuplicate();
    }

    @Override
    public InterleavedFrame replace(ByteBuf content) {
        return new InterleavedFrame(channel, content);
    }

    @Override
    public InterleavedFrame retain() {
        super.retain();
        return this;
    }

    @Override
    public InterleavedFrame retain(int increment) {
        super.retain(increment);
        return this;
    }

    @Override
    public InterleavedFrame touch() {
        super.touch();
        return this;
    }

    @Override
    public InterleavedFrame touch(Object hint) {
        super.touch(hint);
        return this;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InterleavedFrame other && other.channel == channel && super.equals(o);
    }

    @Override
    public int hashCode() {
        return 31 * super.hashCode() + channel;
    }

    @Override
    public String toString() {
        return "InterleavedFrame(channel=" + channel + ", " + contentToString() + ")";
    }
}
