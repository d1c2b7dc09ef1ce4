package io.aeredis.server;

import io.aeredis.resp.RespReader;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** A plain socket speaking raw bytes, for protocol-level tests and the differential harness. */
final class RawClient implements AutoCloseable {
    final Socket socket;
    private final InputStream in;
    private final RespReader reader;
    private final OutputStream out;

    RawClient(int port) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(10_000);
        socket.setTcpNoDelay(true);
        in = socket.getInputStream();
        reader = new RespReader(in);
        out = socket.getOutputStream();
    }

    void send(String raw) throws IOException {
        send(raw.getBytes(StandardCharsets.ISO_8859_1));
    }

    void send(byte[] raw) throws IOException {
        out.write(raw);
        out.flush();
    }

    /** Sends one command as a RESP multibulk. */
    void sendCommand(byte[]... args) throws IOException {
        send(encode(args));
    }

    static byte[] encode(byte[]... args) {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        b.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (byte[] a : args) {
            b.writeBytes(("$" + a.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            b.writeBytes(a);
            b.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        return b.toByteArray();
    }

    static byte[][] args(String... s) {
        byte[][] out = new byte[s.length][];
        for (int i = 0; i < s.length; i++) out[i] = s[i].getBytes(StandardCharsets.UTF_8);
        return out;
    }

    /** Sends a command and returns its raw reply as a string (ISO-8859-1, byte per char). */
    String call(String... args) throws IOException {
        sendCommand(args(args));
        return readReply();
    }

    String readReply() throws IOException {
        return new String(readReplyBytes(), StandardCharsets.ISO_8859_1);
    }

    byte[] readReplyBytes() throws IOException {
        return reader.readReply();
    }

    /** Whether any reply byte arrived after waiting {@code ms}; reads nothing. */
    boolean hasReplyAfter(long ms) throws IOException, InterruptedException {
        Thread.sleep(ms);
        return reader.hasBuffered() || in.available() > 0;
    }

    /** True if the server closed the connection (EOF) within the socket timeout. */
    boolean isClosedByServer() throws IOException {
        if (reader.hasBuffered()) return false;
        try {
            return in.read() == -1;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // connection reset
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
