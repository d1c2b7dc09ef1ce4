package io.aeredis.commands;

import static io.aeredis.commands.CommandTestKit.ascii;
import static io.aeredis.commands.CommandTestKit.call;
import static io.aeredis.commands.CommandTestKit.callRaw;
import static io.aeredis.commands.CommandTestKit.list;
import static io.aeredis.commands.CommandTestKit.map;
import static io.aeredis.commands.CommandTestKit.pairs;
import static io.aeredis.commands.CommandTestKit.set;
import static io.aeredis.commands.CommandTestKit.st;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aeredis.commands.CommandTestKit.Err;
import io.aeredis.commands.CommandTestKit.RSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommandCommandsTest {
    /** 11 sample commands + COMMAND + PING, ECHO, TIME. */
    private static final int TOP_LEVEL = 15;

    private static Client client(int resp) {
        RedisCore core = new RedisCore(1);
        SampleCommands.register(core.commands);
        CommandCommands.register(core.commands);
        ConnectionCommands.register(core.commands);
        return CommandTestKit.client(core, resp);
    }

    private static Map<String, Object> indexSpec(int index) {
        return Map.of("type", "index", "spec", Map.of("index", (long) index));
    }

    private static Map<String, Object> rangeSpec(int lastkey, int keystep, int limit) {
        return Map.of("type", "range", "spec", Map.of("lastkey", (long) lastkey, "keystep", (long) keystep, "limit", (long) limit));
    }

    // ------------------------------------------------------------------ COUNT, INFO

    @Test
    void countIsTheNumberOfTopLevelCommands() {
        assertEquals((long) TOP_LEVEL, call(client(2), "command", "count"));
    }

    @Test
    void infoOfGetHasRedis7LayoutInResp3() {
        Object reply = call(client(3), "COMMAND", "INFO", "get");
        List<Object> get = list(list(reply).get(0));
        Map<String, Object> keySpec = Map.of(
            "flags", set(st("RO"), st("access")), "begin_search", indexSpec(1), "find_keys", rangeSpec(0, 1, 0));
        assertEquals(List.of("get", 2L, set(st("readonly"), st("fast")), 1L, 1L, 1L,
            set(st("@read"), st("@string"), st("@fast")), set(), set(keySpec), set()), get);
        // Map keys come in Redis's order.
        Map<Object, Object> spec = map(list(get.get(8)).get(0));
        assertEquals(List.of("flags", "begin_search", "find_keys"), new ArrayList<>(spec.keySet()));
    }

    @Test
    void infoOfGetHasRedis7LayoutInResp2() {
        List<Object> get = list(list(call(client(2), "command", "info", "GET")).get(0));
        assertEquals(10, get.size());
        assertEquals("get", get.get(0));
        assertEquals(2L, get.get(1));
        assertEquals(List.of(st("readonly"), st("fast")), get.get(2));
        assertEquals(List.of(1L, 1L, 1L), get.subList(3, 6));
        assertEquals(List.of(st("@read"), st("@string"), st("@fast")), get.get(6));
        assertEquals(List.of(), get.get(7));
        Map<Object, Object> spec = pairs(list(get.get(8)).get(0));
        assertEquals(List.of(st("RO"), st("access")), spec.get("flags"));
        assertEquals(Map.of("type", "index", "spec", List.of("index", 1L)), pairs(spec.get("begin_search")));
        assertEquals(List.of("lastkey", 0L, "keystep", 1L, "limit", 0L), pairs(spec.get("find_keys")).get("spec"));
        assertEquals(List.of(), get.get(9));
    }

    @Test
    void infoRepliesNullForUnknownNamesInBothProtocols() {
        assertTrue(ascii(callRaw(client(2), "command", "info", "nosuch", "get")).startsWith("*2\r\n$-1\r\n*10\r\n"));
        assertTrue(ascii(callRaw(client(3), "command", "info", "nosuch", "get")).startsWith("*2\r\n_\r\n*10\r\n"));
        List<Object> r = list(call(client(3), "command", "info", "get|x", "box|nosuch"));
        assertNull(r.get(0));
        assertNull(r.get(1));
    }

    @Test
    void infoShowsKeySpecNotesTipsAndOtherSpecTypes() {
        List<Object> r = list(call(client(3), "command", "info", "set", "del", "xread", "eval"));
        Map<Object, Object> setSpec = map(list(list(r.get(0)).get(8)).get(0));
        assertEquals(List.of("notes", "flags", "begin_search", "find_keys"), new ArrayList<>(setSpec.keySet()));
        assertEquals(set(st("RW"), st("access"), st("update"), st("variable_flags")), setSpec.get("flags"));

        // Tips are bulk strings, unlike flags and categories.
        assertEquals(set("request_policy:multi_shard", "response_policy:agg_sum"), list(r.get(1)).get(7));
        assertEquals(set(st("@keyspace"), st("@write"), st("@slow")), list(r.get(1)).get(6));

        Map<Object, Object> xread = map(list(list(r.get(2)).get(8)).get(0));
        assertEquals(Map.of("type", "keyword", "spec", Map.of("keyword", "STREAMS", "startfrom", 1L)), xread.get("begin_search"));
        assertEquals(rangeSpec(-1, 1, 2), xread.get("find_keys"));

        Map<Object, Object> eval = map(list(list(r.get(3)).get(8)).get(0));
        assertEquals(Map.of("type", "keynum", "spec", Map.of("keynumidx", 0L, "firstkey", 1L, "keystep", 1L)), eval.get("find_keys"));
        assertEquals(set(st("noscript"), st("stale"), st("skip_monitor"), st("no_mandatory_keys"), st("movablekeys")),
            list(r.get(3)).get(2));
    }

    @Test
    void infoAddsMovablekeysForKeywordAndKeynumSpecsLikePopulateCommandMovableKeys() {
        RedisCore core = new RedisCore(1);
        CommandCommands.register(core.commands);
        core.commands.add(RedisCommand.command("zunionstore", -4, "write denyoom", 1, 1, 1, "sorted-set")
            .syntax("destination numkeys key [key ...]")
            .keySpec(KeySpec.index(1).range(0, 1, 0).flags("OW update"))
            .keySpec(KeySpec.index(2).keynum(0, 1, 1).flags("RO access")));
        List<Object> info = list(list(call(CommandTestKit.client(core, 3), "command", "info", "zunionstore")).get(0));
        assertEquals(set(st("write"), st("denyoom"), st("movablekeys")), info.get(2));
        assertEquals(List.of("d", "a", "b"), call(CommandTestKit.client(core, 2), "command", "getkeys", "zunionstore", "d", "2", "a", "b"));
    }

    @Test
    void infoOfAContainerNestsItsSubcommands() {
        List<Object> box = list(list(call(client(3), "command", "info", "box")).get(0));
        assertEquals(set(), box.get(2), "no flags");
        assertEquals(set(st("@slow")), box.get(6));
        List<Object> subs = list(box.get(9));
        assertTrue(box.get(9) instanceof List, "subcommands are an array, not a set");
        assertEquals(2, subs.size());
        List<Object> kill = list(subs.get(1));
        assertEquals("box|kill", kill.get(0));
        assertEquals(-3L, kill.get(1));
        assertEquals(set(st("@admin"), st("@slow"), st("@dangerous"), st("@connection")), kill.get(6));
        assertEquals(kill, list(list(call(client(3), "command", "info", "BOX|KILL")).get(0)));
    }

    @Test
    void infoWithoutNamesAndBareCommandListEveryTopLevelCommand() {
        Client c = client(2);
        byte[] bare = callRaw(c, "command");
        byte[] info = callRaw(c, "command", "info");
        assertArrayEquals(bare, info);
        List<Object> all = list(call(c, "command"));
        assertEquals(TOP_LEVEL, all.size());
        List<Object> names = new ArrayList<>();
        for (Object e : all) names.add(list(e).get(0));
        assertTrue(names.containsAll(List.of("get", "set", "box", "command", "ping", "echo", "time")));
        assertTrue(!names.contains("box|kill"));
    }

    // ------------------------------------------------------------------ DOCS

    @Test
    void docsOfGetIsAMapOfNameToDocsInResp3() {
        Map<Object, Object> docs = map(call(client(3), "command", "docs", "get"));
        assertEquals(List.of("get"), new ArrayList<>(docs.keySet()));
        Map<Object, Object> get = map(docs.get("get"));
        assertEquals(List.of("summary", "since", "group", "complexity", "arguments"), new ArrayList<>(get.keySet()));
        assertEquals("Get the value of a key", get.get("summary"));
        assertEquals("1.0.0", get.get("since"));
        assertEquals("string", get.get("group"));
        assertEquals("O(1)", get.get("complexity"));
        assertEquals(List.of(Map.of("name", "key", "type", "key", "key_spec_index", 0L)), get.get("arguments"));
    }

    @Test
    void docsAreFlatArraysInResp2() {
        Map<Object, Object> docs = pairs(call(client(2), "command", "docs", "mset"));
        Map<Object, Object> mset = pairs(docs.get("mset"));
        assertEquals("1.0.1", mset.get("since"));
        Map<Object, Object> block = pairs(list(mset.get("arguments")).get(0));
        assertEquals(List.of("name", "type", "flags", "arguments"), new ArrayList<>(block.keySet()));
        assertEquals("key_value", block.get("name"));
        assertEquals("block", block.get("type"));
        assertEquals(List.of(st("multiple")), block.get("flags"));
        List<Object> inner = list(block.get("arguments"));
        assertEquals(Map.of("name", "key", "type", "key", "key_spec_index", 0L), pairs(inner.get(0)));
        assertEquals(Map.of("name", "value", "type", "string"), pairs(inner.get(1)));
    }

    @Test
    void docsOfSetCarryHistoryTokensAndArgumentFlags() {
        Map<Object, Object> set = map(map(call(client(3), "command", "docs", "set")).get("set"));
        assertEquals(List.of("summary", "since", "group", "complexity", "history", "arguments"), new ArrayList<>(set.keySet()));
        assertEquals(set(List.of("2.6.12", "Added the `EX`, `PX`, `NX` and `XX` options."),
            List.of("6.0.0", "Added the `KEEPTTL` option.")), set.get("history"));
        List<Object> args = list(set.get("arguments"));
        assertEquals(5, args.size());
        Map<Object, Object> get = map(args.get(3));
        assertEquals(List.of("name", "type", "token", "flags"), new ArrayList<>(get.keySet()));
        assertEquals(Map.of("name", "get", "type", "pure-token", "token", "GET", "flags", set(st("optional"))), get);
        Map<Object, Object> expiration = map(args.get(4));
        assertEquals("oneof", expiration.get("type"));
        assertEquals(Map.of("name", "seconds", "type", "integer", "token", "EX"), list(expiration.get("arguments")).get(0));
        assertEquals(Map.of("name", "unix-time-seconds", "type", "unix-time", "token", "EXAT"),
            list(expiration.get("arguments")).get(2));
    }

    @Test
    void docsOfADeprecatedCommandCarryItsDocFlags() {
        Map<Object, Object> getset = map(map(call(client(3), "command", "docs", "getset")).get("getset"));
        assertEquals(List.of("summary", "since", "group", "complexity", "doc_flags", "deprecated_since", "replaced_by", "arguments"),
            new ArrayList<>(getset.keySet()));
        assertEquals(set(st("deprecated")), getset.get("doc_flags"));
        assertEquals("6.2.0", getset.get("deprecated_since"));
    }

    @Test
    void docsSkipUnknownNamesAndNestSubcommandsByFullName() {
        Map<Object, Object> docs = map(call(client(3), "command", "docs", "nosuch", "box", "box|kill", "get|x"));
        assertEquals(List.of("box", "box|kill"), new ArrayList<>(docs.keySet()));
        Map<Object, Object> box = map(docs.get("box"));
        assertTrue(!box.containsKey("arguments"));
        Map<Object, Object> subs = map(box.get("subcommands"));
        assertEquals(List.of("box|setname", "box|kill"), new ArrayList<>(subs.keySet()));
        assertEquals(docs.get("box|kill"), subs.get("box|kill"));
        List<Object> killArgs = list(map(subs.get("box|kill")).get("arguments"));
        Map<Object, Object> type = map(killArgs.get(1));
        assertEquals("type", type.get("name"));
        assertEquals("TYPE", type.get("token"));
        assertEquals("oneof", type.get("type"));
        assertEquals(0, map(call(client(3), "command", "docs", "nosuch")).size());
    }

    @Test
    void docsWithoutNamesCoverEveryTopLevelCommand() {
        Map<Object, Object> docs = map(call(client(3), "command", "docs"));
        assertEquals(TOP_LEVEL, docs.size());
        assertTrue(docs.containsKey("command") && docs.containsKey("ping"));
    }

    // ------------------------------------------------------------------ LIST

    @Test
    void listNamesEveryCommandAndSubcommand() {
        List<Object> names = list(call(client(2), "command", "list"));
        assertEquals(TOP_LEVEL + 2 + 7, names.size());
        assertTrue(names.containsAll(List.of("get", "box", "box|kill", "box|setname", "command|getkeysandflags")));
        assertEquals(names.indexOf("box") + 1, names.indexOf("box|setname"), "subcommands follow their container");
    }

    @Test
    void listFiltersByPatternCaseInsensitively() {
        assertEquals(List.of("box", "box|setname", "box|kill"), call(client(2), "command", "list", "filterby", "pattern", "BOX*"));
        assertEquals(List.of("box|kill"), call(client(2), "command", "LIST", "FILTERBY", "PATTERN", "*|k?ll"));
    }

    @Test
    void listFiltersByAclCategory() {
        assertEquals(List.of("get", "set", "mset", "getset"), call(client(2), "command", "list", "filterby", "aclcat", "STRING"));
        assertEquals(List.of(), call(client(2), "command", "list", "filterby", "aclcat", "nosuch"));
        assertEquals(List.of(), call(client(2), "command", "list", "filterby", "module", "any"));
    }

    @Test
    void listRejectsMalformedFilters() {
        Err syntax = new Err("ERR syntax error");
        assertEquals(syntax, call(client(2), "command", "list", "filterby", "foo", "x"));
        assertEquals(syntax, call(client(2), "command", "list", "x"));
        assertEquals(syntax, call(client(2), "command", "list", "filterby", "pattern"));
        assertEquals(syntax, call(client(2), "command", "list", "filterby", "pattern", "a", "b"));
    }

    // ------------------------------------------------------------------ GETKEYS

    @Test
    void getkeysFollowsTheKeySpecs() {
        assertEquals(List.of("a", "c"), call(client(2), "command", "getkeys", "mset", "a", "b", "c"));
        assertEquals(List.of("a", "b", "c"), call(client(2), "command", "getkeys", "DEL", "a", "b", "c"));
        assertEquals(List.of("a", "b"), call(client(2), "command", "getkeys", "rename", "a", "b"));
        assertEquals(List.of("s1", "s2"), call(client(2), "command", "getkeys", "xread", "count", "1", "streams", "s1", "s2", "0", "0"));
        assertEquals(List.of("k1", "k2"), call(client(2), "command", "getkeys", "eval", "return 1", "2", "k1", "k2", "arg"));
    }

    @Test
    void getkeysOfALineWithoutValidKeysDependsOnNoMandatoryKeys() {
        assertEquals(List.of(), call(client(2), "command", "getkeys", "eval", "return 1", "0"));
        assertEquals(List.of(), call(client(2), "command", "getkeys", "eval", "return 1", "3", "a"));
        assertEquals(new Err("ERR Invalid arguments specified for command"),
            call(client(2), "command", "getkeys", "xread", "count", "1", "block"));
    }

    @Test
    void getkeysReportsRedisErrors() {
        assertEquals(new Err("ERR Invalid command specified"), call(client(2), "command", "getkeys", "nosuch", "a"));
        assertEquals(new Err("ERR Invalid command specified"), call(client(2), "command", "getkeys", "box", "nosuch"));
        assertEquals(new Err("ERR The command has no key arguments"), call(client(2), "command", "getkeys", "scan", "0"));
        assertEquals(new Err("ERR The command has no key arguments"), call(client(2), "command", "getkeys", "box", "kill", "x"));
        assertEquals(new Err("ERR Invalid number of arguments specified for command"),
            call(client(2), "command", "getkeys", "get", "a", "b"));
        assertEquals(new Err("ERR Invalid number of arguments specified for command"),
            call(client(2), "command", "getkeys", "mset", "a"));
    }

    @Test
    void getkeysandflagsPairsEachKeyWithItsSpecFlags() {
        assertEquals(List.of(List.of("a", set(st("RW"), st("access"), st("delete"))), List.of("b", set(st("OW"), st("update")))),
            call(client(3), "command", "getkeysandflags", "rename", "a", "b"));
        assertEquals(List.of(List.of("a", List.of(st("RM"), st("delete")))),
            call(client(2), "command", "getkeysandflags", "del", "a"));
    }

    @Test
    void getkeysandflagsAsksTheGetkeysProcWhenTheSpecHasVariableFlags() {
        assertEquals(List.of(List.of("a", set(st("OW"), st("update")))),
            call(client(3), "command", "getkeysandflags", "set", "a", "b"));
        assertEquals(List.of(List.of("a", set(st("RW"), st("access"), st("update")))),
            call(client(3), "command", "getkeysandflags", "set", "a", "b", "GET"));
    }

    // ------------------------------------------------------------------ HELP

    @Test
    void helpNamesTheCommandInUpperCaseAndEndsWithTheHelpFooter() {
        List<Object> help = list(call(client(2), "command", "help"));
        assertEquals(21, help.size());
        assertEquals(st("COMMAND <subcommand> [<arg> [value] [opt] ...]. Subcommands are:"), help.get(0));
        assertEquals(st("GETKEYSANDFLAGS <full-command>"), help.get(17));
        assertEquals(st("HELP"), help.get(19));
        assertEquals(st("    Prints this help."), help.get(20));
    }

    @Test
    void commandItselfIsDocumentedLikeRedis() {
        List<Object> info = list(list(call(client(3), "command", "info", "command")).get(0));
        assertEquals(-1L, info.get(1));
        assertEquals(set(st("loading"), st("stale")), info.get(2));
        assertEquals(set(st("@slow"), st("@connection")), info.get(6));
        assertEquals(set("nondeterministic_output_order"), info.get(7));
        assertEquals(7, list(info.get(9)).size());
        Map<Object, Object> listDocs = map(map(call(client(3), "command", "docs", "command|list")).get("command|list"));
        Map<Object, Object> filterby = map(list(listDocs.get("arguments")).get(0));
        assertEquals("filterby", filterby.get("name"));
        assertEquals("FILTERBY", filterby.get("token"));
        assertTrue(filterby.get("flags") instanceof RSet);
    }
}
