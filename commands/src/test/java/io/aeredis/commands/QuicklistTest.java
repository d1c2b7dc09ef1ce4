package io.aeredis.commands;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The quicklist against a plain ArrayList model, under every kind of fill. */
class QuicklistTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String s(byte[] v) {
        return new String(v, StandardCharsets.ISO_8859_1);
    }

    private static List<String> contents(Quicklist q) {
        List<String> out = new ArrayList<>();
        Quicklist.Iter it = q.iterator(0, true);
        while (it.next()) out.add(s(it.value()));
        return out;
    }

    private static List<String> contentsBackwards(Quicklist q) {
        List<String> out = new ArrayList<>();
        Quicklist.Iter it = q.iterator(-1, false);
        while (it.next()) out.add(0, s(it.value()));
        return out;
    }

    /** Checks the node invariants: no empty node, counts add up, node limits respected. */
    private static void checkNodes(Quicklist q) {
        long total = 0;
        for (int i = 0; i < q.nodeCount(); i++) {
            int n = q.nodeSize(i);
            assertTrue(n > 0, "empty node " + i);
            total += n;
            int fill = q.fill();
            if (n > 1) {
                if (fill > 0) {
                    assertTrue(n <= fill || q.nodeBytes(i) <= 4096, "node " + i + " has " + n + " entries, fill " + fill);
                    assertTrue(q.nodeBytes(i) <= Quicklist.SIZE_SAFETY_LIMIT + 64, "node " + i + " too big: " + q.nodeBytes(i));
                } else if (fill < 0) {
                    int limit = 4096 << (-fill - 1);
                    assertTrue(q.nodeBytes(i) <= limit, "node " + i + " too big: " + q.nodeBytes(i) + " > " + limit);
                }
            }
        }
        assertEquals(q.size(), total);
    }

    @Test
    void pushPopBothEnds() {
        Quicklist q = new Quicklist(-2);
        assertNull(q.pop(Quicklist.HEAD));
        q.pushTail(b("b"));
        q.pushHead(b("a"));
        q.pushTail(b("c"));
        assertEquals(List.of("a", "b", "c"), contents(q));
        assertEquals("a", s(q.pop(Quicklist.HEAD)));
        assertEquals("c", s(q.pop(Quicklist.TAIL)));
        assertEquals("b", s(q.pop(Quicklist.TAIL)));
        assertEquals(0, q.size());
        assertEquals(0, q.nodeCount());
        assertEquals("quicklist", q.encoding());
        assertEquals(RedisValue.OBJ_LIST, q.type());
    }

    @Test
    void smallListIsOneNode() {
        Quicklist q = new Quicklist(-2);
        for (int i = 0; i < 10; i++) q.pushTail(b("element-" + i));
        assertEquals(1, q.nodeCount());
        assertTrue(q.allocatedBytes() < 400, "10 small elements take " + q.allocatedBytes() + " bytes");
    }

    @Test
    void positiveFillCapsEntriesPerNode() {
        Quicklist q = new Quicklist(3);
        for (int i = 0; i < 10; i++) q.pushTail(b("x" + i));
        assertEquals(4, q.nodeCount());
        assertEquals(3, q.nodeSize(0));
        assertEquals(1, q.nodeSize(3));
        assertEquals("x7", s(q.index(7)));
        assertEquals("x9", s(q.index(-1)));
        assertEquals("x0", s(q.index(-10)));
        assertNull(q.index(10));
        assertNull(q.index(-11));
    }

    @Test
    void negativeFillCapsBytesPerNode() {
        Quicklist q = new Quicklist(-1);
        byte[] v = new byte[1000];
        for (int i = 0; i < 20; i++) q.pushTail(v);
        // 4 KB nodes hold 4 entries of ~1 KB.
        assertEquals(5, q.nodeCount());
        checkNodes(q);
    }

    @Test
    void fillIsClampedLikeQuicklistSetFill() {
        assertEquals(-5, new Quicklist(-100).fill());
        assertEquals(Quicklist.FILL_MAX, new Quicklist(1 << 20).fill());
    }

    @Test
    void zeroFillPutsEveryEntryInItsOwnNode() {
        Quicklist q = new Quicklist(0);
        for (int i = 0; i < 5; i++) q.pushHead(b("v" + i));
        assertEquals(5, q.nodeCount());
        assertEquals(List.of("v4", "v3", "v2", "v1", "v0"), contents(q));
    }

    @Test
    void insertIntoFullNodeSplitsIt() {
        Quicklist q = new Quicklist(4);
        for (int i = 0; i < 8; i++) q.pushTail(b("" + i));
        assertEquals(2, q.nodeCount());
        Quicklist.Iter it = q.iterator(1, true);
        assertTrue(it.next());
        it.insert(b("a"), true);
        it = q.iterator(6, true);
        assertTrue(it.next());
        it.insert(b("b"), false);
        assertEquals(List.of("0", "1", "a", "2", "3", "4", "b", "5", "6", "7"), contents(q));
        checkNodes(q);
    }

    @Test
    void replaceWithBigValueMovesIt() {
        Quicklist q = new Quicklist(-1);
        byte[] mid = new byte[1000];
        byte[] big = new byte[3000];
        for (int i = 0; i < 3; i++) q.pushTail(mid);
        q.pushTail(b("small"));
        assertEquals(1, q.nodeCount());
        assertTrue(q.replaceAtIndex(3, big));
        assertEquals(2, q.nodeCount(), "the big value does not fit in the 4 KB node");
        assertTrue(q.replaceAtIndex(0, b("x")));
        assertFalse(q.replaceAtIndex(4, b("y")));
        assertEquals(4, q.size());
        assertEquals("x", s(q.index(0)));
        assertArrayEquals(big, q.index(3));
        assertArrayEquals(mid, q.index(2));
        checkNodes(q);
    }

    @Test
    void dupIsDeep() {
        Quicklist q = new Quicklist(2);
        for (int i = 0; i < 5; i++) q.pushTail(b("" + i));
        Quicklist d = q.dup();
        assertNotSame(q, d);
        q.pop(Quicklist.HEAD);
        assertTrue(q.replaceAtIndex(0, b("z")));
        assertEquals(List.of("0", "1", "2", "3", "4"), contents(d));
        assertEquals(5, d.size());
    }

    @Test
    void delRangeDropsWholeNodes() {
        Quicklist q = new Quicklist(10);
        for (int i = 0; i < 100; i++) q.pushTail(b("" + i));
        assertEquals(10, q.nodeCount());
        assertEquals(45, q.delRange(5, 45));
        assertEquals(55, q.size());
        assertEquals("4", s(q.index(4)));
        assertEquals("50", s(q.index(5)));
        assertEquals(10, q.delRange(-10, 100));
        assertEquals("89", s(q.index(-1)));
        checkNodes(q);
        assertEquals(0, q.delRange(45, 5));
        assertEquals(45, q.delRange(0, Long.MAX_VALUE));
        assertEquals(0, q.nodeCount());
    }

    @Test
    void deletionsMergeSmallNeighbours() {
        Quicklist q = new Quicklist(4);
        for (int i = 0; i < 16; i++) q.pushTail(b(i % 2 == 0 ? "x" : "" + i));
        assertEquals(4, q.nodeCount());
        Quicklist.Iter it = q.iterator(0, true);
        while (it.next()) if (it.equalsCurrent(b("x"))) it.delete();
        it.finish();
        assertEquals(8, q.size());
        assertEquals(2, q.nodeCount());
        assertEquals(List.of("1", "3", "5", "7", "9", "11", "13", "15"), contents(q));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 5, 16, 0, -1, -2, -5})
    void randomOperationsMatchAModel(int fill) {
        Random rnd = new Random(fill * 31L + 7);
        Quicklist q = new Quicklist(fill);
        List<String> model = new ArrayList<>();
        for (int step = 0; step < 3000; step++) {
            int op = rnd.nextInt(10);
            String v = value(rnd);
            switch (op) {
                case 0, 1 -> {
                    q.pushHead(b(v));
                    model.add(0, v);
                }
                case 2, 3 -> {
                    q.pushTail(b(v));
                    model.add(v);
                }
                case 4 -> {
                    boolean head = rnd.nextBoolean();
                    byte[] got = q.pop(head ? Quicklist.HEAD : Quicklist.TAIL);
                    if (model.isEmpty()) assertNull(got);
                    else assertEquals(head ? model.remove(0) : model.remove(model.size() - 1), s(got));
                }
                case 5 -> {
                    long idx = rnd.nextInt(model.size() * 2 + 3) - model.size() - 1;
                    long norm = idx < 0 ? idx + model.size() : idx;
                    boolean ok = q.replaceAtIndex(idx, b(v));
                    assertEquals(norm >= 0 && norm < model.size(), ok);
                    if (ok) model.set((int) norm, v);
                }
                case 6 -> {
                    // LINSERT-like: at a random position, before or after.
                    if (model.isEmpty()) break;
                    int pos = rnd.nextInt(model.size());
                    boolean after = rnd.nextBoolean();
                    Quicklist.Iter it = q.iterator(pos, rnd.nextBoolean());
                    assertTrue(it.next());
                    assertEquals(model.get(pos), s(it.value()));
                    it.insert(b(v), after);
                    model.add(after ? pos + 1 : pos, v);
                    assertEquals(model.get(after ? pos : pos + 1), s(it.value()), "the cursor stays on its entry");
                }
                case 7 -> {
                    // LREM-like, either direction, with a limit.
                    String target = value(rnd);
                    boolean forward = rnd.nextBoolean();
                    int limit = rnd.nextInt(3);
                    Quicklist.Iter it = q.iterator(forward ? 0 : -1, forward);
                    int removed = 0;
                    while (it.next()) {
                        if (it.equalsCurrent(b(target))) {
                            it.delete();
                            removed++;
                            if (limit != 0 && removed == limit) break;
                        }
                    }
                    it.finish();
                    int expect = 0;
                    if (forward) {
                        for (int i = 0; i < model.size() && (limit == 0 || expect < limit); ) {
                            if (model.get(i).equals(target)) {
                                model.remove(i);
                                expect++;
                            } else {
                                i++;
                            }
                        }
                    } else {
                        for (int i = model.size() - 1; i >= 0 && (limit == 0 || expect < limit); i--) {
                            if (model.get(i).equals(target)) {
                                model.remove(i);
                                expect++;
                            }
                        }
                    }
                    assertEquals(expect, removed);
                }
                case 8 -> {
                    long start = rnd.nextInt(model.size() + 3) - (rnd.nextBoolean() ? model.size() + 1 : 0);
                    long n = rnd.nextInt(5);
                    long norm = start < 0 ? start + model.size() : start;
                    long expect = (norm < 0 || norm >= model.size() || n <= 0) ? 0 : Math.min(n, model.size() - norm);
                    assertEquals(expect, q.delRange(start, n));
                    for (long k = 0; k < expect; k++) model.remove((int) norm);
                }
                default -> {
                    if (model.isEmpty()) {
                        assertNull(q.index(0));
                    } else {
                        int i = rnd.nextInt(model.size());
                        assertEquals(model.get(i), s(q.index(i)));
                        assertEquals(model.get(i), s(q.index(i - model.size())));
                    }
                }
            }
            assertEquals(model.size(), q.size());
            if (step % 50 == 0) {
                assertEquals(model, contents(q));
                assertEquals(model, contentsBackwards(q));
                checkNodes(q);
            }
        }
        assertEquals(model, contents(q));
        checkNodes(q);
    }

    /** Mostly short values from a small alphabet (so LREM finds matches), sometimes big ones. */
    private static String value(Random rnd) {
        int r = rnd.nextInt(100);
        if (r < 3) return "big".repeat(200 + rnd.nextInt(600));
        if (r < 10) return "m".repeat(30 + rnd.nextInt(200));
        return "v" + rnd.nextInt(6);
    }
}
