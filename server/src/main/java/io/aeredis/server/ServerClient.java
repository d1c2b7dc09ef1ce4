package io.aeredis.server;

import io.aeredis.commands.Client;
import io.aeredis.commands.RedisCore;
import io.aeredis.resp.RequestParser;

/**
 * A connected client: Redis's {@code struct client} as networking.c sees it. The command-facing
 * half (argv, db, reply buffer) is inherited from {@link Client}; this adds the socket, the
 * query buffer and the bookkeeping CLIENT LIST prints.
 */
public final class ServerClient extends Client {
    public final int fd;
    public final String addr;
    public final String laddr;
    final RequestParser parser = new RequestParser();

    /**
     * The query buffer: unread bytes live in {@code querybuf[qbPos..qbLen)}. Null between reads
     * when nothing is left over; during a read it may be the loop's shared buffer (Networking).
     */
    byte[] querybuf;
    int qbPos;
    int qbLen;
    /** Peak query buffer use since the last clientsCron check (client_recent_max_input_buffer). */
    int querybufPeak;

    final long ctime;
    long lastinteraction;
    /** Index in Networking.cronClients, -1 once freed. */
    int cronSlot = -1;
    /** Set when queued in clients_pending_write (CLIENT_PENDING_WRITE). */
    boolean pendingWrite;
    /** True while a writable handler (sendReplyToClient) is installed. */
    boolean writeHandlerInstalled;
    /** When the output buffer first went over the soft limit (obuf_soft_limit_reached_time), or 0. */
    long obufSoftLimitReachedTime;
    /** Set while the client is in the async free queue. */
    boolean closeAsap;
    /** Set by freeClient: the fd is closed and the client is gone from server.clients. */
    boolean freed;
    /** MULTI queue and WATCHed keys (multi.c); null until first used. */
    MultiCommands.State mstate;
    /** Pub/Sub subscriptions (pubsub.c); null until the first subscription. */
    PubSub.Subscriptions pubsub;
    /** The ae time event that times out this blocked client, or -1. */
    long blockTimer = -1;
    /** Queued in server.unblocked_clients, to resume its pending input in beforeSleep. */
    boolean unblockedPending;
    /**
     * Unblocked, but the blocked command's reply flags not reset yet (resetClient in
     * unblockClient): its reply is written after the unblock, so the reset waits for the client's
     * next input processing.
     */
    boolean replyResetPending;
    /** CLIENT_PENDING_COMMAND: its command was postponed by CLIENT PAUSE and runs again once unblocked. */
    boolean pendingCommand;

    ServerClient(long id, RedisCore core, int fd, String addr, String laddr, long nowMs) {
        super(id, core);
        this.fd = fd;
        this.addr = addr;
        this.laddr = laddr;
        this.ctime = nowMs;
        this.lastinteraction = nowMs;
    }

    int querybufUsed() { return qbLen - qbPos; }

    int querybufFree() { return querybuf == null ? 0 : querybuf.length - qbLen; }
}
