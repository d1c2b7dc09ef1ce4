package io.aeredis.commands;

import static io.aeredis.commands.RedisCommand.command;

import java.util.List;

/**
 * The keyspace commands of db.c: DEL, UNLINK, EXISTS, TYPE, RENAME, RENAMENX, KEYS, SCAN,
 * RANDOMKEY, TOUCH, COPY, MOVE, SWAPDB, SELECT, DBSIZE, FLUSHDB and FLUSHALL.
 */
public final class KeyspaceCommands {
    private KeyspaceCommands() {}

    /** Adds this family's rows to the command table. */
    public static void register(CommandTable t) {
        for (RedisCommand cmd : commands()) t.add(cmd);
    }

    /** The rows, with Redis 7.0's arity, flags, key specs, ACL categories, tips and docs. */
    static List<RedisCommand> commands() {
        return List.of(
        command("del", -2, "write", 1, -1, 1, "generic")
            .since("1.0.0").summary("Delete a key")
            .complexity("O(N) where N is the number of keys that will be removed. When a key to remove holds a value other than a string, the individual complexity for this key is O(M) where M is the number of elements in the list, set, sorted set or hash. Removing a single key that holds a string value is O(1).")
            .syntax("key [key ...]")
            .tips("request_policy:multi_shard response_policy:agg_sum")
            .keySpecFlags("RM delete")
            .proc(KeyspaceCommands::delCommand),
        command("unlink", -2, "write fast", 1, -1, 1, "generic")
            .since("4.0.0").summary("Delete a key asynchronously in another thread. Otherwise it is just as DEL, but non blocking.")
            .complexity("O(1) for each key removed regardless of its size. Then the command does O(N) work in a different thread in order to reclaim memory, where N is the number of allocations the deleted objects where composed of.")
            .syntax("key [key ...]")
            .tips("request_policy:multi_shard response_policy:agg_sum")
            .keySpecFlags("RM delete")
            .proc(KeyspaceCommands::unlinkCommand),
        command("exists", -2, "readonly fast", 1, -1, 1, "generic")
            .since("1.0.0").summary("Determine if a key exists")
            .complexity("O(N) where N is the number of keys to check.")
            .syntax("key [key ...]")
            .tips("request_policy:multi_shard response_policy:agg_sum")
            .keySpecFlags("RO")
            .history("3.0.3", "Accepts multiple `key` arguments.")
            .proc(KeyspaceCommands::existsCommand),
        command("type", 2, "readonly fast", 1, 1, 1, "generic")
            .since("1.0.0").summary("Determine the type stored at key")
            .complexity("O(1)")
            .syntax("key")
            .keySpecFlags("RO")
            .proc(KeyspaceCommands::typeCommand),
        command("rename", 3, "write", 1, 2, 1, "generic")
            .since("1.0.0").summary("Rename a key")
            .complexity("O(1)")
            .syntax("key newkey")
            .keySpec(KeySpec.index(1).range(0, 1, 0).flags("RW access delete"))
            .keySpec(KeySpec.index(2).range(0, 1, 0).flags("OW update"))
            .proc(KeyspaceCommands::renameCommand),
        command("renamenx", 3, "write fast", 1, 2, 1, "generic")
            .since("1.0.0").summary("Rename a key, only if the new key does not exist")
            .complexity("O(1)")
            .syntax("key newkey")
            .keySpec(KeySpec.index(1).range(0, 1, 0).flags("RW access delete"))
            .keySpec(KeySpec.index(2).range(0, 1, 0).flags("OW insert"))
            .history("3.2.0", "The command no longer returns an error when source and destination names are the same.")
            .proc(KeyspaceCommands::renamenxCommand),
        command("keys", 2, "readonly", 0, 0, 0, "generic")
            .since("1.0.0").summary("Find all keys matching the given pattern")
            .complexity("O(N) with N being the number of keys in the database, under the assumption that the key names in the database and the given pattern have limited length.")
            .syntax("pattern")
            .aclCategories("keyspace dangerous")
            .tips("request_policy:all_shards nondeterministic_output_order")
            .proc(KeyspaceCommands::keysCommand),
        command("scan", -2, "readonly", 0, 0, 0, "generic")
            .since("2.8.0").summary("Incrementally iterate the keys space")
            .complexity("O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection.")
            .syntax("cursor [MATCH pattern] [COUNT count] [TYPE type]")
            .tips("nondeterministic_output request_policy:special")
            .history("6.0.0", "Added the `TYPE` subcommand.")
            .proc(KeyspaceCommands::scanCommand),
        command("randomkey", 1, "readonly", 0, 0, 0, "generic")
            .since("1.0.0").summary("Return a random key from the keyspace")
            .complexity("O(1)")
            .tips("request_policy:all_shards nondeterministic_output")
            .proc(KeyspaceCommands::randomkeyCommand),
        command("touch", -2, "readonly fast", 1, -1, 1, "generic")
            .since("3.2.1").summary("Alters the last access time of a key(s). Returns the number of existing keys specified.")
            .complexity("O(N) where N is the number of keys that will be touched.")
            .syntax("key [key ...]")
            .tips("request_policy:multi_shard response_policy:agg_sum")
            .keySpecFlags("RO")
            .proc(KeyspaceCommands::touchCommand),
        command("copy", -3, "write denyoom", 1, 2, 1, "generic")
            .since("6.2.0").summary("Copy a key")
            .complexity("O(N) worst case for collections, where N is the number of nested items. O(1) for string values.")
            .syntax("source destination [DB destination-db] [REPLACE]")
            .keySpec(KeySpec.index(1).range(0, 1, 0).flags("RO access"))
            .keySpec(KeySpec.index(2).range(0, 1, 0).flags("OW update"))
            .proc(KeyspaceCommands::copyCommand),
        command("move", 3, "write fast", 1, 1, 1, "generic")
            .since("1.0.0").summary("Move a key to another database")
            .complexity("O(1)")
            .syntax("key db")
            .keySpecFlags("RW access update")
            .proc(KeyspaceCommands::moveCommand),
        command("swapdb", 3, "write fast", 0, 0, 0, "server")
            .since("4.0.0").summary("Swaps two Redis databases")
            .complexity("O(N) where N is the count of clients watching or blocking on keys from both databases.")
            .syntax("index1 index2")
            .aclCategories("keyspace dangerous")
            .proc(KeyspaceCommands::swapdbCommand),
        command("select", 2, "loading stale fast", 0, 0, 0, "connection")
            .since("1.0.0").summary("Change the selected database for the current connection")
            .complexity("O(1)")
            .syntax("index")
            .proc(KeyspaceCommands::selectCommand),
        command("dbsize", 1, "readonly fast", 0, 0, 0, "server")
            .since("1.0.0").summary("Return the number of keys in the selected database")
            .complexity("O(1)")
            .aclCategories("keyspace")
            .tips("request_policy:all_shards response_policy:agg_sum")
            .proc(KeyspaceCommands::dbsizeCommand),
        command("flushdb", -1, "write", 0, 0, 0, "server")
            .since("1.0.0").summary("Remove all keys from the current database")
            .complexity("O(N) where N is the number of keys in the selected database")
            .syntax("[ASYNC | SYNC]")
            .aclCategories("keyspace dangerous")
            .tips("request_policy:all_shards response_policy:all_succeeded")
            .history("4.0.0", "Added the `ASYNC` flushing mode modifier.")
            .history("6.2.0", "Added the `SYNC` flushing mode modifier.")
            .proc(KeyspaceCommands::flushdbCommand),
        command("flushall", -1, "write", 0, 0, 0, "server")
            .since("1.0.0").summary("Remove all keys from all databases")
            .complexity("O(N) where N is the total number of keys in all databases")
            .syntax("[ASYNC | SYNC]")
            .aclCategories("keyspace dangerous")
            .tips("request_policy:all_shards response_policy:all_succeeded")
            .history("4.0.0", "Added the `ASYNC` flushing mode modifier.")
            .history("6.2.0", "Added the `SYNC` flushing mode modifier.")
            .proc(KeyspaceCommands::flushallCommand));
    }

    /** delGenericCommand: DEL and UNLINK (values are freed by the GC either way). */
    static void delGenericCommand(Client c) {
        long numdel = 0;
        for (int j = 1; j < c.argc; j++) {
            byte[] key = c.argv[j];
            c.db.expireIfNeeded(key);
            if (c.db.delete(key)) {
                c.server.signalModifiedKey(c, c.db, key);
                c.server.notifyKeyspaceEvent(RedisCore.NOTIFY_GENERIC, "del", key, c.db.id);
                c.server.dirty++;
                numdel++;
            }
        }
        c.addReplyLongLong(numdel);
    }

    public static void delCommand(Client c) {
        delGenericCommand(c);
    }

    public static void unlinkCommand(Client c) {
        delGenericCommand(c);
    }

    /** EXISTS: counts repeated keys again. */
    public static void existsCommand(Client c) {
        long count = 0;
        for (int j = 1; j < c.argc; j++) {
            if (c.db.lookupKeyReadWithFlags(c.argv[j], Db.LOOKUP_NOTOUCH) != null) count++;
        }
        c.addReplyLongLong(count);
    }

    public static void typeCommand(Client c) {
        Object o = c.db.lookupKeyReadWithFlags(c.argv[1], Db.LOOKUP_NOTOUCH);
        c.addReplyStatus(Db.typeName(o));
    }

    /** renameGenericCommand: the TTL moves with the value. */
    static void renameGenericCommand(Client c, boolean nx) {
        byte[] src = c.argv[1];
        byte[] dst = c.argv[2];
        // Same name: nothing to do, but a missing key is still an error.
        boolean samekey = java.util.Arrays.equals(src, dst);
        Object o = c.db.lookupKeyWrite(src);
        if (o == null) {
            c.addReplyError(Shared.ERR_NO_SUCH_KEY);
            return;
        }
        if (samekey) {
            if (nx) c.addReplyLongLong(0);
            else c.addReplyRaw(Shared.OK);
            return;
        }
        long expire = c.db.getExpire(src);
        if (c.db.lookupKeyWrite(dst) != null) {
            if (nx) {
                c.addReplyLongLong(0);
                return;
            }
            // Overwrite: delete the old key before creating the new one with the same name.
            c.db.delete(dst);
        }
        c.db.add(dst, o);
        if (expire != -1) c.db.setExpire(dst, expire);
        c.db.delete(src);
        c.server.signalModifiedKey(c, c.db, src);
        c.server.signalModifiedKey(c, c.db, dst);
        c.server.notifyKeyspaceEvent(RedisCore.NOTIFY_GENERIC, "rename_from", src, c.db.id);
        c.server.notifyKeyspaceEvent(RedisCore.NOTIFY_GENERIC, "rename_to", dst, c.db.id);
        c.server.dirty++;
        if (nx) c.addReplyLongLong(1);
        else c.addReplyRaw(Shared.OK);
    }

    public static void renameCommand(Client c) {
        renameGenericCommand(c, false);
    }

    public static void renamenxCommand(Client c) {
        renameGenericCommand(c, true);
    }

    /** KEYS pattern: glob match over the whole keyspace, skipping (not deleting) expired keys. */
    public static void keysCommand(Client c) {
        byte[] pattern = c.argv[1];
        int plen = pattern.length;
        boolean allkeys = plen == 1 && pattern[0] == '*';
        Object replylen = c.reply.addReplyDeferredLen();
        long numkeys = 0;
        Db db = c.db;
        try (Dict.Iterator it = db.iterator()) {
            for (Dict.Entry de = it.next(); de != null; de = it.next()) {
                byte[] key = de.key;
                if (allkeys || GlobMatch.stringmatchlen(pattern, 0, plen, key, 0, key.length, false)) {
                    if (!db.keyIsExpired(key)) {
                        c.addReplyBulk(key);
                        numkeys++;
                    }
                }
            }
        }
        c.reply.setDeferredArrayLen(replylen, numkeys);
    }

    /** SCAN cursor [MATCH pattern] [COUNT count] [TYPE type] */
    public static void scanCommand(Client c) {
        Long cursor = ScanArgs.cursorOrReply(c, c.argv[1]);
        if (cursor != null) scanGenericCommand(c, cursor);
    }

    /**
     * scanGenericCommand for the keyspace: dictScan until COUNT keys are collected (at most
     * COUNT*10 calls), then drop the keys that do not match the pattern or type, or that have
     * expired (deleting those).
     */
    static void scanGenericCommand(Client c, long cursor) {
        ScanArgs args = ScanArgs.parseOrReply(c, 2, true);
        if (args == null) return;
        byte[] typename = args.type();

        Db db = c.db;
        java.util.ArrayList<byte[]> keys = new java.util.ArrayList<>();
        cursor = args.scan(db::scan, cursor, e -> keys.add(e.key), keys);

        int kept = 0;
        for (int k = 0; k < keys.size(); k++) {
            byte[] key = keys.get(k);
            boolean filter = false;
            if (!args.matches(key)) filter = true;
            if (!filter && typename != null) {
                Object o = db.lookupKeyReadWithFlags(key, Db.LOOKUP_NOTOUCH);
                if (!Util.strcasecmp(typename, Db.typeName(o))) filter = true;
            }
            if (!filter && db.expireIfNeeded(key)) filter = true;
            if (!filter) keys.set(kept++, key);
        }

        ScanArgs.addReplyScan(c, cursor, keys, kept);
    }

    public static void randomkeyCommand(Client c) {
        byte[] key = c.db.randomKey();
        if (key == null) {
            c.addReplyNull();
            return;
        }
        c.addReplyBulk(key);
    }

    /** TOUCH: counts the keys that exist (there is no LRU clock to update here). */
    public static void touchCommand(Client c) {
        long touched = 0;
        for (int j = 1; j < c.argc; j++) {
            if (c.db.lookupKeyRead(c.argv[j]) != null) touched++;
        }
        c.addReplyLongLong(touched);
    }

    /** COPY source destination [DB destination-db] [REPLACE]: the value is duplicated, the TTL kept. */
    public static void copyCommand(Client c) {
        Db src = c.db;
        Db dst = c.db;
        boolean replace = false;
        for (int j = 3; j < c.argc; j++) {
            int additional = c.argc - j - 1;
            if (Util.strcasecmp(c.argv[j], "replace")) {
                replace = true;
            } else if (Util.strcasecmp(c.argv[j], "db") && additional >= 1) {
                if (!Util.getIntOrReply(c, c.argv[j + 1], null)) return;
                int dbid = (int) Util.string2ll(c.argv[j + 1]);
                if (dbid < 0 || dbid >= c.server.dbnum()) {
                    c.addReplyError(Shared.ERR_DB_INDEX);
                    return;
                }
                dst = c.server.db(dbid);
                j++;
            } else {
                c.addReplyError(Shared.ERR_SYNTAX);
                return;
            }
        }
        byte[] key = c.argv[1];
        byte[] newkey = c.argv[2];
        // The same key in the same db is probably a mistake.
        if (src == dst && java.util.Arrays.equals(key, newkey)) {
            c.addReplyError(Shared.ERR_SAME_OBJECT);
            return;
        }
        Object o = src.lookupKeyRead(key);
        if (o == null) {
            c.addReplyLongLong(0);
            return;
        }
        long expire = src.getExpire(key);
        boolean delete = false;
        if (dst.lookupKeyWrite(newkey) != null) {
            if (replace) {
                delete = true;
            } else {
                c.addReplyLongLong(0);
                return;
            }
        }
        Object newobj = Db.dupValue(o);
        if (newobj == null) {
            c.addReplyError("unknown type object");
            return;
        }
        if (delete) dst.delete(newkey);
        dst.add(newkey, newobj);
        if (expire != -1) dst.setExpire(newkey, expire);
        c.server.signalModifiedKey(c, dst, newkey);
        c.server.notifyKeyspaceEvent(RedisCore.NOTIFY_GENERIC, "copy_to", newkey, dst.id);
        c.server.dirty++;
        c.addReplyLongLong(1);
    }

    /** MOVE key db: only when the key is missing in the target db; the TTL moves along. */
    public static void moveCommand(Client c) {
        Db src = c.db;
        if (!Util.getIntOrReply(c, c.argv[2], null)) return;
        int dbid = (int) Util.string2ll(c.argv[2]);
        if (dbid < 0 || dbid >= c.server.dbnum()) {
            c.addReplyError(Shared.ERR_DB_INDEX);
            return;
        }
        Db dst = c.server.db(dbid);
        // Moving into the same db is probably a mistake.
        if (src == dst) {
            c.addReplyError(Shared.ERR_SAME_OBJECT);
            return;
        }
        byte[] key = c.argv[1];
        Object o = src.lookupKeyWrite(key);
        if (o == null) {
            c.addReplyLongLong(0);
            return;
        }
        long expire = src.getExpire(key);
        if (dst.lookupKeyWrite(key) != null) {
            c.addReplyLongLong(0);
            return;
        }
        dst.add(key, o);
        if (expire != -1) dst.setExpire(key, expire);
        src.delete(key);
        c.server.signalModifiedKey(c, src, key);
        c.server.signalModifiedKey(c, dst, key);
        c.server.notifyKeyspaceEvent(RedisCore.NOTIFY_GENERIC, "move_from", key, src.id);
        c.server.notifyKeyspaceEvent(RedisCore.NOTIFY_GENERIC, "move_to", key, dst.id);
        c.server.dirty++;
        c.addReplyLongLong(1);
    }

    /**
     * SWAPDB index1 index2: clients stay on their db number and see the other data set.
     * (WATCHed keys and blocked clients of both dbs are not signalled yet.)
     */
    public static void swapdbCommand(Client c) {
        if (!Util.getIntOrReply(c, c.argv[1], "invalid first DB index")) return;
        int id1 = (int) Util.string2ll(c.argv[1]);
        if (!Util.getIntOrReply(c, c.argv[2], "invalid second DB index")) return;
        int id2 = (int) Util.string2ll(c.argv[2]);
        if (!c.server.swapDatabases(id1, id2)) {
            c.addReplyError(Shared.ERR_DB_INDEX);
            return;
        }
        c.server.dirty++;
        c.addReplyRaw(Shared.OK);
    }

    public static void selectCommand(Client c) {
        if (!Util.getIntOrReply(c, c.argv[1], null)) return;
        int id = (int) Util.string2ll(c.argv[1]);
        if (id < 0 || id >= c.server.dbnum()) {
            c.addReplyError(Shared.ERR_DB_INDEX);
            return;
        }
        c.db = c.server.db(id);
        c.addReplyRaw(Shared.OK);
    }

    public static void dbsizeCommand(Client c) {
        c.addReplyLongLong(c.db.size());
    }

    /** getFlushCommandFlags: no argument, ASYNC or SYNC (both free synchronously here). */
    static boolean getFlushCommandFlags(Client c) {
        if (c.argc == 1) return true;
        if (c.argc == 2 && (Util.strcasecmp(c.argv[1], "sync") || Util.strcasecmp(c.argv[1], "async"))) return true;
        c.addReplyError(Shared.ERR_SYNTAX);
        return false;
    }

    public static void flushdbCommand(Client c) {
        if (!getFlushCommandFlags(c)) return;
        c.server.dirty += c.server.emptyData(c.db.id);
        c.addReplyRaw(Shared.OK);
    }

    public static void flushallCommand(Client c) {
        if (!getFlushCommandFlags(c)) return;
        c.server.flushAllDataAndResetRDB();
        c.addReplyRaw(Shared.OK);
    }
}
