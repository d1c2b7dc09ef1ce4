package io.aeredis.server;

import io.aeredis.commands.Client;
import io.aeredis.commands.CommandCommands;
import io.aeredis.commands.CommandTable;
import io.aeredis.commands.RedisCommand;
import org.HdrHistogram.Histogram;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static io.aeredis.commands.RedisCommand.command;

/**
 * LATENCY LATEST / HISTORY / RESET / DOCTOR / GRAPH / HISTOGRAM / HELP (latency.c's
 * latencyCommand), over {@link LatencyMonitor}.
 */
final class LatencyCommands {
    private final RedisServer server;
    private final LatencyMonitor latency;

    private LatencyCommands(RedisServer server, LatencyMonitor latency) {
        this.server = server;
        this.latency = latency;
    }

    /** The LATENCY container and its rows: Redis 7.0's arity, flags and tips, in its subcommand order. */
    static void register(CommandTable t, RedisServer server, LatencyMonitor latency) {
        LatencyCommands l = new LatencyCommands(server, latency);
        String flags = "admin noscript loading stale";
        String nondet = "nondeterministic_output request_policy:all_nodes response_policy:special";
        t.add(command("latency", -2, "", 0, 0, 0, "server")
                .since("2.8.13").summary("A container for latency diagnostics commands").complexity("Depends on subcommand.")
                .subcommand(command("histogram", -2, flags, 0, 0, 0, "server")
                        .since("7.0.0").summary("Return the cumulative distribution of latencies of a subset of commands or all.")
                        .complexity("O(N) where N is the number of commands with latency information being retrieved.")
                        .syntax("[command [command ...]]").tips(nondet).proc(l::latencyHistogramCommand))
                .subcommand(command("history", 3, flags, 0, 0, 0, "server")
                        .since("2.8.13").summary("Return timestamp-latency samples for the event.").complexity("O(1)")
                        .syntax("event").tips(nondet).proc(l::latencyHistoryCommand))
                .subcommand(command("doctor", 2, flags, 0, 0, 0, "server")
                        .since("2.8.13").summary("Return a human readable latency analysis report.").complexity("O(1)")
                        .tips(nondet).proc(l::latencyDoctorCommand))
                .subcommand(command("reset", -2, flags, 0, 0, 0, "server")
                        .since("2.8.13").summary("Reset latency data for one or more events.").complexity("O(1)")
                        .syntax("[event [event ...]]").tips("request_policy:all_nodes response_policy:all_succeeded")
                        .proc(l::latencyResetCommand))
                .subcommand(command("graph", 3, flags, 0, 0, 0, "server")
                        .since("2.8.13").summary("Return a latency graph for the event.").complexity("O(1)")
                        .syntax("event").tips(nondet).proc(l::latencyGraphCommand))
                .subcommand(command("help", 2, "loading stale", 0, 0, 0, "server")
                        .since("2.8.13").summary("Show helpful text about the different subcommands.").complexity("O(1)")
                        .proc(l::latencyHelpCommand))
                .subcommand(command("latest", 2, flags, 0, 0, 0, "server")
                        .since("2.8.13").summary("Return the latest latency samples for all events.").complexity("O(1)")
                        .tips(nondet).proc(l::latencyLatestCommand)));
    }

    /** LATENCY LATEST: [event, time of the latest spike, its ms, all-time max ms] per event. */
    void latencyLatestCommand(Client c) {
        c.addReplyArrayLen(latency.events.size());
        for (Map.Entry<String, LatencyMonitor.TimeSeries> e : latency.events.entrySet()) {
            LatencyMonitor.TimeSeries ts = e.getValue();
            int last = (ts.idx + LatencyMonitor.LATENCY_TS_LEN - 1) % LatencyMonitor.LATENCY_TS_LEN;
            c.addReplyArrayLen(4);
            c.addReplyBulkCString(e.getKey());
            c.addReplyLongLong(ts.time[last]);
            c.addReplyLongLong(ts.latency[last]);
            c.addReplyLongLong(ts.max);
        }
    }

    /** LATENCY HISTORY event: latencyCommandReplyWithSamples, oldest first; the event name is case-sensitive. */
    void latencyHistoryCommand(Client c) {
        LatencyMonitor.TimeSeries ts = latency.events.get(RedisServer.cstr(c.argv[2]));
        if (ts == null) {
            c.addReplyArrayLen(0);
            return;
        }
        int samples = 0;
        for (long t : ts.time) if (t != 0) samples++;
        c.addReplyArrayLen(samples);
        for (int j = 0; j < LatencyMonitor.LATENCY_TS_LEN; j++) {
            int i = (ts.idx + j) % LatencyMonitor.LATENCY_TS_LEN;
            if (ts.time[i] == 0) continue;
            c.addReplyArrayLen(2);
            c.addReplyLongLong(ts.time[i]);
            c.addReplyLongLong(ts.latency[i]);
        }
    }

    /** LATENCY GRAPH event: an ASCII sparkline of the event's samples. */
    void latencyGraphCommand(Client c) {
        String event = RedisServer.cstr(c.argv[2]);
        LatencyMonitor.TimeSeries ts = latency.events.get(event);
        if (ts == null) {
            RedisServer.addReplyErrorRaw(c, "No samples available for event '" + event + "'");
            return;
        }
        c.reply.addReplyVerbatim(latency.genSparkline(event, ts).getBytes(StandardCharsets.ISO_8859_1), "txt");
    }

    void latencyDoctorCommand(Client c) {
        String report = latency.createLatencyReport(server.stalls.eventLoop);
        c.reply.addReplyVerbatim(report.getBytes(StandardCharsets.ISO_8859_1), "txt");
    }

    /** LATENCY RESET [event ...]: how many events were forgotten. */
    void latencyResetCommand(Client c) {
        if (c.argc == 2) {
            c.addReplyLongLong(latency.latencyResetEvent(null));
            return;
        }
        int resets = 0;
        for (int j = 2; j < c.argc; j++) resets += latency.latencyResetEvent(RedisServer.cstr(c.argv[j]));
        c.addReplyLongLong(resets);
    }

    /**
     * LATENCY HISTOGRAM [command ...]: command -&gt; {calls, histogram_usec} for every command
     * (or each named one; a container also brings its subcommands) that has run since the
     * last CONFIG RESETSTAT. Unknown names are skipped; a name given twice is answered twice.
     */
    void latencyHistogramCommand(Client c) {
        Object replylen = c.reply.addReplyDeferredLen();
        int withData = 0;
        if (c.argc == 2) {
            for (RedisCommand cmd : server.core.commands.all()) {
                withData += fillIfRecorded(c, cmd);
                for (RedisCommand sub : cmd.subcommands.values()) withData += fillIfRecorded(c, sub);
            }
        } else {
            for (int j = 2; j < c.argc; j++) {
                RedisCommand cmd = server.core.commands.lookup(new String(c.argv[j], StandardCharsets.ISO_8859_1));
                if (cmd == null) continue;
                withData += fillIfRecorded(c, cmd);
                for (RedisCommand sub : cmd.subcommands.values()) withData += fillIfRecorded(c, sub);
            }
        }
        c.reply.setDeferredMapLen(replylen, withData);
    }

    private int fillIfRecorded(Client c, RedisCommand cmd) {
        Histogram h = latency.histogram(cmd);
        if (h == null) return 0;
        c.addReplyBulkCString(cmd.fullname);
        LatencyMonitor.fillCommandCDF(c, h);
        return 1;
    }

    void latencyHelpCommand(Client c) {
        CommandCommands.addReplyHelp(c, new String[]{
            "DOCTOR",
            "    Return a human readable latency analysis report.",
            "GRAPH <event>",
            "    Return an ASCII latency graph for the <event> class.",
            "HISTORY <event>",
            "    Return time-latency samples for the <event> class.",
            "LATEST",
            "    Return the latest latency samples for all events.",
            "RESET [<event> ...]",
            "    Reset latency data of one or more <event> classes.",
            "    (default: reset all data for all event classes)",
            "HISTOGRAM [COMMAND ...]",
            "    Return a cumulative distribution of latencies in the format of a histogram for the specified command names.",
            "    If no commands are specified then all histograms are replied.",
        });
    }
}
