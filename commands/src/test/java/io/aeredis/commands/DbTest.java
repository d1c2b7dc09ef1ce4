package io.aeredis.commands;

import static io.aeredis.commands.KeyspaceHarness.b;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DbTest {
    private final RedisCore core = new RedisCore(4);
    private final Db db = core.db(0);

    @Test
    void lookupKeyReadCountsHitsAndMissesButWritesDoNot() {
        db.setKey(b("k"), b("v"), false);
        db.lookupKeyRead(b("k"));
        db.lookupKeyRead(b("nokey"));
        db.lookupKeyWrite(b("k"));
        db.lookupKeyWrite(b("nokey"));
        db.lookupKeyReadWithFlags(b("k"), Db.LOOKUP_NOSTATS);
        assertEquals(1, core.statKeyspaceHits);
        assertEquals(1, core.statKeyspaceMisses);
    }

    @Test
    void lazyExpiryDeletesOnAccessAndCounts() {
        core.mstime = 100;
        db.setKey(b("k"), b("v"), false);
        db.setExpire(b("k"), 150);
        core.mstime = 150;
        assertTrue(db.lookupKeyWrite(b("k")) != null);
        core.mstime = 151;
        assertNull(db.lookupKeyWrite(b("k")));
        assertEquals(0, db.size());
        assertEquals(0, db.expiresSize());
        assertEquals(1, core.statExpiredKeys);
        assertEquals(0, core.statKeyspaceMisses, "a write lookup is not a miss");
    }

    @Test
    void nothingExpiresWhileLoading() {
        core.mstime = 100;
        db.setKey(b("k"), b("v"), false);
        db.setExpire(b("k"), 50);
        core.loading = true;
        assertTrue(db.lookupKeyRead(b("k")) != null);
        core.loading = false;
        assertNull(db.lookupKeyRead(b("k")));
    }

    @Test
    void setKeyRemovesTtlUnlessKeepTtl() {
        core.mstime = 0;
        db.setKey(b("k"), b("v"), false);
        db.setExpire(b("k"), 1000);
        db.setKey(b("k"), b("w"), true);
        assertEquals(1000, db.getExpire(b("k")));
        db.setKey(b("k"), b("x"), false);
        assertEquals(-1, db.getExpire(b("k")));
        assertFalse(db.removeExpire(b("k")));
    }

    @Test
    void setExpireNeedsAnExistingKey() {
        assertThrows(IllegalStateException.class, () -> db.setExpire(b("nokey"), 1));
    }

    @Test
    void deleteRemovesTheTtlToo() {
        db.setKey(b("k"), b("v"), false);
        db.setExpire(b("k"), Long.MAX_VALUE);
        assertTrue(db.delete(b("k")));
        assertFalse(db.delete(b("k")));
        assertEquals(0, db.expiresSize());
    }

    @Test
    void activeExpireCycleReclaimsExpiredKeysWithoutAccess() {
        core.mstime = 1000;
        for (int i = 0; i < 1000; i++) {
            db.setKey(b("old:" + i), b("v"), false);
            db.setExpire(b("old:" + i), 1500);
        }
        for (int i = 0; i < 1000; i++) {
            db.setKey(b("new:" + i), b("v"), false);
            db.setExpire(b("new:" + i), 1_000_000);
        }
        for (int i = 0; i < 100; i++) db.setKey(b("persistent:" + i), b("v"), false);
        core.mstime = 2000;
        long expired = 0;
        // Each call samples from where the last one stopped; repeated calls reclaim everything.
        for (int calls = 0; calls < 10_000 && db.size() > 1100; calls++) {
            expired += db.activeExpireCycle(1_000_000);
        }
        assertEquals(1000, expired);
        assertEquals(1100, db.size());
        assertEquals(1000, db.expiresSize());
        assertEquals(1000, core.statExpiredKeys);
        for (int i = 0; i < 1000; i++) assertTrue(db.exists(b("new:" + i)));
        assertTrue(db.avgTtl() > 0);
    }

    @Test
    void activeExpireCycleOfTheCoreVisitsAllDatabases() {
        core.mstime = 1000;
        for (int d = 0; d < core.dbnum(); d++) {
            Db x = core.db(d);
            for (int i = 0; i < 50; i++) {
                x.setKey(b("k" + i), b("v"), false);
                x.setExpire(b("k" + i), 1001);
            }
        }
        core.mstime = 5000;
        for (int calls = 0; calls < 10_000 && core.statExpiredKeys < 50L * core.dbnum(); calls++) core.activeExpireCycle();
        for (int d = 0; d < core.dbnum(); d++) assertEquals(0, core.db(d).size(), "db " + d);
        assertTrue(core.statExpiredStalePerc > 0);
    }

    @Test
    void databasesCronShrinksEmptiedTables() {
        for (int i = 0; i < 5000; i++) db.setKey(b("k" + i), b("v"), false);
        for (int i = 0; i < 4990; i++) db.delete(b("k" + i));
        long before = db.dict.slots();
        for (int i = 0; i < 100 && (db.dict.slots() >= before || db.dict.isRehashing()); i++) core.databasesCron();
        assertTrue(db.dict.slots() < before, "slots " + db.dict.slots());
        assertFalse(db.dict.isRehashing());
        for (int i = 4990; i < 5000; i++) assertTrue(db.exists(b("k" + i)));
    }

    @Test
    void swapExchangesKeyspacesNotIds() {
        Db other = core.db(1);
        db.setKey(b("a"), b("1"), false);
        other.setKey(b("b"), b("2"), false);
        other.setExpire(b("b"), 99);
        assertTrue(core.swapDatabases(0, 1));
        assertEquals(0, db.id);
        assertTrue(db.exists(b("b")));
        assertEquals(99, db.getExpire(b("b")));
        assertTrue(other.exists(b("a")));
        assertFalse(core.swapDatabases(0, 4));
    }

    @Test
    void randomKeyAndEmpty() {
        assertNull(db.randomKey());
        byte[] key = b("only");
        db.setKey(key, b("v"), false);
        assertSame(key, db.randomKey());
        assertEquals(1, db.empty());
        assertEquals(0, db.size());
        List<byte[]> keys = new ArrayList<>(db.keys());
        assertTrue(keys.isEmpty());
    }

    @Test
    void typeNamesAndDup() {
        assertEquals("none", Db.typeName(null));
        assertEquals("string", Db.typeName(b("x")));
        byte[] v = b("abc");
        Object d = Db.dupValue(v);
        assertTrue(d instanceof byte[] && d != v && java.util.Arrays.equals(v, (byte[]) d));
    }
}
