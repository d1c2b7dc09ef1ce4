package io.aeredis.server;

import io.aeredis.commands.Client;
import io.aeredis.commands.RedisCommand;

/**
 * Everything the server measures about its own stalls, behind the few hooks RedisServer
 * calls: the loop-iteration figures ({@link EventLoopStats}), the latency monitor
 * ({@link LatencyMonitor}, latency.c) and the slow log ({@link SlowLog}, slowlog.c).
 * On a single-threaded server a slow command freezes every client; these make it visible.
 */
final class StallMonitor {
    final EventLoopStats eventLoop = new EventLoopStats();
    final LatencyMonitor latency;
    final SlowLog slowlog;

    StallMonitor(ServerConfig config) {
        this.latency = new LatencyMonitor(config);
        this.slowlog = new SlowLog(config);
    }

    /** afterSleep: an event-loop iteration starts. */
    void afterSleep() {
        eventLoop.cycleStarted();
    }

    /** The end of beforeSleep: the iteration is over; a long one is an "eventloop" latency event. */
    void beforeSleepDone() {
        long ms = eventLoop.cycleEnded();
        if (ms >= 0) latency.latencyAddSampleIfNeeded("eventloop", ms);
    }

    /** call(), before the command's proc. */
    void callStarted() {
        eventLoop.callStarted();
    }

    /**
     * call(), after the proc ran for {@code elapsedNs}: the loop's command time, then — unless
     * the command blocked, in which case it is accounted when it is finally served — the
     * "command"/"fast-command" latency event, the slow log and the command's histogram, all
     * in whole microseconds as Redis measures them.
     */
    void callFinished(Client c, RedisCommand cmd, long elapsedNs) {
        eventLoop.callFinished(cmd, elapsedNs);
        long durationUs = elapsedNs / 1000;
        if (c.isBlocked()) return;
        latency.latencyAddSampleIfNeeded(cmd.has(RedisCommand.FAST) ? "fast-command" : "command", durationUs / 1000);
        slowlog.pushCurrentCommand(c, cmd, durationUs);
        latency.recordCommand(cmd, durationUs);
    }

    /** updateStatsOnUnblock for a blocked command that ended without running again (timeout, worker script). */
    void blockedCommandEnded(Client c, RedisCommand cmd, long durationUs) {
        slowlog.pushCurrentCommand(c, cmd, durationUs);
        latency.recordCommand(cmd, durationUs);
    }

    /** CONFIG RESETSTAT: loop figures and per-command histograms (not the slow log or latency events, as in Redis). */
    void resetStats() {
        eventLoop.reset();
        latency.resetHistograms();
    }
}
