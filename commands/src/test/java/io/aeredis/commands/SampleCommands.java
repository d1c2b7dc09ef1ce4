package io.aeredis.commands;

import static io.aeredis.commands.RedisCommand.command;

/**
 * A small command family declared with Redis 7.0's real metadata for GET, SET, DEL, MSET,
 * RENAME, SCAN, XREAD and EVAL plus a container with subcommands, so the COMMAND tests do not
 * depend on the real families. The procs do nothing.
 */
final class SampleCommands {
    private SampleCommands() {}

    static final CommandProc NOOP = c -> c.addReplyStatus("OK");

    /** Like setGetKeys (db.c): with GET the key is read too (RW access update), else overwritten. */
    static KeySpec.KeyReferences setGetKeys(RedisCommand cmd, byte[][] argv, int argc) {
        int flags = KeySpec.OW | KeySpec.UPDATE;
        for (int i = 3; i < argc; i++) {
            if (new String(argv[i], java.nio.charset.StandardCharsets.US_ASCII).equalsIgnoreCase("get")) {
                flags = KeySpec.RW | KeySpec.ACCESS | KeySpec.UPDATE;
                break;
            }
        }
        return new KeySpec.KeyReferences(new int[] {1}, new int[] {flags}, 1);
    }

    static void register(CommandTable t) {
        t.add(command("get", 2, "readonly fast", 1, 1, 1, "string")
            .summary("Get the value of a key").complexity("O(1)").syntax("key").proc(NOOP));
        t.add(command("set", -3, "write denyoom", 1, 1, 1, "string")
            .summary("Set the string value of a key").complexity("O(1)")
            .syntax("key value [NX | XX] [GET] [EX seconds | PX milliseconds | EXAT unix-time-seconds | PXAT unix-time-milliseconds | KEEPTTL]")
            .keySpec(KeySpec.index(1).range(0, 1, 0).flags("RW access update variable_flags")
                .notes("RW and ACCESS due to the optional `GET` argument"))
            .history("2.6.12", "Added the `EX`, `PX`, `NX` and `XX` options.")
            .history("6.0.0", "Added the `KEEPTTL` option.")
            .getkeys(SampleCommands::setGetKeys)
            .proc(NOOP));
        t.add(command("del", -2, "write", 1, -1, 1, "generic")
            .summary("Delete a key").complexity("O(N)").syntax("key [key ...]").keySpecFlags("RM delete")
            .tips("request_policy:multi_shard response_policy:agg_sum").proc(NOOP));
        t.add(command("mset", -3, "write denyoom", 1, -1, 2, "string").since("1.0.1")
            .summary("Set multiple keys to multiple values").complexity("O(N) where N is the number of keys to set.")
            .syntax("key value [key value ...]").keySpecFlags("OW update").proc(NOOP));
        t.add(command("rename", 3, "write", 1, 2, 1, "generic")
            .summary("Rename a key").complexity("O(1)").syntax("key newkey")
            .keySpec(KeySpec.index(1).range(0, 1, 0).flags("RW access delete"))
            .keySpec(KeySpec.index(2).range(0, 1, 0).flags("OW update")).proc(NOOP));
        t.add(command("scan", -2, "readonly", 0, 0, 0, "generic").since("2.8.0")
            .summary("Incrementally iterate the keys space").complexity("O(1) for every call.")
            .syntax("cursor [MATCH pattern] [COUNT count] [TYPE type]")
            .tips("nondeterministic_output request_policy:special").proc(NOOP));
        t.add(command("getset", 3, "write denyoom fast", 1, 1, 1, "string")
            .summary("Set the string value of a key and return its old value").complexity("O(1)")
            .syntax("key value").keySpecFlags("RW access update").docFlags("deprecated")
            .deprecatedSince("6.2.0").replacedBy("`SET` with the `!GET` argument").proc(NOOP));
        t.add(command("xread", -4, "readonly blocking movablekeys", 0, 0, 0, "stream").since("5.0.0")
            .summary("Read from streams").complexity("O(N)")
            .syntax("[COUNT count] [BLOCK milliseconds] STREAMS key [key ...] id [id ...]")
            .keySpec(KeySpec.keyword("STREAMS", 1).range(-1, 1, 2).flags("RO access")).proc(NOOP));
        t.add(command("eval", -3, "noscript stale skip_monitor no_mandatory_keys movablekeys", 0, 0, 0, "scripting")
            .since("2.6.0").summary("Execute a Lua script server side").complexity("Depends on the script.")
            .syntax("script numkeys [key [key ...]] [arg [arg ...]]")
            .keySpec(KeySpec.index(2).keynum(0, 1, 1).flags("RW access update")).proc(NOOP));
        t.add(command("flushall", -1, "write", 0, 0, 0, "server").since("1.0.0")
            .summary("Remove all keys from all databases").complexity("O(N)")
            .syntax("[ASYNC | SYNC]").aclCategories("keyspace dangerous").proc(NOOP));
        RedisCommand container = command("box", -2, "", 0, 0, 0, "connection").since("2.4.0")
            .summary("A container for box commands").complexity("Depends on subcommand.");
        container.subcommand(command("setname", 3, "noscript loading stale", 0, 0, 0, "connection")
            .since("2.6.9").summary("Set the current connection name").complexity("O(1)")
            .syntax("connection-name").proc(NOOP));
        container.subcommand(command("kill", -3, "admin noscript loading stale", 0, 0, 0, "connection")
            .since("2.4.0").summary("Kill the connection of a client").complexity("O(N)")
            .syntax("[ID client-id] [TYPE <NORMAL | MASTER | SLAVE | REPLICA | PUBSUB>] [SKIPME <YES | NO>]")
            .proc(NOOP));
        t.add(container);
    }
}
