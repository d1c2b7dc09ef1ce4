package io.aeredis.commands;

import static io.aeredis.commands.KeyspaceHarness.NOT_INTEGER;
import static io.aeredis.commands.KeyspaceHarness.NULL;
import static io.aeredis.commands.KeyspaceHarness.OK;
import static io.aeredis.commands.KeyspaceHarness.SYNTAX;
import static io.aeredis.commands.KeyspaceHarness.WRONGTYPE;
import static io.aeredis.commands.KeyspaceHarness.b;
import static io.aeredis.commands.KeyspaceHarness.bulk;
import static io.aeredis.commands.KeyspaceHarness.err;
import static io.aeredis.commands.KeyspaceHarness.integer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import org.junit.jupiter.api.Test;

/** Expected bytes are what redis-server 7.0.15 replies to the same commands. */
class StringCommandsTest {
    private final KeyspaceHarness h = new KeyspaceHarness();

    private void putList(String key) {
        h.core.db(0).add(b(key), new ArrayList<>());
    }

    @Test
    void setAndGetAreBinarySafe() {
        assertEquals(OK, h.call("SET", "k\u0000\u00ff", "v\r\n\u0000"));
        assertEquals(bulk("v\r\n\u0000"), h.call("GET", "k\u0000\u00ff"));
        assertEquals(NULL, h.call("GET", "k"));
        assertEquals(1, h.core.dirty);
    }

    @Test
    void setNxXxAndGet() {
        assertEquals(NULL, h.call("SET", "k", "v", "XX"));
        assertEquals(OK, h.call("SET", "k", "v", "NX"));
        assertEquals(NULL, h.call("SET", "k", "w", "NX"));
        assertEquals(OK, h.call("SET", "k", "w", "xx"));
        assertEquals(bulk("w"), h.call("SET", "k", "x", "GET"));
        assertEquals(bulk("x"), h.call("SET", "k", "y", "NX", "GET"), "NX with GET replies the old value and sets nothing");
        assertEquals(bulk("x"), h.call("GET", "k"));
        assertEquals(NULL, h.call("SET", "new", "v", "NX", "GET"));
        assertEquals(bulk("v"), h.call("GET", "new"));
        assertEquals(SYNTAX, h.call("SET", "k", "v", "NX", "XX"));
        assertEquals(SYNTAX, h.call("SET", "k", "v", "foo"));
        assertEquals(SYNTAX, h.call("SET", "k", "v", "EX"));
        // Options compare as C strings.
        assertEquals(bulk("x"), h.call("SET", "k", "v", "nx\u0000junk", "get\u0000"));
        assertEquals(NULL, h.call("SET", "k2", "v", "nx\u0000junk", "get\u0000"));
        assertEquals(OK, h.call("SET", "k2", "v", "keepttl\u0000zz"));
    }

    @Test
    void setExpireOptionsAndTheirErrors() {
        h.core.mstime = 1_000_000;
        assertEquals(OK, h.call("SET", "k", "v", "EX", "10"));
        assertEquals(1_010_000, h.core.db(0).getExpire(b("k")));
        assertEquals(OK, h.call("SET", "k", "v", "PX", "10"));
        assertEquals(1_000_010, h.core.db(0).getExpire(b("k")));
        assertEquals(OK, h.call("SET", "k", "v", "EXAT", "2000"));
        assertEquals(2_000_000, h.core.db(0).getExpire(b("k")));
        assertEquals(OK, h.call("SET", "k", "v", "PXAT", "3000000"));
        assertEquals(3_000_000, h.core.db(0).getExpire(b("k")));
        assertEquals(OK, h.call("SET", "k", "v", "EX", "10", "EX", "20"), "a repeated EX: the last wins");
        assertEquals(1_020_000, h.core.db(0).getExpire(b("k")));
        assertEquals(OK, h.call("SET", "k", "w", "KEEPTTL"));
        assertEquals(1_020_000, h.core.db(0).getExpire(b("k")));
        assertEquals(OK, h.call("SET", "k", "w"));
        assertEquals(-1, h.core.db(0).getExpire(b("k")));

        String invalid = err("invalid expire time in 'set' command");
        assertEquals(invalid, h.call("SET", "k", "v", "EX", "0"));
        assertEquals(invalid, h.call("SET", "k", "v", "EX", "-1"));
        assertEquals(invalid, h.call("SET", "k", "v", "EX", "9223372036854776"));
        assertEquals(invalid, h.call("SET", "k", "v", "PX", "9223372036854775807"));
        assertEquals(NOT_INTEGER, h.call("SET", "k", "v", "EX", "1.5"));
        assertEquals(SYNTAX, h.call("SET", "k", "v", "KEEPTTL", "EX", "10"));
        assertEquals(SYNTAX, h.call("SET", "k", "v", "EX", "10", "PX", "10"));
        assertEquals(SYNTAX, h.call("SET", "k", "v", "EX", "10", "KEEPTTL"));
        assertEquals(SYNTAX, h.call("SET", "k", "v", "PERSIST"));
        assertEquals(err("invalid expire time in 'setex' command"), h.call("SETEX", "k", "0", "v"));
        assertEquals(err("invalid expire time in 'psetex' command"), h.call("PSETEX", "k", "-1", "v"));
    }

    @Test
    void setexAndPsetexSetValueAndTtl() {
        h.core.mstime = 5_000;
        assertEquals(OK, h.call("SETEX", "k", "10", "v"));
        assertEquals(15_000, h.core.db(0).getExpire(b("k")));
        assertEquals(OK, h.call("PSETEX", "k", "10", "w"));
        assertEquals(5_010, h.core.db(0).getExpire(b("k")));
        assertEquals(bulk("w"), h.call("GET", "k"));
    }

    @Test
    void setnxRepliesOneOrZero() {
        assertEquals(integer(1), h.call("SETNX", "k", "v"));
        assertEquals(integer(0), h.call("SETNX", "k", "w"));
        assertEquals(bulk("v"), h.call("GET", "k"));
    }

    @Test
    void stringCommandsGiveWrongTypeOnOtherValues() {
        putList("l");
        for (String[] cmd : new String[][] {
                {"SET", "l", "v", "GET"}, {"SET", "l", "v", "NX", "GET"}, {"SET", "l", "v", "XX", "GET"},
                {"GET", "l"}, {"GETSET", "l", "x"}, {"GETDEL", "l"}, {"GETEX", "l"}, {"INCR", "l"},
                {"INCRBYFLOAT", "l", "1"}, {"APPEND", "l", "x"}, {"STRLEN", "l"}, {"GETRANGE", "l", "0", "1"},
                {"SETRANGE", "l", "0", "x"}}) {
            assertEquals(WRONGTYPE, h.call(cmd), String.join(" ", cmd));
        }
        assertEquals("*2\r\n$-1\r\n$-1\r\n", h.call("MGET", "l", "nokey"));
        assertEquals(err("The specified keys must contain string values"), h.call("LCS", "l", "nokey"));
        // A plain SET replaces any type.
        assertEquals(OK, h.call("SET", "l", "v"));
        assertEquals(bulk("v"), h.call("GET", "l"));
    }

    @Test
    void getsetGetdelGetex() {
        assertEquals(NULL, h.call("GETSET", "k", "a"));
        assertEquals(bulk("a"), h.call("GETSET", "k", "b"));
        assertEquals(bulk("b"), h.call("GETDEL", "k"));
        assertEquals(NULL, h.call("GETDEL", "k"));
        assertEquals(0, h.core.db(0).size());

        h.core.mstime = 1_000_000;
        assertEquals(OK, h.call("SET", "k", "v"));
        assertEquals(bulk("v"), h.call("GETEX", "k", "EX", "100"));
        assertEquals(1_100_000, h.core.db(0).getExpire(b("k")));
        assertEquals(bulk("v"), h.call("GETEX", "k", "PERSIST"));
        assertEquals(-1, h.core.db(0).getExpire(b("k")));
        assertEquals(bulk("v"), h.call("GETEX", "k", "ex", "10", "ex", "20"));
        assertEquals(1_020_000, h.core.db(0).getExpire(b("k")));
        assertEquals(SYNTAX, h.call("GETEX", "k", "EX", "10", "PX", "10"));
        assertEquals(SYNTAX, h.call("GETEX", "k", "PERSIST", "EX", "10"));
        assertEquals(SYNTAX, h.call("GETEX", "k", "KEEPTTL"));
        assertEquals(SYNTAX, h.call("GETEX", "k", "EX"));
        assertEquals(err("invalid expire time in 'getex' command"), h.call("GETEX", "k", "EXAT", "0"));
        assertEquals(err("invalid expire time in 'getex' command"), h.call("GETEX", "k", "PX", "9223372036854775807"));
        // Options are checked first; a missing key then replies null whatever the value.
        assertEquals(NULL, h.call("GETEX", "nokey", "EX", "-1"));
        // An absolute time already in the past deletes the key after replying.
        assertEquals(bulk("v"), h.call("GETEX", "k", "PXAT", "1"));
        assertEquals(integer(0), h.call("EXISTS", "k"));
    }

    @Test
    void msetMsetnxMget() {
        assertEquals(OK, h.call("MSET", "a", "1", "b", "2"));
        assertEquals("*3\r\n$1\r\n1\r\n$-1\r\n$1\r\n2\r\n", h.call("MGET", "a", "nokey", "b"));
        assertEquals(err("wrong number of arguments for 'mset' command"), h.call("MSET", "a", "1", "b"));
        assertEquals(integer(0), h.call("MSETNX", "a", "x", "c", "3"));
        assertEquals(NULL, h.call("GET", "c"));
        assertEquals(integer(1), h.call("MSETNX", "c", "3", "c", "4"));
        assertEquals(bulk("4"), h.call("GET", "c"));
        assertEquals(err("wrong number of arguments for 'msetnx' command"), h.call("MSETNX", "a"));
    }

    @Test
    void incrDecrFamily() {
        assertEquals(integer(1), h.call("INCR", "n"));
        assertEquals(integer(11), h.call("INCRBY", "n", "10"));
        assertEquals(integer(10), h.call("DECR", "n"));
        assertEquals(integer(-5), h.call("DECRBY", "n", "15"));
        assertEquals(bulk("-5"), h.call("GET", "n"));
        assertEquals(NOT_INTEGER, h.call("INCRBY", "n", "1.5"));
        assertEquals(err("decrement would overflow"), h.call("DECRBY", "n", "-9223372036854775808"));
        assertEquals(OK, h.call("SET", "n", "9223372036854775807"));
        assertEquals(err("increment or decrement would overflow"), h.call("INCR", "n"));
        assertEquals(OK, h.call("SET", "n", "-9223372036854775808"));
        assertEquals(err("increment or decrement would overflow"), h.call("DECR", "n"));
        assertEquals(integer(-1), h.call("INCRBY", "n", "9223372036854775807"));
        for (String bad : new String[] {"abc", " 1", "01", "+1", "1.0", "", "-0"}) {
            assertEquals(OK, h.call("SET", "s", bad));
            assertEquals(NOT_INTEGER, h.call("INCR", "s"), "INCR on '" + bad + "'");
        }
    }

    @Test
    void incrKeepsTheTtl() {
        h.core.mstime = 1000;
        h.call("SET", "n", "1", "PX", "500");
        assertEquals(integer(2), h.call("INCR", "n"));
        assertEquals(1500, h.core.db(0).getExpire(b("n")));
    }

    @Test
    void incrbyfloatUsesLongDoubleFormatting() {
        assertEquals(OK, h.call("SET", "f", "10.5"));
        assertEquals(bulk("10.6"), h.call("INCRBYFLOAT", "f", "0.1"));
        assertEquals(bulk("2.5"), h.call("INCRBYFLOAT", "nokey", "2.50"));
        assertEquals(OK, h.call("SET", "f", "5.0e3"));
        assertEquals(bulk("5200"), h.call("INCRBYFLOAT", "f", "2.0e2"));
        assertEquals(err("increment would produce NaN or Infinity"), h.call("INCRBYFLOAT", "f", "inf"));
        assertEquals(err("value is not a valid float"), h.call("INCRBYFLOAT", "f", "nan"));
        assertEquals(err("value is not a valid float"), h.call("INCRBYFLOAT", "f", "1 "));
        assertEquals(err("value is not a valid float"), h.call("INCRBYFLOAT", "f", "1e5000"));
        assertEquals(OK, h.call("SET", "g", "abc"));
        assertEquals(err("value is not a valid float"), h.call("INCRBYFLOAT", "g", "1"));
        assertEquals(bulk("5200"), h.call("GET", "f"));
    }

    @Test
    void appendAndStrlen() {
        assertEquals(integer(0), h.call("STRLEN", "k"));
        assertEquals(integer(5), h.call("APPEND", "k", "hello"));
        assertEquals(integer(11), h.call("APPEND", "k", " world"));
        assertEquals(bulk("hello world"), h.call("GET", "k"));
        assertEquals(integer(11), h.call("STRLEN", "k"));
        h.core.protoMaxBulkLen = 12;
        assertEquals(err("string exceeds maximum allowed size (proto-max-bulk-len)"), h.call("APPEND", "k", "xy"));
    }

    @Test
    void setrangePadsAndChecksLimits() {
        assertEquals(integer(0), h.call("SETRANGE", "nk", "5", ""));
        assertEquals(integer(0), h.call("SETRANGE", "nk", "9223372036854775807", ""));
        assertEquals(integer(0), h.call("EXISTS", "nk"));
        assertEquals(integer(4), h.call("SETRANGE", "nk", "2", "ab"));
        assertEquals(bulk("\u0000\u0000ab"), h.call("GET", "nk"));
        assertEquals(integer(4), h.call("SETRANGE", "nk", "0", "xy"));
        assertEquals(bulk("xyab"), h.call("GET", "nk"));
        assertEquals(integer(4), h.call("SETRANGE", "nk", "1", ""));
        assertEquals(err("offset is out of range"), h.call("SETRANGE", "nk", "-1", "x"));
        String tooBig = err("string exceeds maximum allowed size (proto-max-bulk-len)");
        assertEquals(tooBig, h.call("SETRANGE", "nk", "536870911", "xy"));
        assertEquals(tooBig, h.call("SETRANGE", "nk", "9223372036854775807", "x"));
        assertEquals(NOT_INTEGER, h.call("SETRANGE", "nk", "x", "x"));
    }

    @Test
    void setrangeDoesNotChangeAValueCopiedElsewhere() {
        h.call("SET", "a", "hello");
        h.call("COPY", "a", "b");
        h.call("SETRANGE", "a", "0", "J");
        assertEquals(bulk("Jello"), h.call("GET", "a"));
        assertEquals(bulk("hello"), h.call("GET", "b"));
    }

    @Test
    void getrangeAndSubstr() {
        h.call("SET", "s", "This is a string");
        assertEquals(bulk("This"), h.call("GETRANGE", "s", "0", "3"));
        assertEquals(bulk("ing"), h.call("GETRANGE", "s", "-3", "-1"));
        assertEquals(bulk("This is a string"), h.call("GETRANGE", "s", "0", "-1"));
        assertEquals(bulk("string"), h.call("GETRANGE", "s", "10", "100"));
        assertEquals(bulk("This is a string"), h.call("GETRANGE", "s", "-100", "100"));
        assertEquals("$0\r\n\r\n", h.call("GETRANGE", "s", "-1", "-5"));
        assertEquals("$0\r\n\r\n", h.call("GETRANGE", "s", "5", "3"));
        assertEquals("$0\r\n\r\n", h.call("GETRANGE", "nokey", "0", "1"));
        assertEquals(NOT_INTEGER, h.call("GETRANGE", "s", "0", "x"));
        assertEquals(bulk("This"), h.call("SUBSTR", "s", "0", "3"));
    }

    @Test
    void lcsVariants() {
        h.call("MSET", "key1", "ohmytext", "key2", "mynewtext");
        assertEquals(bulk("mytext"), h.call("LCS", "key1", "key2"));
        assertEquals(integer(6), h.call("LCS", "key1", "key2", "LEN"));
        assertEquals("*4\r\n$7\r\nmatches\r\n*2\r\n*2\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n*2\r\n*2\r\n:2\r\n:3\r\n*2\r\n:0\r\n:1\r\n$3\r\nlen\r\n:6\r\n",
                h.call("LCS", "key1", "key2", "IDX"));
        assertEquals("*4\r\n$7\r\nmatches\r\n*1\r\n*3\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n:4\r\n$3\r\nlen\r\n:6\r\n",
                h.call("LCS", "key1", "key2", "IDX", "MINMATCHLEN", "4", "WITHMATCHLEN"));
        h.call("MSET", "a", "abcdefgh", "b", "xbcdyzfgh");
        assertEquals("*4\r\n$7\r\nmatches\r\n*2\r\n*3\r\n*2\r\n:5\r\n:7\r\n*2\r\n:6\r\n:8\r\n:3\r\n*3\r\n*2\r\n:1\r\n:3\r\n*2\r\n:1\r\n:3\r\n:3\r\n$3\r\nlen\r\n:6\r\n",
                h.call("LCS", "a", "b", "idx", "withmatchlen"));
        assertEquals("$0\r\n\r\n", h.call("LCS", "key1", "nokey"));
        assertEquals("*4\r\n$7\r\nmatches\r\n*0\r\n$3\r\nlen\r\n:0\r\n", h.call("LCS", "nokey", "nokey2", "idx"));
        assertEquals(err("If you want both the length and indexes, please just use IDX."), h.call("LCS", "a", "b", "IDX", "LEN"));
        assertEquals(SYNTAX, h.call("LCS", "a", "b", "foo"));
        assertEquals(SYNTAX, h.call("LCS", "a", "b", "minmatchlen"));
        assertEquals(NOT_INTEGER, h.call("LCS", "a", "b", "minmatchlen", "x"));
        h.call("MSET", "x", "x".repeat(12000), "y", "y".repeat(12000));
        assertEquals(err("Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len"), h.call("LCS", "x", "y", "LEN"));
    }

    @Test
    void storedValuesAreTheArgumentArrays() {
        // SET keeps the argument array itself (argv belongs to the command, like in Redis).
        byte[] v = b("value");
        h.exec(h.client, b("SET"), b("k"), v);
        assertSame(v, h.core.db(0).lookupKeyRead(b("k")));
    }

    @Test
    void resp3NullForMissingKeys() {
        h.client.reply.setResp(3);
        assertEquals("_\r\n", h.call("GET", "nokey"));
        assertEquals("_\r\n", h.call("SET", "k", "v", "XX"));
    }
}
