package io.aeredis.clicompat;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal RESP2 client over a plain socket, to check what redis-cli did (or to set up data)
 * without going through redis-cli itself. Replies: String (simple or bulk; null for a nil bulk),
 * Long, List (null for a nil array) and {@link Err}; RESP3 replies are read into the same shapes.
 */
public final class Resp implements Closeable {
    /** An error reply. */
    public record Err(String message) { }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private Resp(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
        this.out = socket.getOutputStream();
    }

    public static Resp connect(int port) throws IOException {
        Socket s = new Socket();
        try {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            s.setSoTimeout(60_000);
            s.setTcpNoDelay(true);
            return new Resp(s);
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    public static Resp connect(Target t) throws IOException {
        return connect(t.port());
    }

    /** The client side port: the "addr" CLIENT LIST shows for this connection is 127.0.0.1:localPort. */
    public int localPort() {
        return socket.getLocalPort();
    }

    /** Sends one command and reads its reply. */
    public Object call(String... args) throws IOException {
        send(args);
        return read();
    }

    /** The reply of a command that must answer a string (status or bulk). */
    public String string(String... args) throws IOException {
        Object r = call(args);
        if (r instanceof Err e) throw new AssertionError(String.join(" ", args) + " -> -" + e.message());
        return (String) r;
    }

    /** The reply of a command that must answer an integer. */
    public long integer(String... args) throws IOException {
        Object r = call(args);
        if (!(r instanceof Long l)) throw new AssertionError(String.join(" ", args) + " -> " + r);
        return l;
    }

    /** Sends one command without reading its reply (pipelining). */
    public void send(String... args) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (String a : args) {
            byte[] bytes = a.getBytes(StandardCharsets.UTF_8);
            b.writeBytes(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            b.writeBytes(bytes);
            b.writeBytes(new byte[] {'\r', '\n'});
        }
        out.write(b.toByteArray());
        out.flush();
    }

    /** Reads one reply. */
    public Object read() throws IOException {
        int type = in.read();
        if (type < 0) throw new EOFException("connection closed");
        String line = line();
        switch (type) {
            case '+': return line;
            case '-': return new Err(line);
            case ':': return Long.parseLong(line);
            case '$': {
                int len = Integer.parseInt(line);
                if (len < 0) return null;
                byte[] data = in.readNBytes(len);
                if (data.length < len || in.read() != '\r' || in.read() != '\n') throw new EOFException("short bulk");
                return new String(data, StandardCharsets.UTF_8);
            }
            case '*': {
                int n = Integer.parseInt(line);
                if (n < 0) return null;
                List<Object> items = new ArrayList<>(n);
                for (int i = 0; i < n; i++) items.add(read());
                return items;
            }
            // RESP3 (after HELLO 3), flattened into the RESP2 shapes: enough for these tests.
            case '%': {
                int n = Integer.parseInt(line);
                List<Object> items = new ArrayList<>(2 * n);
                for (int i = 0; i < 2 * n; i++) items.add(read());
                return items;
            }
            case '~': case '>': {
                int n = Integer.parseInt(line);
                List<Object> items = new ArrayList<>(n);
                for (int i = 0; i < n; i++) items.add(read());
                return items;
            }
            case '_': return null;
            case ',': case '(': return line;
            case '#': return line.equals("t") ? 1L : 0L;
            case '=': {
                int len = Integer.parseInt(line);
                byte[] data = in.readNBytes(len);
                if (data.length < len || in.read() != '\r' || in.read() != '\n') throw new EOFException("short verbatim");
                return new String(data, 4, len - 4, StandardCharsets.UTF_8);
            }
            default: throw new IOException("unexpected reply type '" + (char) type + "'" + line);
        }
    }

    private String line() throws IOException {
        StringBuilder sb = new StringBuilder();
        while (true) {
            int c = in.read();
            if (c < 0) throw new EOFException("connection closed");
            if (c == '\r') {
                if (in.read() != '\n') throw new IOException("CR without LF");
                return sb.toString();
            }
            sb.append((char) c);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
