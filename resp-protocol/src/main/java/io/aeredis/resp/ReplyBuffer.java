package io.aeredis.resp;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A client's output: Redis's {@code buf} (at most 16 KB, PROTO_REPLY_CHUNK_BYTES) followed by the
 * {@code reply} list of chunks, with the {@code addReply*} encoders of networking.c, switched
 * between RESP2 and RESP3 by {@link #setResp(int)}.
 *
 * <p>Layout as in Redis 7.0: {@code buf}/{@code bufpos} is filled first; once it is full (or
 * once the reply list holds anything) bytes go to the tail chunk of the list, and new chunks are
 * at least 16 KB. {@code sentlen} counts bytes already written of {@code buf} while
 * {@code bufpos > 0}, else of the list head, exactly like {@code c->sentlen}.
 *
 * <p>Sizing, for many idle clients (C10K): Redis 7.0 allocates the 16 KB {@code buf} with the
 * client and lets clientsCronResizeOutputBuffer shrink it to the peak of the last few seconds.
 * Here {@code buf} does not exist until the first reply; it starts at PROTO_REPLY_MIN_BYTES
 * (1 KB) and doubles, up to 16 KB, when a reply would not fit (where Redis would start a list
 * chunk of 16 KB anyway). The server's cron shrinks it to the recent peak
 * ({@link #clientsCronResizeOutputBuffer}) and drops it from an idle client
 * ({@link #releaseBufferIfEmpty}). A busy client keeps a buffer of the size it needs, so the
 * request path allocates nothing.
 *
 * <p>Not thread safe: owned by the event loop thread like a {@code client} struct.
 */
public final class ReplyBuffer {
    public static final int PROTO_REPLY_CHUNK_BYTES = 16 * 1024;
    /** PROTO_REPLY_MIN_BYTES: the smallest {@code buf}, first allocation and shrink floor. */
    public static final int PROTO_REPLY_MIN_BYTES = 1024;
    /** Redis's default reply_buffer_peak_reset_time: the window {@code buf}'s peak is measured over. */
    public static final long REPLY_BUFFER_PEAK_RESET_TIME_MS = 5000;
    /** {@code buf} before the first reply and after {@link #releaseBufferIfEmpty}. */
    private static final byte[] NO_BUF = new byte[0];
    private static final int SCRATCH_BYTES = 128;
    /** OBJ_SHARED_BULKHDR_LEN: "*n\r\n" and "$n\r\n" headers are preencoded below this. */
    static final int OBJ_SHARED_BULKHDR_LEN = 32;

    /** Where pending bytes go: returns bytes accepted (0..len), or a negative value on error. */
    @FunctionalInterface
    public interface Sink {
        long write(byte[] src, int off, int len);
    }

    /** clientReplyBlock plus its listNode. A placeholder (deferred length) has {@code buf == null}. */
    private static final class ReplyBlock {
        byte[] buf;
        int used;
        ReplyBlock prev, next;
        /** False once unlinked (filled into a neighbour, sent, or cleared): a stale handle. */
        boolean linked = true;

        int size() { return buf == null ? 0 : buf.length; }
    }

    // shared.mbulkhdr / shared.bulkhdr / shared.maphdr / shared.sethdr
    private static final byte[][] MBULK_HDR = sharedHeaders('*');
    private static final byte[][] BULK_HDR = sharedHeaders('$');
    private static final byte[][] MAP_HDR = sharedHeaders('%');
    private static final byte[][] SET_HDR = sharedHeaders('~');

    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] NULL_BULK = ascii("$-1\r\n");
    private static final byte[] NULL_ARRAY = ascii("*-1\r\n");
    private static final byte[] NULL_RESP3 = ascii("_\r\n");
    private static final byte[] CONE = ascii(":1\r\n");
    private static final byte[] CZERO = ascii(":0\r\n");
    private static final byte[] BOOL_TRUE = ascii("#t\r\n");
    private static final byte[] BOOL_FALSE = ascii("#f\r\n");
    private static final byte[] ERR_PREFIX = ascii("-ERR ");

    /** c->buf; its length is c->buf_usable_size (0 while not allocated). */
    private byte[] buf = NO_BUF;
    private int bufpos;
    /** c->buf_peak: the largest bufpos since the last peak reset. */
    private int bufPeak;
    /** c->buf_peak_last_reset_time, in the caller's milliseconds. */
    private long bufPeakLastResetTime;
    private int sentlen;
    private ReplyBlock head, tail;
    private int listLength;
    /** reply_bytes: allocated size of the list chunks. */
    private long replyBytes;
    /** Sum of {@code used} over the list, so pendingBytes needs no walk. */
    private long listUsed;
    private int resp = 2;
    private boolean discard;
    /** Error replies added so far, and the code of the last one ("ERR", "WRONGTYPE"): afterErrorReply's inputs. */
    private long errorReplies;
    private String lastErrorCode = "ERR";
    /**
     * Scratch for number encodings (prefix + 20 digits + CRLF fits in 23 bytes) and for
     * sanitising text; allocated with the first reply that needs it, dropped with {@code buf}.
     */
    private byte[] scratch;
    /**
     * addReplyDouble's %.17g text and digit scratch, made on the first double reply (most
     * connections never send one), so that double replies allocate nothing.
     */
    private byte[] doubleText, doubleDigits;

    public ReplyBuffer() {}

    private byte[] scratch() {
        byte[] sc = scratch;
        if (sc == null) scratch = sc = new byte[SCRATCH_BYTES];
        return sc;
    }

    public int resp() { return resp; }

    public void setResp(int resp) {
        if (resp != 2 && resp != 3) throw new IllegalArgumentException("resp must be 2 or 3");
        this.resp = resp;
    }

    /**
     * When true every addReply* is dropped and addReplyDeferredLen returns null, like
     * prepareClientToWrite failing (CLIENT REPLY OFF/SKIP, CLIENT_CLOSE_AFTER_REPLY).
     * Addition to the contract.
     */
    public void setDiscardReplies(boolean discard) { this.discard = discard; }

    public boolean discardReplies() { return discard; }

    // ------------------------------------------------------------------ low level

    /**
     * _addReplyToBuffer: copy as much as fits into {@code buf}; nothing if the list already has
     * entries (bytes must stay in order). Returns the bytes copied.
     */
    private int addReplyToBuffer(byte[] s, int off, int len) {
        if (listLength > 0) return 0;
        byte[] b = buf;
        int available = b.length - bufpos;
        if (len > available && b.length < PROTO_REPLY_CHUNK_BYTES) {
            b = growBuffer(bufpos + len);
            available = b.length - bufpos;
        }
        int replyLen = Math.min(len, available);
        System.arraycopy(s, off, b, bufpos, replyLen);
        bufpos += replyLen;
        // We update the buffer peak after appending the reply to the buffer.
        if (bufpos > bufPeak) bufPeak = bufpos;
        return replyLen;
    }

    /**
     * Allocates {@code buf} (first reply, or first since it was released) or grows it: doubling
     * from PROTO_REPLY_MIN_BYTES until {@code need} fits, never beyond PROTO_REPLY_CHUNK_BYTES.
     * The pending bytes keep their offsets, so {@code sentlen} stays valid.
     */
    private byte[] growBuffer(int need) {
        int size = Math.max(PROTO_REPLY_MIN_BYTES, buf.length * 2);
        while (size < need && size < PROTO_REPLY_CHUNK_BYTES) size *= 2;
        byte[] grown = new byte[Math.min(size, PROTO_REPLY_CHUNK_BYTES)];
        if (bufpos > 0) System.arraycopy(buf, 0, grown, 0, bufpos);
        buf = grown;
        return grown;
    }

    /** _addReplyProtoToList: fill the tail chunk, then append one new chunk for the rest. */
    private void addReplyProtoToList(byte[] s, int off, int len) {
        ReplyBlock t = tail;
        // The tail may be a placeholder (buf == null): never write into it.
        if (t != null && t.buf != null) {
            int avail = t.buf.length - t.used;
            int copy = Math.min(avail, len);
            System.arraycopy(s, off, t.buf, t.used, copy);
            t.used += copy;
            listUsed += copy;
            off += copy;
            len -= copy;
        }
        if (len > 0) {
            ReplyBlock b = new ReplyBlock();
            b.buf = new byte[Math.max(len, PROTO_REPLY_CHUNK_BYTES)];
            System.arraycopy(s, off, b.buf, 0, len);
            b.used = len;
            listUsed += len;
            replyBytes += b.buf.length;
            listAddNodeTail(b);
        }
    }

    /** _addReplyToBufferOrList. */
    public void addReplyProto(byte[] src, int off, int len) {
        if (discard) return;
        int replyLen = addReplyToBuffer(src, off, len);
        if (len > replyLen) addReplyProtoToList(src, off + replyLen, len - replyLen);
    }

    /** A preencoded reply such as "+OK\r\n". */
    public void addReplyRaw(byte[] encoded) {
        addReplyProto(encoded, 0, encoded.length);
    }

    private void listAddNodeTail(ReplyBlock b) {
        b.prev = tail;
        b.next = null;
        if (tail != null) tail.next = b; else head = b;
        tail = b;
        listLength++;
    }

    private void listDelNode(ReplyBlock b) {
        if (b.prev != null) b.prev.next = b.next; else head = b.next;
        if (b.next != null) b.next.prev = b.prev; else tail = b.prev;
        b.prev = b.next = null;
        b.linked = false;
        listLength--;
        replyBytes -= b.size();
        listUsed -= b.used;
    }

    /**
     * Copy the chars of {@code s} as bytes: ASCII strings without allocating, others as UTF-8.
     * With {@code sanitize}, '\r' and '\n' become spaces (error messages must be one line).
     */
    private void addReplyChars(String s, int from, boolean sanitize) {
        int n = s.length();
        for (int i = from; i < n; i++) {
            if (s.charAt(i) >= 0x80) {
                byte[] b = s.substring(from).getBytes(StandardCharsets.UTF_8);
                if (sanitize) sanitizeLine(b);
                addReplyProto(b, 0, b.length);
                return;
            }
        }
        byte[] sc = scratch();
        int i = from;
        while (i < n) {
            int chunk = Math.min(sc.length, n - i);
            for (int j = 0; j < chunk; j++) {
                byte c = (byte) s.charAt(i + j);
                if (sanitize && (c == '\r' || c == '\n')) c = ' ';
                sc[j] = c;
            }
            addReplyProto(sc, 0, chunk);
            i += chunk;
        }
    }

    private static void sanitizeLine(byte[] b) {
        for (int i = 0; i < b.length; i++) if (b[i] == '\r' || b[i] == '\n') b[i] = ' ';
    }

    /** Number of bytes utf-8 needs for s, or -1 when s is pure ASCII (then it is s.length()). */
    private static int utf8LengthIfNotAscii(String s) {
        int n = s.length();
        for (int i = 0; i < n; i++) if (s.charAt(i) >= 0x80) return -1;
        return n;
    }

    // ------------------------------------------------------------------ simple types

    /** addReplyStatus: "+status\r\n". */
    public void addReplyStatus(String status) {
        if (discard) return;
        byte[] sc = scratch();
        sc[0] = '+';
        addReplyProto(sc, 0, 1);
        addReplyChars(status, 0, true);
        addReplyProto(CRLF, 0, 2);
    }

    /** addReplyError: prefixes "-ERR " unless msg starts with '-'; \r and \n become spaces. */
    public void addReplyError(String msg) {
        countError(msg.startsWith("-") ? codeOf(msg) : "ERR");
        if (discard) return;
        if (msg.isEmpty() || msg.charAt(0) != '-') addReplyProto(ERR_PREFIX, 0, ERR_PREFIX.length);
        addReplyChars(msg, 0, true);
        addReplyProto(CRLF, 0, 2);
    }

    /**
     * addReplyErrorLength for binary messages (e.g. ones quoting user arguments verbatim):
     * same rules as {@link #addReplyError(String)}. Addition to the contract.
     */
    public void addReplyErrorBytes(byte[] msg, int off, int len) {
        countError(len > 0 && msg[off] == '-' ? codeOf(new String(msg, off, Math.min(len, 64), java.nio.charset.StandardCharsets.ISO_8859_1)) : "ERR");
        if (discard) return;
        if (len == 0 || msg[off] != '-') addReplyProto(ERR_PREFIX, 0, ERR_PREFIX.length);
        byte[] sc = scratch();
        int i = off, end = off + len;
        while (i < end) {
            int chunk = Math.min(sc.length, end - i);
            for (int j = 0; j < chunk; j++) {
                byte c = msg[i + j];
                sc[j] = (c == '\r' || c == '\n') ? (byte) ' ' : c;
            }
            addReplyProto(sc, 0, chunk);
            i += chunk;
        }
        addReplyProto(CRLF, 0, 2);
    }

    /** The error code of a "-CODE message" text: the word after the dash. */
    private static String codeOf(String dashed) {
        int sp = dashed.indexOf(' ');
        return dashed.substring(1, sp < 0 ? dashed.length() : sp);
    }

    private void countError(String code) {
        errorReplies++;
        lastErrorCode = code;
    }

    /** How many error replies were added (even when discarded), for INFO's error stats. */
    public long errorReplies() { return errorReplies; }

    /** The code of the last error reply ("ERR", "WRONGTYPE", "NOAUTH" ...). */
    public String lastErrorCode() { return lastErrorCode; }

    /** addReplyLongLong: ":n\r\n". */
    public void addReplyLongLong(long value) {
        if (value == 0) { addReplyProto(CZERO, 0, CZERO.length); return; }
        if (value == 1) { addReplyProto(CONE, 0, CONE.length); return; }
        addReplyLongLongWithPrefix(value, (byte) ':');
    }

    /**
     * addReplyLongLongWithPrefix: "&lt;prefix&gt;n\r\n", using the shared headers for small
     * aggregate and bulk lengths, else a digit loop into the scratch array (no String).
     */
    private void addReplyLongLongWithPrefix(long value, byte prefix) {
        if (value >= 0 && value < OBJ_SHARED_BULKHDR_LEN) {
            byte[][] shared = null;
            switch (prefix) {
                case '*': shared = MBULK_HDR; break;
                case '$': shared = BULK_HDR; break;
                case '%': shared = MAP_HDR; break;
                case '~': shared = SET_HDR; break;
                default: break;
            }
            if (shared != null) {
                byte[] h = shared[(int) value];
                addReplyProto(h, 0, h.length);
                return;
            }
        }
        byte[] sc = scratch();
        int n = encodeLongWithPrefix(sc, 0, prefix, value);
        addReplyProto(sc, 0, n);
    }

    /** Writes prefix, the decimal digits of value (ll2string) and CRLF; returns the length. */
    static int encodeLongWithPrefix(byte[] dst, int off, byte prefix, long value) {
        int p = off;
        dst[p++] = prefix;
        p += ll2string(dst, p, value);
        dst[p++] = '\r';
        dst[p++] = '\n';
        return p - off;
    }

    /** ll2string into {@code dst} at {@code off}; returns the number of bytes (max 20). */
    static int ll2string(byte[] dst, int off, long value) {
        // Work on the negative value so Long.MIN_VALUE needs no special case.
        boolean neg = value < 0;
        long v = neg ? value : -value;
        int len = digitsOfNegative(v) + (neg ? 1 : 0);
        int p = off + len - 1;
        do {
            dst[p--] = (byte) ('0' - (v % 10));
            v /= 10;
        } while (v != 0);
        if (neg) dst[off] = '-';
        return len;
    }

    private static int digitsOfNegative(long v) {
        int d = 1;
        while (v <= -10) { v /= 10; d++; }
        return d;
    }

    /** addReplyBulkLen: "$len\r\n". */
    private void addReplyBulkLen(long len) {
        addReplyLongLongWithPrefix(len, (byte) '$');
    }

    /** addReplyBulk / addReplyBulkCBuffer: "$len\r\n...\r\n". */
    public void addReplyBulk(byte[] value) {
        addReplyBulk(value, 0, value.length);
    }

    public void addReplyBulk(byte[] value, int off, int len) {
        if (discard) return;
        addReplyBulkLen(len);
        addReplyProto(value, off, len);
        addReplyProto(CRLF, 0, 2);
    }

    /** addReplyBulkCString: UTF-8 bytes of value as a bulk string; null is addReplyNull. */
    public void addReplyBulkCString(String value) {
        if (discard) return;
        if (value == null) { addReplyNull(); return; }
        int n = utf8LengthIfNotAscii(value);
        if (n < 0) {
            addReplyBulk(value.getBytes(StandardCharsets.UTF_8));
            return;
        }
        addReplyBulkLen(n);
        addReplyChars(value, 0, false);
        addReplyProto(CRLF, 0, 2);
    }

    /** addReplyBulkLongLong: the decimal digits of value as a bulk string. */
    public void addReplyBulkLongLong(long value) {
        if (discard) return;
        byte[] sc = scratch();
        // "$" + len + CRLF + digits + CRLF, all encoded in the scratch array.
        int dstart = 32;
        int dlen = ll2string(sc, dstart, value);
        int p = encodeLongWithPrefix(sc, 0, (byte) '$', dlen);
        System.arraycopy(sc, dstart, sc, p, dlen);
        p += dlen;
        sc[p++] = '\r';
        sc[p++] = '\n';
        addReplyProto(sc, 0, p);
    }

    /** RESP2 "$-1", RESP3 "_". */
    public void addReplyNull() {
        byte[] b = resp == 2 ? NULL_BULK : NULL_RESP3;
        addReplyProto(b, 0, b.length);
    }

    /** RESP2 "*-1", RESP3 "_". */
    public void addReplyNullArray() {
        byte[] b = resp == 2 ? NULL_ARRAY : NULL_RESP3;
        addReplyProto(b, 0, b.length);
    }

    /** RESP2 bulk "%.17g" (inf/-inf), RESP3 ",%.17g". */
    public void addReplyDouble(double value) {
        if (discard) return;
        if (doubleText == null) {
            doubleText = new byte[17 + 8];
            doubleDigits = new byte[DoubleFormat.scratchSize(17)];
        }
        int n = DoubleFormat.formatG(value, 17, doubleText, doubleDigits);
        byte[] sc = scratch();
        int p;
        if (resp == 2) {
            p = encodeLongWithPrefix(sc, 0, (byte) '$', n);
        } else {
            sc[0] = ',';
            p = 1;
        }
        System.arraycopy(doubleText, 0, sc, p, n);
        p += n;
        sc[p++] = '\r';
        sc[p++] = '\n';
        addReplyProto(sc, 0, p);
    }

    /** RESP2 :1/:0, RESP3 #t/#f. */
    public void addReplyBool(boolean value) {
        byte[] b = resp == 2 ? (value ? CONE : CZERO) : (value ? BOOL_TRUE : BOOL_FALSE);
        addReplyProto(b, 0, b.length);
    }

    /**
     * RESP2 bulk, RESP3 "=len\r\next:text". ext is 3 chars, e.g. "txt"; like Redis a shorter
     * ext is padded with spaces and a longer one truncated.
     */
    public void addReplyVerbatim(byte[] text, String ext) {
        if (discard) return;
        if (resp == 2) {
            addReplyBulk(text);
            return;
        }
        byte[] sc = scratch();
        int p = encodeLongWithPrefix(sc, 0, (byte) '=', (long) text.length + 4);
        for (int i = 0; i < 3; i++) sc[p++] = (byte) (i < ext.length() ? ext.charAt(i) : ' ');
        sc[p++] = ':';
        addReplyProto(sc, 0, p);
        addReplyProto(text, 0, text.length);
        addReplyProto(CRLF, 0, 2);
    }

    /** RESP2 bulk, RESP3 "(digits". */
    public void addReplyBigNum(String digits) {
        if (discard) return;
        if (resp == 2) {
            addReplyBulkCString(digits);
            return;
        }
        byte[] sc = scratch();
        sc[0] = '(';
        addReplyProto(sc, 0, 1);
        addReplyChars(digits, 0, false);
        addReplyProto(CRLF, 0, 2);
    }

    // ------------------------------------------------------------------ aggregates

    /** addReplyArrayLen: "*n". */
    public void addReplyArrayLen(long len) {
        addReplyAggregateLen(len, (byte) '*');
    }

    /** RESP2 "*2n", RESP3 "%n". */
    public void addReplyMapLen(long len) {
        if (resp == 2) addReplyAggregateLen(len * 2, (byte) '*');
        else addReplyAggregateLen(len, (byte) '%');
    }

    /** RESP2 "*n", RESP3 "~n". */
    public void addReplySetLen(long len) {
        addReplyAggregateLen(len, resp == 2 ? (byte) '*' : (byte) '~');
    }

    /** RESP2 "*n", RESP3 ">n". */
    public void addReplyPushLen(long len) {
        addReplyAggregateLen(len, resp == 2 ? (byte) '*' : (byte) '>');
    }

    /** RESP3 attribute "|n" (RESP2 clients never get attributes; callers must check). Addition. */
    public void addReplyAttributeLen(long len) {
        addReplyAggregateLen(len, (byte) '|');
    }

    private void addReplyAggregateLen(long len, byte prefix) {
        if (discard) return;
        addReplyLongLongWithPrefix(len, prefix);
    }

    /**
     * addReplyDeferredLen: reserve a length to fill later with setDeferred*Len. Everything added
     * afterwards goes after the placeholder. Returns an opaque handle (null when replies are
     * discarded; the setters ignore null).
     */
    public Object addReplyDeferredLen() {
        if (discard) return null;
        trimReplyUnusedTailSpace();
        ReplyBlock placeholder = new ReplyBlock();
        listAddNodeTail(placeholder);
        return placeholder;
    }

    /**
     * trimReplyUnusedTailSpace: before a placeholder, shrink a mostly empty small tail chunk,
     * since nothing will be appended to it any more (only the deferred header may be).
     */
    private void trimReplyUnusedTailSpace() {
        ReplyBlock t = tail;
        if (t == null || t.buf == null) return;
        int size = t.buf.length;
        if (size - t.used > size / 4 && t.used < PROTO_REPLY_CHUNK_BYTES) {
            t.buf = Arrays.copyOf(t.buf, t.used);
            replyBytes += t.buf.length - size;
        }
    }

    public void setDeferredArrayLen(Object handle, long len) {
        setDeferredAggregateLen(handle, len, (byte) '*');
    }

    public void setDeferredMapLen(Object handle, long len) {
        if (resp == 2) setDeferredAggregateLen(handle, len * 2, (byte) '*');
        else setDeferredAggregateLen(handle, len, (byte) '%');
    }

    public void setDeferredSetLen(Object handle, long len) {
        setDeferredAggregateLen(handle, len, resp == 2 ? (byte) '*' : (byte) '~');
    }

    /** RESP2 "*n", RESP3 "&gt;n". Addition to the contract. */
    public void setDeferredPushLen(Object handle, long len) {
        setDeferredAggregateLen(handle, len, resp == 2 ? (byte) '*' : (byte) '>');
    }

    /** setDeferredAggregateLen. */
    private void setDeferredAggregateLen(Object handle, long len, byte prefix) {
        if (len < 0) throw new IllegalArgumentException("negative deferred length " + len);
        if (handle == null) return;
        byte[] s;
        int n;
        if (prefix == '*' && len < OBJ_SHARED_BULKHDR_LEN) {
            s = MBULK_HDR[(int) len];
            n = s.length;
        } else {
            s = scratch(); // setDeferredReply copies out of it
            n = encodeLongWithPrefix(s, 0, prefix, len);
        }
        setDeferredReply((ReplyBlock) handle, s, n);
    }

    /**
     * setDeferredReply: fill the placeholder. Like Redis, prefer appending to the previous
     * chunk's free space or prepending into the next chunk's free space (saving a write), else
     * the placeholder becomes a chunk of exactly the header's size.
     */
    private void setDeferredReply(ReplyBlock ln, byte[] s, int length) {
        if (!ln.linked) return; // cleared meanwhile (client freed / reply discarded)
        if (ln.buf != null) throw new IllegalStateException("deferred length already set");
        int off = 0;
        ReplyBlock prev = ln.prev;
        if (prev != null && prev.buf != null && prev.buf.length - prev.used > 0) {
            int toCopy = Math.min(prev.buf.length - prev.used, length);
            System.arraycopy(s, 0, prev.buf, prev.used, toCopy);
            prev.used += toCopy;
            listUsed += toCopy;
            length -= toCopy;
            off += toCopy;
            if (length == 0) {
                listDelNode(ln);
                return;
            }
        }
        ReplyBlock next = ln.next;
        if (next != null && next.buf != null && next.buf.length - next.used >= length
                && next.used < PROTO_REPLY_CHUNK_BYTES * 4) {
            System.arraycopy(next.buf, 0, next.buf, length, next.used);
            System.arraycopy(s, off, next.buf, 0, length);
            next.used += length;
            listUsed += length;
            listDelNode(ln);
        } else {
            ln.buf = Arrays.copyOfRange(s, off, off + length);
            ln.used = length;
            listUsed += length;
            replyBytes += length;
        }
    }

    // ------------------------------------------------------------------ output side

    /** clientHasPendingReplies. */
    public boolean hasPendingReplies() {
        return bufpos > 0 || listLength > 0;
    }

    /** Bytes not yet written (buf + list). */
    public long pendingBytes() {
        if (bufpos > 0) return (bufpos - sentlen) + listUsed;
        return listUsed - sentlen;
    }

    /**
     * Bytes held in the reply list (reply_bytes: allocated chunk sizes, as
     * getClientOutputBufferMemoryUsage counts them), for output buffer limits.
     */
    public long listBytes() { return replyBytes; }

    /** listLength(c->reply), chunks and unfilled placeholders. Addition to the contract. */
    public int listLength() { return listLength; }

    /** c->bufpos: bytes in the fixed buffer. Addition to the contract. */
    public int bufpos() { return bufpos; }

    /** c->buf_usable_size (CLIENT LIST {@code rbs}): 0 while {@code buf} is not allocated. Addition. */
    public int bufSize() { return buf.length; }

    /** c->buf_peak (CLIENT LIST {@code rbp}): the largest bufpos since the last peak reset. Addition. */
    public int bufPeak() { return bufPeak; }

    // ------------------------------------------------------------------ sizing (clientsCron)

    /**
     * clientsCronResizeOutputBuffer: when the peak of the current window is under half of
     * {@code buf}, shrink {@code buf} to that peak (at least PROTO_REPLY_MIN_BYTES); then, once
     * per {@code peakResetTimeMs} (negative: never), start a new window with the peak at the
     * current bufpos. Growing is not needed here: {@code buf} grows when a reply does not fit.
     * Returns the bytes given back (0 if nothing changed).
     */
    public int clientsCronResizeOutputBuffer(long nowMs, long peakResetTimeMs) {
        int size = buf.length;
        int freed = 0;
        if (size / 2 >= PROTO_REPLY_MIN_BYTES && bufPeak < size / 2) {
            // bufPeak >= bufpos, so every pending byte fits, at the same offset (sentlen stays valid).
            byte[] shrunk = new byte[Math.max(PROTO_REPLY_MIN_BYTES, bufPeak + 1)];
            System.arraycopy(buf, 0, shrunk, 0, bufpos);
            buf = shrunk;
            freed = size - shrunk.length;
        }
        if (peakResetTimeMs >= 0 && nowMs - bufPeakLastResetTime >= peakResetTimeMs) {
            bufPeak = bufpos;
            bufPeakLastResetTime = nowMs;
        }
        return freed;
    }

    /**
     * Frees {@code buf} and the scratch array when nothing is pending in {@code buf} (an idle
     * client); the next reply allocates a small one again. Returns the bytes given back.
     * Addition to Redis 7.0, whose idle clients keep a 1 KB buf.
     */
    public int releaseBufferIfEmpty() {
        if (bufpos != 0) return 0;
        int freed = buf.length + (scratch == null ? 0 : scratch.length)
                + (doubleText == null ? 0 : doubleText.length + doubleDigits.length);
        buf = NO_BUF;
        scratch = null;
        doubleText = doubleDigits = null;
        return freed;
    }

    /**
     * _writeToClient: hand pending bytes to {@code sink} segment by segment, at most
     * {@code maxBytes} in all, stopping early when the sink takes less than offered. Returns
     * total bytes written, or -1 if the sink reported an error.
     *
     * <p>Like Redis 7.0's non-writev path: {@code buf} first (when fully sent it is reset), then
     * list chunks one at a time, each dropped once sent. A partially written segment resumes at
     * {@code sentlen} on the next call. An unfilled deferred placeholder at the head stops the
     * write (the command producing it has not finished).
     */
    public long writeTo(Sink sink, long maxBytes) {
        long totwritten = 0;
        while (hasPendingReplies() && totwritten < maxBytes) {
            long room = maxBytes - totwritten;
            if (bufpos > 0) {
                int len = (int) Math.min(bufpos - sentlen, room);
                long nwritten = sink.write(buf, sentlen, len);
                if (nwritten < 0) return -1;
                if (nwritten == 0) break;
                sentlen += (int) nwritten;
                totwritten += nwritten;
                // Whole buffer sent: reset it so the next replies start at the beginning.
                if (sentlen == bufpos) {
                    bufpos = 0;
                    sentlen = 0;
                }
                if (nwritten < len) break;
            } else {
                ReplyBlock o = head;
                if (o.buf == null) break; // unfilled deferred length
                int objlen = o.used;
                if (objlen == 0) {
                    listDelNode(o);
                    continue;
                }
                int len = (int) Math.min(objlen - sentlen, room);
                long nwritten = sink.write(o.buf, sentlen, len);
                if (nwritten < 0) return -1;
                if (nwritten == 0) break;
                sentlen += (int) nwritten;
                totwritten += nwritten;
                // Whole chunk sent: drop it (listDelNode also takes it out of listUsed).
                if (sentlen == objlen) {
                    sentlen = 0;
                    listDelNode(o);
                }
                if (nwritten < len) break;
            }
        }
        return totwritten;
    }

    /** Drop everything pending (client being freed / CLIENT REPLY OFF). */
    public void clear() {
        bufpos = 0;
        sentlen = 0;
        for (ReplyBlock b = head; b != null; ) {
            ReplyBlock n = b.next;
            b.linked = false;
            b.prev = b.next = null;
            b = n;
        }
        head = tail = null;
        listLength = 0;
        replyBytes = 0;
        listUsed = 0;
    }

    // ------------------------------------------------------------------ helpers

    private static byte[][] sharedHeaders(char prefix) {
        byte[][] h = new byte[OBJ_SHARED_BULKHDR_LEN][];
        for (int i = 0; i < h.length; i++) h[i] = ascii(prefix + Integer.toString(i) + "\r\n");
        return h;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
