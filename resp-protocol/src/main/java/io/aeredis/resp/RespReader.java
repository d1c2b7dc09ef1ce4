package io.aeredis.resp;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Client side: reads replies (any RESP2/RESP3 type, nested, with attributes) from a stream and
 * returns each one's raw bytes exactly as received; {@link #decode} turns raw bytes into Java
 * values for assertions. For tests, benchmarks and differential checks against redis-server, not
 * for the server's hot path. RESP3 streamed types ("$?", "*?") are not supported.
 *
 * <p>Decoded types: simple string, bulk string and verbatim text: {@link String} (UTF-8; or
 * byte[] with {@code bulkAsBytes}); error and blob error: {@link ErrorReply}; integer:
 * {@link Long}; double: {@link Double}; boolean: {@link Boolean}; big number:
 * {@link BigInteger}; null, null bulk and null array: {@code null}; array: {@link List}; map:
 * {@link LinkedHashMap}; set: {@link LinkedHashSet}; push: {@link Push}; a value preceded by an
 * attribute: {@link Attributed}.
 */
public final class RespReader {
    /** An error reply; message without the leading '-' (e.g. "ERR unknown command ..."). */
    public record ErrorReply(String message) {
        /** The first word, e.g. "ERR" or "WRONGTYPE". */
        public String code() {
            int sp = message.indexOf(' ');
            return sp < 0 ? message : message.substring(0, sp);
        }
    }

    /** A RESP3 push ('&gt;') message. */
    public record Push(List<Object> items) {}

    /** A RESP3 attribute ('|') and the value it annotates. */
    public record Attributed(Map<Object, Object> attributes, Object value) {}

    private final InputStream in;
    private byte[] buf = new byte[64 * 1024];
    private int rpos, rend;

    public RespReader(InputStream in) {
        this.in = in;
    }

    /**
     * Blocks until one complete reply has arrived and returns its bytes (an attribute and the
     * value after it count as one reply). Bytes after it stay buffered for the next call.
     *
     * @throws EOFException if the stream ends first
     * @throws ProtocolException if the bytes are not RESP
     */
    public byte[] readReply() throws IOException {
        while (true) {
            if (rend > rpos) {
                int e;
                try {
                    e = replyEnd(buf, rpos, rend);
                } catch (IllegalArgumentException ex) {
                    throw new ProtocolException(ex.getMessage());
                }
                if (e >= 0) {
                    byte[] reply = Arrays.copyOfRange(buf, rpos, e);
                    rpos = e;
                    return reply;
                }
            }
            if (rpos > 0) {
                System.arraycopy(buf, rpos, buf, 0, rend - rpos);
                rend -= rpos;
                rpos = 0;
            }
            if (rend == buf.length) buf = Arrays.copyOf(buf, buf.length * 2);
            int n = in.read(buf, rend, buf.length - rend);
            if (n < 0) throw new EOFException("stream ended with " + (rend - rpos) + " bytes of an incomplete reply");
            rend += n;
        }
    }

    /** {@code decode(readReply())}. */
    public Object readValue() throws IOException {
        return decode(readReply());
    }

    /** True when bytes of a further reply are already buffered. */
    public boolean hasBuffered() {
        return rend > rpos;
    }

    /**
     * The end index (exclusive) of the complete reply starting at {@code off}, or -1 if
     * {@code b[off..end)} holds only part of it.
     *
     * @throws IllegalArgumentException if the bytes are not RESP
     */
    public static int replyEnd(byte[] b, int off, int end) {
        int p = off;
        long remaining = 1; // values still to read
        while (remaining > 0) {
            if (p >= end) return -1;
            byte type = b[p];
            int eol = findCrlf(b, p + 1, end);
            if (eol < 0) return -1;
            remaining--;
            switch (type) {
                case '+': case '-': case ':': case '_': case '#': case ',': case '(':
                    p = eol + 2;
                    break;
                case '$': case '!': case '=': {
                    long len = parseLength(b, p + 1, eol);
                    p = eol + 2;
                    if (len >= 0) {
                        if (end - p < len + 2) return -1;
                        p += (int) len + 2;
                    }
                    break;
                }
                case '*': case '~': case '>': {
                    long n = parseLength(b, p + 1, eol);
                    p = eol + 2;
                    if (n > 0) remaining += n;
                    break;
                }
                case '%': {
                    long n = parseLength(b, p + 1, eol);
                    p = eol + 2;
                    if (n > 0) remaining += 2 * n;
                    break;
                }
                case '|': {
                    // The attribute's pairs, then the value it annotates: together one reply.
                    long n = parseLength(b, p + 1, eol);
                    p = eol + 2;
                    remaining += 2 * Math.max(n, 0) + 1;
                    break;
                }
                default:
                    throw new IllegalArgumentException("not a RESP type byte: " + describe(type) + " at " + (p - off));
            }
        }
        return p;
    }

    /** Decodes one complete reply; bulk strings become UTF-8 Strings. */
    public static Object decode(byte[] reply) {
        return decode(reply, false);
    }

    /** Decodes one complete reply; with {@code bulkAsBytes}, bulk strings stay byte[]. */
    public static Object decode(byte[] reply, boolean bulkAsBytes) {
        Decoder d = new Decoder(reply, bulkAsBytes);
        Object v = d.value();
        if (d.p != reply.length) {
            throw new IllegalArgumentException((reply.length - d.p) + " bytes after the reply");
        }
        return v;
    }

    private static final class Decoder {
        final byte[] b;
        final boolean bulkAsBytes;
        int p;

        Decoder(byte[] b, boolean bulkAsBytes) {
            this.b = b;
            this.bulkAsBytes = bulkAsBytes;
        }

        /** The line after the type byte at p, advancing past its CRLF. */
        String line() {
            int eol = findCrlf(b, p + 1, b.length);
            if (eol < 0) throw new IllegalArgumentException("incomplete reply");
            String s = new String(b, p + 1, eol - p - 1, StandardCharsets.UTF_8);
            p = eol + 2;
            return s;
        }

        long length() {
            int eol = findCrlf(b, p + 1, b.length);
            if (eol < 0) throw new IllegalArgumentException("incomplete reply");
            long n = parseLength(b, p + 1, eol);
            p = eol + 2;
            return n;
        }

        byte[] blob(long len) {
            if (b.length - p < len + 2) throw new IllegalArgumentException("incomplete reply");
            byte[] data = Arrays.copyOfRange(b, p, p + (int) len);
            p += (int) len + 2;
            return data;
        }

        Object value() {
            if (p >= b.length) throw new IllegalArgumentException("incomplete reply");
            byte type = b[p];
            switch (type) {
                case '+': return line();
                case '-': return new ErrorReply(line());
                case ':': return Long.parseLong(line());
                case '_': line(); return null;
                case '#': {
                    String s = line();
                    if (s.equals("t")) return Boolean.TRUE;
                    if (s.equals("f")) return Boolean.FALSE;
                    throw new IllegalArgumentException("bad boolean " + s);
                }
                case ',': return parseDouble(line());
                case '(': return new BigInteger(line());
                case '$': {
                    long len = length();
                    if (len < 0) return null;
                    byte[] data = blob(len);
                    return bulkAsBytes ? data : new String(data, StandardCharsets.UTF_8);
                }
                case '!': {
                    long len = length();
                    return new ErrorReply(new String(blob(len), StandardCharsets.UTF_8));
                }
                case '=': {
                    long len = length();
                    byte[] data = blob(len);
                    // "txt:" format prefix, then the text.
                    if (data.length < 4 || data[3] != ':') throw new IllegalArgumentException("bad verbatim string");
                    byte[] text = Arrays.copyOfRange(data, 4, data.length);
                    return bulkAsBytes ? text : new String(text, StandardCharsets.UTF_8);
                }
                case '*': {
                    long n = length();
                    if (n < 0) return null;
                    return list(n);
                }
                case '>': return new Push(list(length()));
                case '~': {
                    long n = length();
                    Set<Object> set = new LinkedHashSet<>();
                    for (long i = 0; i < n; i++) set.add(key(value()));
                    return set;
                }
                case '%': return map(length());
                case '|': {
                    Map<Object, Object> attrs = map(length());
                    return new Attributed(attrs, value());
                }
                default:
                    throw new IllegalArgumentException("not a RESP type byte: " + describe(type));
            }
        }

        List<Object> list(long n) {
            List<Object> l = new ArrayList<>((int) Math.min(n, 1024));
            for (long i = 0; i < n; i++) l.add(value());
            return l;
        }

        Map<Object, Object> map(long n) {
            Map<Object, Object> m = new LinkedHashMap<>();
            for (long i = 0; i < n; i++) {
                Object k = key(value());
                m.put(k, value());
            }
            return m;
        }

        /** byte[] has identity equality: as a map key or set member use its ISO-8859-1 String. */
        private Object key(Object k) {
            return k instanceof byte[] ? new String((byte[]) k, StandardCharsets.ISO_8859_1) : k;
        }
    }

    /** RESP3 doubles as Redis writes them: %.17g, "inf", "-inf", "nan". */
    static double parseDouble(String s) {
        switch (s) {
            case "inf": return Double.POSITIVE_INFINITY;
            case "-inf": return Double.NEGATIVE_INFINITY;
            case "nan": case "-nan": return Double.NaN;
            default: return Double.parseDouble(s);
        }
    }

    private static int findCrlf(byte[] b, int from, int end) {
        for (int i = from; i + 1 < end; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n') return i;
        }
        return -1;
    }

    private static long parseLength(byte[] b, int from, int to) {
        if (to - from == 1 && b[from] == '?') {
            throw new IllegalArgumentException("RESP3 streamed types are not supported");
        }
        if (to <= from || to - from > 20) throw new IllegalArgumentException("bad length line");
        long v = 0;
        boolean neg = b[from] == '-';
        int i = neg ? from + 1 : from;
        if (i == to) throw new IllegalArgumentException("bad length line");
        for (; i < to; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) throw new IllegalArgumentException("bad length line");
            v = v * 10 + d;
        }
        if (neg && v != 1) throw new IllegalArgumentException("bad negative length " + -v);
        return neg ? -v : v;
    }

    private static String describe(byte b) {
        return (b >= 32 && b < 127) ? "'" + (char) b + "'" : String.format("0x%02x", b & 0xff);
    }
}
