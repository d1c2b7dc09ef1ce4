package io.aeredis.resp;

import java.util.Arrays;

/**
 * Port of {@code sdssplitargs} (sds.c): splits a line into arguments the way redis-cli, inline
 * requests and redis.conf do. Bare words end at whitespace; "double quotes" understand
 * {@code \xHH}, {@code \n \r \t \b \a} and {@code \<any>}; 'single quotes' understand only
 * {@code \'}; a closing quote must be followed by whitespace or the end of the line.
 * An instance reuses its buffers, for the parser's hot path; {@link #split(byte[])} is the
 * convenient one-shot form.
 */
public final class SplitArgs {
    private byte[] token = new byte[64];
    private byte[][] argv = new byte[8][];
    private int argc;

    /** The arguments of the last successful {@link #split(byte[], int, int)}. */
    public byte[][] argv() { return argv; }

    public int argc() { return argc; }

    /** Splits a whole line; null on unbalanced quotes. */
    public static byte[][] split(byte[] line) {
        SplitArgs s = new SplitArgs();
        int end = 0;
        while (end < line.length && line[end] != 0) end++;
        if (!s.split(line, 0, end)) return null;
        return Arrays.copyOf(s.argv, s.argc);
    }

    /**
     * sdssplitargs over {@code buf[from..to)} (a line without NUL bytes). Returns false on
     * unbalanced quotes or a closing quote not followed by a space; otherwise the arguments are
     * {@code argv()[0..argc())}, each a fresh array.
     */
    public boolean split(byte[] buf, int from, int to) {
        argc = 0;
        int p = from;
        while (true) {
            // Skip blanks.
            while (p < to && isspace(buf[p])) p++;
            if (p >= to) return true;

            boolean inq = false;  // in "double quotes"
            boolean insq = false; // in 'single quotes'
            boolean done = false;
            int tlen = 0;
            while (!done) {
                int c = at(buf, p, to);
                if (inq) {
                    if (c == '\\' && at(buf, p + 1, to) == 'x'
                            && isHexDigit(at(buf, p + 2, to)) && isHexDigit(at(buf, p + 3, to))) {
                        int b = hexDigitToInt(at(buf, p + 2, to)) * 16 + hexDigitToInt(at(buf, p + 3, to));
                        tlen = tokenAppend(tlen, b);
                        p += 3;
                    } else if (c == '\\' && at(buf, p + 1, to) != 0) {
                        p++;
                        int e = at(buf, p, to);
                        switch (e) {
                            case 'n': e = '\n'; break;
                            case 'r': e = '\r'; break;
                            case 't': e = '\t'; break;
                            case 'b': e = '\b'; break;
                            case 'a': e = 7; break;
                            default: break;
                        }
                        tlen = tokenAppend(tlen, e);
                    } else if (c == '"') {
                        // The closing quote must be followed by a space or nothing at all.
                        int n = at(buf, p + 1, to);
                        if (n != 0 && !isspace((byte) n)) return false;
                        done = true;
                    } else if (c == 0) {
                        return false; // unterminated quotes
                    } else {
                        tlen = tokenAppend(tlen, c);
                    }
                } else if (insq) {
                    if (c == '\\' && at(buf, p + 1, to) == '\'') {
                        p++;
                        tlen = tokenAppend(tlen, '\'');
                    } else if (c == '\'') {
                        int n = at(buf, p + 1, to);
                        if (n != 0 && !isspace((byte) n)) return false;
                        done = true;
                    } else if (c == 0) {
                        return false; // unterminated quotes
                    } else {
                        tlen = tokenAppend(tlen, c);
                    }
                } else {
                    switch (c) {
                        // Only these end a bare word (not \v or \f, which isspace skips).
                        case ' ': case '\n': case '\r': case '\t': case 0:
                            done = true;
                            break;
                        case '"':
                            inq = true;
                            break;
                        case '\'':
                            insq = true;
                            break;
                        default:
                            tlen = tokenAppend(tlen, c);
                            break;
                    }
                }
                // "if (*p) p++": advance unless at the end of the line.
                if (at(buf, p, to) != 0) p++;
            }
            if (argc == argv.length) argv = Arrays.copyOf(argv, argc * 2);
            argv[argc++] = Arrays.copyOf(token, tlen);
        }
    }

    /** {@code *p} of the C string: the byte at i, or 0 past the end of the line. */
    private static int at(byte[] buf, int i, int to) {
        return i < to ? buf[i] & 0xff : 0;
    }

    private int tokenAppend(int tlen, int b) {
        if (tlen == token.length) token = Arrays.copyOf(token, tlen * 2);
        token[tlen] = (byte) b;
        return tlen + 1;
    }

    /** C isspace in the "C" locale. */
    private static boolean isspace(byte b) {
        return b == ' ' || (b >= '\t' && b <= '\r');
    }

    private static boolean isHexDigit(int c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static int hexDigitToInt(int c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        return c - 'A' + 10;
    }
}
