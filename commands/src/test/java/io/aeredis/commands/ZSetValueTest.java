package io.aeredis.commands;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * ZSetValue in both encodings: conversions at the configured limits, and the same random
 * workload on a listpack and on a skiplist checked against a sorted model (ranks, scores,
 * cursors both ways, range lookups, rank-range deletion, duplication).
 */
class ZSetValueTest {
    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static List<SkipListTest.E> contents(ZSetValue z) {
        List<SkipListTest.E> out = new ArrayList<>();
        if (z.length() == 0) return out;
        for (ZSetValue.Cursor c = z.cursor(0, false); c.valid(); c.next()) out.add(new SkipListTest.E(c.score(), c.member()));
        return out;
    }

    static void assertSame(TreeSet<SkipListTest.E> model, ZSetValue z) {
        List<SkipListTest.E> want = new ArrayList<>(model);
        List<SkipListTest.E> got = contents(z);
        assertEquals(want.size(), got.size());
        assertEquals(want.size(), z.length());
        for (int i = 0; i < want.size(); i++) {
            assertEquals(want.get(i).score(), got.get(i).score());
            assertArrayEquals(want.get(i).ele(), got.get(i).ele());
            assertEquals(i, z.rank(want.get(i).ele(), false));
            assertEquals(want.size() - 1 - i, z.rank(want.get(i).ele(), true));
            assertEquals(want.get(i).score(), z.score(want.get(i).ele()));
        }
        // Reverse cursor from the top.
        if (!want.isEmpty()) {
            int i = want.size() - 1;
            for (ZSetValue.Cursor c = z.cursor(want.size() - 1, true); c.valid(); c.next(), i--) {
                assertArrayEquals(want.get(i).ele(), c.member());
            }
            assertEquals(-1, i);
        }
    }

    @Test
    void listpackConvertsPastMaxEntries() {
        ZSetValue z = ZSetValue.createListpack();
        double[] ns = new double[1];
        for (int i = 0; i < 3; i++) {
            assertEquals(ZSetValue.ZADD_OUT_ADDED, z.add(i, b("m" + i), 0, ns, 3, 64));
            assertEquals(ZSetValue.ENC_LISTPACK, z.encoding());
        }
        // Updating never converts.
        assertEquals(ZSetValue.ZADD_OUT_UPDATED, z.add(10, b("m0"), 0, ns, 3, 64));
        assertEquals(ZSetValue.ENC_LISTPACK, z.encoding());
        // The fourth member does.
        assertEquals(ZSetValue.ZADD_OUT_ADDED, z.add(5, b("m3"), 0, ns, 3, 64));
        assertEquals(ZSetValue.ENC_SKIPLIST, z.encoding());
        assertEquals(List.of("m1", "m2", "m3", "m0"), members(z));
        // And there is no way back by removing.
        z.delete(b("m0"));
        z.delete(b("m1"));
        assertEquals(ZSetValue.ENC_SKIPLIST, z.encoding());
    }

    @Test
    void listpackConvertsOnLongMember() {
        ZSetValue z = ZSetValue.createListpack();
        z.add(1, b("abcd"), 0, null, 128, 4);
        assertEquals(ZSetValue.ENC_LISTPACK, z.encoding());
        z.add(2, b("abcde"), 0, null, 128, 4);
        assertEquals(ZSetValue.ENC_SKIPLIST, z.encoding());
        assertEquals(List.of("abcd", "abcde"), members(z));
    }

    @Test
    void convertToListpackIfNeededRespectsBothLimits() {
        ZSetValue z = ZSetValue.createSkiplist();
        z.add(1, b("a"), 0, null, 128, 64);
        z.add(2, b("bb"), 0, null, 128, 64);
        z.convertToListpackIfNeeded(2, 1, 64);
        assertEquals(ZSetValue.ENC_SKIPLIST, z.encoding());
        z.convertToListpackIfNeeded(2, 2, 1);
        assertEquals(ZSetValue.ENC_SKIPLIST, z.encoding());
        z.convertToListpackIfNeeded(2, 2, 2);
        assertEquals(ZSetValue.ENC_LISTPACK, z.encoding());
        assertEquals(List.of("a", "bb"), members(z));
    }

    @Test
    void listpackScoresRoundTripExactly() {
        double[] scores = {0, 1, -1, 127, 128, -128, -129, 255, 256, 32767, 32768, -32769, 1700000000, -1700000000,
            4503599627370496.0, 9007199254740991.0, -9007199254740991.0, 9007199254740992.0, -9007199254740992.0,
            1e300, -1e300, 0.5, -1.5, 0.1, Double.MIN_VALUE, Double.MAX_VALUE, Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY, 123456789012.25, Math.pow(2, 52) + 1, -Math.pow(2, 40)};
        ZSetValue z = ZSetValue.createListpack();
        for (int i = 0; i < scores.length; i++) z.add(scores[i], b("m" + i), 0, null, 1000, 64);
        for (int i = 0; i < scores.length; i++) {
            assertEquals(Double.doubleToRawLongBits(scores[i]), Double.doubleToRawLongBits(z.score(b("m" + i))), "score " + scores[i]);
        }
        // Small integers take one byte, as a listpack integer would.
        assertEquals(1, ZSetValue.scoreBytes(5).length);
        assertEquals(0, ZSetValue.scoreBytes(0).length);
        assertEquals(4, ZSetValue.scoreBytes(1700000000).length);
        assertEquals(8, ZSetValue.scoreBytes(1.5).length);
        Random rnd = new Random(3);
        for (int i = 0; i < 100000; i++) {
            double d = switch (i % 3) {
                case 0 -> (double) (rnd.nextLong() >> rnd.nextInt(64));
                case 1 -> rnd.nextDouble() * Math.pow(10, rnd.nextInt(40) - 20);
                default -> Double.longBitsToDouble(rnd.nextLong());
            };
            if (Double.isNaN(d)) continue;
            ZSetValue one = ZSetValue.createListpack();
            one.add(d, b("x"), 0, null, 128, 64);
            double back = one.score(b("x"));
            assertEquals(d == 0 ? 0 : Double.doubleToRawLongBits(d), d == 0 ? 0 : Double.doubleToRawLongBits(back), "score " + d);
        }
    }

    @Test
    void negativeZeroIsZeroInListpackOnly() {
        ZSetValue lp = ZSetValue.createListpack();
        lp.add(-0.0, b("a"), 0, null, 128, 64);
        assertEquals(0, Double.doubleToRawLongBits(lp.score(b("a"))));
        ZSetValue sl = ZSetValue.createSkiplist();
        sl.add(-0.0, b("a"), 0, null, 128, 64);
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(sl.score(b("a"))));
        sl.convertToListpack();
        assertEquals(0, Double.doubleToRawLongBits(sl.score(b("a"))));
    }

    @Test
    void addFlags() {
        ZSetValue z = ZSetValue.createListpack();
        double[] ns = new double[1];
        assertEquals(ZSetValue.ZADD_OUT_NOP, z.add(1, b("a"), ZSetValue.ZADD_IN_XX, ns, 128, 64));
        assertEquals(0, z.length());
        assertEquals(ZSetValue.ZADD_OUT_ADDED, z.add(1, b("a"), ZSetValue.ZADD_IN_NX, ns, 128, 64));
        assertEquals(ZSetValue.ZADD_OUT_NOP, z.add(2, b("a"), ZSetValue.ZADD_IN_NX, ns, 128, 64));
        assertEquals(ZSetValue.ZADD_OUT_NOP, z.add(0, b("a"), ZSetValue.ZADD_IN_GT, ns, 128, 64));
        assertEquals(ZSetValue.ZADD_OUT_UPDATED, z.add(5, b("a"), ZSetValue.ZADD_IN_GT, ns, 128, 64));
        assertEquals(ZSetValue.ZADD_OUT_NOP, z.add(6, b("a"), ZSetValue.ZADD_IN_LT, ns, 128, 64));
        assertEquals(ZSetValue.ZADD_OUT_UPDATED, z.add(2, b("a"), ZSetValue.ZADD_IN_INCR, ns, 128, 64));
        assertEquals(7, ns[0]);
        assertEquals(0, z.add(7, b("a"), 0, ns, 128, 64)); // same score: processed, not updated
        z.add(Double.POSITIVE_INFINITY, b("a"), 0, ns, 128, 64);
        assertEquals(ZSetValue.ZADD_OUT_NAN, z.add(Double.NEGATIVE_INFINITY, b("a"), ZSetValue.ZADD_IN_INCR, ns, 128, 64));
        assertEquals(ZSetValue.ZADD_OUT_NAN, z.add(Double.NaN, b("b"), 0, ns, 128, 64));
        assertEquals(Double.POSITIVE_INFINITY, z.score(b("a")));
    }

    @Test
    void dupIsIndependent() {
        for (boolean skiplist : new boolean[] {false, true}) {
            ZSetValue z = skiplist ? ZSetValue.createSkiplist() : ZSetValue.createListpack();
            z.add(1, b("a"), 0, null, 128, 64);
            z.add(2, b("b"), 0, null, 128, 64);
            ZSetValue d = z.dup();
            assertEquals(z.encoding(), d.encoding());
            d.add(3, b("c"), 0, null, 128, 64);
            d.delete(b("a"));
            assertEquals(List.of("a", "b"), members(z));
            assertEquals(List.of("b", "c"), members(d));
        }
    }

    @Test
    void randomWorkloadSameInBothEncodings() {
        Random rnd = new Random(7);
        for (int round = 0; round < 30; round++) {
            ZSetValue lp = ZSetValue.createListpack();
            ZSetValue sl = ZSetValue.createSkiplist();
            TreeSet<SkipListTest.E> model = new TreeSet<>(SkipListTest.ORDER);
            Map<String, Double> scores = new HashMap<>();
            int ops = 20 + rnd.nextInt(200);
            for (int op = 0; op < ops; op++) {
                String m = "k" + rnd.nextInt(60);
                double s = rnd.nextInt(20) - 5 + (rnd.nextBoolean() ? 0.5 : 0);
                int kind = rnd.nextInt(10);
                if (kind < 6) {
                    lp.add(s, b(m), 0, null, Long.MAX_VALUE, Long.MAX_VALUE);
                    sl.add(s, b(m), 0, null, Long.MAX_VALUE, Long.MAX_VALUE);
                    Double old = scores.put(m, s);
                    if (old != null) model.remove(new SkipListTest.E(old, b(m)));
                    model.add(new SkipListTest.E(s, b(m)));
                } else if (kind < 8) {
                    boolean had = scores.containsKey(m);
                    assertEquals(had, lp.delete(b(m)));
                    assertEquals(had, sl.delete(b(m)));
                    if (had) model.remove(new SkipListTest.E(scores.remove(m), b(m)));
                } else if (!model.isEmpty()) {
                    long start = rnd.nextInt(model.size());
                    long end = Math.min(model.size() - 1, start + rnd.nextInt(4));
                    List<SkipListTest.E> sorted = new ArrayList<>(model);
                    assertEquals(end - start + 1, lp.deleteRangeByRank(start, end));
                    assertEquals(end - start + 1, sl.deleteRangeByRank(start, end));
                    for (long r = start; r <= end; r++) {
                        SkipListTest.E e = sorted.get((int) r);
                        model.remove(e);
                        scores.remove(new String(e.ele(), StandardCharsets.ISO_8859_1));
                    }
                }
            }
            assertSame(model, lp);
            assertSame(model, sl);
            assertEquals(ZSetValue.ENC_LISTPACK, lp.encoding());
            List<SkipListTest.E> sorted = new ArrayList<>(model);
            for (int q = 0; q < 100; q++) {
                double lo = rnd.nextInt(24) - 6;
                double hi = rnd.nextInt(24) - 6;
                ZSetValue.ScoreRange r = new ZSetValue.ScoreRange(lo, rnd.nextBoolean(), hi, rnd.nextBoolean());
                long f = SkipListTest.modelFirst(sorted, r);
                long l = SkipListTest.modelLast(sorted, r);
                assertEquals(f, lp.firstInRange(r));
                assertEquals(f, sl.firstInRange(r));
                assertEquals(l, lp.lastInRange(r));
                assertEquals(l, sl.lastInRange(r));
            }
            // Converting either way keeps the contents.
            lp.convertToSkiplist();
            assertSame(model, lp);
            sl.convertToListpack();
            assertSame(model, sl);
        }
    }

    @Test
    void lexRangesInListpackMatchSkiplist() {
        String[] ms = {"", "a", "aa", "ab", "b", "ba", "c"};
        ZSetValue lp = ZSetValue.createListpack();
        ZSetValue sl = ZSetValue.createSkiplist();
        for (String m : ms) {
            lp.add(0, b(m), 0, null, 128, 64);
            sl.add(0, b(m), 0, null, 128, 64);
        }
        byte[][] bounds = {ZSetValue.LexRange.MINSTRING, ZSetValue.LexRange.MAXSTRING, b(""), b("a"), b("aa"), b("b"), b("bb"), b("z")};
        for (byte[] lo : bounds) {
            for (byte[] hi : bounds) {
                for (int ex = 0; ex < 4; ex++) {
                    ZSetValue.LexRange r = new ZSetValue.LexRange(lo, (ex & 1) != 0, hi, (ex & 2) != 0);
                    assertEquals(sl.firstInLexRange(r), lp.firstInLexRange(r));
                    assertEquals(sl.lastInLexRange(r), lp.lastInLexRange(r));
                }
            }
        }
        assertTrue(lp.isListpack());
        assertFalse(sl.isListpack());
    }

    @Test
    void lexWalksOnMixedScoresFollowRedisListpackWalks() {
        // Members are not sorted when scores differ: the answers are Redis's (checked against
        // redis-server 7.0), not a meaningful interval.
        ZSetValue z = ZSetValue.createListpack();
        String[] ms = {"d", "a", "c", "b", "e"};
        for (int i = 0; i < ms.length; i++) z.add(i + 1, b(ms[i]), 0, null, 128, 64);
        assertEquals(4, z.lexCount(new ZSetValue.LexRange(b("b"), false, b("d"), false)));
        // The first member "d" is above the max "c": nothing in range at all.
        assertEquals(0, z.lexCount(new ZSetValue.LexRange(b("a"), false, b("c"), false)));
        assertEquals(5, z.deleteRangeByLex(new ZSetValue.LexRange(b("c"), false, b("e"), false)));
        assertEquals(0, z.length());
    }

    static List<String> members(ZSetValue z) {
        List<String> out = new ArrayList<>();
        for (SkipListTest.E e : contents(z)) out.add(new String(e.ele(), StandardCharsets.ISO_8859_1));
        return out;
    }
}
