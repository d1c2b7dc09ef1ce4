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

    public Client(long id, RedisCore server) {
        this.id = id;
        this.server = server;
        this.db = server.db(0);
    }

    public int resp() { return reply.resp(); }

    // Thin delegates so command code reads like networking.c's addReply* calls.
    public void addReplyRaw(byte[] encoded) { reply.addReplyRaw(encoded); }
    public void addReplyStatus(String s) { reply.addReplyStatus(s); }
    public void addReplyError(String msg) { reply.addReplyError(msg); }
    public void addReplyLongLong(long v) { reply.addReplyLongLong(v); }
    public void addReplyBulk(byte[] v) { reply.addReplyBulk(v); }
    public void addReplyBulkCString(String s) { reply.addReplyBulkCString(s); }
    public void addReplyNull() { reply.addReplyNull(); }
    public void addReplyArrayLen(long n) { reply.addReplyArrayLen(n); }
    public void addReplyMapLen(long n) { reply.addReplyMapLen(n); }
    public void addReplyDouble(double d) { reply.addReplyDouble(d); }
}
