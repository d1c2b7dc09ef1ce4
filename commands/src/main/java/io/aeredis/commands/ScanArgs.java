package io.aeredis.commands;

import java.util.List;

/**
 * The options and reply of Redis's scanGenericCommand (db.c), shared by SCAN, HSCAN, SSCAN
 * and ZSCAN: {@code COUNT n} (at least 1), {@code MATCH pattern} and, for SCAN only,
 * {@code TYPE name}; any other option, or a missing value, is a syntax error.
 *
 * @param count   how many elements to aim for (the scan makes at most count*10 dictScan calls)
 * @param pattern the MATCH glob, or null when absent or a lone "*" (which matches everything)
 * @param type    the TYPE filter (SCAN), or null
 */
public record ScanArgs(long count, byte[] pattern, byte[] type) {
    /** The reply for a missing key: cursor 0, no elements. */
    public static final byte[] EMPTY_SCAN = Shared.bytes("*2\r\n$1\r\n0\r\n*0\r\n");

    /** What walks a table: {@link Dict#scan} or {@link Db#scan}. */
    public interface Scanner {
        long scan(long cursor, Dict.ScanFunction fn);
    }

    /** parseScanCursorOrReply: the cursor (unsigned, in a long), or null after "invalid cursor". */
    public static Long cursorOrReply(Client c, byte[] arg) {
        if (!Util.isValidScanCursor(arg)) {
            c.addReplyError("invalid cursor");
            return null;
        }
        return Util.strtoul(arg);
    }

    /** Parses argv[first..]; on a bad option replies the error and returns null. */
    public static ScanArgs parseOrReply(Client c, int first, boolean allowType) {
        long count = 10;
        byte[] pattern = null;
        byte[] type = null;
        int i = first;
        while (i < c.argc) {
            int left = c.argc - i;
            byte[] opt = c.argv[i];
            if (Util.strcasecmp(opt, "count") && left >= 2) {
                if (!Util.getLongLongOrReply(c, c.argv[i + 1], null)) return null;
                count = Util.string2ll(c.argv[i + 1]);
                if (count < 1) {
                    c.addReplyError(Shared.ERR_SYNTAX);
                    return null;
                }
                i += 2;
            } else if (Util.strcasecmp(opt, "match") && left >= 2) {
                byte[] p = c.argv[i + 1];
                // A lone "*" matches everything: skip matching.
                pattern = p.length == 1 && p[0] == '*' ? null : p;
                i += 2;
            } else if (allowType && Util.strcasecmp(opt, "type") && left >= 2) {
                type = c.argv[i + 1];
                i += 2;
            } else {
                c.addReplyError(Shared.ERR_SYNTAX);
                return null;
            }
        }
        return new ScanArgs(count, pattern, type);
    }

    /**
     * The dictScan loop: call {@code table} from {@code cursor} until {@code collected} holds
     * COUNT items or the cursor is back at 0, with at most COUNT*10 calls (a very sparse table
     * may return few or no items per call). Returns the next cursor.
     */
    public long scan(Scanner table, long cursor, Dict.ScanFunction fn, List<?> collected) {
        long maxiterations = count * 10;
        do {
            cursor = table.scan(cursor, fn);
        } while (cursor != 0 && maxiterations-- != 0 && collected.size() < count);
        return cursor;
    }

    /**
     * Moves the groups of {@code stride} items whose first item passes MATCH to the front of
     * {@code items} (stride 1: members; 2: field/value or member/score pairs) and returns how
     * many items were kept.
     */
    public int keepMatching(List<byte[]> items, int stride) {
        int kept = 0;
        for (int k = 0; k < items.size(); k += stride) {
            if (!matches(items.get(k))) continue;
            for (int j = 0; j < stride; j++) items.set(kept++, items.get(k + j));
        }
        return kept;
    }

    /** Whether {@code s[off..off+len)} passes MATCH. */
    public boolean matches(byte[] s, int off, int len) {
        return pattern == null || GlobMatch.stringmatchlen(pattern, 0, pattern.length, s, off, len, false);
    }

    public boolean matches(byte[] s) {
        return matches(s, 0, s.length);
    }

    /** The reply: [cursor, [the first {@code n} items]]. */
    public static void addReplyScan(Client c, long cursor, List<byte[]> items, int n) {
        c.addReplyArrayLen(2);
        c.reply.addReplyBulkLongLong(cursor);
        c.addReplyArrayLen(n);
        for (int k = 0; k < n; k++) c.addReplyBulk(items.get(k));
    }
}
