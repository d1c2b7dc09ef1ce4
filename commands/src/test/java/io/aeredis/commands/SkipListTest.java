package io.aeredis.commands;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The skiplist against a sorted model: random inserts, deletes and score updates, then every
 * rank, every element by rank, the spans, the backward links and the range lookups must agree
 * with a TreeSet ordered by (score, member bytes).
 */
class SkipListTest {
    record E(double score, byte[] ele) {}

    static final Comparator<E> ORDER = (a, b) -> {
        int c = Double.compare(a.score, b.score);
        // Double.compare orders -0.0 before 0.0; the skiplist treats them as equal scores.
        if (a.score == b.score) c = 0;
        return c != 0 ? c : Arrays.compareUnsigned(a.ele, b.ele);
    };

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Checks every structural invariant and compares with the model. */
    static void check(SkipList zsl, TreeSet<E> model) {
        List<E> sorted = new ArrayList<>(model);
        assertEquals(sorted.size(), zsl.length());
        // Level-0 order and backward links.
        SkipList.Node prev = null;
        int i = 0;
        for (SkipList.Node x = zsl.first(); x != null; x = x.next(), i++) {
            assertEquals(sorted.get(i).score, x.score);
            assertArrayEquals(sorted.get(i).ele, x.ele);
            assertSame(prev, x.backward);
            prev = x;
        }
        assertSame(prev, zsl.last());
        // Spans: at every level, the sum of spans up to a node is its rank.
        for (int lvl = 0; lvl < zsl.level; lvl++) {
            long rank = 0;
            SkipList.Node x = zsl.header;
            while (x.fwd(lvl) != null) {
                rank += x.span(lvl);
                x = x.fwd(lvl);
                assertEquals(zsl.getRank(x.score, x.ele), rank, "span sum at level " + lvl);
            }
        }
        for (int r = 0; r < sorted.size(); r++) {
            E e = sorted.get(r);
            assertEquals(r + 1, zsl.getRank(e.score, e.ele));
            SkipList.Node n = zsl.getElementByRank(r + 1);
            assertNotNull(n);
            assertArrayEquals(e.ele, n.ele);
        }
        assertNull(zsl.getElementByRank(sorted.size() + 1));
        assertEquals(0, zsl.getRank(12345.5, b("absent")));
    }

    static long modelFirst(List<E> sorted, ZSetValue.ScoreRange r) {
        for (int i = 0; i < sorted.size(); i++) {
            double s = sorted.get(i).score;
            if (r.gteMin(s) && r.lteMax(s)) return i;
        }
        return -1;
    }

    static long modelLast(List<E> sorted, ZSetValue.ScoreRange r) {
        for (int i = sorted.size() - 1; i >= 0; i--) {
            double s = sorted.get(i).score;
            if (r.gteMin(s) && r.lteMax(s)) return i;
        }
        return -1;
    }

    @Test
    void randomizedAgainstSortedModel() {
        Random rnd = new Random(42);
        for (int round = 0; round < 20; round++) {
            SkipList zsl = new SkipList();
            TreeSet<E> model = new TreeSet<>(ORDER);
            int ops = 50 + rnd.nextInt(800);
            for (int op = 0; op < ops; op++) {
                int kind = rnd.nextInt(10);
                double score = rnd.nextInt(40) / 2.0; // many equal scores: member order matters
                byte[] ele = b("m" + rnd.nextInt(300));
                E existing = null;
                for (E e : model) {
                    if (Arrays.equals(e.ele, ele)) {
                        existing = e;
                        break;
                    }
                }
                if (kind < 6) {
                    if (existing == null) {
                        zsl.insert(score, ele);
                        model.add(new E(score, ele));
                    } else {
                        zsl.updateScore(existing.score, existing.ele, score);
                        model.remove(existing);
                        model.add(new E(score, existing.ele));
                    }
                } else if (kind < 9) {
                    if (existing != null) {
                        assertNotNull(zsl.delete(existing.score, existing.ele));
                        model.remove(existing);
                    } else {
                        assertNull(zsl.delete(score, ele));
                    }
                } else if (model.size() > 0) {
                    // Remove a random rank range.
                    long start = 1 + rnd.nextInt(model.size());
                    long end = Math.min(model.size(), start + rnd.nextInt(5));
                    List<E> sorted = new ArrayList<>(model);
                    Dict dict = new Dict(true);
                    for (E e : sorted) dict.putLong(e.ele, 0);
                    assertEquals(end - start + 1, zsl.deleteRangeByRank(start, end, dict));
                    for (long r = start; r <= end; r++) {
                        E e = sorted.get((int) r - 1);
                        model.remove(e);
                        assertNull(dict.find(e.ele));
                    }
                }
            }
            check(zsl, model);
            List<E> sorted = new ArrayList<>(model);
            for (int q = 0; q < 200; q++) {
                double lo = rnd.nextInt(44) / 2.0 - 1;
                double hi = rnd.nextInt(44) / 2.0 - 1;
                ZSetValue.ScoreRange r = new ZSetValue.ScoreRange(lo, rnd.nextBoolean(), hi, rnd.nextBoolean());
                assertEquals(modelFirst(sorted, r), zsl.firstInRangeRank(r), "first in " + lo + ".." + hi);
                assertEquals(modelLast(sorted, r), zsl.lastInRangeRank(r), "last in " + lo + ".." + hi);
            }
        }
    }

    @Test
    void lexRangesOnEqualScores() {
        SkipList zsl = new SkipList();
        String[] members = {"", "a", "aa", "ab", "b", "ba", "c", "\u00ff"};
        for (String m : members) zsl.insert(0, b(m));
        byte[] min = ZSetValue.LexRange.MINSTRING;
        byte[] max = ZSetValue.LexRange.MAXSTRING;
        assertEquals(0, zsl.firstInLexRangeRank(new ZSetValue.LexRange(min, true, max, true)));
        assertEquals(members.length - 1, zsl.lastInLexRangeRank(new ZSetValue.LexRange(min, true, max, true)));
        // [a .. (b: a, aa, ab
        ZSetValue.LexRange r = new ZSetValue.LexRange(b("a"), false, b("b"), true);
        assertEquals(1, zsl.firstInLexRangeRank(r));
        assertEquals(3, zsl.lastInLexRangeRank(r));
        // (a .. [a is empty
        assertEquals(-1, zsl.firstInLexRangeRank(new ZSetValue.LexRange(b("a"), true, b("a"), false)));
        // [ (the empty member) .. [ : just ""
        r = new ZSetValue.LexRange(b(""), false, b(""), false);
        assertEquals(0, zsl.firstInLexRangeRank(r));
        assertEquals(0, zsl.lastInLexRangeRank(r));
        // bytes compare unsigned: 0xff sorts after "zz"; nothing is beyond it
        assertEquals(7, zsl.firstInLexRangeRank(new ZSetValue.LexRange(b("zz"), false, max, true)));
        assertEquals(-1, zsl.firstInLexRangeRank(new ZSetValue.LexRange(b("\u00ff\u00ff"), false, max, true)));
        // min > max
        assertEquals(-1, zsl.firstInLexRangeRank(new ZSetValue.LexRange(max, true, min, true)));
    }

    @Test
    void updateScoreInPlaceKeepsNodeWhenOrderIsUnchanged() {
        SkipList zsl = new SkipList();
        zsl.insert(1, b("a"));
        SkipList.Node mid = zsl.insert(2, b("b"));
        zsl.insert(3, b("c"));
        assertSame(mid, zsl.updateScore(2, b("b"), 2.5));
        SkipList.Node moved = zsl.updateScore(2.5, b("b"), 10);
        assertEquals(3, zsl.getRank(10, b("b")));
        assertEquals(10, moved.score);
        assertSame(moved, zsl.last());
    }
}
