package io.aeredis.clicompat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * redis-cli interactive, on a pseudo-terminal: line editing with hints, TTY reply formatting,
 * prompts that follow SELECT and MULTI, the "N command" repeat prefix, HELP. The same typed
 * session runs against redis-server 7.0 and aeredis and the two screens must be identical byte
 * for byte (escape sequences included), which covers the hints redis-cli builds from COMMAND DOCS.
 */
@Timeout(180)
class CliInteractiveTest extends BothServersTest {



    @BeforeEach
    void flush() throws IOException {
        both.setup(c -> c.string("FLUSHALL"));
    }

    static final List<String> SESSION = List.of(
            "set foo bar",
            "get foo",
            "get nokey",
            "rpush l a \"b c\" \"\"",
            "lrange l 0 -1",
            "hset h f v",
            "hgetall h",
            "zadd z 1.5 m",
            "zrange z 0 -1 withscores",
            "zscore z m",
            "incr foo",
            "3 incr ctr",
            "multi",
            "incr ctr",
            "lrange l 0 0",
            "exec",
            "select 3",
            "set k3 v3",
            "dbsize",
            "select 0",
            "foo bar",
            "get",
            "help get");

    /** Runs {@link #SESSION} on a pty against {@code t}; returns the reply to each line, and the whole screen under key "". */
    static Map<String, String> session(Target t, String... options) throws InterruptedException {
        Map<String, String> replies = new LinkedHashMap<>();
        try (Pty pty = Pty.redisCli(t, options)) {
            for (String line : SESSION) replies.put(line, pty.reply(line));
            assertEquals(0, pty.typeAndExit("quit"));
            replies.put("", Both.normalize(pty.transcript(), t));
        }
        return replies;
    }

    @ParameterizedTest(name = "redis-cli {0} (interactive)")
    @ValueSource(strings = {"", "-3", "-n 2", "--raw", "--csv"})
    void sameScreenAsRedisServer(String options) throws Exception {
        String[] args = options.isEmpty() ? new String[0] : options.split(" ");
        Map<String, String> expected = session(both.redis, args);
        both.setup(c -> c.string("FLUSHALL"));
        Map<String, String> actual = session(both.aeredis, args);
        for (String line : SESSION) {
            assertEquals(expected.get(line), actual.get(line), "reply to `" + line + "` with redis-cli " + options);
        }
        assertEquals(expected.get(""), actual.get(""), "the whole screen, hints and prompts included");
        if (options.isEmpty()) {
            // The expected texts, as a user sees them: not only "the same as Redis".
            assertEquals("OK\n", actual.get("set foo bar"));
            assertEquals("\"bar\"\n", actual.get("get foo"));
            assertEquals("(nil)\n", actual.get("get nokey"));
            assertEquals("1) \"a\"\n2) \"b c\"\n3) \"\"\n", actual.get("lrange l 0 -1"));
            assertEquals("1) \"f\"\n2) \"v\"\n", actual.get("hgetall h"));
            assertEquals("(error) ERR value is not an integer or out of range\n", actual.get("incr foo"));
            assertEquals("(integer) 1\n(integer) 2\n(integer) 3\n", actual.get("3 incr ctr"));
            assertEquals("1) (integer) 4\n2) 1) \"a\"\n", actual.get("exec"));
            assertEquals("(integer) 1\n", actual.get("dbsize"));
            assertEquals("(error) ERR unknown command 'foo', with args beginning with: 'bar' \n", actual.get("foo bar"));
            String screen = actual.get("");
            assertTrue(screen.contains("127.0.0.1:PORT(TX)> "), "MULTI shows (TX) in the prompt");
            assertTrue(screen.contains("127.0.0.1:PORT[3]> "), "SELECT 3 shows [3] in the prompt");
            // Hints: after "set " redis-cli shows SET's arguments (from COMMAND DOCS) in grey.
            assertTrue(screen.contains("127.0.0.1:PORT> set \u001b[0;90;49mkey value [NX|XX] [GET] "
                    + "[EX seconds|PX milliseconds|EXAT unix-time-seconds|PXAT unix-time-milliseconds|KEEPTTL]\u001b[0m"), screen);
            assertTrue(screen.contains("127.0.0.1:PORT> get \u001b[0;90;49mkey\u001b[0m"), screen);
            assertTrue(Pty.plain(actual.get("help get")).contains("GET key\n  summary: Get the value of a key\n  since: 1.0.0\n  group: string"),
                    actual.get("help get"));
        }
        if (options.equals("-3")) {
            assertEquals("1# \"f\" => \"v\"\n", actual.get("hgetall h"));
            assertEquals("(double) 1.5\n", actual.get("zscore z m"));
        }
        if (options.equals("-n 2")) {
            assertTrue(actual.get("").startsWith("127.0.0.1:PORT[2]> "), actual.get(""));
        }
    }

    @Test
    void hintsOfACommandRedisDoesNotHaveComeFromAeredisCommandDocs() throws Exception {
        try (Pty pty = Pty.redisCli(both.aeredis)) {
            String shown = pty.type("eval_slow_script \"return 40 + 2\" 0");
            assertTrue(shown.contains("eval_slow_script \u001b[0;90;49mscript numkeys [key [key ...]] [arg [arg ...]]\u001b[0m"),
                    Pty.plain(shown));
            assertTrue(Pty.plain(shown).endsWith("\n(integer) 42\n127.0.0.1:" + both.aeredis.port() + "> "), Pty.plain(shown));
            pty.typeAndExit("quit");
        }
    }

    @Test
    void nonInteractiveInvocationsWithStdoutOnATerminal() throws Exception {
        // With stdout on a tty redis-cli formats like the interactive mode even for one command.
        for (String[] args : List.of(
                new String[] {"-r", "3", "-i", "0.05", "incr", "ttyctr"},
                new String[] {"lrange", "nolist", "0", "-1"},
                new String[] {"--raw", "rpush", "tl", "x", "y"},
                new String[] {"--csv", "lrange", "tl", "0", "-1"},
                new String[] {"-3", "hset", "th", "a", "1"},
                new String[] {"-3", "hgetall", "th"},
                new String[] {"-n", "4", "set", "k", "v"},
                new String[] {"-n", "4", "get", "k"})) {
            String expected = Both.normalize(Pty.runOnTty(both.redis, "", args), both.redis);
            String actual = Both.normalize(Pty.runOnTty(both.aeredis, "", args), both.aeredis);
            assertEquals(expected, actual, String.join(" ", args));
        }
        assertEquals("(integer) 1\r\n(integer) 2\r\n(integer) 3\r\n", Pty.runOnTty(both.aeredis, "", "-r", "3", "incr", "tty2"));
        assertEquals("1# \"a\" => \"1\"\r\n", Pty.runOnTty(both.aeredis, "", "-3", "hgetall", "th"));
        // -x reads the last argument from the terminal until end of file (^D twice: once to end the
        // unterminated line, once for EOF).
        String screen = Pty.runOnTty(both.aeredis, "typed value\u0004\u0004", "-x", "set", "typed");
        assertTrue(screen.endsWith("OK\r\n"), screen);
        try (Resp c = Resp.connect(both.aeredis)) {
            assertEquals("typed value", c.string("GET", "typed"));
            assertEquals("OK", c.string("SELECT", "4"));
            assertEquals("v", c.string("GET", "k"), "-n 4 set k v on a tty");
        }
    }
}
