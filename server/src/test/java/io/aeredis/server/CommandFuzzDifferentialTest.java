package io.aeredis.server;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A seeded differential fuzz of the command families: random sequences of string, keyspace
 * and expire commands with random options and edge-case values go to redis-server 7.0 and to
 * aeredis, and every reply must be byte-identical, in RESP2 or RESP3 (chosen by the seed).
 * Commands whose replies depend on the clock or on hashing (TTL readings, TIME, RANDOMKEY,
 * KEYS/SCAN order) are left out so the test cannot flake.
 */
@Timeout(300)
class CommandFuzzDifferentialTest extends DifferentialTestBase {

    private static final String[] KEYS = {"a", "b", "c", "n", "f"};
    private static final String[] VALUES = {"1", "-5", "0", "abc", "", "3.5", "1e3", "9223372036854775807",
            "-9223372036854775808", " 1", "01", "10.5", "inf", "hello world"};
    private static final String[] NUMBERS = {"0", "1", "-1", "10", "100", "abc", "1.5", "-100", "9223372036854775807", "99999999999999999999"};
    /** TTLs that cannot run out during a test (or are invalid): a 1 ms TTL would race between the servers. */
    private static final String[] TTLS = {"0", "-1", "100", "abc", "1.5", "-100", "9223372036854775807", "99999999999999999999"};
    private static final String[] SET_OPTIONS = {"NX", "XX", "GET", "KEEPTTL", "EX 100", "PX 100000", "EXAT 99999999999",
            "PXAT 99999999999000", "EX 0", "EX -1", "PX abc", "FOO"};
    private static final String[] EXPIRE_OPTIONS = {"", "", "NX", "XX", "GT", "LT", "NX XX", "FOO"};

    @RepeatedTest(100)
    void randomCommandSequencesGiveIdenticalReplies(RepetitionInfo rep) throws IOException {
        long seed = 0xC0FFEE_0000L + rep.getCurrentRepetition();
        Random r = new Random(seed);
        String resp = r.nextBoolean() ? "2" : "3";
        try (RawClient expected = new RawClient(servers.redis.port); RawClient actual = new RawClient(servers.aeredis.port())) {
            for (RawClient c : List.of(expected, actual)) {
                c.call("FLUSHALL");
                c.call("HELLO", resp);
            }
            List<String> history = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String[] cmd = randomCommand(r);
                history.add(String.join(" ", cmd));
                String want = expected.call(cmd);
                String got = actual.call(cmd);
                assertEquals(want.replace("\r\n", "\\r\\n"), got.replace("\r\n", "\\r\\n"),
                        "seed " + seed + " RESP" + resp + ", after:\n  " + String.join("\n  ", history));
            }
        }
    }

    private static String pick(Random r, String[] from) {
        return from[r.nextInt(from.length)];
    }

    private static String[] randomCommand(Random r) {
        String k = pick(r, KEYS);
        String k2 = pick(r, KEYS);
        String v = pick(r, VALUES);
        String n = pick(r, NUMBERS);
        String line = switch (r.nextInt(36)) {
            case 0 -> "SET " + k + " " + q(v) + " " + pick(r, SET_OPTIONS) + (r.nextBoolean() ? " " + pick(r, SET_OPTIONS) : "");
            case 1 -> "GET " + k;
            case 2 -> "GETSET " + k + " " + q(v);
            case 3 -> "GETDEL " + k;
            case 4 -> "GETEX " + k + (r.nextBoolean() ? " PERSIST" : " EX " + pick(r, TTLS));
            case 5 -> "SETNX " + k + " " + q(v);
            case 6 -> "SETEX " + k + " " + pick(r, TTLS) + " " + q(v);
            case 7 -> "PSETEX " + k + " " + pick(r, TTLS) + "000 " + q(v);
            case 8 -> "MSET " + k + " " + q(v) + " " + k2 + " " + q(pick(r, VALUES));
            case 9 -> "MSETNX " + k + " " + q(v) + " " + k2 + " " + q(pick(r, VALUES));
            case 10 -> "MGET " + k + " " + k2 + " missing";
            case 11 -> "INCR " + k;
            case 12 -> "DECR " + k;
            case 13 -> "INCRBY " + k + " " + n;
            case 14 -> "DECRBY " + k + " " + n;
            case 15 -> "INCRBYFLOAT " + k + " " + q(pick(r, VALUES));
            case 16 -> "APPEND " + k + " " + q(v);
            case 17 -> "STRLEN " + k;
            case 18 -> "GETRANGE " + k + " " + n + " " + pick(r, NUMBERS);
            case 19 -> "SETRANGE " + k + " " + pick(r, new String[]{"0", "1", "5", "-1", "abc"}) + " " + q(v);
            case 20 -> "DEL " + k + " " + k2;
            case 21 -> "EXISTS " + k + " " + k2 + " " + k;
            case 22 -> "TYPE " + k;
            case 23 -> "RENAME " + k + " " + k2;
            case 24 -> "RENAMENX " + k + " " + k2;
            case 25 -> "COPY " + k + " " + k2 + (r.nextBoolean() ? " REPLACE" : "");
            case 26 -> "MOVE " + k + " " + pick(r, new String[]{"1", "0", "16", "x"});
            case 27 -> "EXPIRE " + k + " " + pick(r, TTLS) + " " + pick(r, EXPIRE_OPTIONS);
            case 28 -> "PEXPIRE " + k + " " + pick(r, TTLS) + "000 " + pick(r, EXPIRE_OPTIONS);
            case 29 -> "EXPIREAT " + k + " " + pick(r, new String[]{"1", "99999999999", "abc"}) + " " + pick(r, EXPIRE_OPTIONS);
            case 30 -> "PERSIST " + k;
            case 31 -> "DBSIZE";
            case 32 -> "TOUCH " + k + " " + k2;
            case 33 -> "UNLINK " + k;
            case 34 -> "SWAPDB 0 " + pick(r, new String[]{"1", "0", "99", "x"});
            default -> "SELECT " + pick(r, new String[]{"0", "1", "16", "x"});
        };
        byte[][] argv = io.aeredis.resp.SplitArgs.split(line.trim().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        String[] out = new String[argv.length];
        for (int i = 0; i < argv.length; i++) out[i] = new String(argv[i], java.nio.charset.StandardCharsets.UTF_8);
        return out;
    }

    private static String q(String v) {
        return "\"" + v + "\"";
    }
}
