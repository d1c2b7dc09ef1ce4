package io.aeredis.commands;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The hashType* layer: encodings, conversions (one way, like Redis), iteration and copies. */
class HashValueTest {
    private final RedisCore core = new RedisCore(1);

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String s(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.ISO_8859_1);
    }

    private static Map<String, String> contents(HashValue h) {
        Map<String, String> m = new LinkedHashMap<>();
        try (HashValue.Iterator it = h.iterator()) {
            while (it.next()) {
                m.put(s(it.current(HashValue.OBJ_HASH_KEY)), s(it.current(HashValue.OBJ_HASH_VALUE)));
            }
        }
        return m;
    }

    private HashValue filled(int n) {
        HashValue h = new HashValue();
        for (int i = 0; i < n; i++) h.set(core, b("f" + i), b("v" + i));
        return h;
    }

    @Test
    void aNewHashIsAnEmptyListpack() {
        HashValue h = new HashValue();
        assertEquals(RedisValue.OBJ_HASH, h.type());
        assertEquals("listpack", h.encoding());
        assertEquals(0, h.length());
        assertEquals("hash", Db.typeName(h));
        assertNull(h.get(b("x")));
        assertFalse(h.exists(b("x")));
        assertEquals(0, h.valueLength(b("x")));
    }

    @Test
    void setAddsOrUpdatesAndKeepsInsertionOrderInTheListpack() {
        HashValue h = new HashValue();
        assertFalse(h.set(core, b("z"), b("1")), "a new field is not an update");
        assertFalse(h.set(core, b("a"), b("2")));
        assertTrue(h.set(core, b("z"), b("longer value")), "an existing field is an update");
        assertEquals(2, h.length());
        assertEquals("longer value", s(h.get(b("z"))));
        assertEquals(12, h.valueLength(b("z")));
        assertEquals(List.of("z", "a"), new ArrayList<>(contents(h).keySet()));
        // A value equal to a field name must not be taken for a field.
        h.set(core, b("k"), b("a"));
        assertEquals("2", s(h.get(b("a"))));
        assertTrue(h.exists(b("k")));
        assertFalse(h.exists(b("1")), "values are not fields");
    }

    @Test
    void aTenFieldHashIsOneListpackArray() throws Exception {
        HashValue h = filled(10);
        assertEquals("listpack", h.encoding());
        // The value holds the listpack and nothing per field: no object per entry.
        for (Field f : HashValue.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers())) continue;
            assertTrue(f.getType() == Listpack.class || f.getType() == Dict.class, "unexpected field " + f);
        }
        assertNull(h.dict());
        Listpack lp = h.listpack();
        assertEquals(20, lp.size());
        // Every entry lives in the one array: 10 * ("fN", "vN") with 1-byte headers.
        assertTrue(lp.allocatedBytes() <= 16 + 2 * lp.bytes(), "allocated " + lp.allocatedBytes() + " for " + lp.bytes());
    }

    @Test
    void convertsWhenTheEntryCountExceedsTheLimit() {
        HashValue h = filled(128);
        assertEquals("listpack", h.encoding());
        h.set(core, b("f0"), b("updated"));
        assertEquals("listpack", h.encoding(), "an update does not add an entry");
        h.set(core, b("f128"), b("v128"));
        assertEquals("hashtable", h.encoding());
        assertEquals(129, h.length());
        assertEquals("updated", s(h.get(b("f0"))));
        assertEquals("v128", s(h.get(b("f128"))));
        Map<String, String> m = contents(h);
        assertEquals(129, m.size());
        for (int i = 1; i <= 128; i++) assertEquals("v" + i, m.get("f" + i));
    }

    @Test
    void theEntryLimitFollowsTheConfig() {
        core.hashMaxListpackEntries = 2;
        HashValue h = filled(2);
        assertEquals("listpack", h.encoding());
        h.set(core, b("x"), b("y"));
        assertEquals("hashtable", h.encoding());
        core.hashMaxListpackEntries = 0;
        HashValue z = new HashValue();
        z.set(core, b("a"), b("b"));
        assertEquals("hashtable", z.encoding(), "a limit of 0 makes every hash a hashtable");
    }

    @Test
    void convertsOnALongValueOrFieldButNotAtTheLimit() {
        String l64 = "x".repeat(64);
        String l65 = "x".repeat(65);
        HashValue h = new HashValue();
        h.set(core, b(l64), b(l64));
        assertEquals("listpack", h.encoding());
        h.set(core, b("a"), b(l65));
        assertEquals("hashtable", h.encoding());
        assertEquals(l65, s(h.get(b("a"))));

        HashValue f = new HashValue();
        f.set(core, b("a"), b("1"));
        f.set(core, b(l65), b("1"));
        assertEquals("hashtable", f.encoding(), "set() converts for HINCRBY's long fields");
        assertEquals(2, f.length());
    }

    @Test
    void tryConversionLooksAtFieldsAndValuesInRange() {
        byte[][] argv = {b("hset"), b("k"), b("f"), b("x".repeat(65)), b("g"), b("v")};
        HashValue h = new HashValue();
        h.tryConversion(core, argv, 4, 5);
        assertEquals("listpack", h.encoding(), "arguments outside the range are not looked at");
        h.tryConversion(core, argv, 2, 5);
        assertEquals("hashtable", h.encoding());
        h.tryConversion(core, argv, 2, 5);
        assertEquals("hashtable", h.encoding());
    }

    @Test
    void neverConvertsBack() {
        HashValue h = filled(129);
        assertEquals("hashtable", h.encoding());
        for (int i = 0; i < 128; i++) assertTrue(h.delete(b("f" + i)));
        assertEquals(1, h.length());
        assertEquals("hashtable", h.encoding());
        assertFalse(h.delete(b("f0")));
        assertEquals("v128", s(h.get(b("f128"))));
    }

    @Test
    void aHashtableShrinksAfterDeletes() {
        HashValue h = filled(1000);
        Dict d = h.dict();
        while (d.isRehashing()) d.rehash(100);
        long big = d.slots();
        assertTrue(big >= 1024);
        for (int i = 0; i < 995; i++) h.delete(b("f" + i));
        while (d.isRehashing()) d.rehash(100);
        assertTrue(d.slots() <= 128, "slots " + d.slots());
        assertEquals(5, h.length());
        for (int i = 995; i < 1000; i++) assertEquals("v" + i, s(h.get(b("f" + i))));
    }

    @Test
    void deleteInTheListpackRemovesTheFieldAndItsValue() {
        HashValue h = filled(5);
        assertTrue(h.delete(b("f2")));
        assertFalse(h.delete(b("f2")));
        assertFalse(h.delete(b("v3")), "a value is not a field");
        assertEquals(4, h.length());
        assertEquals(8, h.listpack().size());
        assertEquals(List.of("f0", "f1", "f3", "f4"), new ArrayList<>(contents(h).keySet()));
        assertEquals("v3", s(h.get(b("f3"))));
    }

    @Test
    void trimGivesBackSpareRoomAfterDeletes() {
        HashValue h = new HashValue();
        for (int i = 0; i < 50; i++) h.set(core, b("field" + i), b("value" + i));
        for (int i = 0; i < 48; i++) h.delete(b("field" + i));
        h.trimListpack();
        Listpack lp = h.listpack();
        assertTrue(lp.allocatedBytes() <= 16 + lp.bytes() + 8, "allocated " + lp.allocatedBytes() + " for " + lp.bytes());
        assertEquals("value49", s(h.get(b("field49"))));
    }

    @Test
    void dupIsDeepInBothEncodings() {
        for (int n : new int[] {3, 200}) {
            HashValue h = filled(n);
            HashValue copy = h.dup();
            assertEquals(h.encoding(), copy.encoding());
            assertEquals(contents(h), contents(copy));
            copy.set(core, b("f0"), b("changed"));
            copy.delete(b("f1"));
            assertEquals("v0", s(h.get(b("f0"))));
            assertEquals("v1", s(h.get(b("f1"))));
            if (n > 128) {
                byte[] v = h.get(b("f2"));
                assertNotSame(v, copy.get(b("f2")), "the hashtable copy owns its arrays");
                assertArrayEquals(v, copy.get(b("f2")));
            }
        }
    }

    @Test
    void hashtableGetReturnsTheStoredValue() {
        HashValue h = filled(129);
        byte[] v = b("value");
        h.set(core, b("k"), v);
        assertSame(v, h.get(b("k")));
        assertEquals(5, h.valueLength(b("k")));
        assertEquals(0, h.valueLength(b("missing")));
    }

    @Test
    void binaryFieldsAndValues() {
        HashValue h = new HashValue();
        h.set(core, b(""), b(""));
        h.set(core, b("\u0000\r\n"), b("\u00ff\u0000"));
        assertEquals("", s(h.get(b(""))));
        assertEquals("\u00ff\u0000", s(h.get(b("\u0000\r\n"))));
        h.convert();
        assertEquals("hashtable", h.encoding());
        assertEquals("", s(h.get(b(""))));
        assertEquals("\u00ff\u0000", s(h.get(b("\u0000\r\n"))));
    }

    @Test
    void randomPairsAreFields() {
        HashValue h = filled(7);
        for (int i = 0; i < 50; i++) {
            int f = h.lpRandomPair();
            assertTrue(s(h.listpack().get(f)).startsWith("f"));
            assertEquals(s(h.listpack().get(f)).replace('f', 'v'), s(h.listpack().get(h.listpack().next(f))));
        }
        h.convert();
        for (int i = 0; i < 50; i++) {
            Dict.ValEntry e = h.dictRandomEntry();
            assertEquals(s(e.key).replace('f', 'v'), s((byte[]) e.val));
        }
    }
}
