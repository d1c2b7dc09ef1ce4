package io.aeredis.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class IntsetTest {
    private static long[] values(byte[] is) {
        long[] out = new long[Intset.length(is)];
        for (int i = 0; i < out.length; i++) out[i] = Intset.get(is, i);
        return out;
    }

    @Test
    void emptyIntsetIsOneByte() {
        byte[] is = Intset.create();
        assertEquals(0, Intset.length(is));
        assertEquals(1, Intset.blobLen(is));
        assertEquals(Intset.ENC_INT16, Intset.encoding(is));
        assertFalse(Intset.find(is, 0));
        assertSame(is, Intset.remove(is, 0));
    }

    @Test
    void valueEncodingBoundaries() {
        assertEquals(Intset.ENC_INT16, Intset.valueEncoding(Short.MAX_VALUE));
        assertEquals(Intset.ENC_INT16, Intset.valueEncoding(Short.MIN_VALUE));
        assertEquals(Intset.ENC_INT32, Intset.valueEncoding(Short.MAX_VALUE + 1));
        assertEquals(Intset.ENC_INT32, Intset.valueEncoding(Short.MIN_VALUE - 1));
        assertEquals(Intset.ENC_INT32, Intset.valueEncoding(Integer.MAX_VALUE));
        assertEquals(Intset.ENC_INT32, Intset.valueEncoding(Integer.MIN_VALUE));
        assertEquals(Intset.ENC_INT64, Intset.valueEncoding(Integer.MAX_VALUE + 1L));
        assertEquals(Intset.ENC_INT64, Intset.valueEncoding(Integer.MIN_VALUE - 1L));
        assertEquals(Intset.ENC_INT64, Intset.valueEncoding(Long.MIN_VALUE));
    }

    @Test
    void addKeepsOrderAndReportsDuplicatesByIdentity() {
        byte[] is = Intset.create();
        for (long v : new long[] {5, 1, 3, 9, -2, 7}) {
            byte[] next = Intset.add(is, v);
            assertNotSame(is, next, "new value " + v);
            is = next;
        }
        assertSame(is, Intset.add(is, 3), "present: unchanged");
        assertEquals(java.util.Arrays.toString(new long[] {-2, 1, 3, 5, 7, 9}), java.util.Arrays.toString(values(is)));
        // Packed exactly: encoding byte + 6 * 2 bytes.
        assertEquals(13, Intset.blobLen(is));
        assertEquals(-2, Intset.min(is));
        assertEquals(9, Intset.max(is));
    }

    @Test
    void upgradeAppendsPositiveAndPrependsNegative() {
        byte[] is = Intset.create();
        is = Intset.add(is, 1);
        is = Intset.add(is, 2);
        is = Intset.add(is, 100_000);
        assertEquals(Intset.ENC_INT32, Intset.encoding(is));
        assertEquals(1 + 3 * 4, is.length);
        assertEquals("[1, 2, 100000]", java.util.Arrays.toString(values(is)));
        is = Intset.add(is, -5_000_000_000L);
        assertEquals(Intset.ENC_INT64, Intset.encoding(is));
        assertEquals("[-5000000000, 1, 2, 100000]", java.util.Arrays.toString(values(is)));
        is = Intset.add(is, Long.MAX_VALUE);
        is = Intset.add(is, Long.MIN_VALUE);
        assertEquals(Long.MIN_VALUE, Intset.min(is));
        assertEquals(Long.MAX_VALUE, Intset.max(is));
        assertTrue(Intset.find(is, 2));
        // Small values after an upgrade are stored in the wide encoding; never downgraded.
        is = Intset.remove(is, Long.MAX_VALUE);
        is = Intset.remove(is, Long.MIN_VALUE);
        is = Intset.remove(is, -5_000_000_000L);
        is = Intset.remove(is, 100_000);
        assertEquals(Intset.ENC_INT64, Intset.encoding(is));
        assertEquals("[1, 2]", java.util.Arrays.toString(values(is)));
    }

    @Test
    void findAndRemoveOfValuesWiderThanTheEncoding() {
        byte[] is = Intset.add(Intset.add(Intset.create(), 1), 2);
        assertFalse(Intset.find(is, 1L << 40));
        assertSame(is, Intset.remove(is, 1L << 40));
        assertSame(is, Intset.remove(is, 3));
        byte[] shorter = Intset.remove(is, 1);
        assertEquals("[2]", java.util.Arrays.toString(values(shorter)));
        assertEquals("[1, 2]", java.util.Arrays.toString(values(is)), "the old array is untouched");
    }

    @Test
    void searchReportsInsertionPoints() {
        byte[] is = Intset.create();
        for (long v : new long[] {10, 20, 30}) is = Intset.add(is, v);
        assertEquals(-1, Intset.search(is, 5));
        assertEquals(-2, Intset.search(is, 15));
        assertEquals(-3, Intset.search(is, 25));
        assertEquals(-4, Intset.search(is, 35));
        assertEquals(1, Intset.search(is, 20));
        assertEquals(-1, Intset.search(Intset.create(), 7));
    }

    @Test
    void randomOperationsMatchATreeSet() {
        Random rnd = new Random(42);
        TreeSet<Long> model = new TreeSet<>();
        byte[] is = Intset.create();
        for (int i = 0; i < 20_000; i++) {
            long v = switch (rnd.nextInt(3)) {
                case 0 -> rnd.nextInt(200) - 100;
                case 1 -> rnd.nextInt(200_000) - 100_000;
                default -> rnd.nextLong() >> rnd.nextInt(64);
            };
            if (rnd.nextInt(3) == 0) {
                byte[] next = Intset.remove(is, v);
                assertEquals(model.remove(v), next != is);
                is = next;
            } else {
                byte[] next = Intset.add(is, v);
                assertEquals(model.add(v), next != is);
                is = next;
            }
        }
        assertEquals(model.size(), Intset.length(is));
        int i = 0;
        for (long v : model) assertEquals(v, Intset.get(is, i++));
        for (long v : model) assertTrue(Intset.find(is, v));
        long r = Intset.random(is);
        assertTrue(model.contains(r));
    }
}
