package io.aeredis.clicompat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * redis-cli 7.0 builds its HELP texts and its interactive hints from COMMAND DOCS (it falls back
 * to its compiled-in table only when COMMAND DOCS fails). So every command needs a doc entry, and
 * the argument syntax redis-cli renders from it must be Redis's.
 */
@Timeout(120)
class CommandDocsTest extends BothServersTest {



    @SuppressWarnings("unchecked")
    static List<String> commandList(Target t) throws IOException {
        try (Resp c = Resp.connect(t)) {
            return (List<String>) c.call("COMMAND", "LIST");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyCommandInCommandListHasADocMap() throws IOException {
        List<String> names = commandList(both.aeredis);
        assertTrue(names.size() > 200, "COMMAND LIST: " + names.size() + " names");
        assertTrue(names.contains("get") && names.contains("client|list") && names.contains("eval_slow_script"), names.toString());
        try (Resp c = Resp.connect(both.aeredis)) {
            long count = c.integer("COMMAND", "COUNT");
            List<String> errors = new ArrayList<>();
            for (String name : names) {
                Object reply = c.call("COMMAND", "DOCS", name);
                if (!(reply instanceof List<?> l) || l.size() != 2 || !name.equals(l.get(0)) || !(l.get(1) instanceof List<?> doc)) {
                    errors.add(name + ": " + reply);
                    continue;
                }
                List<Object> fields = (List<Object>) doc;
                List<Object> keys = new ArrayList<>();
                for (int i = 0; i < fields.size(); i += 2) keys.add(fields.get(i));
                // Redis 7.0 always has these three, in this order (addReplyCommandDocs).
                if (!keys.subList(0, Math.min(3, keys.size())).equals(List.of("summary", "since", "group"))) {
                    errors.add(name + ": fields " + keys);
                }
                if (fields.size() > 1 && (!(fields.get(1) instanceof String s) || s.isEmpty())) errors.add(name + ": empty summary");
            }
            assertEquals(List.of(), errors, "COMMAND DOCS <name> for each name of COMMAND LIST");
            // COMMAND DOCS without names: one entry per top-level command (COMMAND COUNT of them).
            List<Object> all = (List<Object>) c.call("COMMAND", "DOCS");
            assertEquals(2 * count, all.size(), "COMMAND DOCS lists every command");
            long topLevel = names.stream().filter(n -> !n.contains("|")).count();
            assertEquals(count, topLevel, "COMMAND COUNT vs top-level names of COMMAND LIST");
        }
    }

    @Test
    void helpForEveryCommandReadsAsWithRedis() throws IOException {
        // `help <command>` is rendered by redis-cli from COMMAND DOCS: name, argument syntax,
        // summary, since, group. One redis-cli per server, all commands on stdin.
        Set<String> common = new TreeSet<>(commandList(both.aeredis));
        common.retainAll(commandList(both.redis));
        StringBuilder stdin = new StringBuilder();
        for (String name : common) {
            if (!name.contains("|")) stdin.append("help ").append(name).append('\n');
        }
        String aeredis = help(both.aeredis, stdin.toString());
        String redis = help(both.redis, stdin.toString());
        Map<String, String> expected = helpBlocks(redis);
        Map<String, String> actual = helpBlocks(aeredis);
        List<String> differences = new ArrayList<>();
        for (String name : common) {
            String key = name.replace('|', ' ').toUpperCase(java.util.Locale.ROOT);
            if (!actual.containsKey(key) && !name.contains("|")) differences.add(key + ": no help from aeredis");
        }
        // Containers (CLIENT, CONFIG...) list their subcommands: aeredis lacks some (CLIENT CACHING...),
        // but the ones it lists read exactly as Redis's.
        actual.forEach((key, block) -> {
            if (!block.equals(expected.get(key))) {
                differences.add("redis-server:\n" + Pty.plain(String.valueOf(expected.get(key))) + "\naeredis:\n" + Pty.plain(block));
            }
        });
        assertEquals(List.of(), differences);
        assertTrue(Pty.plain(aeredis).contains("SET key value [NX|XX] [GET] [EX seconds|PX milliseconds|EXAT unix-time-seconds|PXAT unix-time-milliseconds|KEEPTTL]\n"
                + "  summary: Set the string value of a key\n  since: 1.0.0\n  group: string"), Pty.plain(aeredis));
        assertTrue(common.size() > 200, common.size() + " commands in common");
    }

    /** redis-cli's help output, one block per command, keyed by the command name it prints in bold. */
    static Map<String, String> helpBlocks(String out) {
        Map<String, String> blocks = new TreeMap<>();
        for (String block : out.split("\r\n\r\n")) {
            int from = block.indexOf("\u001b[1m");
            if (from < 0) continue;
            int to = block.indexOf("\u001b[0m", from);
            blocks.put(block.substring(from + 4, to), block.strip());
        }
        return blocks;
    }

    private static String help(Target t, String stdin) {
        Tools.Result r = Tools.run(Tools.cli(t), stdin.getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(60));
        assertEquals(0, r.exit(), r.describe());
        return r.out();
    }
}
