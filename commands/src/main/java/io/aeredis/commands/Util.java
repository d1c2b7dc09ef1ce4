package io.aeredis.commands;

/**
 * Ports of the util.c / object.c helpers commands lean on: {@code string2ll}, {@code ll2string},
 * C-string {@code strcasecmp} on arguments, {@code strtoul} for SCAN cursors, and the
 * {@code get*FromObjectOrReply} argument parsers.
 *
 * <p>Java cannot return a value and a status at once without allocating, so integer parsing is
 * split in two: {@link #isLongLong} (string2ll(s,len,NULL)) validates and {@link #string2ll}
 * converts an already validated string. Re-reading at most 20 bytes is cheaper than any holder
 * object.
 */
public final class Util {
    private Util() {}

    /** LONG_STR_SIZE: strings this long or longer are never valid long longs. */
    static final int LONG_STR_SIZE = 21;
    /** ULLONG_MAX / 10, as an unsigned value. */
    private static final long ULLONG_MAX_DIV10 = Long.divideUnsigned(-1L, 10);

    /**
     * string2ll(s, slen, NULL): strict base-10: no spaces, no '+', no leading zeros (except
     * "0" itself), no "-0", within [LLONG_MIN, LLONG_MAX], fewer than 21 bytes.
     */
    public static boolean isLongLong(byte[] s) {
        return isLongLong(s, 0, s.length);
    }

    public static boolean isLongLong(byte[] s, int off, int slen) {
        if (slen == 0 || slen >= LONG_STR_SIZE) return false;
        int p = off;
        int end = off + slen;
        if (slen == 1 && s[p] == '0') return true;
        boolean negative = false;
        if (s[p] == '-') {
            negative = true;
            p++;
            if (p == end) return false;
        }
        if (s[p] < '1' || s[p] > '9') return false;
        long v = s[p++] - '0';
        while (p < end && s[p] >= '0' && s[p] <= '9') {
            // Unsigned overflow checks, as Redis accumulates into an unsigned long long.
            if (Long.compareUnsigned(v, ULLONG_MAX_DIV10) > 0) return false;
            v *= 10;
            int d = s[p] - '0';
            if (Long.compareUnsigned(v, -1L - d) > 0) return false;
            v += d;
            p++;
        }
        if (p < end) return false;
        if (negative) {
            return Long.compareUnsigned(v, Long.MIN_VALUE) <= 0; // up to 2^63
        }
        return v >= 0; // v <= LLONG_MAX
    }

    /** string2ll's conversion of a string {@link #isLongLong} accepted. */
    public static long string2ll(byte[] s) {
        return string2ll(s, 0, s.length);
    }

    public static long string2ll(byte[] s, int off, int slen) {
        int p = off;
        int end = off + slen;
        boolean negative = s[p] == '-';
        if (negative) p++;
        long v = 0;
        // Accumulate negatively so that LLONG_MIN needs no special case.
        while (p < end) v = v * 10 - (s[p++] - '0');
        return negative ? v : -v;
    }

    /** Number of characters of {@code v} in base 10, sign included (sdigits10). */
    public static int digits10(long v) {
        if (v < 0) {
            if (v == Long.MIN_VALUE) return 20;
            return 1 + digits10(-v);
        }
        int n = 1;
        long limit = 10;
        while (n < 19 && v >= limit) {
            n++;
            limit *= 10;
        }
        return n;
    }

    /** ll2string into a new array of exactly the right size: the only allocation INCR makes. */
    public static byte[] ll2bytes(long v) {
        int len = digits10(v);
        byte[] out = new byte[len];
        int p = len;
        long x = v;
        // Work with non-positive values so LLONG_MIN needs no special case.
        if (x > 0) x = -x;
        do {
            out[--p] = (byte) ('0' - (x % 10));
            x /= 10;
        } while (x != 0);
        if (v < 0) out[0] = '-';
        return out;
    }

    /**
     * strcasecmp(arg, lit) == 0 with C-string semantics: the argument ends at its first NUL byte,
     * as Redis compares sds arguments with strcasecmp ("nx\0junk" is NX). {@code lit} is ASCII.
     */
    public static boolean strcasecmp(byte[] arg, String lit) {
        int n = lit.length();
        int alen = cstrlen(arg);
        if (alen != n) return false;
        for (int i = 0; i < n; i++) {
            int a = arg[i];
            int b = lit.charAt(i);
            if (a >= 'A' && a <= 'Z') a += 32;
            if (b >= 'A' && b <= 'Z') b += 32;
            if (a != b) return false;
        }
        return true;
    }

    /** strlen: bytes before the first NUL (or the whole array). */
    public static int cstrlen(byte[] s) {
        for (int i = 0; i < s.length; i++) {
            if (s[i] == 0) return i;
        }
        return s.length;
    }

    /** The argument as C would print it with %s (up to the first NUL), one char per byte. */
    public static String cstring(byte[] s) {
        return new String(s, 0, cstrlen(s), java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** isspace() in the C locale. */
    static boolean isspace(int c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0b || c == '\f' || c == '\r';
    }

    /** The SCAN cursor that parseScanCursor rejects. */
    public static final long INVALID_CURSOR = -1L;

    /**
     * parseScanCursorOrReply's test: strtoul(s, &amp;eptr, 10) must stop at the end of the C
     * string, without ERANGE, and the string may not start with a space. Like strtoul it
     * accepts a sign ("-1" is ULONG_MAX) and an empty string (0). Returns false when invalid;
     * {@link #strtoul} then gives the value.
     */
    public static boolean isValidScanCursor(byte[] s) {
        int n = cstrlen(s);
        if (n > 0 && isspace(s[0])) return false;
        int p = 0;
        if (p < n && (s[p] == '+' || s[p] == '-')) p++;
        int digitsStart = p;
        long v = 0;
        while (p < n && s[p] >= '0' && s[p] <= '9') {
            int d = s[p] - '0';
            if (Long.compareUnsigned(v, ULLONG_MAX_DIV10) > 0) return false; // ERANGE
            v *= 10;
            if (Long.compareUnsigned(v, -1L - d) > 0) return false; // ERANGE
            v += d;
            p++;
        }
        if (p == digitsStart) {
            // No digits: strtoul leaves eptr at the start, which is fine only for "".
            return n == 0;
        }
        return p == n;
    }

    /** strtoul's value for a cursor {@link #isValidScanCursor} accepted (unsigned, in a long). */
    public static long strtoul(byte[] s) {
        int n = cstrlen(s);
        int p = 0;
        boolean neg = false;
        if (p < n && (s[p] == '+' || s[p] == '-')) neg = s[p++] == '-';
        long v = 0;
        while (p < n && s[p] >= '0' && s[p] <= '9') v = v * 10 + (s[p++] - '0');
        return neg ? -v : v;
    }

    // ------------------------------------------------------------------ get*FromObjectOrReply

    /**
     * getLongLongFromObjectOrReply: true if {@code arg} is a valid long long; otherwise replies
     * {@code msg}, or "value is not an integer or out of range", and returns false. Read the
     * value with {@link #string2ll(byte[])}.
     */
    public static boolean getLongLongOrReply(Client c, byte[] arg, String msg) {
        if (isLongLong(arg)) return true;
        c.addReplyError(msg != null ? msg : Shared.ERR_NOT_INTEGER);
        return false;
    }

    /**
     * getRangeLongFromObjectOrReply: a valid long long within [min, max], else replies with
     * {@code msg} or Redis's messages and returns false.
     */
    public static boolean getRangeLongOrReply(Client c, byte[] arg, long min, long max, String msg) {
        if (!getLongLongOrReply(c, arg, msg)) return false;
        long v = string2ll(arg);
        if (v < min || v > max) {
            c.addReplyError(msg != null ? msg : "value is out of range, value must between " + min + " and " + max);
            return false;
        }
        return true;
    }

    /** getIntFromObjectOrReply: a valid long long within the range of a C int. */
    public static boolean getIntOrReply(Client c, byte[] arg, String msg) {
        return getRangeLongOrReply(c, arg, Integer.MIN_VALUE, Integer.MAX_VALUE, msg);
    }

    /**
     * addReplyErrorFormat's clean-up of a formatted message: trailing CR/LF trimmed, inner ones
     * turned into spaces, so user bytes cannot break the protocol.
     */
    public static String errorFormat(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && (s.charAt(start) == '\r' || s.charAt(start) == '\n')) start++;
        while (end > start && (s.charAt(end - 1) == '\r' || s.charAt(end - 1) == '\n')) end--;
        return s.substring(start, end).replace('\r', ' ').replace('\n', ' ');
    }

    /** The name error messages print: c->cmd->fullname. */
    static String cmdName(Client c) {
        if (c.cmd != null) return c.cmd.fullname;
        return new String(c.argv[0], java.nio.charset.StandardCharsets.ISO_8859_1).toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * The optional {@code COUNT count} after the direction of LMPOP/BLMPOP/ZMPOP/BZMPOP, from
     * argv[from] on (lmpopGenericCommand and zmpopGenericCommand parse it the same way): 1 when
     * absent, or -1 after replying the error.
     */
    public static long mpopCountOrReply(Client c, int from) {
        long count = -1;
        for (int j = from; j < c.argc; j++) {
            int moreargs = c.argc - 1 - j;
            if (count == -1 && strcasecmp(c.argv[j], "COUNT") && moreargs > 0) {
                j++;
                if (!getRangeLongOrReply(c, c.argv[j], 1, Long.MAX_VALUE, "count should be greater than 0")) return -1;
                count = string2ll(c.argv[j]);
            } else {
                c.addReplyError(Shared.ERR_SYNTAX);
                return -1;
            }
        }
        return count == -1 ? 1 : count;
    }

    /** HRANDFIELD / ZRANDMEMBER's {@code count [WITHVALUES|WITHSCORES]}. */
    public record RandomCount(long count, boolean with) {}

    /**
     * Parses argv[2..] of HRANDFIELD/ZRANDMEMBER (argc &ge; 3): the count, then an optional
     * {@code withWord}; replies the error and returns null on bad input. With the option the
     * reply has two entries per element, so the count must stay within half the long range.
     */
    public static RandomCount randomCountOrReply(Client c, String withWord) {
        if (!getRangeLongOrReply(c, c.argv[2], -Long.MAX_VALUE, Long.MAX_VALUE, null)) return null;
        long l = string2ll(c.argv[2]);
        boolean with = false;
        if (c.argc > 4 || (c.argc == 4 && !strcasecmp(c.argv[3], withWord))) {
            c.addReplyError(Shared.ERR_SYNTAX);
            return null;
        } else if (c.argc == 4) {
            with = true;
            if (l < -Long.MAX_VALUE / 2 || l > Long.MAX_VALUE / 2) {
                c.addReplyError("value is out of range");
                return null;
            }
        }
        return new RandomCount(l, with);
    }
}
