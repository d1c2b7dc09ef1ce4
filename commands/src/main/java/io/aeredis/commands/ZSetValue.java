package io.aeredis.commands;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * A sorted set value (OBJ_ZSET), in one of Redis's two encodings (t_zset.c):
 * <ul>
 * <li><b>listpack</b> while small: ONE {@link Listpack} holding member, score, member, score...
 *     ordered by score, then member bytes. A score is stored in binary, exact and without
 *     parsing: an integral score below 2^53 as a big-endian two's complement integer of
 *     0 to 7 bytes (as compact as Redis's listpack integers), any other as its 8 raw
 *     IEEE-754 bytes.</li>
 * <li><b>skiplist</b> beyond {@code zset-max-listpack-entries} elements or once a member is
 *     longer than {@code zset-max-listpack-value}: a {@link SkipList} (order and rank) plus a
 *     {@link Dict} member -&gt; score (raw double bits in a long-valued entry) for O(1) lookups.
 *     Both share the member arrays.</li>
 * </ul>
 * Like Redis a set never goes back to listpack by itself; only commands that build a new
 * value (ZUNIONSTORE and friends) pick the small encoding for a small result.
 *
 * <p>Positions are 0-based ranks in ascending order; {@link Cursor} walks either encoding.
 */
public final class ZSetValue implements RedisValue {
    public static final String ENC_LISTPACK = "listpack";
    public static final String ENC_SKIPLIST = "skiplist";

    // zsetAdd input flags (ZADD_IN_*)
    public static final int ZADD_IN_NONE = 0;
    public static final int ZADD_IN_INCR = 1;
    public static final int ZADD_IN_NX = 1 << 1;
    public static final int ZADD_IN_XX = 1 << 2;
    public static final int ZADD_IN_GT = 1 << 3;
    public static final int ZADD_IN_LT = 1 << 4;
    // zsetAdd output flags (ZADD_OUT_*)
    public static final int ZADD_OUT_NOP = 1;
    public static final int ZADD_OUT_NAN = 1 << 1;
    public static final int ZADD_OUT_ADDED = 1 << 2;
    public static final int ZADD_OUT_UPDATED = 1 << 3;

    private static final VarHandle LONG_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    /** The listpack encoding, or null. */
    Listpack lp;
    /** The skiplist encoding (both non-null), or null. */
    SkipList zsl;
    Dict dict;

    private ZSetValue() {}

    /** createZsetListpackObject. */
    public static ZSetValue createListpack() {
        ZSetValue z = new ZSetValue();
        z.lp = new Listpack();
        return z;
    }

    /** createZsetObject: the skiplist encoding. */
    public static ZSetValue createSkiplist() {
        ZSetValue z = new ZSetValue();
        z.zsl = new SkipList();
        z.dict = new Dict(true);
        return z;
    }

    @Override
    public int type() { return OBJ_ZSET; }

    @Override
    public String encoding() { return lp != null ? ENC_LISTPACK : ENC_SKIPLIST; }

    public boolean isListpack() { return lp != null; }

    @Override
    public ZSetValue dup() {
        if (lp != null) {
            ZSetValue z = new ZSetValue();
            z.lp = lp.dup();
            return z;
        }
        ZSetValue z = createSkiplist();
        z.dict.expand(dict.size());
        // Member arrays are never changed in place, so the copy may share them.
        for (SkipList.Node n = zsl.first(); n != null; n = n.next()) {
            z.zsl.insert(n.score, n.ele);
            z.dict.putLong(n.ele, Double.doubleToRawLongBits(n.score));
        }
        return z;
    }

    /**
     * objectComputeSize for a sorted set: a listpack is this object and the listpack, exactly;
     * a skiplist adds the skiplist with its header node and the dict with its buckets, and
     * samples the lowest {@code samples} members (node, member array and dict entry each) to
     * extrapolate to all of them.
     */
    @Override
    public long computeSize(long samples) {
        long fixed = HeapSize.object(3 * HeapSize.REF);
        if (lp != null) return fixed + lp.heapBytes();
        fixed += zsl.fixedHeapBytes() + dict.tableBytes();
        long sampled = 0;
        long n = 0;
        for (SkipList.Node x = zsl.first(); x != null && n < samples; x = x.next(), n++) {
            sampled += SkipList.nodeHeapBytes(x) + HeapSize.byteArray(x.ele.length) + Dict.ENTRY_BYTES;
        }
        return HeapSize.extrapolate(fixed, sampled, n, dict.size());
    }

    /** zsetLength. */
    public long length() {
        return lp != null ? lp.size() / 2 : zsl.length;
    }

    // ------------------------------------------------------------------ listpack helpers

    private static final byte[] ZERO_SCORE = new byte[0];
    private static final double MAX_INT_SCORE = 9007199254740992.0; // 2^53

    /**
     * The listpack form of a score: 0 to 7 bytes for an integral value below 2^53 (0 itself
     * is empty), else the 8 bytes of the double. Redis stores an integral score as a listpack
     * integer too, so a -0 comes back from a listpack as 0 (a skiplist keeps it): same here.
     */
    static byte[] scoreBytes(double score) {
        if (score == 0) return ZERO_SCORE;
        if (score == Math.rint(score) && Math.abs(score) < MAX_INT_SCORE) {
            long v = (long) score;
            // The fewest bytes whose sign-extension gives v back.
            int n = 1;
            while (n < 7 && (v < -(1L << (8 * n - 1)) || v >= (1L << (8 * n - 1)))) n++;
            byte[] b = new byte[n];
            for (int i = n - 1; i >= 0; i--) {
                b[i] = (byte) v;
                v >>= 8;
            }
            return b;
        }
        byte[] b = new byte[8];
        LONG_BE.set(b, 0, Double.doubleToRawLongBits(score));
        return b;
    }

    /** zzlGetScore: the score held by the listpack entry at {@code scoreOff}. */
    private double lpScore(int scoreOff) {
        byte[] a = lp.array();
        int d = lp.dataOffset(scoreOff);
        int n = lp.length(scoreOff);
        if (n == 8) return Double.longBitsToDouble((long) LONG_BE.get(a, d));
        if (n == 0) return 0.0;
        long v = a[d]; // sign-extended first byte
        for (int i = 1; i < n; i++) v = (v << 8) | (a[d + i] & 0xff);
        return v;
    }

    /** zzlFind: the offset of {@code ele}'s member entry, or END. */
    private int lpFind(byte[] ele) {
        return lp.find(lp.first(), ele, 1);
    }

    /** zzlInsert: puts (ele, score) before the first element that sorts after it. */
    private void lpInsert(byte[] ele, double score) {
        int off = lp.first();
        while (off != Listpack.END) {
            int sOff = lp.next(off);
            double s = lpScore(sOff);
            if (s > score || (s == score && lp.compareAt(off, ele) > 0)) break;
            off = lp.next(sOff);
        }
        int m = lp.insertBefore(off, ele);
        lp.insertAfter(m, scoreBytes(score));
    }

    /** The member entry of 0-based {@code rank} (negative counts from the end), or END. */
    private int lpSeekRank(long rank) {
        return lp.seek(2 * rank);
    }

    // ------------------------------------------------------------------ lookups

    /** zsetScore: the member's score, or NaN when absent (a stored score is never NaN). */
    public double score(byte[] member) {
        if (lp != null) {
            int off = lpFind(member);
            return off == Listpack.END ? Double.NaN : lpScore(lp.next(off));
        }
        Dict.Entry e = dict.find(member);
        return e == null ? Double.NaN : Double.longBitsToDouble(((Dict.LongEntry) e).val);
    }

    /** zsetRank: the 0-based rank of {@code member} (from the top when {@code reverse}), or -1. */
    public long rank(byte[] member, boolean reverse) {
        long llen = length();
        if (lp != null) {
            long r = 0;
            for (int off = lp.first(); off != Listpack.END; off = lp.next(lp.next(off))) {
                if (lp.equalsAt(off, member)) return reverse ? llen - 1 - r : r;
                r++;
            }
            return -1;
        }
        Dict.Entry e = dict.find(member);
        if (e == null) return -1;
        long r = zsl.getRank(Double.longBitsToDouble(((Dict.LongEntry) e).val), member);
        return reverse ? llen - r : r - 1;
    }

    // ------------------------------------------------------------------ updates

    /**
     * zsetAdd: adds {@code ele} or updates its score under the ZADD_IN_* flags; returns the
     * ZADD_OUT_* flags (ZADD_OUT_NAN: the resulting score would be NaN, nothing changed).
     * {@code newScore[0]} receives the score the member ends up with when it was added or
     * could be updated. Converts to the skiplist when a new member breaks the listpack limits.
     */
    public int add(double score, byte[] ele, int inFlags, double[] newScore, long maxEntries, long maxValue) {
        boolean incr = (inFlags & ZADD_IN_INCR) != 0;
        boolean nx = (inFlags & ZADD_IN_NX) != 0;
        boolean xx = (inFlags & ZADD_IN_XX) != 0;
        boolean gt = (inFlags & ZADD_IN_GT) != 0;
        boolean lt = (inFlags & ZADD_IN_LT) != 0;
        // NaN as input is an error regardless of all the other parameters.
        if (Double.isNaN(score)) return ZADD_OUT_NAN;

        if (lp != null) {
            int off = lpFind(ele);
            if (off != Listpack.END) {
                if (nx) return ZADD_OUT_NOP;
                double cur = lpScore(lp.next(off));
                if (incr) {
                    score += cur;
                    if (Double.isNaN(score)) return ZADD_OUT_NAN;
                }
                // GT/LT: only update when the new score is greater/less than the current one.
                if ((lt && score >= cur) || (gt && score <= cur)) return ZADD_OUT_NOP;
                if (newScore != null) newScore[0] = score;
                if (score != cur) {
                    lp.deleteRange(off, 2);
                    lpInsert(ele, score);
                    return ZADD_OUT_UPDATED;
                }
                return 0;
            } else if (!xx) {
                // Check the limits *before* inserting: a long member or one entry too many converts.
                if (lp.size() / 2 + 1 > maxEntries || ele.length > maxValue) {
                    convertToSkiplist();
                } else {
                    lpInsert(ele, score);
                    if (newScore != null) newScore[0] = score;
                    return ZADD_OUT_ADDED;
                }
            } else {
                return ZADD_OUT_NOP;
            }
        }

        // Skiplist (possibly just converted).
        Dict.Entry de = dict.find(ele);
        if (de != null) {
            if (nx) return ZADD_OUT_NOP;
            Dict.LongEntry le = (Dict.LongEntry) de;
            double cur = Double.longBitsToDouble(le.val);
            if (incr) {
                score += cur;
                if (Double.isNaN(score)) return ZADD_OUT_NAN;
            }
            if ((lt && score >= cur) || (gt && score <= cur)) return ZADD_OUT_NOP;
            if (newScore != null) newScore[0] = score;
            if (score != cur) {
                zsl.updateScore(cur, de.key, score);
                le.val = Double.doubleToRawLongBits(score);
                return ZADD_OUT_UPDATED;
            }
            return 0;
        } else if (!xx) {
            zsl.insert(score, ele);
            dict.putLong(ele, Double.doubleToRawLongBits(score));
            if (newScore != null) newScore[0] = score;
            return ZADD_OUT_ADDED;
        }
        return ZADD_OUT_NOP;
    }

    /** zsetDel: removes {@code ele}; false if it was not there. */
    public boolean delete(byte[] ele) {
        if (lp != null) {
            int off = lpFind(ele);
            if (off == Listpack.END) return false;
            lp.deleteRange(off, 2);
            return true;
        }
        Dict.Entry de = dict.unlink(ele);
        if (de == null) return false;
        zsl.delete(Double.longBitsToDouble(((Dict.LongEntry) de).val), de.key);
        return true;
    }

    /**
     * zzlDeleteRangeByRank / zslDeleteRangeByRank: removes the elements of 0-based ranks
     * {@code start..end} (inclusive, already sanitized); returns how many.
     */
    public long deleteRangeByRank(long start, long end) {
        if (lp != null) {
            long n = end - start + 1;
            lp.deleteRange(lpSeekRank(start), (int) (2 * n));
            return n;
        }
        long removed = zsl.deleteRangeByRank(start + 1, end + 1, dict);
        // A dict left mostly empty shrinks, as zremrangeGenericCommand does.
        if (dict.needsResize()) dict.resize();
        return removed;
    }

    // ------------------------------------------------------------------ conversion

    /** zsetConvert(OBJ_ENCODING_SKIPLIST). */
    public void convertToSkiplist() {
        if (lp == null) return;
        SkipList nzsl = new SkipList();
        Dict nd = new Dict(true);
        for (int off = lp.first(); off != Listpack.END; ) {
            byte[] ele = lp.get(off);
            int sOff = lp.next(off);
            double score = lpScore(sOff);
            nzsl.insert(score, ele);
            nd.putLong(ele, Double.doubleToRawLongBits(score));
            off = lp.next(sOff);
        }
        zsl = nzsl;
        dict = nd;
        lp = null;
    }

    /** zsetConvert(OBJ_ENCODING_LISTPACK). */
    public void convertToListpack() {
        if (lp != null) return;
        Listpack n = new Listpack();
        for (SkipList.Node x = zsl.first(); x != null; x = x.next()) {
            n.append(x.ele);
            n.append(scoreBytes(x.score));
        }
        lp = n;
        zsl = null;
        dict = null;
    }

    /** zsetConvertToListpackIfNeeded: a skiplist small enough in count and member size goes to listpack. */
    public void convertToListpackIfNeeded(long maxelelen, long maxEntries, long maxValue) {
        if (lp != null) return;
        if (zsl.length <= maxEntries && maxelelen <= maxValue) convertToListpack();
    }

    // ------------------------------------------------------------------ ranges

    /** zzlFirstInRange / zslFirstInRange as a 0-based rank, or -1. */
    public long firstInRange(ScoreRange range) {
        if (lp == null) return zsl.firstInRangeRank(range);
        if (range.isEmptyRange()) return -1;
        long r = 0;
        for (int off = lp.first(); off != Listpack.END; ) {
            int sOff = lp.next(off);
            double s = lpScore(sOff);
            if (range.gteMin(s)) return range.lteMax(s) ? r : -1;
            off = lp.next(sOff);
            r++;
        }
        return -1;
    }

    /** zzlLastInRange / zslLastInRange as a 0-based rank, or -1. */
    public long lastInRange(ScoreRange range) {
        if (lp == null) return zsl.lastInRangeRank(range);
        if (range.isEmptyRange()) return -1;
        long r = length() - 1;
        for (int sOff = lp.last(); sOff != Listpack.END; ) {
            double s = lpScore(sOff);
            if (range.lteMax(s)) return range.gteMin(s) ? r : -1;
            int off = lp.prev(sOff);
            sOff = lp.prev(off);
            r--;
        }
        return -1;
    }

    /**
     * zzlIsInLexRange: the cheap checks on both ends. Members are only sorted when scores are
     * equal, so with mixed scores these checks (like everything lex) give Redis's answer, not
     * a meaningful one; the listpack walks here follow Redis's exactly.
     */
    private boolean lpIsInLexRange(LexRange range) {
        if (range.isEmptyRange() || lp.size() == 0) return false;
        byte[] a = lp.array();
        int last = lp.prev(lp.last());
        if (!range.gteMin(a, lp.dataOffset(last), lp.length(last))) return false;
        int first = lp.first();
        return range.lteMax(a, lp.dataOffset(first), lp.length(first));
    }

    /** zzlFirstInLexRange / zslFirstInLexRange as a 0-based rank, or -1. */
    public long firstInLexRange(LexRange range) {
        if (lp == null) return zsl.firstInLexRangeRank(range);
        if (!lpIsInLexRange(range)) return -1;
        long r = 0;
        byte[] a = lp.array();
        for (int off = lp.first(); off != Listpack.END; off = lp.next(lp.next(off))) {
            int d = lp.dataOffset(off);
            int n = lp.length(off);
            if (range.gteMin(a, d, n)) return range.lteMax(a, d, n) ? r : -1;
            r++;
        }
        return -1;
    }

    /** zzlLastInLexRange / zslLastInLexRange as a 0-based rank, or -1. */
    public long lastInLexRange(LexRange range) {
        if (lp == null) return zsl.lastInLexRangeRank(range);
        if (!lpIsInLexRange(range)) return -1;
        long r = length() - 1;
        byte[] a = lp.array();
        for (int sOff = lp.last(); sOff != Listpack.END; ) {
            int off = lp.prev(sOff);
            int d = lp.dataOffset(off);
            int n = lp.length(off);
            if (range.lteMax(a, d, n)) return range.gteMin(a, d, n) ? r : -1;
            sOff = lp.prev(off);
            r--;
        }
        return -1;
    }

    /**
     * The number of elements from 0-based rank {@code first} on whose member is at most the
     * range's max: how Redis counts (ZLEXCOUNT) and removes (ZREMRANGEBYLEX) in a listpack.
     */
    private long lpLexRunLength(long first, LexRange range) {
        long n = 0;
        byte[] a = lp.array();
        for (int off = lpSeekRank(first); off != Listpack.END; off = lp.next(lp.next(off))) {
            if (!range.lteMax(a, lp.dataOffset(off), lp.length(off))) break;
            n++;
        }
        return n;
    }

    /** ZLEXCOUNT's count: in a listpack, the run from the first member in range; in a skiplist, by ranks. */
    public long lexCount(LexRange range) {
        long first = firstInLexRange(range);
        if (first < 0) return 0;
        if (lp != null) return lpLexRunLength(first, range);
        long count = zsl.length - first;
        long last = lastInLexRange(range);
        if (last >= 0) count -= zsl.length - 1 - last;
        return count;
    }

    /** zzlDeleteRangeByLex / zslDeleteRangeByLex: returns the number of elements removed. */
    public long deleteRangeByLex(LexRange range) {
        long first = firstInLexRange(range);
        if (first < 0) return 0;
        long n;
        if (lp != null) {
            n = lpLexRunLength(first, range);
        } else {
            long last = lastInLexRange(range);
            n = last < first ? 0 : last - first + 1;
        }
        return n == 0 ? 0 : deleteRangeByRank(first, first + n - 1);
    }

    // ------------------------------------------------------------------ iteration

    /**
     * A cursor at 0-based {@code rank} (which must be in range), walking towards higher
     * ranks, or towards lower ones when {@code reverse}.
     */
    public Cursor cursor(long rank, boolean reverse) {
        Cursor c = new Cursor(reverse);
        if (lp != null) {
            c.off = rank < length() && rank >= 0 ? lpSeekRank(rank) : Listpack.END;
        } else {
            c.node = rank < length() && rank >= 0 ? zsl.getElementByRank(rank + 1) : null;
        }
        return c;
    }

    /** A position in the set: an element of either encoding. Invalidated by any change to the set. */
    public final class Cursor {
        private final boolean reverse;
        int off = Listpack.END;
        SkipList.Node node;

        Cursor(boolean reverse) {
            this.reverse = reverse;
        }

        public boolean valid() {
            return lp != null ? off != Listpack.END : node != null;
        }

        /** Moves to the next element in the cursor's direction. */
        public void next() {
            if (lp != null) {
                if (reverse) {
                    int sOff = lp.prev(off);
                    off = sOff == Listpack.END ? Listpack.END : lp.prev(sOff);
                } else {
                    off = lp.next(lp.next(off));
                }
            } else {
                node = reverse ? node.backward : node.next();
            }
        }

        public double score() {
            return lp != null ? lpScore(lp.next(off)) : node.score;
        }

        /** The array holding the member's bytes (valid until the set changes). */
        public byte[] array() {
            return lp != null ? lp.array() : node.ele;
        }

        public int memberOffset() {
            return lp != null ? lp.dataOffset(off) : 0;
        }

        public int memberLength() {
            return lp != null ? lp.length(off) : node.ele.length;
        }

        /** The member; a fresh copy for listpack, the stored array (never to be changed) for skiplist. */
        public byte[] member() {
            return lp != null ? lp.get(off) : node.ele;
        }
    }

    // ------------------------------------------------------------------ range specs

    /** zrangespec: a score interval, each end inclusive or exclusive. */
    public static final class ScoreRange {
        public double min;
        public double max;
        public boolean minex;
        public boolean maxex;

        public ScoreRange() {}

        public ScoreRange(double min, boolean minex, double max, boolean maxex) {
            this.min = min;
            this.minex = minex;
            this.max = max;
            this.maxex = maxex;
        }

        /** zslValueGteMin. */
        public boolean gteMin(double v) {
            return minex ? v > min : v >= min;
        }

        /** zslValueLteMax. */
        public boolean lteMax(double v) {
            return maxex ? v < max : v <= max;
        }

        /** Ranges that are always empty. */
        boolean isEmptyRange() {
            return min > max || (min == max && (minex || maxex));
        }
    }

    /** zlexrangespec: a member interval; {@link #MINSTRING}/{@link #MAXSTRING} are "-" and "+". */
    public static final class LexRange {
        /** shared.minstring / shared.maxstring: compared by identity, below/above every member. */
        public static final byte[] MINSTRING = new byte[0];
        public static final byte[] MAXSTRING = new byte[0];

        public byte[] min;
        public byte[] max;
        public boolean minex;
        public boolean maxex;

        public LexRange() {}

        public LexRange(byte[] min, boolean minex, byte[] max, boolean maxex) {
            this.min = min;
            this.minex = minex;
            this.max = max;
            this.maxex = maxex;
        }

        /** sdscmplex of two bounds. */
        static int cmplex(byte[] a, byte[] b) {
            if (a == b) return 0;
            if (a == MINSTRING || b == MAXSTRING) return -1;
            if (a == MAXSTRING || b == MINSTRING) return 1;
            return SkipList.cmp(a, b);
        }

        /** sdscmplex(member, bound) for a member held in {@code a[off, off+len)}. */
        private static int cmpMember(byte[] a, int off, int len, byte[] bound) {
            if (bound == MINSTRING) return 1;
            if (bound == MAXSTRING) return -1;
            return java.util.Arrays.compareUnsigned(a, off, off + len, bound, 0, bound.length);
        }

        public boolean gteMin(byte[] v) {
            return gteMin(v, 0, v.length);
        }

        public boolean lteMax(byte[] v) {
            return lteMax(v, 0, v.length);
        }

        /** zslLexValueGteMin. */
        public boolean gteMin(byte[] a, int off, int len) {
            int c = cmpMember(a, off, len, min);
            return minex ? c > 0 : c >= 0;
        }

        /** zslLexValueLteMax. */
        public boolean lteMax(byte[] a, int off, int len) {
            int c = cmpMember(a, off, len, max);
            return maxex ? c < 0 : c <= 0;
        }

        boolean isEmptyRange() {
            int c = cmplex(min, max);
            return c > 0 || (c == 0 && (minex || maxex));
        }
    }
}
