package io.aeredis.commands;

import io.aeredis.resp.ReplyBuffer;

/**
 * The part of Redis's {@code struct client} that commands see: argv, the selected db, the
 * reply buffer, name and flags. The server module extends it with the socket and query
 * buffer. Command implementations take a Client, like Redis's {@code fooCommand(client *c)}.
 */
public class Client {
    /** CLIENT_CLOSE_AFTER_REPLY: close the connection once the reply is written. */
    public static final int CLOSE_AFTER_REPLY = 1;
    /** CLIENT_CLOSE_ASAP: close in the next beforeSleep without writing more. */
    public static final int CLOSE_ASAP = 1 << 1;
    /** CLIENT_BLOCKED: waiting on keys (BLPOP...) or for a worker; its input is not processed meanwhile. */
    public static final int BLOCKED = 1 << 2;
    /** CLIENT_MULTI: between MULTI and EXEC/DISCARD, commands are queued. */
    public static final int MULTI = 1 << 3;
    /** CLIENT_DIRTY_CAS: a WATCHed key was touched, EXEC will fail. */
    public static final int DIRTY_CAS = 1 << 4;
    /** CLIENT_DIRTY_EXEC: a command was rejected while queueing, EXEC will fail with EXECABORT. */
    public static final int DIRTY_EXEC = 1 << 5;
    /** CLIENT_PUBSUB: subscribed to at least one channel or pattern. */
    public static final int PUBSUB = 1 << 6;
    /**
     * CLIENT_DENY_BLOCKING: the command runs where it must not block (inside EXEC or a script),
     * so a blocking command that finds nothing replies at once as on timeout.
     */
    public static final int DENY_BLOCKING = 1 << 7;
    /** CLIENT_MONITOR: in MONITOR mode, fed every command the server runs (the server's Monitors). */
    public static final int MONITOR = 1 << 8;
    /** CLIENT_REPLY_OFF: CLIENT REPLY OFF, no reply is sent until CLIENT REPLY ON. */
    public static final int REPLY_OFF = 1 << 9;
    /** CLIENT_REPLY_SKIP: the reply of the command being processed is not sent. */
    public static final int REPLY_SKIP = 1 << 10;
    /** CLIENT_REPLY_SKIP_NEXT: CLIENT REPLY SKIP was called, the next command's reply is skipped. */
    public static final int REPLY_SKIP_NEXT = 1 << 11;
    /** CLIENT_NO_EVICT: CLIENT NO-EVICT ON (flag 'e' in CLIENT LIST; aeredis does not evict clients). */
    public static final int NO_EVICT = 1 << 12;

    public final long id;
    public final RedisCore server;
    public final ReplyBuffer reply = new ReplyBuffer();
    public Db db;
    public byte[][] argv;
    public int argc;
    /** The command being executed (after lookup) and the last one executed. */
    public RedisCommand cmd;
    public RedisCommand lastcmd;
    /** CLIENT SETNAME / HELLO SETNAME; null when unset. */
    public byte[] name;
    public boolean authenticated;
    public int flags;

    // --- blocking state (Redis's c->bstate and c->btype), managed by {@link Blocking}
    /** BLOCKED_* type while blocked, else Blocking.BLOCKED_NONE. */
    public int btype;
    /** Absolute unix time in ms when the block times out; 0 = never. */
    public long bpopTimeout;
    /** The keys this client waits on (null when not blocked on keys). */
    public java.util.List<byte[]> bpopKeys;
    /** The db the keys belong to. */
    public Db bpopDb;

    public Client(long id, RedisCore server) {
        this.id = id;
        this.server = server;
        this.db = server.db(0);
    }

    public int resp() { return reply.resp(); }

    public boolean isBlocked() { return (flags & BLOCKED) != 0; }

    /** Whether a blocking command must answer at once instead of blocking (MULTI/EXEC, scripts). */
    public boolean denyBlocking() { return (flags & (DENY_BLOCKING | MULTI)) != 0; }

    // Thin delegates so command code reads like networking.c's addReply* calls.
    public void addReplyRaw(byte[] encoded) { reply.addReplyRaw(encoded); }
    public void addReplyStatus(String s) { reply.addReplyStatus(s); }
    public void addReplyError(String msg) { reply.addReplyError(msg); }
    public void addReplyLongLong(long v) { reply.addReplyLongLong(v); }
    public void addReplyBulk(byte[] v) { reply.addReplyBulk(v); }
    public void addReplyBulkCString(String s) { reply.addReplyBulkCString(s); }
    public void addReplyNull() { reply.addReplyNull(); }
    public void addReplyNullArray() { reply.addReplyNullArray(); }
    public void addReplyArrayLen(long n) { reply.addReplyArrayLen(n); }
    public void addReplyMapLen(long n) { reply.addReplyMapLen(n); }
    public void addReplyDouble(double d) { reply.addReplyDouble(d); }
}
