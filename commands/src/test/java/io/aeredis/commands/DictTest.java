package io.aeredis.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DictTest {
    private static byte[] k(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] k(int i) {
        return k("key:" + i);
    }

    /** Runs incremental rehashing to completion. */
    private static void finishRehash(Dict d) {
        while (d.rehash(100)) { }
    }

    @Test
    void keysCompareByContentNotIdentity() {
        Dict d = new Dict(false);
        byte[] stored = k("a\u0000b");
        d.put(stored, "v");
        assertEquals("v", d.get(k("a\u0000b")));
        assertNull(d.get(k("a\u0000c")));
        assertNull(d.get(k("a")));
        // Overwriting keeps the key array first stored (the expires dict shares it).
        d.put(k("a\u0000b"), "w");
        assertSame(stored, d.find(k("a\u0000b")).key);
        assertEquals(1, d.size());
    }

    @Test
    void growsAtLoadFactorOneAndFindsEverythingWhileRehashing() {
        Dict d = new Dict(false);
        for (int i = 0; i < 4; i++) d.put(k(i), i);
        assertEquals(4, d.slots());
        assertFalse(d.isRehashing());
        d.put(k(4), 4); // used == size: expand to 8, rehash incrementally
        assertTrue(d.isRehashing());
        for (int i = 0; i < 5; i++) assertEquals(i, d.get(k(i)));
        for (int i = 5; i < 1000; i++) d.put(k(i), i);
        for (int i = 0; i < 1000; i++) assertEquals(i, d.get(k(i)), "key " + i);
        finishRehash(d);
        assertEquals(1024, d.slots());
        assertEquals(1000, d.size());
    }

    @Test
    void deleteWorksInBothTablesDuringRehash() {
        Dict d = new Dict(false);
        for (int i = 0; i < 64; i++) d.put(k(i), i);
        d.put(k(64), 64);
        assertTrue(d.isRehashing());
        for (int i = 0; i <= 64; i += 2) assertTrue(d.delete(k(i)), "key " + i);
        assertFalse(d.delete(k(0)));
        for (int i = 0; i <= 64; i++) assertEquals(i % 2 == 1, d.containsKey(k(i)));
        assertEquals(32, d.size());
    }

    @Test
    void shrinksOnlyWhenAskedAndUnderTenPercentFull() {
        Dict d = new Dict(false);
        for (int i = 0; i < 1000; i++) d.put(k(i), i);
        finishRehash(d);
        for (int i = 0; i < 950; i++) d.delete(k(i));
        assertEquals(1024, d.slots()); // dict.c never shrinks by itself
        assertTrue(d.needsResize());
        assertTrue(d.resize());
        finishRehash(d);
        assertEquals(64, d.slots());
        assertFalse(d.needsResize());
        for (int i = 950; i < 1000; i++) assertEquals(i, d.get(k(i)));
    }

    @Test
    void longValuedDictStoresPrimitives() {
        Dict d = new Dict(true);
        d.putLong(k("a"), 123456789012345L);
        assertEquals(123456789012345L, d.getLong(k("a"), -1));
        assertEquals(-1, d.getLong(k("b"), -1));
        d.putLong(k("a"), 5);
        assertEquals(5, d.getLong(k("a"), -1));
        assertEquals(1, d.size());
    }

    @Test
    void randomKeyReturnsOnlyPresentKeysAndEventuallyAll() {
        Dict d = new Dict(false);
        assertNull(d.getRandomKey());
        for (int i = 0; i < 20; i++) d.put(k(i), i);
        d.put(k(20), 20); // leave it mid-rehash as well
        Set<String> seen = new HashSet<>();
        for (int n = 0; n < 100_000 && seen.size() < 21; n++) {
            Dict.Entry e = d.getRandomKey();
            assertNotNull(d.find(e.key));
            seen.add(new String(e.key, StandardCharsets.ISO_8859_1));
        }
        assertEquals(21, seen.size());
    }

    @Test
    void getSomeKeysReturnsDistinctPresentEntriesAlsoWhileRehashing() {
        Dict d = new Dict(false);
        Dict.Entry[] out = new Dict.Entry[15];
        assertEquals(0, d.getSomeKeys(out, 15));
        for (int i = 0; i < 3; i++) d.put(k(i), i);
        assertEquals(3, d.getSomeKeys(out, 15), "never more than the dict holds");
        for (int i = 3; i < 1025; i++) d.put(k(i), i); // crosses 1024: rehashing into 2048
        assertTrue(d.isRehashing() || d.slots() == 2048);
        for (int round = 0; round < 200; round++) {
            int n = d.getSomeKeys(out, 15);
            assertTrue(n > 0 && n <= 15);
            Set<String> distinct = new HashSet<>();
            for (int j = 0; j < n; j++) {
                assertNotNull(d.find(out[j].key));
                assertTrue(distinct.add(new String(out[j].key, StandardCharsets.ISO_8859_1)));
            }
        }
    }

    @Test
    void fairRandomKeyReachesEveryKey() {
        Dict d = new Dict(false);
        assertNull(d.getFairRandomKey());
        for (int i = 0; i < 200; i++) d.put(k(i), i);
        Set<String> seen = new HashSet<>();
        for (int n = 0; n < 100_000 && seen.size() < 200; n++) {
            Dict.Entry e = d.getFairRandomKey();
            assertNotNull(d.find(e.key));
            seen.add(new String(e.key, StandardCharsets.ISO_8859_1));
        }
        assertEquals(200, seen.size());
    }

    @Test
    void iteratorVisitsEveryEntryOnceAndToleratesDeletingTheCurrentOne() {
        Dict d = new Dict(false);
        for (int i = 0; i < 300; i++) d.put(k(i), i);
        assertTrue(d.isRehashing() || d.slots() == 512);
        Set<Integer> seen = new HashSet<>();
        try (Dict.Iterator it = d.iterator()) {
            for (Dict.Entry e = it.next(); e != null; e = it.next()) {
                int v = (Integer) ((Dict.ValEntry) e).val;
                assertTrue(seen.add(v), "visited twice: " + v);
                if (v % 3 == 0) d.delete(e.key);
            }
        }
        assertEquals(300, seen.size());
        assertEquals(200, d.size());
        assertEquals(0, d.pauseRehash);
    }

    /** Collects what scans from cursor 0 return, calling {@code between} before each call. */
    private static Set<String> scanAll(Dict d, Runnable between) {
        Set<String> seen = new HashSet<>();
        long cursor = 0;
        int calls = 0;
        do {
            between.run();
            cursor = d.scan(cursor, e -> seen.add(new String(e.key, StandardCharsets.ISO_8859_1)));
            calls++;
            assertTrue(calls < 1_000_000, "scan does not terminate");
        } while (cursor != 0);
        return seen;
    }

    @Test
    void scanReturnsEveryKeyPresentThroughoutWhileTheTableGrows() {
        Dict d = new Dict(false);
        for (int i = 0; i < 100; i++) d.put(k(i), i);
        finishRehash(d);
        int[] next = {100};
        // Add keys between calls: the table grows (128 -> 256 -> ... 4096) while we scan.
        Set<String> seen = scanAll(d, () -> {
            for (int j = 0; j < 10 && next[0] < 4000; j++) d.put(k(next[0]++), 0);
        });
        for (int i = 0; i < 100; i++) assertTrue(seen.contains("key:" + i), "missed key:" + i);
        assertTrue(d.slots() >= 2048, "the table should have grown, slots=" + d.slots());
    }

    @Test
    void scanReturnsEveryKeyPresentThroughoutWhileTheTableShrinks() {
        Dict d = new Dict(false);
        for (int i = 0; i < 5000; i++) d.put(k(i), i);
        finishRehash(d);
        // Keys 0..99 stay; the others go in chunks, with a resize whenever under 10% full.
        int[] nextDel = {100};
        int[] resizes = {0};
        Set<String> seen = scanAll(d, () -> {
            for (int j = 0; j < 500 && nextDel[0] < 5000; j++) d.delete(k(nextDel[0]++));
            if (d.needsResize() && d.resize()) resizes[0]++;
            d.rehash(1);
        });
        for (int i = 0; i < 100; i++) assertTrue(seen.contains("key:" + i), "missed key:" + i);
        assertTrue(resizes[0] >= 1, "the table should have shrunk during the scan");
    }

    @Test
    void scanDuringRehashCoversBothTables() {
        Dict d = new Dict(false);
        for (int i = 0; i < 1024; i++) d.put(k(i), i);
        d.put(k(1024), 1024); // starts a rehash 1024 -> 2048
        assertTrue(d.isRehashing());
        Set<String> seen = scanAll(d, () -> { });
        assertEquals(1025, seen.size());
    }

    @Test
    void clearEmptiesAndResetsTables() {
        Dict d = new Dict(false);
        for (int i = 0; i < 10; i++) d.put(k(i), i);
        d.clear();
        assertEquals(0, d.size());
        assertEquals(0, d.slots());
        assertNull(d.get(k(1)));
        assertEquals(0, d.scan(0, e -> { throw new AssertionError(); }));
        d.put(k(1), 1);
        assertEquals(1, d.get(k(1)));
    }
}
