package io.aeredis.commands;

import static io.aeredis.commands.KeyspaceHarness.NOT_INTEGER;
import static io.aeredis.commands.KeyspaceHarness.NULL;
import static io.aeredis.commands.KeyspaceHarness.OK;
import static io.aeredis.commands.KeyspaceHarness.b;
import static io.aeredis.commands.KeyspaceHarness.bulk;
import static io.aeredis.commands.KeyspaceHarness.err;
import static io.aeredis.commands.KeyspaceHarness.integer;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Expected bytes are what redis-server 7.0.15 replies to the same commands. */
class ExpireCommandsTest {
    private final KeyspaceHarness h = new KeyspaceHarness();

    @Test
    void expiredKeyIsNotReturnedByGet() {
        h.core.mstime = 10_000;
        h.call("SET", "k", "v", "PX", "100");
        h.core.mstime = 10_100;
        assertEquals(bulk("v"), h.call("GET", "k"), "expires only when now > when");
        h.core.mstime = 10_101;
        assertEquals(NULL, h.call("GET", "k"));
        assertEquals(0, h.core.db(0).size());
        assertEquals(0, h.core.db(0).expiresSize());
        assertEquals(1, h.core.statExpiredKeys);
    }

    @Test
    void ttlFamily() {
        h.core.mstime = 1_000_000;
        assertEquals(integer(-2), h.call("TTL", "k"));
        assertEquals(integer(-2), h.call("PEXPIRETIME", "k"));
        h.call("SET", "k", "v");
        assertEquals(integer(-1), h.call("TTL", "k"));
        assertEquals(integer(-1), h.call("EXPIRETIME", "k"));
        assertEquals(integer(1), h.call("EXPIRE", "k", "100"));
        assertEquals(integer(100), h.call("TTL", "k"));
        h.core.mstime += 161;
        assertEquals(integer(99839), h.call("PTTL", "k"));
        assertEquals(integer(100), h.call("TTL", "k"), "rounded to the nearest second");
        h.core.mstime += 400;
        assertEquals(integer(99), h.call("TTL", "k"));
        assertEquals(integer(1100), h.call("EXPIRETIME", "k"));
        assertEquals(integer(1_100_000), h.call("PEXPIRETIME", "k"));
        assertEquals(integer(1), h.call("PERSIST", "k"));
        assertEquals(integer(0), h.call("PERSIST", "k"));
        assertEquals(integer(0), h.call("PERSIST", "nokey"));
        assertEquals(integer(-1), h.call("TTL", "k"));
    }

    @Test
    void expireVariantsComputeAbsoluteTimes() {
        h.core.mstime = 1_000_000;
        h.call("SET", "k", "v");
        assertEquals(integer(1), h.call("PEXPIRE", "k", "1500"));
        assertEquals(1_001_500, h.core.db(0).getExpire(b("k")));
        assertEquals(integer(1), h.call("EXPIREAT", "k", "2000"));
        assertEquals(2_000_000, h.core.db(0).getExpire(b("k")));
        assertEquals(integer(1), h.call("PEXPIREAT", "k", "2000001"));
        assertEquals(2_000_001, h.core.db(0).getExpire(b("k")));
        assertEquals(integer(0), h.call("EXPIRE", "nokey", "10"));
    }

    @Test
    void pastOrZeroExpireDeletesTheKey() {
        h.core.mstime = 1_000_000;
        for (String[] cmd : new String[][] {{"EXPIRE", "k", "-1"}, {"EXPIREAT", "k", "1"}, {"PEXPIRE", "k", "0"},
                {"PEXPIREAT", "k", "1000000"}}) {
            h.call("SET", "k", "v");
            long dirty = h.core.dirty;
            assertEquals(integer(1), h.call(cmd), String.join(" ", cmd));
            assertEquals(integer(0), h.call("EXISTS", "k"));
            assertEquals(dirty + 1, h.core.dirty);
        }
        assertEquals(0, h.core.statExpiredKeys, "an explicit past expire is a DEL, not an expiry");
    }

    @Test
    void nxXxGtLtConditions() {
        h.core.mstime = 0;
        h.call("SET", "k", "v");
        assertEquals(integer(0), h.call("EXPIRE", "k", "100", "XX"));
        assertEquals(integer(0), h.call("EXPIRE", "k", "100", "GT"), "no TTL counts as infinite");
        assertEquals(integer(1), h.call("EXPIRE", "k", "100", "LT"));
        assertEquals(integer(0), h.call("EXPIRE", "k", "50", "GT"));
        assertEquals(integer(1), h.call("EXPIRE", "k", "200", "gt"));
        assertEquals(integer(0), h.call("EXPIRE", "k", "300", "LT"));
        assertEquals(integer(1), h.call("EXPIRE", "k", "100", "lt"));
        assertEquals(integer(0), h.call("EXPIRE", "k", "100", "NX"));
        assertEquals(integer(1), h.call("EXPIRE", "k", "100", "XX"));
        h.call("PERSIST", "k");
        assertEquals(integer(1), h.call("EXPIRE", "k", "100", "NX"));
        assertEquals(integer(0), h.call("EXPIRE", "k", "100", "xx", "xx", "gt", "gt"), "GT with an equal time fails");
        assertEquals(integer(0), h.call("EXPIRE", "k", "100", "LT"), "LT with an equal time fails");
    }

    @Test
    void optionErrors() {
        h.call("SET", "k", "v");
        assertEquals(err("NX and XX, GT or LT options at the same time are not compatible"), h.call("EXPIRE", "k", "10", "NX", "XX"));
        assertEquals(err("NX and XX, GT or LT options at the same time are not compatible"), h.call("EXPIRE", "k", "10", "nx", "gt"));
        assertEquals(err("GT and LT options at the same time are not compatible"), h.call("EXPIRE", "k", "10", "GT", "LT"));
        assertEquals(err("Unsupported option foo"), h.call("EXPIRE", "k", "10", "foo"));
        assertEquals(err("Unsupported option foo  bar"), h.call("EXPIRE", "k", "10", "foo\r\nbar"));
        assertEquals(err("Unsupported option foo\u00e9"), h.call("EXPIRE", "k", "10", "foo\u00e9"));
        assertEquals(err("Unsupported option ab"), h.call("EXPIRE", "k", "10", "ab\u0000cd"));
        assertEquals(integer(1), h.call("EXPIRE", "k", "10", "nx\u0000zz"));
        assertEquals(err("invalid expire time in 'expire' command"), h.call("EXPIRE", "k", "9223372036854776"));
        assertEquals(err("invalid expire time in 'pexpire' command"), h.call("PEXPIRE", "k", "9223372036854775807"));
        assertEquals(err("invalid expire time in 'expireat' command"), h.call("EXPIREAT", "k", "-9223372036854776"));
        assertEquals(NOT_INTEGER, h.call("EXPIRE", "k", "ten"));
        // Options are parsed before the time: their errors win.
        assertEquals(err("Unsupported option foo"), h.call("EXPIRE", "k", "ten", "foo"));
    }

    @Test
    void setKeepttlDoesNotResurrectAnExpiredTtl() {
        h.core.mstime = 1000;
        h.call("SET", "k", "v", "PX", "10");
        h.core.mstime = 2000;
        assertEquals(OK, h.call("SET", "k", "w", "KEEPTTL"));
        assertEquals(bulk("w"), h.call("GET", "k"));
        assertEquals(-1, h.core.db(0).getExpire(b("k")));
        assertEquals(1, h.core.statExpiredKeys);
    }

    @Test
    void writesToExpiredKeysStartFresh() {
        h.core.mstime = 1000;
        h.call("SET", "n", "41", "PX", "10");
        h.core.mstime = 2000;
        assertEquals(integer(1), h.call("INCR", "n"));
        assertEquals(-1, h.core.db(0).getExpire(b("n")));
        h.call("SET", "s", "abc", "PX", "10");
        h.core.mstime = 3000;
        assertEquals(integer(2), h.call("APPEND", "s", "xy"));
        assertEquals(integer(0), h.call("EXPIRE", "gone", "10"));
    }

    @Test
    void getexOnAnExpiredKeyRepliesNull() {
        h.core.mstime = 1000;
        h.call("SET", "k", "v", "PX", "10");
        h.core.mstime = 2000;
        assertEquals(NULL, h.call("GETEX", "k", "PERSIST"));
        assertEquals(integer(-2), h.call("TTL", "k"));
    }
}
