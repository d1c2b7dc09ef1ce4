package io.aeredis.server;

import io.aeredis.ae.AeEventLoop;
import io.aeredis.commands.Blocking;
import io.aeredis.commands.Client;
import io.aeredis.commands.RedisCommand;

import java.util.ArrayList;
import java.util.List;

/**
 * CLIENT PAUSE / UNPAUSE (networking.c pauseClients, unpauseClients,
 * checkClientPauseTimeoutAndReturnIfPaused; server.c blockPostponeClient). While a pause is
 * on, a command that must wait (every command for ALL; for WRITE those flagged write or
 * may_replicate, and an EXEC whose queue holds one) blocks its client as BLOCKED_POSTPONE
 * before it runs or is queued in MULTI; when the pause ends (its ae timer, or UNPAUSE) every
 * postponed client is unblocked and its command goes through processCommand again. As in
 * Redis 7.0 the pausing client is paused too, and keys do not expire while paused: lazy
 * expiry reports them expired without deleting them, active expiry is skipped.
 */
final class ClientPause {
    static final int PAUSE_OFF = 0;
    static final int PAUSE_WRITE = 1;
    static final int PAUSE_ALL = 2;

    private final RedisServer server;
    /** server.client_pause_type and client_pause_end_time (unix ms). */
    private int type = PAUSE_OFF;
    private long end;
    /** The ae timer that ends the pause, or -1. */
    private long timer = -1;
    /** server.postponed_clients, in arrival order. */
    private final List<ServerClient> postponed = new ArrayList<>();

    ClientPause(RedisServer server) {
        this.server = server;
    }

    int type() {
        return type;
    }

    /**
     * pauseClients: a second pause can only lengthen the pause or widen WRITE to ALL. An end
     * in the past (timeout 0, or an overflowing one) ends it at the next check.
     */
    void pauseClients(long endMs, int newType) {
        if (newType > type) type = newType;
        if (endMs > end) end = endMs;
        armTimer();
    }

    private void armTimer() {
        if (server.el == null) return;
        if (timer >= 0) server.el.deleteTimeEvent(timer);
        long delay = Math.min(Math.max(0, end - System.currentTimeMillis()), 1L << 40);
        timer = server.el.createTimeEvent(delay, this::pauseTimerFired, null, null);
    }

    private long pauseTimerFired(AeEventLoop el, long id, Object clientData) {
        timer = -1;
        server.core.updateCachedTime();
        if (!checkClientPauseTimeoutAndReturnIfPaused()) return AeEventLoop.AE_NOMORE;
        // Fired a little early (the timer's clock is not mstime's): try again when it is due.
        long left = end - server.core.mstime + 1;
        timer = id;
        return Math.max(1, left);
    }

    /** unpauseClients: end the pause and let every postponed client run its command. */
    void unpauseClients() {
        type = PAUSE_OFF;
        end = 0;
        if (timer >= 0 && server.el != null) server.el.deleteTimeEvent(timer);
        timer = -1;
        List<ServerClient> resume = new ArrayList<>(postponed);
        postponed.clear();
        for (ServerClient c : resume) {
            if (c.freed || !c.isBlocked() || c.btype != Blocking.BLOCKED_POSTPONE) continue;
            c.pendingCommand = true;
            server.core.blocking.unblockClient(c);
        }
    }

    /** checkClientPauseTimeoutAndReturnIfPaused: ends a pause whose time is over; true while paused. */
    boolean checkClientPauseTimeoutAndReturnIfPaused() {
        if (type == PAUSE_OFF) return false;
        if (end < server.core.mstime) unpauseClients();
        return type != PAUSE_OFF;
    }

    /**
     * processCommand's pause test: whether {@code cmd} must wait. For WRITE, is_may_replicate_command
     * (write or may_replicate, or an EXEC of a queue holding such a command).
     */
    boolean mustPostpone(ServerClient c, RedisCommand cmd) {
        if (type == PAUSE_OFF || !checkClientPauseTimeoutAndReturnIfPaused()) return false;
        if (type == PAUSE_ALL) return true;
        if (cmd.has(RedisCommand.WRITE | RedisCommand.MAY_REPLICATE)) return true;
        return cmd.parent == null && cmd.name.equals("exec") && (c.flags & Client.MULTI) != 0
                && MultiCommands.queuedMayReplicate(c);
    }

    /** blockPostponeClient: park the client with its command, no timeout. */
    void blockPostponeClient(ServerClient c) {
        c.bpopTimeout = 0;
        postponed.add(c);
        server.core.blocking.blockClient(c, Blocking.BLOCKED_POSTPONE);
    }
}
