package io.aeredis.scripting;

import io.aeredis.resp.ReplyBuffer;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A Redis reply as plain Java values, independent of any JS context and of any thread: what
 * {@code redis.call} gets back from a command (decoded from the RESP bytes the command wrote)
 * and what a script's return value becomes before it is written to the calling client. Keeping
 * the two sides apart lets a script run on one thread while its reply is written on another.
 *
 * <p>The types: {@code null} (nil), {@link Long} (integer), {@code byte[]} (bulk string),
 * {@link Status}, {@link Err}, {@code List<Object>} (array), {@link Double}, {@link Boolean},
 * {@link BigNumber}, {@link Verbatim}, {@link MapReply} and {@link SetReply} (RESP3 types;
 * {@link #write} renders them for RESP2 clients the way Redis's addReply* functions do).
 */
public final class Reply {
    private Reply() {}

    /** A status reply ("+OK"): the bytes after '+', one line. */
    public record Status(byte[] text) {
        public static Status of(String s) { return new Status(ByteStrings.fromJs(s)); }
        public String string() { return new String(text, StandardCharsets.ISO_8859_1); }
    }

    /** An error reply: the bytes after '-', e.g. "ERR syntax error" or "WRONGTYPE ...". */
    public record Err(byte[] text) {
        /** From text whose chars are bytes (ISO-8859-1), or any text (UTF-8) if it has wider chars. */
        public static Err of(String s) { return new Err(ByteStrings.fromJs(s)); }
        public String string() { return new String(text, StandardCharsets.ISO_8859_1); }
    }

    /** RESP3 big number: decimal digits with an optional '-'. */
    public record BigNumber(String digits) {}

    /** RESP3 verbatim string: a three-letter format ("txt", "mkd") and the text. */
    public record Verbatim(String format, byte[] text) {}

    /** RESP3 map: keys and values alternating. */
    public record MapReply(List<Object> keysAndValues) {
        public int size() { return keysAndValues.size() / 2; }
    }

    /** RESP3 set. */
    public record SetReply(List<Object> members) {}

    /** An error reply from a Java string (ASCII text, or bytes as ISO-8859-1 chars). */
    public static Err error(String text) {
        return Err.of(text);
    }

    // ------------------------------------------------------------------ writing

    private static final byte[] CRLF = {'\r', '\n'};

    /**
     * Writes {@code reply} with the addReply* call Redis uses for each type, so the client's
     * protocol decides the rendering: a RESP2 client gets a map as a flat array, a double as a
     * bulk string, a boolean as 1/0, a big number as a bulk string.
     */
    public static void write(ReplyBuffer r, Object reply) {
        if (reply == null) {
            r.addReplyNull();
        } else if (reply instanceof Long l) {
            r.addReplyLongLong(l);
        } else if (reply instanceof byte[] b) {
            r.addReplyBulk(b);
        } else if (reply instanceof Status s) {
            // addReplyStatusLength: the bytes as they are, CR/LF turned into spaces.
            byte[] line = new byte[s.text.length + 3];
            line[0] = '+';
            for (int i = 0; i < s.text.length; i++) {
                byte c = s.text[i];
                line[i + 1] = (c == '\r' || c == '\n') ? (byte) ' ' : c;
            }
            line[line.length - 2] = '\r';
            line[line.length - 1] = '\n';
            r.addReplyProto(line, 0, line.length);
        } else if (reply instanceof Err e) {
            // The text always carries its own code: prefix the '-' so no "ERR " is added.
            byte[] msg = new byte[e.text.length + 1];
            msg[0] = '-';
            System.arraycopy(e.text, 0, msg, 1, e.text.length);
            r.addReplyErrorBytes(msg, 0, msg.length);
        } else if (reply instanceof List<?> list) {
            r.addReplyArrayLen(list.size());
            for (Object o : list) write(r, o);
        } else if (reply instanceof Double d) {
            r.addReplyDouble(d);
        } else if (reply instanceof Boolean b) {
            r.addReplyBool(b);
        } else if (reply instanceof BigNumber n) {
            r.addReplyBigNum(n.digits);
        } else if (reply instanceof Verbatim v) {
            r.addReplyVerbatim(v.text, v.format);
        } else if (reply instanceof MapReply m) {
            r.addReplyMapLen(m.size());
            for (Object o : m.keysAndValues) write(r, o);
        } else if (reply instanceof SetReply s) {
            r.addReplySetLen(s.members.size());
            for (Object o : s.members) write(r, o);
        } else {
            throw new IllegalArgumentException("not a reply value: " + reply.getClass().getName());
        }
    }

    // ------------------------------------------------------------------ reading RESP

    /**
     * Decodes one complete RESP2/RESP3 reply, exactly (status and error texts stay bytes, a
     * verbatim string keeps its format). {@code from} is where it starts; the bytes must hold
     * the whole reply (a command run in-process has finished writing it). Attributes are
     * dropped and push messages read as arrays, as a script's client would see them.
     *
     * <p>io.aeredis.resp.RespReader#decode would do for tests, but turns status and error
     * lines into UTF-8 Strings and verbatim strings into their text; a script must see the
     * bytes the command wrote.
     */
    public static Object decode(byte[] b) {
        Decoder d = new Decoder(b);
        Object v = d.value();
        if (d.p != b.length) throw new IllegalArgumentException((b.length - d.p) + " bytes after the reply");
        return v;
    }

    private static final class Decoder {
        final byte[] b;
        int p;

        Decoder(byte[] b) { this.b = b; }

        int eol() {
            for (int i = p + 1; i + 1 < b.length; i++) {
                if (b[i] == '\r' && b[i + 1] == '\n') return i;
            }
            throw new IllegalArgumentException("incomplete reply");
        }

        byte[] line() {
            int e = eol();
            byte[] s = java.util.Arrays.copyOfRange(b, p + 1, e);
            p = e + 2;
            return s;
        }

        long number() {
            byte[] s = line();
            return Long.parseLong(new String(s, StandardCharsets.US_ASCII));
        }

        byte[] blob(long len) {
            byte[] s = java.util.Arrays.copyOfRange(b, p, p + (int) len);
            p += (int) len + 2;
            return s;
        }

        List<Object> items(long n) {
            List<Object> l = new ArrayList<>((int) Math.min(n, 1024));
            for (long i = 0; i < n; i++) l.add(value());
            return l;
        }

        Object value() {
            byte type = b[p];
            switch (type) {
                case '+': return new Status(line());
                case '-': return new Err(line());
                case ':': return number();
                case '_': line(); return null;
                case '#': return line()[0] == 't';
                case ',': return parseDouble(new String(line(), StandardCharsets.US_ASCII));
                case '(': return new BigNumber(new String(line(), StandardCharsets.US_ASCII));
                case '$': {
                    long len = number();
                    return len < 0 ? null : blob(len);
                }
                case '!': return new Err(blob(number()));
                case '=': {
                    byte[] all = blob(number());
                    String fmt = new String(all, 0, Math.min(3, all.length), StandardCharsets.US_ASCII);
                    return new Verbatim(fmt, java.util.Arrays.copyOfRange(all, Math.min(4, all.length), all.length));
                }
                case '*': case '>': {
                    long n = number();
                    return n < 0 ? null : items(n);
                }
                case '~': return new SetReply(items(number()));
                case '%': return new MapReply(items(2 * number()));
                case '|': {
                    items(2 * number()); // attributes: not visible to scripts
                    return value();
                }
                default:
                    throw new IllegalArgumentException("not a RESP type byte: " + (type & 0xff));
            }
        }
    }

    private static double parseDouble(String s) {
        switch (s) {
            case "inf": return Double.POSITIVE_INFINITY;
            case "-inf": return Double.NEGATIVE_INFINITY;
            case "nan": case "-nan": return Double.NaN;
            default: return Double.parseDouble(s);
        }
    }

    /** BigInteger to a {@link BigNumber}. */
    static BigNumber bigNumber(BigInteger v) {
        return new BigNumber(v.toString());
    }
}
