package io.aeredis.server;

import io.aeredis.ae.AeEventLoop;
import io.aeredis.commands.Blocking;
import io.aeredis.commands.Client;

import java.util.ArrayList;
import java.util.List;

/**
 * The server's half of blocked.c: what {@link Blocking} (the keyspace's bookkeeping) needs
 * from the network side. A blocked client's timeout is an ae time event, so it fires through
 * the loop like any timer; an unblocked client is queued in {@code unblocked_clients} and its
 * pending input is processed in beforeSleep (processUnblockedClients); a served client's
 * command runs again through call(), and its reply is queued for writing.
 */
final class BlockedClients implements Blocking.Hooks {
    private final RedisServer server;
    /** server.unblocked_clients. */
    private final List<ServerClient> unblocked = new ArrayList<>();

    BlockedClients(RedisServer server) {
        this.server = server;
    }

    /** Arm the timeout timer (the blocked client itself holds no thread). */
    @Override
    public void clientBlocked(Client c) {
        ServerClient sc = (ServerClient) c;
        if (c.bpopTimeout <= 0 || server.el == null) return;
        // Capped (2^40 ms is 34 years) so a timeout near the end of time cannot overflow the timer's microseconds.
        long delay = Math.min(Math.max(0, c.bpopTimeout - System.currentTimeMillis()), 1L << 40);
        sc.blockTimer = server.el.createTimeEvent(delay, this::blockedClientTimedOut, sc, null);
    }

    /** The timer fired: replyToBlockedClientTimedOut, then unblock (handleBlockedClientsTimeout). */
    private long blockedClientTimedOut(AeEventLoop el, long id, Object clientData) {
        ServerClient sc = (ServerClient) clientData;
        sc.blockTimer = -1;
        if (sc.freed || !sc.isBlocked()) return AeEventLoop.AE_NOMORE;
        server.core.updateCachedTime();
        long errorsBefore = sc.reply.errorReplies();
        server.core.blocking.timeoutClient(sc);
        if (sc.cmd != null) server.updateStatsOnUnblock(sc, sc.cmd, 0, errorsBefore);
        server.networking.queueWriteIfNeeded(sc);
        return AeEventLoop.AE_NOMORE;
    }

    @Override
    public void clientUnblocked(Client c) {
        ServerClient sc = (ServerClient) c;
        if (sc.blockTimer >= 0) {
            server.el.deleteTimeEvent(sc.blockTimer);
            sc.blockTimer = -1;
        }
        // A postponed command has not run: nothing to reset, it runs again (pendingCommand).
        if (!sc.pendingCommand) sc.replyResetPending = true;
        if (!sc.unblockedPending && !sc.freed) {
            sc.unblockedPending = true;
            unblocked.add(sc);
        }
    }

    /** Serve a client whose key became ready: its command runs again, replies go to it. */
    @Override
    public void reexecute(Client c) {
        ServerClient sc = (ServerClient) c;
        server.core.updateCachedTime();
        // Monitors saw the command when it blocked; serving it is not a new command.
        boolean wasReprocessing = server.monitors.reprocessingCommand;
        server.monitors.reprocessingCommand = true;
        try {
            server.call(sc, sc.cmd);
        } finally {
            server.monitors.reprocessingCommand = wasReprocessing;
        }
        if (sc.reply.listBytes() > 0) server.checkOutputBufferLimits(sc);
        server.networking.queueWriteIfNeeded(sc);
    }

    /**
     * processUnblockedClients: forget the served command and process what the client sent
     * while it was blocked (pipelined commands after a BLPOP wait for it, as in Redis).
     */
    void processUnblockedClients() {
        for (int i = 0; i < unblocked.size(); i++) {
            ServerClient sc = unblocked.get(i);
            sc.unblockedPending = false;
            if (sc.freed || sc.closeAsap || sc.isBlocked()) continue;
            if (sc.pendingCommand) {
                server.networking.processInputBuffer(sc); // runs the postponed command first
                continue;
            }
            sc.argv = null;
            sc.argc = 0;
            Networking.finishUnblock(sc);
            if (sc.querybufUsed() > 0) server.networking.processInputBuffer(sc);
        }
        unblocked.clear();
    }
}
