package org.nvr.onvif.discovery;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.nvr.onvif.xml.SafeXml;
import org.w3c.dom.Element;

/**
 * A device side of WS-Discovery for tests: reads Probes on a socket it is given and answers each, unicast to the
 * Probe's source (WS-Discovery 2005/04 §5.3), with the datagrams {@code answers} builds from the Probe's
 * MessageID. Failures on its thread are kept and rethrown by {@link #close()}.
 */
final class FakeOnvifResponder implements AutoCloseable {
    private final DatagramSocket socket;
    private final Function<String, List<byte[]>> answers;
    private final AtomicInteger probes = new AtomicInteger();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Thread thread;
    private volatile boolean closing;

    FakeOnvifResponder(DatagramSocket socket, Function<String, List<byte[]>> answers) throws SocketException {
        this.socket = socket;
        this.answers = answers;
        socket.setSoTimeout(100);
        thread = new Thread(this::run, "fake-onvif-responder");
        thread.setDaemon(true);
        thread.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    /** Probes received so far. */
    int probes() {
        return probes.get();
    }

    private void run() {
        byte[] buffer = new byte[65_536];
        try {
            while (!closing) {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                try {
                    socket.receive(packet);
                } catch (SocketTimeoutException e) {
                    continue;
                }
                byte[] probe = Arrays.copyOf(packet.getData(), packet.getLength());
                Element envelope = SafeXml.parse(probe, 65_536).getDocumentElement();
                Element header = SafeXml.child(envelope, DiscoveryNamespaces.SOAP12, "Header").orElseThrow();
                String messageId = SafeXml.childText(header, DiscoveryNamespaces.WSA, "MessageID").orElseThrow();
                probes.incrementAndGet();
                for (byte[] answer : answers.apply(messageId)) {
                    socket.send(new DatagramPacket(answer, answer.length, packet.getSocketAddress()));
                }
            }
        } catch (IOException | RuntimeException e) {
            if (!closing) {
                failure.set(e);
            }
        }
    }

    @Override
    public void close() throws Exception {
        closing = true;
        thread.join(2_000);
        socket.close();
        Throwable t = failure.get();
        if (t != null) {
            throw new AssertionError("fake responder failed", t);
        }
    }
}
