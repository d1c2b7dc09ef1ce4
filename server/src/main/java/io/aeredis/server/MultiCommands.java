package io.aeredis.server;

import io.aeredis.commands.Client;
import io.aeredis.commands.CommandTable;
import io.aeredis.commands.Db;
import io.aeredis.commands.Dict;
import io.aeredis.commands.KeySpec;
import io.aeredis.commands.RedisCommand;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.aeredis.commands.RedisCommand.command;

/**
 * Port of Redis 7.0's {@code multi.c}: MULTI/EXEC/DISCARD transactions and WATCH, the
 * optimistic lock on keys.
 *
 * <p>Between MULTI and EXEC, processCommand queues every command except EXEC, DISCARD, MULTI,
 * WATCH, QUIT and RESET ({@link #queueMultiCommand}); a command rejected while queueing
 * (unknown, wrong arity, not allowed in a transaction) flags the transaction
 * ({@link #flagTransaction}) so that EXEC answers EXECABORT. EXEC runs the queue through
 * call() with blocking denied, replying one array of all the replies.
 *
 * <p>WATCH: each db's {@code watched_keys} dict maps a key to the {@link WatchedKey} entries of
 * the clients watching it, and each client keeps its own list of entries, so both a write
 * ({@link #touchWatchedKey}, through signalModifiedKey) and UNWATCH are direct. A touched client
 * gets CLIENT_DIRTY_CAS and EXEC replies a null array. As in 7.0, a key that was already
 * logically expired when WATCHed is remembered as such: its lazy deletion is no change, while
 * a watched key that expires before EXEC is one ({@link #isWatchedKeyExpired}).
 */
final class MultiCommands {
    private static final byte[] QUEUED = "+QUEUED\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final String EXECABORT = "-EXECABORT Transaction discarded because of previous errors.";

    /** multiCmd: one queued command, its argv copied out of the reused parser array. */
    record MultiCmd(byte[][] argv, int argc, RedisCommand cmd) {}

    /** watchedKey: one client watching one key of one db, linked from both sides. */
    static final class WatchedKey {
        final Db db;
        final byte[] key;
        final ServerClient client;
        /** The key was already logically expired when WATCHed. */
        boolean expired;

        WatchedKey(Db db, byte[] key, ServerClient client, boolean expired) {
            this.db = db;
            this.key = key;
            this.client = client;
            this.expired = expired;
        }
    }

    /** A client's multiState plus its watched_keys list; created on first use. */
    static final class State {
        final ArrayList<MultiCmd> commands = new ArrayList<>();
        final ArrayList<WatchedKey> watched = new ArrayList<>();
        /** argv_len_sums: bytes of queued arguments (CLIENT LIST multi-mem). */
        long argvLenSum;
    }

    private final RedisServer server;

    MultiCommands(RedisServer server) {
        this.server = server;
    }

    static void register(CommandTable t, MultiCommands m) {
        t.add(command("multi", 1, "noscript loading stale fast allow_busy", 0, 0, 0, "transactions")
                .since("1.2.0").summary("Mark the start of a transaction block").complexity("O(1)")
                .proc(m::multiCommand));
        t.add(command("exec", 1, "noscript loading stale skip_slowlog", 0, 0, 0, "transactions")
                .since("1.2.0").summary("Execute all commands issued after MULTI")
                .complexity("Depends on commands in the transaction").proc(m::execCommand));
        t.add(command("discard", 1, "noscript loading stale fast allow_busy", 0, 0, 0, "transactions")
                .since("2.0.0").summary("Discard all commands issued after MULTI")
                .complexity("O(N), when N is the number of queued commands").proc(m::discardCommand));
        t.add(command("watch", -2, "noscript loading stale fast allow_busy", 1, -1, 1, "transactions")
                .since("2.2.0").summary("Watch the given keys to determine execution of the MULTI/EXEC block")
                .complexity("O(1) for every key.").syntax("key [key ...]")
                .keySpec(KeySpec.index(1).range(-1, 1, 0).flags("RO"))
                .proc(m::watchCommand));
        t.add(command("unwatch", 1, "noscript loading stale fast allow_busy", 0, 0, 0, "transactions")
                .since("2.2.0").summary("Forget about all watched keys").complexity("O(1)")
                .proc(m::unwatchCommand));
    }

    static State state(ServerClient c) {
        State s = c.mstate;
        if (s == null) c.mstate = s = new State();
        return s;
    }

    /** Commands processCommand runs even inside MULTI instead of queueing them. */
    static boolean runsInsideMulti(RedisCommand cmd) {
        if (cmd.parent != null) return false;
        return switch (cmd.name) {
            case "exec", "discard", "multi", "watch", "quit", "reset" -> true;
            default -> false;
        };
    }

    // ------------------------------------------------------------------ MULTI / EXEC / DISCARD

    /** queueMultiCommand: remember the command for EXEC (nothing to keep once the transaction failed). */
    void queueMultiCommand(ServerClient c, RedisCommand cmd) {
        if ((c.flags & (Client.DIRTY_CAS | Client.DIRTY_EXEC)) == 0) {
            State s = state(c);
            s.commands.add(new MultiCmd(Arrays.copyOf(c.argv, c.argc), c.argc, cmd));
            for (int i = 0; i < c.argc; i++) s.argvLenSum += c.argv[i].length;
        }
        c.addReplyRaw(QUEUED);
    }

    /** flagTransaction: a command was rejected while queueing, so EXEC must fail. */
    static void flagTransaction(Client c) {
        if ((c.flags & Client.MULTI) != 0) c.flags |= Client.DIRTY_EXEC;
    }

    /** discardTransaction: forget the queue, leave MULTI, unwatch everything. */
    void discardTransaction(ServerClient c) {
        State s = c.mstate;
        if (s != null) {
            s.commands.clear();
            s.commands.trimToSize();
            s.argvLenSum = 0;
        }
        c.flags &= ~(Client.MULTI | Client.DIRTY_CAS | Client.DIRTY_EXEC);
        unwatchAllKeys(c);
    }

    /** execCommandAbort: EXEC itself was rejected (e.g. wrong arity): report why and discard. */
    void execCommandAbort(ServerClient c, String error) {
        discardTransaction(c);
        String why = error.startsWith("-") ? error.substring(1) : error;
        RedisServer.addReplyErrorRaw(c, "-EXECABORT Transaction discarded because of: " + why);
    }

    void multiCommand(Client c) {
        if ((c.flags & Client.MULTI) != 0) {
            c.addReplyError("MULTI calls can not be nested");
            return;
        }
        c.flags |= Client.MULTI;
        c.addReplyRaw(RedisServer.OK);
    }

    void discardCommand(Client c) {
        if ((c.flags & Client.MULTI) == 0) {
            c.addReplyError("DISCARD without MULTI");
            return;
        }
        discardTransaction((ServerClient) c);
        c.addReplyRaw(RedisServer.OK);
    }

    /**
     * execCommand: fail (EXECABORT, or a null array when a WATCHed key changed or expired),
     * else run every queued command through call() with blocking denied, replies in one array.
     */
    void execCommand(Client client) {
        ServerClient c = (ServerClient) client;
        if ((c.flags & Client.MULTI) == 0) {
            c.addReplyError("EXEC without MULTI");
            return;
        }
        if (isWatchedKeyExpired(c)) c.flags |= Client.DIRTY_CAS;
        if ((c.flags & (Client.DIRTY_CAS | Client.DIRTY_EXEC)) != 0) {
            if ((c.flags & Client.DIRTY_EXEC) != 0) c.addReplyError(EXECABORT);
            else c.addReplyNullArray();
            discardTransaction(c);
            return;
        }
        int oldFlags = c.flags;
        c.flags |= Client.DENY_BLOCKING;
        // Unwatch at once: our own writes must not flag us, and there is no point any more.
        unwatchAllKeys(c);
        byte[][] origArgv = c.argv;
        int origArgc = c.argc;
        RedisCommand origCmd = c.cmd;
        List<MultiCmd> queued = state(c).commands;
        c.addReplyArrayLen(queued.size());
        for (int j = 0; j < queued.size(); j++) {
            MultiCmd mc = queued.get(j);
            c.argv = mc.argv();
            c.argc = mc.argc();
            c.cmd = mc.cmd();
            server.call(c, mc.cmd());
        }
        if ((oldFlags & Client.DENY_BLOCKING) == 0) c.flags &= ~Client.DENY_BLOCKING;
        c.argv = origArgv;
        c.argc = origArgc;
        c.cmd = origCmd;
        discardTransaction(c);
    }

    // ------------------------------------------------------------------ WATCH

    void watchCommand(Client client) {
        ServerClient c = (ServerClient) client;
        if ((c.flags & Client.MULTI) != 0) {
            c.addReplyError("WATCH inside MULTI is not allowed");
            return;
        }
        // No point in watching if the client is already dirty.
        if ((c.flags & Client.DIRTY_CAS) == 0) {
            for (int j = 1; j < c.argc; j++) watchForKey(c, c.argv[j]);
        }
        c.addReplyRaw(RedisServer.OK);
    }

    void unwatchCommand(Client client) {
        ServerClient c = (ServerClient) client;
        unwatchAllKeys(c);
        c.flags &= ~Client.DIRTY_CAS;
        c.addReplyRaw(RedisServer.OK);
    }

    /** watchForKey: add (db, key) to the client's watched keys unless already there. */
    void watchForKey(ServerClient c, byte[] key) {
        State s = state(c);
        for (WatchedKey wk : s.watched) {
            if (wk.db == c.db && Arrays.equals(wk.key, key)) return;
        }
        List<WatchedKey> clients = watchers(c.db, key);
        if (clients == null) {
            clients = new ArrayList<>(2);
            c.db.watchedKeys.put(key, clients);
        }
        WatchedKey wk = new WatchedKey(c.db, key, c, c.db.keyIsExpired(key));
        s.watched.add(wk);
        clients.add(wk);
    }

    /** unwatchAllKeys: drop every watch of the client (clearing DIRTY_CAS is the caller's business). */
    void unwatchAllKeys(ServerClient c) {
        State s = c.mstate;
        if (s == null || s.watched.isEmpty()) return;
        for (WatchedKey wk : s.watched) {
            List<WatchedKey> clients = watchers(wk.db, wk.key);
            if (clients == null) continue;
            clients.remove(wk);
            if (clients.isEmpty()) wk.db.watchedKeys.delete(wk.key);
        }
        s.watched.clear();
        s.watched.trimToSize();
    }

    /** Number of keys the client watches (CLIENT LIST). */
    static int watchedCount(ServerClient c) {
        return c.mstate == null ? 0 : c.mstate.watched.size();
    }

    /** Whether a queued command is write or may_replicate (mstate.cmd_flags, for CLIENT PAUSE WRITE). */
    static boolean queuedMayReplicate(ServerClient c) {
        if (c.mstate == null) return false;
        for (MultiCmd mc : c.mstate.commands) {
            if (mc.cmd().has(RedisCommand.WRITE | RedisCommand.MAY_REPLICATE)) return true;
        }
        return false;
    }

    /** The queued command count, or -1 outside MULTI (CLIENT LIST multi=). */
    static int multiCount(ServerClient c) {
        if ((c.flags & Client.MULTI) == 0) return -1;
        return c.mstate == null ? 0 : c.mstate.commands.size();
    }

    /** multiStateMemOverhead, roughly: queued argument bytes (CLIENT LIST multi-mem). */
    static long multiMem(ServerClient c) {
        return c.mstate == null ? 0 : c.mstate.argvLenSum;
    }

    /** isWatchedKeyExpired: a watched key (not expired when WATCHed) has expired since. */
    static boolean isWatchedKeyExpired(ServerClient c) {
        State s = c.mstate;
        if (s == null || s.watched.isEmpty()) return false;
        for (WatchedKey wk : s.watched) {
            if (wk.expired) continue;
            if (wk.db.keyIsExpired(wk.key)) return true;
        }
        return false;
    }

    /**
     * touchWatchedKey: the key was modified, so every client watching it gets DIRTY_CAS (and
     * stops watching anything). A watcher that saw the key already expired is not touched by
     * the key's deletion, only has that mark cleared; like Redis 7.0, meeting such a watcher
     * while the key exists ends the walk.
     */
    void touchWatchedKey(Db db, byte[] key) {
        if (db.watchedKeys.size() == 0) return;
        List<WatchedKey> clients = watchers(db, key);
        if (clients == null) return;
        for (WatchedKey wk : clients.toArray(new WatchedKey[0])) {
            if (wk.expired) {
                if (!db.exists(key)) {
                    // An already expired key was deleted: logically no change.
                    wk.expired = false;
                    continue;
                }
                break;
            }
            wk.client.flags |= Client.DIRTY_CAS;
            // Dirty already: no need to come back here for this client's other keys.
            unwatchAllKeys(wk.client);
        }
    }

    /**
     * touchAllWatchedKeysInDb: FLUSHDB/FLUSHALL empties {@code emptied}, or SWAPDB replaces its
     * content with {@code replacedWith}'s: a watched key that exists in either changed, except
     * that expired keys disappearing or staying expired are no change.
     */
    void touchAllWatchedKeysInDb(Db emptied, Db replacedWith) {
        if (emptied.watchedKeys.size() == 0) return;
        List<byte[]> keys = new ArrayList<>((int) emptied.watchedKeys.size());
        try (Dict.Iterator it = emptied.watchedKeys.iterator()) {
            for (Dict.Entry e = it.next(); e != null; e = it.next()) keys.add(e.key);
        }
        for (byte[] key : keys) {
            boolean existsInEmptied = emptied.exists(key);
            boolean existsInReplacement = replacedWith != null && replacedWith.exists(key);
            if (!existsInEmptied && !existsInReplacement) continue;
            List<WatchedKey> clients = watchers(emptied, key);
            if (clients == null) continue;
            for (WatchedKey wk : clients.toArray(new WatchedKey[0])) {
                if (wk.expired) {
                    if (!existsInReplacement) {
                        // Expired key now deleted: no logical change.
                        wk.expired = false;
                        continue;
                    } else if (replacedWith.keyIsExpired(key)) {
                        continue; // expired key remains expired
                    }
                } else if (!existsInEmptied && replacedWith.keyIsExpired(key)) {
                    // A missing key is replaced by an expired one: still logically missing.
                    wk.expired = true;
                    continue;
                }
                wk.client.flags |= Client.DIRTY_CAS;
                unwatchAllKeys(wk.client);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static List<WatchedKey> watchers(Db db, byte[] key) {
        if (db.watchedKeys.size() == 0) return null;
        return (List<WatchedKey>) db.watchedKeys.get(key);
    }
}
