package io.aeredis.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SetValueTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static List<String> members(SetValue s) {
        List<String> out = new ArrayList<>();
        try (SetValue.Iterator it = s.iterator()) {
            for (byte[] e = it.nextObject(); e != null; e = it.nextObject()) out.add(new String(e, StandardCharsets.ISO_8859_1));
        }
        return out;
    }

    @Test
    void createPicksTheEncodingOfTheFirstMember() {
        assertEquals("intset", SetValue.create(b("12")).encoding());
        assertEquals("hashtable", SetValue.create(b("x")).encoding());
        assertEquals("hashtable", SetValue.create(b("012")).encoding(), "not string2ll-canonical");
        assertEquals("hashtable", SetValue.create(b("-0")).encoding());
        assertEquals(RedisValue.OBJ_SET, SetValue.createIntset().type());
        assertEquals("set", Db.typeName(SetValue.createIntset()));
    }

    @Test
    void smallIntegerSetIsOnePackedArray() {
        SetValue s = SetValue.createIntset();
        for (int i = 0; i < 10; i++) assertTrue(s.add(b(Integer.toString(i * 7)), 512));
        assertEquals("intset", s.encoding());
        assertNull(s.dict());
        // One byte of encoding + ten 16-bit members: nothing per member.
        assertEquals(21, s.intsetArray().length);
        assertEquals(List.of("0", "7", "14", "21", "28", "35", "42", "49", "56", "63"), members(s));
    }

    @Test
    void nonIntegerConvertsToHashtableForGood() {
        SetValue s = SetValue.createIntset();
        s.add(b("3"), 512);
        s.add(b("1"), 512);
        assertTrue(s.add(b("a"), 512));
        assertEquals("hashtable", s.encoding());
        assertNull(s.intsetArray());
        assertEquals(3, s.size());
        assertTrue(s.isMember(b("1")));
        assertTrue(s.isMemberLong(3));
        assertTrue(s.remove(b("a")));
        assertEquals("hashtable", s.encoding(), "never converted back");
        assertFalse(s.add(b("1"), 512));
    }

    @Test
    void exceedingMaxIntsetEntriesConverts() {
        SetValue s = SetValue.createIntset();
        for (int i = 1; i <= 4; i++) s.add(b(Integer.toString(i)), 4);
        assertEquals("intset", s.encoding());
        assertFalse(s.add(b("4"), 4), "a duplicate does not convert");
        assertEquals("intset", s.encoding());
        assertTrue(s.add(b("5"), 4));
        assertEquals("hashtable", s.encoding());
        assertEquals(Set.of("1", "2", "3", "4", "5"), new HashSet<>(members(s)));

        SetValue z = SetValue.createIntset();
        z.addLong(7, 0);
        assertEquals("hashtable", z.encoding(), "set-max-intset-entries 0 allows no intset member");
        assertTrue(z.isMember(b("7")));
    }

    @Test
    void integerMembersMatchOnlyCanonicalStrings() {
        SetValue s = SetValue.createIntset();
        s.add(b("1"), 512);
        s.add(b("-5"), 512);
        assertTrue(s.isMember(b("1")));
        assertFalse(s.isMember(b("01")));
        assertFalse(s.isMember(b("+1")));
        assertFalse(s.isMember(b("1.0")));
        assertFalse(s.remove(b("01")));
        assertTrue(s.isMember(b("-5")));
        assertFalse(s.isMember(b("9223372036854775808")));
    }

    @Test
    void addLongOnAHashtableStoresTheDecimalString() {
        SetValue s = SetValue.createHashtable();
        assertTrue(s.addLong(-42, 512));
        assertFalse(s.add(b("-42"), 512));
        assertTrue(s.isMember(b("-42")));
        assertNotNull(s.dict().find(b("-42")));
    }

    @Test
    void dupIsIndependent() {
        SetValue a = SetValue.createIntset();
        a.add(b("1"), 512);
        SetValue ac = a.dup();
        ac.add(b("2"), 512);
        assertEquals(1, a.size());
        assertEquals(2, ac.size());
        assertEquals("intset", ac.encoding());

        SetValue h = SetValue.create(b("x"));
        h.add(b("x"), 512);
        h.add(b("y"), 512);
        SetValue hc = h.dup();
        hc.remove(b("x"));
        assertEquals(2, h.size());
        assertEquals(1, hc.size());
        assertEquals("hashtable", hc.encoding());
    }

    @Test
    void removingManyMembersShrinksTheHashtable() {
        SetValue s = SetValue.createHashtable();
        for (int i = 0; i < 1000; i++) s.add(b("m" + i), 512);
        for (int i = 0; i < 995; i++) assertTrue(s.remove(b("m" + i)));
        // A shrink cannot start while another is still rehashing (how far each got depends on
        // the random hash seed): finish it, then the next delete shrinks again if the table is
        // still under 10% full, as Redis's setTypeRemove does (the cron never resizes sets).
        while (s.dict().rehash(100)) { }
        assertTrue(s.dict().slots() <= 128, "shrunk: " + s.dict().slots());
        assertTrue(s.remove(b("m995")));
        while (s.dict().rehash(100)) { }
        assertTrue(s.dict().slots() <= 16, "slots " + s.dict().slots());
        assertEquals(4, s.size());
    }

    @Test
    void randomMembersBelongToTheSet() {
        SetValue i = SetValue.createIntset();
        SetValue h = SetValue.createHashtable();
        for (int k = 0; k < 50; k++) {
            i.addLong(k * 3, 512);
            h.add(b("h" + k), 512);
        }
        for (int k = 0; k < 200; k++) {
            assertTrue(i.isMemberLong(i.randomLong()));
            assertTrue(h.isMember(h.randomMember()));
        }
    }
}
