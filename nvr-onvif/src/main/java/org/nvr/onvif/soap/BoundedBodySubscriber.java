package org.nvr.onvif.soap;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Collects a response body up to {@code maxBytes} and fails as soon as it would exceed it (or as soon as
 * Content-Length announces more), cancelling the transfer: a hostile or broken camera cannot make us buffer an
 * unbounded body.
 */
final class BoundedBodySubscriber implements HttpResponse.BodySubscriber<byte[]> {
    /** Signals a body over the limit; mapped to {@link OnvifProtocolException} by the client. */
    static final class TooLargeException extends IOException {
        TooLargeException(String message) {
            super(message);
        }
    }

    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
    private final int maxBytes;
    private final long declaredLength;
    private Flow.Subscription subscription;

    BoundedBodySubscriber(int maxBytes, long declaredLength) {
        this.maxBytes = maxBytes;
        this.declaredLength = declaredLength;
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (declaredLength > maxBytes) {
            s.cancel();
            result.completeExceptionally(new TooLargeException("Content-Length " + declaredLength
                    + " exceeds the response limit of " + maxBytes + " bytes"));
            return;
        }
        s.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        if (result.isDone()) {
            return;
        }
        for (ByteBuffer b : items) {
            if ((long) out.size() + b.remaining() > maxBytes) {
                subscription.cancel();
                result.completeExceptionally(new TooLargeException("response body exceeds the response limit of "
                        + maxBytes + " bytes"));
                return;
            }
            byte[] chunk = new byte[b.remaining()];
            b.get(chunk);
            out.write(chunk, 0, chunk.length);
        }
        subscription.request(1);
    }

    @Override
    public void onError(Throwable t) {
        result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
        result.complete(out.toByteArray());
    }
}
