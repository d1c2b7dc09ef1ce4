package io.aeredis.resp;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Incremental request parser: a port of {@code processInlineBuffer} and
 * {@code processMultibulkBuffer} from Redis's networking.c. One instance per client; it keeps
 * {@code reqtype}, {@code multibulklen} and {@code bulklen} between calls so that parsing
 * resumes at any split point.
 *
 * <p>Usage, mirroring processInputBuffer:
 * <pre>
 *   while (pos &lt; end) {
 *       int r = parser.parse(buf, pos, end);   // returns the new position
 *       pos = r;
 *       if (parser.status() == NEED_MORE) break;              // keep the unread bytes
 *       if (parser.status() == ERROR) { addReplyError(parser.errorMessage()); close after reply; break; }
 *       // COMPLETE: parser.argv()/argc() is one command (argc may be 0: skip it)
 *       ... run it ...; parser.reset();
 *   }
 * </pre>
 *
 * <p>The parser keeps no index into the caller's buffer between calls, only counts: on the
 * next call the caller passes again, from the returned position on, the bytes it has not
 * consumed (possibly moved, with more appended).
 *
 * <p>Like Redis, line searches use {@code strchr} semantics: a NUL byte ends the search, so a
 * NUL before the '\r' (multibulk headers) or '\n' (inline) means "no line yet".
 */
public final class RequestParser {
    public static final int NEED_MORE = 0;
    public static final int COMPLETE = 1;
    public static final int ERROR = 2;

    /** PROTO_INLINE_MAX_SIZE. */
    public static final int PROTO_INLINE_MAX_SIZE = 64 * 1024;
    /** Default proto-max-bulk-len. */
    public static final long DEFAULT_PROTO_MAX_BULK_LEN = 512L * 1024 * 1024;

    private static final int PROTO_REQ_INLINE = 1;
    private static final int PROTO_REQ_MULTIBULK = 2;
    /** Redis caps the initial argv allocation at this many slots; we keep at most this many on reset. */
    private static final int ARGV_INITIAL_CAP = 1024;
    /** LONG_STR_SIZE: string2ll rejects strings this long or longer. */
    private static final int LONG_STR_SIZE = 21;

    private long maxBulkLen = DEFAULT_PROTO_MAX_BULK_LEN;
    private boolean authRequired;

    private int reqtype;
    private int multibulklen;
    private long bulklen = -1;
    private byte[][] argv = new byte[8][];
    private int argc;
    private int status = NEED_MORE;
    private boolean inline;
    private String errorMessage;
    /** Bytes missing for the awaited bulk argument as of the last parse call. */
    private long pendingBulk;

    /** Result of the last successful {@link #string2ll}. */
    private long ll;
    /** Splits inline requests (sdssplitargs); created by the first inline request, then reused. */
    private SplitArgs splitter;

    public RequestParser() {}

    /** proto-max-bulk-len (CONFIG SET at runtime). */
    public void setMaxBulkLen(long maxBulkLen) { this.maxBulkLen = maxBulkLen; }

    /** When true (requirepass set and client not authenticated) apply Redis's unauthenticated limits (multibulk &gt; 10, bulk &gt; 16384). */
    public void setAuthRequired(boolean authRequired) { this.authRequired = authRequired; }

    /**
     * Parse from {@code buf[pos..end)}; returns the position after what was consumed.
     *
     * <p>After COMPLETE, a further call without {@link #reset()} resets first. After ERROR the
     * parser stays in error (the client is to be closed) until reset.
     */
    public int parse(byte[] buf, int pos, int end) {
        if (status == COMPLETE) reset();
        if (status == ERROR) return pos;
        if (pos >= end) {
            status = NEED_MORE;
            return pos;
        }
        // Determine request type when unknown (processInputBuffer).
        if (reqtype == 0) reqtype = buf[pos] == '*' ? PROTO_REQ_MULTIBULK : PROTO_REQ_INLINE;
        return reqtype == PROTO_REQ_INLINE
                ? processInlineBuffer(buf, pos, end)
                : processMultibulkBuffer(buf, pos, end);
    }

    public int status() { return status; }

    /**
     * The arguments of the completed command; the array may be longer than argc. The array is
     * reused by the next command: keep the elements (each a fresh byte[] owned by the command),
     * or copy the array ({@link #takeArgv()}), never the array itself.
     */
    public byte[][] argv() { return argv; }

    public int argc() { return argc; }

    /** A copy of argv of exactly argc elements, for commands that keep their argv (MULTI). Addition. */
    public byte[][] takeArgv() { return Arrays.copyOf(argv, argc); }

    /** True when the completed command came as an inline request. */
    public boolean wasInline() { return inline; }

    /**
     * The error reply text without "-ERR " e.g. "Protocol error: invalid multibulk length".
     * For "expected '$', got 'X'" the offending byte is the char {@code (char)(X & 0xff)}: use
     * {@link #errorMessageBytes()} to reply it byte-exact for bytes &gt;= 0x80.
     */
    public String errorMessage() { return errorMessage; }

    /** The error message as the bytes Redis sends (ISO-8859-1 of errorMessage()). Addition. */
    public byte[] errorMessageBytes() {
        return errorMessage == null ? null : errorMessage.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** resetClient(): ready for the next command. Drops the argument references (freeClientArgv). */
    public void reset() {
        if (argv.length > ARGV_INITIAL_CAP) {
            argv = new byte[ARGV_INITIAL_CAP][];
        } else {
            Arrays.fill(argv, 0, argc, null);
        }
        argc = 0;
        reqtype = 0;
        multibulklen = 0;
        bulklen = -1;
        status = NEED_MORE;
        inline = false;
        errorMessage = null;
        pendingBulk = 0;
    }

    /**
     * Drops the inline splitter's buffers (an idle client's clientsCron); the next inline
     * request creates them again. Safe between any two {@link #parse} calls: an inline request
     * is split in one go. Addition.
     */
    public void releaseIdleBuffers() {
        splitter = null;
    }

    /**
     * Bytes the parser still needs before it can make progress (for query buffer sizing); 0 if
     * unknown. Precisely: when the last parse call stopped waiting for a bulk argument's data,
     * {@code bulklen + 2} minus the bytes that call had buffered for it (what readQueryFromClient
     * computes as {@code remaining} for big arguments); otherwise 0 (waiting for a line).
     */
    public long pendingBulkLen() { return pendingBulk; }

    /** The length of the bulk argument being read, or -1 while waiting for a "$len" line. Addition. */
    public long bulklen() { return bulklen; }

    // ------------------------------------------------------------------ multibulk

    /** processMultibulkBuffer. */
    private int processMultibulkBuffer(byte[] buf, int pos, int end) {
        pendingBulk = 0;
        if (multibulklen == 0) {
            // Multi bulk length cannot be read without a \r\n.
            int newline = strchr(buf, pos, end, (byte) '\r');
            if (newline < 0) {
                if (end - pos > PROTO_INLINE_MAX_SIZE) {
                    return protocolError(pos, "Protocol error: too big mbulk count string");
                }
                return needMore(pos);
            }
            // The buffer should also contain the \n (Redis only checks there is one more byte).
            if (newline + 1 >= end) return needMore(pos);

            if (!string2ll(buf, pos + 1, newline - (pos + 1)) || ll > Integer.MAX_VALUE) {
                return protocolError(pos, "Protocol error: invalid multibulk length");
            } else if (ll > 10 && authRequired) {
                return protocolError(pos, "Protocol error: unauthenticated multibulk length");
            }
            pos = newline + 2;
            if (ll <= 0) {
                // "*0" / "*-1": an empty command, which the caller skips.
                status = COMPLETE;
                return pos;
            }
            multibulklen = (int) ll;
            int want = Math.min(multibulklen, ARGV_INITIAL_CAP);
            if (argv.length < want) argv = new byte[want][];
        }

        while (multibulklen > 0) {
            // Read bulk length if unknown.
            if (bulklen == -1) {
                int newline = strchr(buf, pos, end, (byte) '\r');
                if (newline < 0) {
                    if (end - pos > PROTO_INLINE_MAX_SIZE) {
                        return protocolError(pos, "Protocol error: too big bulk count string");
                    }
                    break;
                }
                // The buffer should also contain \n.
                if (newline + 1 >= end) break;

                if (buf[pos] != '$') {
                    return protocolError(pos, expectedDollarMessage(buf[pos]));
                }
                if (!string2ll(buf, pos + 1, newline - (pos + 1)) || ll < 0 || ll > maxBulkLen) {
                    return protocolError(pos, "Protocol error: invalid bulk length");
                } else if (ll > 16384 && authRequired) {
                    return protocolError(pos, "Protocol error: unauthenticated bulk length");
                }
                pos = newline + 2;
                bulklen = ll;
            }

            // Read bulk argument (+2 == the trailing \r\n, which is skipped unchecked).
            long avail = end - pos;
            if (avail < bulklen + 2) {
                pendingBulk = bulklen + 2 - avail;
                break;
            }
            if (argc >= argv.length) {
                // Grow like Redis: double, but no further than the arguments still announced.
                long grown = Math.min((long) argv.length * 2, (long) argc + multibulklen);
                argv = Arrays.copyOf(argv, (int) Math.min(grown, Integer.MAX_VALUE - 8));
            }
            int len = (int) bulklen;
            argv[argc++] = Arrays.copyOfRange(buf, pos, pos + len);
            pos += len + 2;
            bulklen = -1;
            multibulklen--;
        }

        // We're done when multibulklen == 0.
        status = multibulklen == 0 ? COMPLETE : NEED_MORE;
        return pos;
    }

    /** addReplyErrorFormat("Protocol error: expected '$', got '%c'"), including C's quirks. */
    private static String expectedDollarMessage(byte b) {
        // b is never NUL: strchr stopped at a NUL before finding the '\r' of this line.
        return "Protocol error: expected '$', got '" + (char) (b & 0xff) + "'";
    }

    // ------------------------------------------------------------------ inline

    /** processInlineBuffer. */
    private int processInlineBuffer(byte[] buf, int pos, int end) {
        pendingBulk = 0;
        // Search for end of line.
        int newline = strchr(buf, pos, end, (byte) '\n');
        if (newline < 0) {
            if (end - pos > PROTO_INLINE_MAX_SIZE) {
                return protocolError(pos, "Protocol error: too big inline request");
            }
            return needMore(pos);
        }
        // Handle the \r\n case.
        int lineEnd = newline;
        if (newline != pos && buf[newline - 1] == '\r') lineEnd--;

        if (!sdssplitargs(buf, pos, lineEnd)) {
            return protocolError(pos, "Protocol error: unbalanced quotes in request");
        }
        inline = true;
        status = COMPLETE;
        return newline + 1;
    }

    /** sdssplitargs over {@code buf[from..to)}, appending the arguments to argv; false on bad quotes. */
    private boolean sdssplitargs(byte[] buf, int from, int to) {
        SplitArgs splitter = this.splitter;
        if (splitter == null) this.splitter = splitter = new SplitArgs();
        if (!splitter.split(buf, from, to)) return false;
        int n = splitter.argc();
        while (argc + n > argv.length) argv = Arrays.copyOf(argv, argv.length * 2);
        System.arraycopy(splitter.argv(), 0, argv, argc, n);
        argc += n;
        return true;
    }

    // ------------------------------------------------------------------ helpers

    /** strchr from {@code from}: index of {@code c}, or -1 if absent or after a NUL byte. */
    private static int strchr(byte[] buf, int from, int end, byte c) {
        for (int i = from; i < end; i++) {
            byte b = buf[i];
            if (b == c) return i;
            if (b == 0) return -1;
        }
        return -1;
    }

    private int needMore(int pos) {
        status = NEED_MORE;
        return pos;
    }

    /** setProtocolError: the caller replies "-ERR " + message and closes after the reply. */
    private int protocolError(int pos, String message) {
        status = ERROR;
        errorMessage = message;
        pendingBulk = 0;
        return pos;
    }

    /**
     * Redis's strict string2ll: optional '-', no '+', no spaces, no leading zeros (except "0"),
     * fits in a signed 64-bit integer. Sets {@link #ll} on success.
     */
    private boolean string2ll(byte[] s, int off, int slen) {
        if (slen <= 0 || slen >= LONG_STR_SIZE) return false;
        if (slen == 1 && s[off] == '0') {
            ll = 0;
            return true;
        }
        int p = off, plen = 0;
        boolean negative = false;
        if (s[p] == '-') {
            negative = true;
            p++;
            plen++;
            if (plen == slen) return false;
        }
        // First digit should be 1-9, otherwise the string should just be 0.
        if (s[p] < '1' || s[p] > '9') return false;
        // Accumulate negatively: the range of negative longs includes -LLONG_MIN's magnitude.
        long v = -(s[p] - '0');
        p++;
        plen++;
        while (plen < slen && s[p] >= '0' && s[p] <= '9') {
            int d = s[p] - '0';
            if (v < (Long.MIN_VALUE + d) / 10) return false; // v*10 - d would overflow
            v = v * 10 - d;
            p++;
            plen++;
        }
        if (plen < slen) return false;
        if (negative) {
            ll = v;
        } else {
            if (v == Long.MIN_VALUE) return false;
            ll = -v;
        }
        return true;
    }
}
