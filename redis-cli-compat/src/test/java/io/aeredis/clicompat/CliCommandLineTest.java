package io.aeredis.clicompat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * redis-cli without a terminal: commands on the command line and on piped stdin, with every output
 * mode (--raw, --no-raw, --csv, --json, -d/-D) in RESP2 and RESP3, and -n, -x, -r/-i, -e.
 * Each invocation runs against redis-server 7.0 and aeredis and must print the same bytes; the
 * key cases also assert the literal text, so a test cannot pass on two empty outputs.
 */
@Timeout(120)
class CliCommandLineTest extends BothServersTest {



    @BeforeEach
    void flush() throws IOException {
        both.setup(c -> c.string("FLUSHALL"));
    }

    /** One reply of every shape redis-cli formats: statuses, bulks, nil, integers, doubles, maps, sets, nested arrays, errors, binary. */
    static final String SCRIPT = String.join("\n",
            "ping",
            "echo \"hello world\"",
            "set s \"va lue\"",
            "get s",
            "get missing",
            "incr counter",
            "incrbyfloat f 1.5",
            "rpush l a \"b c\" \"\" 3",
            "lrange l 0 -1",
            "lrange nolist 0 -1",
            "hset h f1 v1 f2 v2",
            "hgetall h",
            "hget h nofield",
            "sadd s1 only",
            "smembers s1",
            "smismember s1 only other",
            "zadd z 1 one 2.5 two",
            "zrange z 0 -1 withscores",
            "zscore z two",
            "zscore z nomember",
            "zrandmember nozset",
            "exists s l h",
            "type l",
            "object encoding l",
            "lpush s x",
            "foo bar",
            "get",
            "config get databases",
            "multi",
            "set a 1",
            "incr counter",
            "lrange l 0 1",
            "exec",
            "set bin \"\\x00\\x01bin\\\"ary\\xff\\n\"",
            "get bin",
            "strlen bin",
            "hrandfield nohash -5 withvalues",
            "zrange z 0 -1 withscores rev",
            "zpopmin z 5",
            "lpos l a",
            "blpop nolist 0.01",
            "getrange s 0 -1",
            "object freq s",
            "latency doctor",
            "slowlog get 0",
            "del s l h",
            "dbsize") + "\n";

    @ParameterizedTest(name = "redis-cli {0} < script")
    @ValueSource(strings = {"", "--no-raw", "--raw", "--csv", "--json", "--quoted-json", "-d ; -D |",
            "-3", "-3 --no-raw", "-3 --raw", "-3 --csv", "-3 --json", "-3 -d ; -D |"})
    void everyReplyShapeInEveryOutputMode(String options) {
        String[] args = options.isEmpty() ? new String[0] : options.split(" ");
        String out = both.cli(SCRIPT.getBytes(StandardCharsets.UTF_8), args);
        assertTrue(out.length() > 200, "redis-cli printed too little: " + out);
    }

    @Test
    void noRawFormattingAsATerminalWouldShowIt() throws IOException {
        both.setup(c -> {
            c.call("RPUSH", "l", "a", "b c", "");
            c.call("HSET", "h", "f1", "v1");
            c.call("ZADD", "z", "2.5", "m");
        });
        assertEquals("1) \"a\"\n2) \"b c\"\n3) \"\"\n", both.cli("--no-raw", "lrange", "l", "0", "-1"));
        assertEquals("a\nb c\n\n", both.cli("--raw", "lrange", "l", "0", "-1"));
        assertEquals("a\nb c\n\n", both.cli("lrange", "l", "0", "-1"), "stdout is not a tty: raw is the default");
        assertEquals("\"a\",\"b c\",\"\"\n", both.cli("--csv", "lrange", "l", "0", "-1"));
        assertEquals("(integer) 3\n", both.cli("--no-raw", "llen", "l"));
        assertEquals("(nil)\n", both.cli("--no-raw", "get", "nokey"));
        assertEquals("\n", both.cli("--raw", "get", "nokey"));
        assertEquals("(error) WRONGTYPE Operation against a key holding the wrong kind of value\n",
                both.cli("--no-raw", "get", "l"));
        // RESP3: maps and doubles have their own shapes.
        assertEquals("1# \"f1\" => \"v1\"\n", both.cli("-3", "--no-raw", "hgetall", "h"));
        assertEquals("(double) 2.5\n", both.cli("-3", "--no-raw", "zscore", "z", "m"));
        assertEquals("2.5\n", both.cli("-3", "--csv", "zscore", "z", "m"));
        assertEquals("{\"f1\":\"v1\"}\n", both.cli("-3", "--json", "hgetall", "h"));
        assertEquals("\"2.5\"\n", both.cli("-2", "--no-raw", "zscore", "z", "m"));
    }

    @Test
    void pipedStdinRunsEachLineInOrder() throws IOException {
        String out = both.cli("set k v\nappend k w\nget k\nincr n\nincr n\n".getBytes(StandardCharsets.UTF_8), "--no-raw");
        assertEquals("OK\n(integer) 2\n\"vw\"\n(integer) 1\n(integer) 2\n", out);
        try (Resp c = Resp.connect(both.aeredis)) {
            assertEquals("vw", c.string("GET", "k"));
        }
    }

    @Test
    void setThroughRedisCliIsReadBackOverASocket() throws IOException {
        assertEquals("OK\n", both.cli("set", "greeting", "hello world"));
        assertEquals("OK\n", both.cli("set", "ttl", "x", "EX", "100"));
        try (Resp c = Resp.connect(both.aeredis)) {
            assertEquals("hello world", c.string("GET", "greeting"));
            long ttl = c.integer("TTL", "ttl");
            assertTrue(ttl > 90 && ttl <= 100, "TTL " + ttl);
        }
    }

    @Test
    void dashNSelectsTheDatabase() throws IOException {
        assertEquals("OK\n", both.cli("-n", "5", "set", "dbkey", "five"));
        assertEquals("1\n", both.cli("-n", "5", "dbsize"));
        assertEquals("0\n", both.cli("dbsize"));
        assertEquals("five\n", both.cli("-n", "5", "get", "dbkey"));
        // Out of range: redis-cli says so on stderr and goes on in db 0.
        Tools.Result r = both.same(t -> Tools.cli(t, "-n", "99", "ping"), null);
        assertEquals("PONG\n", r.out());
        assertEquals("SELECT 99 failed: ERR DB index is out of range\n", r.err());
        try (Resp c = Resp.connect(both.aeredis)) {
            assertEquals("OK", c.string("SELECT", "5"));
            assertEquals("five", c.string("GET", "dbkey"));
            assertEquals("OK", c.string("SELECT", "0"));
            assertEquals(null, c.call("GET", "dbkey"));
        }
        // Piped stdin keeps the db for every line.
        assertEquals("OK\nfive\nv\n", both.cli("set other v\nget dbkey\nget other\n".getBytes(StandardCharsets.UTF_8), "-n", "5"));
    }

    @Test
    void dashXReadsTheLastArgumentFromStdin() throws IOException {
        assertEquals("OK\n", both.cli("payload with spaces\nand a second line\n".getBytes(StandardCharsets.UTF_8),
                "-x", "set", "fromstdin"));
        byte[] binary = new byte[256];
        for (int i = 0; i < 256; i++) binary[i] = (byte) i;
        assertEquals("OK\n", both.cli(binary, "-x", "set", "binary"));
        assertEquals("(integer) 256\n", both.cli("--no-raw", "strlen", "binary"));
        try (Resp c = Resp.connect(both.aeredis)) {
            // -x keeps stdin byte for byte, trailing newline included.
            assertEquals("payload with spaces\nand a second line\n", c.string("GET", "fromstdin"));
            assertEquals(256L, c.integer("STRLEN", "binary"));
        }
        both.setup(c -> c.call("RPUSH", "lst", "a", "b"));
        assertEquals("(integer) 3\n", both.cli("abc".getBytes(StandardCharsets.UTF_8), "--no-raw", "-x", "rpush", "lst"));
        try (Resp c = Resp.connect(both.aeredis)) {
            assertEquals(List.of("a", "b", "abc"), c.call("LRANGE", "lst", "0", "-1"));
        }
    }

    @Test
    void dashRRepeatsWithDashIInterval() throws IOException {
        long t0 = System.nanoTime();
        assertEquals("1\n2\n3\n4\n5\n", both.cli("-r", "5", "-i", "0.05", "incr", "ctr"));
        long elapsedMs = (System.nanoTime() - t0) / 1_000_000;
        // Two runs (redis-server and aeredis), each waiting 5 x 50 ms.
        assertTrue(elapsedMs >= 400, "-i 0.05 should pause between repeats, took " + elapsedMs + " ms");
        assertEquals("(integer) 1\n(integer) 2\n", both.cli("--no-raw", "-r", "2", "rpush", "rl", "x"));
        try (Resp c = Resp.connect(both.aeredis)) {
            assertEquals("5", c.string("GET", "ctr"));
            assertEquals(2L, c.integer("LLEN", "rl"));
        }
        // Lines read from stdin are not repeated: -r is for the command line.
        assertEquals("6\n", both.cli("incr ctr\n".getBytes(StandardCharsets.UTF_8), "-r", "2"));
    }

    @Test
    void dashEAndErrorsGiveTheSameExitStatus() {
        // With -e an error reply goes to stderr and the exit status is 1; without it, stdout and 0.
        Tools.Result r = both.same(t -> Tools.cli(t, "-e", "foo"), null);
        assertEquals(1, r.exit());
        assertEquals("ERR unknown command 'foo', with args beginning with: \n", r.err());
        r = both.same(t -> Tools.cli(t, "foo"), null);
        assertEquals(0, r.exit());
        assertEquals("ERR unknown command 'foo', with args beginning with: \n\n", r.out());
        r = both.same(t -> Tools.cli(t, "-e", "ping"), null);
        assertEquals(0, r.exit());
    }

    @Test
    void quotedInputAndDelimiters() throws IOException {
        assertEquals("OK\n", both.cli("--quoted-input", "set", "\"null-\\x00-separated\"", "value"));
        try (Resp c = Resp.connect(both.aeredis)) {
            assertEquals("value", c.string("GET", "null-\u0000-separated"));
        }
        both.setup(c -> c.call("RPUSH", "l", "a", "b"));
        assertEquals("a;b|", both.cli("-d", ";", "-D", "|", "lrange", "l", "0", "-1"));
    }

    @Test
    void evalAJavaScriptFile() throws Exception {
        // aeredis runs JavaScript where Redis runs Lua, so this one is aeredis-only, with literal expectations.
        Path dir = Files.createTempDirectory("clicompat-eval");
        try {
            Path script = dir.resolve("script.js");
            Files.writeString(script, "// KEYS and ARGV are 1-based, as in Lua\n"
                    + "redis.call('set', KEYS[1], ARGV[1]);\n"
                    + "redis.call('set', KEYS[2], ARGV[2]);\n"
                    + "return [KEYS[1], KEYS[2], redis.call('get', KEYS[1]), ARGV.length - 1, redis.call('incr', 'n')]\n");
            List<String> cmd = new ArrayList<>(Tools.cli(both.aeredis, "--no-raw", "--eval", script.toString(),
                    "key1", "key2", ",", "arg1", "arg2"));
            Tools.Result r = Tools.run(cmd, null, Duration.ofSeconds(60));
            assertEquals("1) \"key1\"\n2) \"key2\"\n3) \"arg1\"\n4) (integer) 2\n5) (integer) 1\n", r.out(), r.describe());
            try (Resp c = Resp.connect(both.aeredis)) {
                assertEquals("arg1", c.string("GET", "key1"));
                assertEquals("arg2", c.string("GET", "key2"));
            }
            // --raw, and a script error reported as redis-cli reports errors.
            r = Tools.run(Tools.cli(both.aeredis, "--eval", script.toString(), "key1", "key2", ",", "a", "b"),
                    null, Duration.ofSeconds(60));
            assertEquals("key1\nkey2\na\n2\n2\n", r.out(), r.describe());
            Files.writeString(script, "return redis.call('incr', KEYS[1])\n");
            r = Tools.run(Tools.cli(both.aeredis, "--eval", script.toString(), "key1"), null, Duration.ofSeconds(60));
            assertTrue(r.out().startsWith("ERR value is not an integer or out of range"), r.describe());
        } finally {
            Tools.deleteTree(dir);
        }
    }
}
