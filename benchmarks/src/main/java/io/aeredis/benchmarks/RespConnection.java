package io.aeredis.benchmarks;

import io.aeredis.resp.RequestEncoder;
import io.aeredis.resp.RespReader;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;

/**
 * A blocking RESP connection for the benchmark tools: {@link #send} buffers (pipelining),
 * {@link #flush} sends, {@link #read} decodes one reply; {@link #call} does all three.
 */
final class RespConnection implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;
    private final RespReader in;

    RespConnection(String host, int port) throws IOException {
        socket = new Socket(host, port);
        socket.setTcpNoDelay(true);
        out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
        in = new RespReader(new BufferedInputStream(socket.getInputStream(), 1 << 16));
    }

    void send(byte[] cmd) throws IOException { out.write(cmd); }

    void flush() throws IOException { out.flush(); }

    Object read() throws IOException { return in.readValue(); }

    Object call(String... args) throws IOException {
        send(RequestEncoder.command(args));
        flush();
        return read();
    }

    @Override
    public void close() throws IOException { socket.close(); }
}
