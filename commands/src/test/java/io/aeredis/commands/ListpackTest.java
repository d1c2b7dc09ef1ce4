package io.aeredis.commands;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class ListpackTest {
    private static byte[] b(String s) { return s.getBytes(StandardCharsets.ISO_8859_1); }

    /** Random inserts/deletes/replaces of entries of every varint size, checked against an ArrayList both ways. */
    @Test
    void matchesAListModelForwardAndBackward() {
        Random r = new Random(42);
        for (int round = 0; round < 200; round++) {
            Listpack lp = new Listpack();
            List<byte[]> model = new ArrayList<>();
            for (int op = 0; op < 60; op++) {
                int len = switch (r.nextInt(4)) { case 0 -> 0; case 1 -> r.nextInt(10); case 2 -> 100 + r.nextInt(200); default -> 16000 + r.nextInt(20000); };
                byte[] v = new byte[len];
                r.nextBytes(v);
                int kind = r.nextInt(5);
                if (kind <= 1 || model.isEmpty()) {
                    int idx = r.nextInt(model.size() + 1);
                    if (idx == model.size()) lp.append(v); else lp.insertBefore(lp.seek(idx), v);
                    model.add(idx, v);
                } else if (kind == 2) {
                    int idx = r.nextInt(model.size());
                    lp.delete(lp.seek(idx));
                    model.remove(idx);
                } else if (kind == 3) {
                    int idx = r.nextInt(model.size());
                    lp.replace(lp.seek(idx), v);
                    model.set(idx, v);
                } else {
                    int idx = r.nextInt(model.size());
                    int n = 1 + r.nextInt(3);
                    lp.deleteRange(lp.seek(idx), n);
                    for (int i = 0; i < n && idx < model.size(); i++) model.remove(idx);
                }
                assertEquals(model.size(), lp.size());
                int off = lp.first();
                for (byte[] want : model) {
                    assertArrayEquals(want, lp.get(off));
                    off = lp.next(off);
                }
                assertEquals(Listpack.END, off);
                off = lp.last();
                for (int i = model.size() - 1; i >= 0; i--) {
                    assertArrayEquals(model.get(i), lp.get(off));
                    off = lp.prev(off);
                }
                assertEquals(Listpack.END, off);
            }
        }
    }

    @Test
    void findSkipsValuesOfFieldValuePairs() {
        Listpack lp = new Listpack();
        for (String s : new String[]{"f1", "a", "a", "f1", "f2", "x"}) lp.append(b(s));
        // "a" first appears as a value (index 1); with skip 1 only fields are compared.
        assertEquals(lp.seek(2), lp.find(lp.first(), b("a"), 1));
        assertEquals(lp.seek(4), lp.find(lp.first(), b("f2"), 1));
        assertEquals(Listpack.END, lp.find(lp.first(), b("x"), 1));
        assertEquals(lp.seek(5), lp.find(lp.first(), b("x"), 0));
    }
}
