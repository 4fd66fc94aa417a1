package org.nvr.cli;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nvr.core.rtp.NtpTimestamp;
import org.nvr.core.rtsp.DigestAlgorithm;
import org.nvr.core.rtsp.DigestAuth;

/**
 * A deliberately plain RTSP client over one blocking socket, for checks our own client cannot make: it sends the
 * headers a VMS sends for replay ({@code Range: clock=...}, {@code Scale}) and reads the interleaved RTP and RTCP
 * frames itself, so a test sees exactly what went over the wire. Digest (RFC 7616, MD5, qop=auth) only.
 */
final class RawRtspClient implements AutoCloseable {
    private static final Pattern PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final String user;
    private final String password;
    private int cseq;
    private Map<String, String> digest;
    private int nonceCount;
    private String session;

    RawRtspClient(String host, int port, String user, String password) throws IOException {
        this.socket = new Socket(host, port);
        socket.setSoTimeout(15_000);
        this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
        this.out = socket.getOutputStream();
        this.user = user;
        this.password = password;
    }

    /** A response: status, headers (lower-case names), body. */
    record Response(int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** One interleaved frame: channel and payload, with the time it was read. */
    record Frame(int channel, byte[] payload, long receivedNanos) {
    }

    /** Sends a request (authenticating once on 401) and reads its response, skipping interleaved frames. */
    Response request(String method, String url, Map<String, String> headers) throws IOException {
        Response response = send(method, url, headers);
        if (response.status() == 401 && user != null) {
            String challenge = response.header("www-authenticate");
            digest = new LinkedHashMap<>();
            Matcher m = PARAM.matcher(challenge);
            while (m.find()) {
                digest.put(m.group(1), m.group(2));
            }
            response = send(method, url, headers);
        }
        String sessionHeader = response.header("session");
        if (sessionHeader != null) {
            session = sessionHeader.split(";")[0].trim();
        }
        return response;
    }

    private Response send(String method, String url, Map<String, String> headers) throws IOException {
        StringBuilder sb = new StringBuilder();
        sb.append(method).append(' ').append(url).append(" RTSP/1.0\r\n");
        sb.append("CSeq: ").append(++cseq).append("\r\n");
        sb.append("User-Agent: nvr-raw-test-client\r\n");
        if (session != null) {
            sb.append("Session: ").append(session).append("\r\n");
        }
        if (digest != null) {
            sb.append("Authorization: ").append(authorization(method, url)).append("\r\n");
        }
        headers.forEach((k, v) -> sb.append(k).append(": ").append(v).append("\r\n"));
        sb.append("\r\n");
        out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
        return readResponse();
    }

    private String authorization(String method, String uri) {
        String realm = digest.get("realm");
        String nonce = digest.get("nonce");
        String nc = String.format("%08x", ++nonceCount);
        String cnonce = "0a4f113b";
        String ha1 = DigestAuth.ha1(DigestAlgorithm.MD5, user, realm, password, nonce, cnonce);
        String ha2 = DigestAuth.ha2(DigestAlgorithm.MD5, method, uri);
        String qop = digest.containsKey("qop") ? "auth" : "";
        String response = DigestAuth.response(DigestAlgorithm.MD5, ha1, nonce, nc, cnonce, qop, ha2);
        StringBuilder sb = new StringBuilder("Digest username=\"" + user + "\", realm=\"" + realm + "\", nonce=\""
                + nonce + "\", uri=\"" + uri + "\", response=\"" + response + "\", algorithm=MD5");
        if (!qop.isEmpty()) {
            sb.append(", qop=auth, nc=").append(nc).append(", cnonce=\"").append(cnonce).append('"');
        }
        return sb.toString();
    }

    private Response readResponse() throws IOException {
        while (true) {
            int first = in.readUnsignedByte();
            if (first == '$') {
                in.readUnsignedByte();
                int length = in.readUnsignedShort();
                in.skipNBytes(length);
                continue;
            }
            String statusLine = (char) first + readLine();
            Map<String, String> headers = new LinkedHashMap<>();
            for (String line = readLine(); !line.isEmpty(); line = readLine()) {
                int colon = line.indexOf(':');
                String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                // Of several WWW-Authenticate challenges the first is a Digest one (a Basic challenge, offered with
                // rtsp.allowBasic, comes last); realm and nonce are the same in each Digest challenge.
                if (!name.equals("www-authenticate") || !headers.containsKey(name)) {
                    headers.put(name, line.substring(colon + 1).trim());
                }
            }
            int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
            String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
            return new Response(Integer.parseInt(statusLine.split(" ")[1]), headers, body);
        }
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed in a response");
            }
            if (b == '\n') {
                String s = line.toString(StandardCharsets.UTF_8);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            line.write(b);
        }
    }

    /** Reads interleaved frames until {@code count} RTP packets with the marker bit have arrived or time is up. */
    List<Frame> readFrames(int markedPackets, Duration timeout) throws IOException {
        List<Frame> frames = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        int marked = 0;
        while (marked < markedPackets && System.nanoTime() < deadline) {
            int first = in.readUnsignedByte();
            if (first != '$') {
                throw new IOException("expected an interleaved frame, got byte " + first);
            }
            int channel = in.readUnsignedByte();
            int length = in.readUnsignedShort();
            byte[] payload = in.readNBytes(length);
            frames.add(new Frame(channel, payload, System.nanoTime()));
            if (channel % 2 == 0 && payload.length >= 12 && (payload[1] & 0x80) != 0) {
                marked++;
            }
        }
        return frames;
    }

    /** This side's port: with 127.0.0.1, the {@code host:port} the server's audit rows name. */
    int localPort() {
        return socket.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** RTP timestamp (32 bits) of an RTP packet. */
    static long rtpTimestamp(byte[] rtp) {
        return ((rtp[4] & 0xffL) << 24) | ((rtp[5] & 0xffL) << 16) | ((rtp[6] & 0xffL) << 8) | (rtp[7] & 0xffL);
    }

    /** NAL unit type of the first NAL in an RTP H.264 payload (RFC 6184 §5.2: 24 STAP-A, 28 FU-A). */
    static int nalType(byte[] rtp) {
        int headerBytes = 12 + 4 * (rtp[0] & 0x0f);
        if ((rtp[0] & 0x10) != 0) {
            int extensionWords = ((rtp[headerBytes + 2] & 0xff) << 8) | (rtp[headerBytes + 3] & 0xff);
            headerBytes += 4 + 4 * extensionWords;
        }
        int type = rtp[headerBytes] & 0x1f;
        if (type == 28) {
            return rtp[headerBytes + 1] & 0x1f;
        }
        if (type == 24) {
            return rtp[headerBytes + 3] & 0x1f;
        }
        return type;
    }

    /** A sender report's (NTP wall clock, RTP timestamp), from an RTCP compound packet; null if it has none. */
    static long[] senderReport(byte[] rtcp) {
        int offset = 0;
        while (offset + 8 <= rtcp.length) {
            int type = rtcp[offset + 1] & 0xff;
            int words = ((rtcp[offset + 2] & 0xff) << 8) | (rtcp[offset + 3] & 0xff);
            if (type == 200 && offset + 20 <= rtcp.length) {
                long ntp = 0;
                for (int i = 0; i < 8; i++) {
                    ntp = (ntp << 8) | (rtcp[offset + 8 + i] & 0xff);
                }
                long rtp = 0;
                for (int i = 0; i < 4; i++) {
                    rtp = (rtp << 8) | (rtcp[offset + 16 + i] & 0xff);
                }
                return new long[] {ntp, rtp};
            }
            offset += 4 * (words + 1);
        }
        return null;
    }

    /** The wall clock of an RTP timestamp, given a sender report's (NTP, RTP) pair (RFC 3550 §6.4.1). */
    static Instant wallClock(long[] senderReport, long rtpTimestamp) {
        long delta90k = (int) (rtpTimestamp - senderReport[1]);
        return NtpTimestamp.toInstant(senderReport[0]).plusNanos(delta90k * 1_000_000_000L / 90_000);
    }
}
