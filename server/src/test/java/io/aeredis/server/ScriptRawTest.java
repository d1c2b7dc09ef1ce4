package io.aeredis.server;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Scripting over a raw socket: exact reply bytes, RESP3, INFO. */
@Timeout(180)
class ScriptRawTest {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        server.close();
    }

    private static RawClient client() throws Exception {
        RawClient c = new RawClient(server.port());
        // The first script builds the loop thread's JS context.
        c.socket.setSoTimeout(60_000);
        return c;
    }

    @Test
    void evalReplies() throws Exception {
        try (RawClient c = client()) {
            assertEquals("+OK\r\n", c.call("EVAL", "return redis.call('set', KEYS[1], ARGV[1])", "1", "rk", "rv"));
            assertEquals("$2\r\nrv\r\n", c.call("EVAL", "return redis.call('get', KEYS[1])", "1", "rk"));
            assertEquals("*3\r\n:1\r\n$-1\r\n+ok\r\n", c.call("EVAL", "return [1, null, {ok: 'ok'}]", "0"));
            assertEquals("-ERR value is not an integer or out of range script: 2bab3b661081db58bd2341920e0ba7cf5dc77b25, on @user_script:1.\r\n",
                    c.call("EVAL", "return redis.call('incr', KEYS[1])", "1", "rk"));
            assertEquals("-NOSCRIPT No matching script. Please use EVAL.\r\n", c.call("EVALSHA", "0000000000000000000000000000000000000000", "0"));
            assertEquals("-ERR Number of keys can't be greater than number of args\r\n", c.call("EVAL", "return 1", "3", "a"));
            assertEquals("-ERR wrong number of arguments for 'eval' command\r\n", c.call("EVAL", "return 1"));
            // The script's SELECT does not move the connection.
            assertEquals("+OK\r\n", c.call("EVAL", "redis.call('select', '5'); return redis.call('set', 'in5', 'x')", "0"));
            assertEquals("$-1\r\n", c.call("GET", "in5"));
            // Binary values pass through unchanged.
            byte[] bin = {0, (byte) 0xff, '\r', '\n', (byte) 0x80};
            c.sendCommand("SET".getBytes(), "bin".getBytes(), bin);
            assertEquals("+OK\r\n", c.readReply());
            c.sendCommand("EVAL".getBytes(), "return redis.call('get', KEYS[1])".getBytes(), "1".getBytes(), "bin".getBytes());
            byte[] expected = {'$', '5', '\r', '\n', 0, (byte) 0xff, '\r', '\n', (byte) 0x80, '\r', '\n'};
            assertArrayEquals(expected, c.readReplyBytes());
        }
    }

    @Test
    void resp3() throws Exception {
        try (RawClient c = client()) {
            assertTrue(c.call("HELLO", "3").startsWith("%"));
            assertEquals("_\r\n", c.call("EVAL", "return null", "0"));
            assertEquals("%1\r\n$1\r\na\r\n:1\r\n", c.call("EVAL", "return {a: 1}", "0"));
            assertEquals(",2.5\r\n", c.call("EVAL", "return {double: 2.5}", "0"));
            assertEquals("#t\r\n", c.call("EVAL", "redis.setresp(3); return true", "0"));
        }
    }

    @Test
    void functionsAndScriptContainer() throws Exception {
        try (RawClient c = client()) {
            assertEquals("+OK\r\n", c.call("FUNCTION", "FLUSH"));
            assertEquals("$3\r\nraw\r\n", c.call("FUNCTION", "LOAD", "#!js name=raw\nredis.registerFunction('rawf', (keys, args) => keys.length - 1)"));
            assertEquals(":2\r\n", c.call("FCALL", "rawf", "2", "a", "b"));
            assertEquals("-ERR Engine 'lua' not found\r\n", c.call("FUNCTION", "LOAD", "#!lua name=x\nreturn 1"));
            assertEquals("-NOTBUSY No scripts in execution right now.\r\n", c.call("FUNCTION", "KILL"));
            assertEquals("$40\r\ne0e1f9fabfc9d4800c877a703b823ac0578ff8db\r\n", c.call("SCRIPT", "LOAD", "return 1"));
            assertEquals("*1\r\n:1\r\n", c.call("SCRIPT", "EXISTS", "e0e1f9fabfc9d4800c877a703b823ac0578ff8db"));
            assertEquals("-ERR unknown subcommand 'nope'. Try SCRIPT HELP.\r\n", c.call("SCRIPT", "nope"));
        }
    }

    @Test
    void infoNamesTheJsEngine() throws Exception {
        try (RawClient c = client()) {
            String info = c.call("INFO", "server");
            assertTrue(info.contains("\r\njs_engine:graalvm-js 25.0.1\r\n"), info);
            // A stock JDK has no Graal compiler: Truffle runs interpreted.
            assertTrue(info.contains("\r\njs_jit:no\r\n") || info.contains("\r\njs_jit:yes\r\n"), info);
            assertEquals(io.aeredis.scripting.ScriptEngine.jit(), info.contains("js_jit:yes"));
            c.call("SCRIPT", "LOAD", "return 'counted'");
            String mem = c.call("INFO", "memory");
            assertTrue(mem.matches("(?s).*\r\nnumber_of_cached_scripts:[1-9][0-9]*\r\n.*"), mem);
        }
    }

    @Test
    void commandInfoRows() throws Exception {
        try (RawClient c = client()) {
            String info = c.call("COMMAND", "INFO", "eval");
            assertTrue(info.startsWith("*1\r\n*10\r\n$4\r\neval\r\n:-3\r\n*5\r\n+noscript\r\n+stale\r\n+skip_monitor\r\n+no_mandatory_keys\r\n+movablekeys\r\n"), info);
            assertEquals("*2\r\n$1\r\na\r\n$1\r\nb\r\n", c.call("COMMAND", "GETKEYS", "EVAL", "return 1", "2", "a", "b", "c"));
            assertTrue(new String(c.call("COMMAND", "COUNT").getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.ISO_8859_1).startsWith(":"));
        }
    }
}
