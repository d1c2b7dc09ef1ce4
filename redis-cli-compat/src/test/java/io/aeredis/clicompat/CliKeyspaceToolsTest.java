package io.aeredis.clicompat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** redis-cli's keyspace tools: --scan (with --pattern / --quoted-pattern) and --bigkeys. */
@Timeout(120)
class CliKeyspaceToolsTest extends BothServersTest {

    @BeforeAll
    static void load() throws IOException {
        both.setup(CliKeyspaceToolsTest::populate);
    }


    /** 300 user:N and 200 other:N strings (enough for many SCAN rounds), and one key of each type with a distinct size. */
    static void populate(Resp c) throws IOException {
        c.string("FLUSHALL");
        for (int i = 0; i < 300; i++) c.send("SET", "user:" + i, "v" + i);
        for (int i = 0; i < 200; i++) c.send("SET", "other:" + i, "x");
        for (int i = 0; i < 500; i++) c.read();
        c.call("SET", "longest-string", "a".repeat(100));
        c.call("RPUSH", "biglist", "a", "b", "c", "d", "e");
        c.call("HSET", "bighash", "f1", "1", "f2", "2", "f3", "3", "f4", "4");
        c.call("SADD", "bigset", "a", "b", "c");
        c.call("ZADD", "bigzset", "1", "a", "2", "b");
        c.call("SET", "odd key\n", "binary name");
    }

    static List<String> sortedLines(String out) {
        return Arrays.stream(out.split("\n")).filter(s -> !s.isEmpty()).sorted().collect(Collectors.toList());
    }

    @Test
    void scanWithAPatternListsExactlyTheMatchingKeys() {
        List<String> expected = IntStream.range(0, 300).mapToObj(i -> "user:" + i).sorted().collect(Collectors.toList());
        for (Target t : both.targets()) {
            Tools.Result r = Tools.run(Tools.cli(t, "--scan", "--pattern", "user:*"));
            assertEquals(0, r.exit(), r.describe());
            assertEquals(expected, sortedLines(r.out()), t.name());
        }
        // Without a pattern: every key once (SCAN may not repeat a key here: no rehashing meanwhile).
        Tools.Result all = Tools.run(Tools.cli(both.aeredis, "--scan"));
        List<String> keys = sortedLines(all.out());
        assertEquals(506, keys.size(), all.describe());
        assertEquals(keys.size(), keys.stream().distinct().count(), "duplicates in --scan");
        // --quoted-pattern: a pattern with a byte redis-cli must unquote first.
        for (Target t : both.targets()) {
            Tools.Result r = Tools.run(Tools.cli(t, "--scan", "--quoted-pattern", "\"odd key\\n\""));
            assertEquals("odd key\n\n", r.out(), t.name() + ": " + r.describe());
        }
        // -i sleeps between SCAN calls but lists the same keys.
        Tools.Result slow = Tools.run(Tools.cli(both.aeredis, "--scan", "--pattern", "other:1?", "-i", "0.01"));
        assertEquals(IntStream.range(10, 20).mapToObj(i -> "other:" + i).sorted().collect(Collectors.toList()), sortedLines(slow.out()));
    }

    @Test
    void bigkeysSummaryMatchesRedis() {
        String expected = summary(Tools.run(Tools.cli(both.redis, "--bigkeys")));
        Tools.Result r = Tools.run(Tools.cli(both.aeredis, "--bigkeys"));
        String actual = summary(r);
        assertEquals(expected, actual, r.describe());
        assertTrue(actual.contains("Sampled 506 keys in the keyspace!\n"), actual);
        assertTrue(actual.contains("Biggest   list found '\"biglist\"' has 5 items\n"), actual);
        assertTrue(actual.contains("Biggest   hash found '\"bighash\"' has 4 fields\n"), actual);
        assertTrue(actual.contains("Biggest string found '\"longest-string\"' has 100 bytes\n"), actual);
        assertTrue(actual.contains("Biggest    set found '\"bigset\"' has 3 members\n"), actual);
        assertTrue(actual.contains("Biggest   zset found '\"bigzset\"' has 2 members\n"), actual);
        assertTrue(actual.contains("502 strings with "), actual);
        // The progress part depends on SCAN order; each line it prints is still a real key and size.
        for (String line : r.out().split("\n")) {
            if (line.startsWith("[")) {
                assertTrue(line.matches("\\[\\d\\d\\.\\d\\d%] Biggest (string|list|hash|set|zset|stream) *found so far '.*' with \\d+ \\w+"), line);
            }
        }
    }

    /** The "# Scanning..." header and everything from "-------- summary -------" on: the deterministic part. */
    private static String summary(Tools.Result r) {
        assertEquals(0, r.exit(), r.describe());
        String out = r.out();
        int header = out.indexOf("\n\n");
        int summary = out.indexOf("-------- summary -------");
        assertTrue(header > 0 && summary > header, r.describe());
        List<String> parts = new ArrayList<>();
        parts.add(out.substring(0, header));
        parts.add(out.substring(summary));
        return String.join("\n...\n", parts);
    }
}
