package io.aeredis.commands;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Blocked clients and ready keys: the key-blocking half of Redis's {@code blocked.c}.
 *
 * <p>A blocking command (BLPOP, BZPOPMIN, BLMOVE, ...) that finds nothing calls
 * {@link #blockForKeys}: the client is parked in each key's FIFO queue (the db's
 * {@code blocking_keys}), its input is not read further, and no thread waits. A write that
 * creates one of those keys calls {@link #signalKeyAsReady} (dbAdd does, for lists and sorted
 * sets); after the command, the server calls {@link #handleClientsBlockedOnKeys}, which serves
 * the waiting clients in arrival order by running their command again (as Redis 7.2 does) while
 * the key still holds a value of the type they wait for. A client that still finds nothing
 * stays at the head of the queue.
 *
 * <p>The server plugs in through {@link Hooks}: a timer per blocked client for its timeout,
 * re-execution through call(), and resuming the client's pending input once it is unblocked.
 */
public final class Blocking {
    // c->btype values (server.h)
    public static final int BLOCKED_NONE = 0;
    public static final int BLOCKED_LIST = 1;
    public static final int BLOCKED_WAIT = 2;
    public static final int BLOCKED_MODULE = 3;
    public static final int BLOCKED_STREAM = 4;
    public static final int BLOCKED_ZSET = 5;
    public static final int BLOCKED_POSTPONE = 6;
    /** aeredis: waiting for an EVAL_SLOW_SCRIPT running on a worker thread. */
    public static final int BLOCKED_SLOW_SCRIPT = 7;
    public static final int BLOCKED_NUM = 8;

    /** What the server provides. Defaults are fine for a keyspace without a network (unit tests). */
    public interface Hooks {
        /** The client was just blocked: arm its timeout (c.bpopTimeout, 0 = none). */
        default void clientBlocked(Client c) {}

        /** The client was unblocked (served, timed out, disconnected): disarm its timer, resume its input. */
        default void clientUnblocked(Client c) {}

        /** Run the client's command (c.argv, c.cmd) again through call(), replies going to c. */
        void reexecute(Client c);
    }

    private final RedisCore server;
    private Hooks hooks = c -> c.cmd.proc.call(c);

    /** server.blocked_clients and blocked_clients_by_type. */
    private int blockedClients;
    private final int[] blockedClientsByType = new int[BLOCKED_NUM];

    /** server.ready_keys: keys signalled since the last handleClientsBlockedOnKeys, in order. */
    private List<ReadyKey> readyKeys = new ArrayList<>();

    private record ReadyKey(Db db, byte[] key) {}

    Blocking(RedisCore server) {
        this.server = server;
    }

    public void setHooks(Hooks hooks) { this.hooks = hooks; }

    public int blockedClients() { return blockedClients; }

    public int blockedClients(int btype) { return blockedClientsByType[btype]; }

    /** The number of keys clients are blocked on in {@code db} (INFO keyspace does not need it; tests do). */
    public long blockingKeysCount(Db db) { return db.blockingKeys.size(); }

    // ------------------------------------------------------------------ blocking

    /**
     * getTimeoutFromObjectOrReply(UNIT_SECONDS): a timeout in seconds, decimals allowed, as an
     * absolute unix time in ms (0 = block forever). Replies the error and returns -1 on bad input.
     */
    public static long getTimeoutOrReply(Client c, byte[] arg) {
        LongDouble ld = LongDouble.parse(arg);
        double ms;
        if (ld == null) {
            c.addReplyError("timeout is not a float or out of range");
            return -1;
        } else if (ld.isInfinite()) {
            ms = Double.NaN; // (long long) of an infinite long double is LLONG_MIN on x86: "negative"
        } else {
            try {
                ms = Double.parseDouble(new String(arg, java.nio.charset.StandardCharsets.ISO_8859_1).strip()) * 1000.0;
            } catch (NumberFormatException e) {
                c.addReplyError("timeout is not a float or out of range");
                return -1;
            }
        }
        long tval = Double.isNaN(ms) || ms >= 9.223372036854776E18 ? Long.MIN_VALUE : (long) ms;
        if (tval < 0) {
            c.addReplyError("timeout is negative");
            return -1;
        }
        if (tval > 0) {
            long now = System.currentTimeMillis();
            if (tval > Long.MAX_VALUE - now) {
                c.addReplyError("timeout is out of range");
                return -1;
            }
            tval += now;
        }
        return tval;
    }

    /**
     * blockForKeys: park {@code c} on {@code keys} (duplicates ignored) of its current db
     * until one becomes ready, the timeout passes, or it disconnects. The caller has checked
     * {@link Client#denyBlocking()} and replies nothing now.
     */
    public void blockForKeys(Client c, int btype, List<byte[]> keys, long timeout) {
        Db db = c.db;
        c.bpopTimeout = timeout;
        c.bpopDb = db;
        c.bpopKeys = new ArrayList<>(keys.size());
        outer:
        for (byte[] key : keys) {
            for (byte[] k : c.bpopKeys) if (java.util.Arrays.equals(k, key)) continue outer;
            c.bpopKeys.add(key);
            Dict.Entry de = db.blockingKeys.find(key);
            @SuppressWarnings("unchecked")
            ArrayDeque<Client> q = de == null ? null : (ArrayDeque<Client>) ((Dict.ValEntry) de).val;
            if (q == null) {
                q = new ArrayDeque<>(2);
                db.blockingKeys.put(key, q);
            }
            q.addLast(c);
        }
        blockClient(c, btype);
    }

    /** blockClient: mark {@code c} blocked (no keys: BLOCKED_SLOW_SCRIPT and the like). */
    public void blockClient(Client c, int btype) {
        c.flags |= Client.BLOCKED;
        c.btype = btype;
        blockedClients++;
        blockedClientsByType[btype]++;
        hooks.clientBlocked(c);
    }

    /** unblockClient: remove {@code c} from every queue it waits in; no reply is sent. */
    public void unblockClient(Client c) {
        if (!c.isBlocked()) return;
        if (c.bpopKeys != null) {
            Db db = c.bpopDb;
            for (byte[] key : c.bpopKeys) {
                Dict.Entry de = db.blockingKeys.find(key);
                if (de == null) continue;
                @SuppressWarnings("unchecked")
                ArrayDeque<Client> q = (ArrayDeque<Client>) ((Dict.ValEntry) de).val;
                q.remove(c);
                if (q.isEmpty()) db.blockingKeys.delete(key);
            }
            c.bpopKeys = null;
            c.bpopDb = null;
        }
        blockedClients--;
        blockedClientsByType[c.btype]--;
        c.btype = BLOCKED_NONE;
        c.bpopTimeout = 0;
        c.flags &= ~Client.BLOCKED;
        hooks.clientUnblocked(c);
    }

    /**
     * replyToBlockedClientTimedOut + unblockClient: a key-blocked client's timeout passed; it
     * gets a null array (RESP2 {@code *-1}, RESP3 {@code _}), as Redis 7.0 sends for every
     * list and sorted-set blocking command.
     */
    public void timeoutClient(Client c) {
        if (!c.isBlocked()) return;
        if (c.btype == BLOCKED_LIST || c.btype == BLOCKED_ZSET || c.btype == BLOCKED_STREAM) c.addReplyNullArray();
        unblockClient(c);
    }

    // ------------------------------------------------------------------ ready keys

    /** signalKeyAsReady: remember {@code key} if some client waits on it (once per batch). */
    public void signalKeyAsReady(Db db, byte[] key, int type) {
        if (db.blockingKeys.size() == 0 || db.blockingKeys.find(key) == null) return;
        if (db.readyKeys.find(key) != null) return;
        db.readyKeys.put(key, Boolean.TRUE);
        readyKeys.add(new ReadyKey(db, key));
    }

    /** scanDatabaseForReadyKeys (after SWAPDB): every waited-on key that now exists is ready. */
    public void scanDatabaseForReadyKeys(Db db) {
        if (db.blockingKeys.size() == 0) return;
        for (byte[] key : keysOf(db.blockingKeys)) {
            Object v = db.lookupKeyReadWithFlags(key, Db.LOOKUP_NOTOUCH | Db.LOOKUP_NONOTIFY | Db.LOOKUP_NOSTATS);
            if (v != null) signalKeyAsReady(db, key, RedisValue.typeOf(v));
        }
    }

    public boolean hasReadyKeys() { return !readyKeys.isEmpty(); }

    /**
     * handleClientsBlockedOnKeys: for every ready key, serve its waiting clients in FIFO order
     * while the key holds a value of the type they wait for. Serving can make other keys ready
     * (BLMOVE pushes), so it loops until no key is left.
     */
    public void handleClientsBlockedOnKeys() {
        while (!readyKeys.isEmpty()) {
            List<ReadyKey> batch = readyKeys;
            readyKeys = new ArrayList<>();
            for (ReadyKey rk : batch) rk.db.readyKeys.delete(rk.key);
            for (ReadyKey rk : batch) serveClientsBlockedOnKey(rk.db, rk.key);
        }
    }

    private void serveClientsBlockedOnKey(Db db, byte[] key) {
        while (true) {
            Dict.Entry de = db.blockingKeys.find(key);
            if (de == null) return;
            @SuppressWarnings("unchecked")
            ArrayDeque<Client> q = (ArrayDeque<Client>) ((Dict.ValEntry) de).val;
            Object value = db.lookupKeyReadWithFlags(key, Db.LOOKUP_NOTOUCH | Db.LOOKUP_NONOTIFY | Db.LOOKUP_NOSTATS);
            if (value == null) return;
            int type = RedisValue.typeOf(value);
            // The first client waiting for this type; clients waiting for another type stay.
            Client target = null;
            for (Client c : q) {
                if (expectedType(c.btype) == type) {
                    target = c;
                    break;
                }
            }
            if (target == null) return;
            // A blocked client cannot SELECT, so target.db is still the db it blocked in.
            unblockClient(target);
            hooks.reexecute(target);
            // A client that blocked again went to the tail; stop rather than spin.
            if (target.isBlocked()) return;
        }
    }

    private static int expectedType(int btype) {
        return switch (btype) {
            case BLOCKED_LIST -> RedisValue.OBJ_LIST;
            case BLOCKED_ZSET -> RedisValue.OBJ_ZSET;
            default -> -1;
        };
    }

    private static List<byte[]> keysOf(Dict d) {
        List<byte[]> out = new ArrayList<>((int) d.size());
        try (Dict.Iterator it = d.iterator()) {
            for (Dict.Entry e = it.next(); e != null; e = it.next()) out.add(e.key);
        }
        return out;
    }
}
