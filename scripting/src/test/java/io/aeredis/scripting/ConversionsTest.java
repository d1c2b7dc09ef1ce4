package io.aeredis.scripting;

import io.aeredis.commands.Client;
import io.aeredis.commands.RedisCommand;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The conversion table of README.md, row by row, both ways, in RESP2 and RESP3. */
class ConversionsTest {
    final Harness h = new Harness();

    ConversionsTest() {
        // A command replying each RESP type on demand, in the caller's protocol.
        h.core.commands.add(RedisCommand.command("t.reply", 2, "readonly", 0, 0, 0, "generic").proc(ConversionsTest::reply));
    }

    static void reply(Client c) {
        switch (new String(c.argv[1], StandardCharsets.ISO_8859_1)) {
            case "map" -> {
                c.addReplyMapLen(2);
                c.addReplyBulkCString("a");
                c.addReplyLongLong(1);
                c.addReplyBulkCString("b");
                c.addReplyArrayLen(1);
                c.addReplyBulkCString("x");
            }
            case "set" -> {
                c.reply.addReplySetLen(2);
                c.addReplyBulkCString("m1");
                c.addReplyBulkCString("m2");
            }
            case "double" -> c.addReplyDouble(1.5);
            case "true" -> c.reply.addReplyBool(true);
            case "false" -> c.reply.addReplyBool(false);
            case "bignum" -> c.reply.addReplyBigNum("123456789012345678901234567890");
            case "verbatim" -> c.reply.addReplyVerbatim("hi".getBytes(StandardCharsets.US_ASCII), "txt");
            case "null" -> c.addReplyNull();
            case "nested-error" -> {
                c.addReplyArrayLen(2);
                c.addReplyLongLong(1);
                c.addReplyError("-MY nested");
            }
            default -> c.addReplyError("unknown");
        }
    }

    @Test
    void redisToJs() {
        assertEquals("$6\r\nnumber\r\n", h.eval("return typeof redis.call('incr', 'n')"));
        // Beyond 2^53 an integer is a BigInt, exact.
        assertEquals("$6\r\nbigint\r\n", h.eval("return typeof redis.call('incrby', 'big', '9007199254740993')"));
        assertEquals(":1\r\n", h.eval("return redis.call('get', 'big') === '9007199254740993' && redis.call('incrby', 'big', '0') === 9007199254740993n"));
        assertEquals(":1\r\n", h.eval("return redis.call('get', 'nokey') === null"));
        assertEquals("$11\r\n{\"ok\":\"OK\"}\r\n", h.eval("return JSON.stringify(redis.call('set', 'a', 'b'))"));
        assertEquals(":1\r\n", h.eval("return Array.isArray(redis.call('mget', 'a', 'nokey'))"));
        assertEquals("$10\r\n[\"b\",null]\r\n", h.eval("return JSON.stringify(redis.call('mget', 'a', 'nokey'))"));
        assertEquals("$23\r\n[1,{\"err\":\"MY nested\"}]\r\n", h.eval("return JSON.stringify(redis.call('t.reply', 'nested-error'))"));
    }

    @Test
    void resp3RepliesInsideScriptsAfterSetresp3() {
        String[][] cases = {
            {"map", "{\"map\":{\"a\":1,\"b\":[\"x\"]}}"},
            {"set", "{\"set\":{\"m1\":true,\"m2\":true}}"},
            {"double", "{\"double\":1.5}"},
            {"true", "true"},
            {"false", "false"},
            {"bignum", "{\"big_number\":\"123456789012345678901234567890\"}"},
            {"verbatim", "{\"verbatim_string\":{\"format\":\"txt\",\"string\":\"hi\"}}"},
            {"null", "null"},
        };
        for (String[] c : cases) {
            String r = h.eval("redis.setresp(3); return JSON.stringify(redis.call('t.reply', ARGV[1]))", "0", c[0]);
            assertEquals("$" + c[1].length() + "\r\n" + c[1] + "\r\n", r, c[0]);
        }
        // Without setresp(3) the same commands reply in RESP2.
        assertEquals("$17\r\n[\"a\",1,\"b\",[\"x\"]]\r\n", h.eval("return JSON.stringify(redis.call('t.reply', 'map'))"));
        assertEquals("$5\r\n\"1.5\"\r\n", h.eval("return JSON.stringify(redis.call('t.reply', 'double'))"));
    }

    @Test
    void resp3TypesRoundTripToTheClient() {
        for (String type : new String[] {"map", "set", "double", "true", "false", "bignum", "verbatim", "null"}) {
            for (int proto : new int[] {2, 3}) {
                h.client.reply.setResp(proto);
                String direct = h.raw("t.reply", type);
                String viaScript = h.eval("redis.setresp(3); return redis.call('t.reply', ARGV[1])", "0", type);
                if (type.equals("false") && proto == 2) {
                    // Lua turns a RESP3 false into a boolean, and false replies RESP3 false (here :0).
                    assertEquals(":0\r\n", viaScript);
                } else {
                    assertEquals(direct, viaScript, type + " RESP" + proto);
                }
            }
        }
    }

    @Test
    void jsToRedisResp2() {
        assertEquals(":3\r\n", h.eval("return 3.99"));
        assertEquals(":-3\r\n", h.eval("return -3.99"));
        assertEquals(":9007199254740993\r\n", h.eval("return 9007199254740993n"));
        assertEquals("$22\r\n1180591620717411303424\r\n", h.eval("return 2n ** 70n"));
        assertEquals("$3\r\nabc\r\n", h.eval("return 'abc'"));
        assertEquals(":1\r\n", h.eval("return true"));
        assertEquals("$-1\r\n", h.eval("return false"));
        assertEquals("$-1\r\n", h.eval("return null"));
        assertEquals("$-1\r\n", h.eval("return undefined"));
        assertEquals("$-1\r\n", h.eval("return"));
        assertEquals("*4\r\n:1\r\n$-1\r\n:3\r\n*1\r\n$1\r\nx\r\n", h.eval("return [1, null, 3, ['x']]"));
        assertEquals("+fine\r\n", h.eval("return {ok: 'fine'}"));
        assertEquals("-bad\r\n", h.eval("return {err: 'bad'}"));
        assertEquals("--X y\r\n", h.eval("return {err: '-X y'}"));
        assertEquals("$3\r\n1.5\r\n", h.eval("return {double: 1.5}"));
        assertEquals("*4\r\n$1\r\na\r\n:1\r\n$1\r\nb\r\n*0\r\n", h.eval("return {map: {a: 1, b: []}}"));
        assertEquals("*1\r\n$1\r\nm\r\n", h.eval("return {set: {m: true}}"));
        assertEquals("$3\r\n123\r\n", h.eval("return {big_number: '123'}"));
        assertEquals("*4\r\n$1\r\na\r\n:1\r\n$1\r\nb\r\n$1\r\nc\r\n", h.eval("return {a: 1, b: 'c'}"));
        assertEquals("*2\r\n$1\r\nk\r\n:2\r\n", h.eval("return new Map([['k', 2]])"));
        assertEquals("$-1\r\n", h.eval("return () => 1"));
        assertEquals("*1\r\n*1\r\n*0\r\n", h.eval("return [[[]]]"));
    }

    @Test
    void jsToRedisResp3() {
        h.resp3();
        assertEquals("_\r\n", h.eval("return null"));
        assertEquals(":1\r\n", h.eval("return true"));
        assertEquals("#t\r\n", h.eval("redis.setresp(3); return true"));
        assertEquals("#f\r\n", h.eval("redis.setresp(3); return false"));
        assertEquals("*2\r\n_\r\n:1\r\n", h.eval("return [false, true]"));
        assertEquals(",1.5\r\n", h.eval("return {double: 1.5}"));
        assertEquals("%1\r\n$1\r\na\r\n:1\r\n", h.eval("return {map: {a: 1}}"));
        assertEquals("~1\r\n$1\r\nm\r\n", h.eval("return {set: {m: true}}"));
        assertEquals("(123\r\n", h.eval("return {big_number: '123'}"));
        assertEquals("(1180591620717411303424\r\n", h.eval("return 2n ** 70n"));
        assertEquals("=6\r\ntxt:hi\r\n", h.eval("return {verbatim_string: {format: 'txt', string: 'hi'}}"));
        assertEquals("%1\r\n$1\r\na\r\n:1\r\n", h.eval("return {a: 1}"));
    }

    @Test
    void bulkStringsAreBinarySafe() {
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) all[i] = (byte) i;
        h.rawBytes(new byte[][] {"SET".getBytes(), "bin".getBytes(), all});
        assertEquals(":1\r\n", h.eval("const v = redis.call('get', 'bin'); for (let i = 0; i < 256; i++) if (v.charCodeAt(i) !== i) return 0; return v.length === 256"));
        byte[] reply = h.rawBytes(new byte[][] {"EVAL".getBytes(), "return redis.call('get', KEYS[1])".getBytes(), "1".getBytes(), "bin".getBytes()});
        byte[] expected = new byte[6 + 256 + 2];
        System.arraycopy("$256\r\n".getBytes(), 0, expected, 0, 6);
        System.arraycopy(all, 0, expected, 6, 256);
        expected[262] = '\r';
        expected[263] = '\n';
        assertArrayEquals(expected, reply);
        // ARGV carries the bytes unchanged into redis.call and back.
        byte[] reply2 = h.rawBytes(new byte[][] {"EVAL".getBytes(), "redis.call('set', 'b2', ARGV[1]); return redis.call('get', 'b2')".getBytes(),
            "0".getBytes(), all});
        assertArrayEquals(expected, reply2);
        // UTF-8 text in a script's source stays its bytes (sources are read a byte per char).
        byte[] euro = "return '\u20ac'".getBytes(StandardCharsets.UTF_8);
        byte[] r3 = h.rawBytes(new byte[][] {"EVAL".getBytes(), euro, "0".getBytes()});
        assertArrayEquals("$3\r\n\u20ac\r\n".getBytes(StandardCharsets.UTF_8), r3);
        // A char above U+00FF (only escapes make one) is sent as UTF-8.
        assertArrayEquals("$3\r\n\u20ac\r\n".getBytes(StandardCharsets.UTF_8),
                h.rawBytes(new byte[][] {"EVAL".getBytes(), "return '\\u20ac'".getBytes(), "0".getBytes()}));
        assertEquals("$1\r\n\u00e9\r\n", h.eval("return '\\u00e9'"));
    }

    @Test
    void cyclesAndDepthDoNotHang() {
        assertEquals("-ERR reached script stack limit\r\n", h.eval("const a = []; a.push(a); return a"));
        assertEquals("-ERR reached script stack limit\r\n", h.eval("const o = {}; o.self = o; return o"));
    }
}
