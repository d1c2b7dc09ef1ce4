package io.aeredis.server;

import io.aeredis.commands.Client;
import io.aeredis.commands.CommandCommands;
import io.aeredis.commands.CommandTable;
import io.aeredis.commands.Util;

import java.util.Iterator;

import static io.aeredis.commands.RedisCommand.command;

/** SLOWLOG GET / LEN / RESET / HELP (slowlog.c's slowlogCommand), over {@link SlowLog}. */
final class SlowlogCommands {
    private final SlowLog slowlog;

    private SlowlogCommands(SlowLog slowlog) {
        this.slowlog = slowlog;
    }

    /** The SLOWLOG container and its rows, Redis 7.0's arity, flags and tips, in its subcommand order. */
    static void register(CommandTable t, SlowLog slowlog) {
        SlowlogCommands s = new SlowlogCommands(slowlog);
        t.add(command("slowlog", -2, "", 0, 0, 0, "server")
                .since("2.2.12").summary("A container for slow log commands").complexity("Depends on subcommand.")
                .subcommand(command("reset", 2, "admin loading stale", 0, 0, 0, "server")
                        .since("2.2.12").summary("Clear all entries from the slow log")
                        .complexity("O(N) where N is the number of entries in the slowlog")
                        .tips("request_policy:all_nodes response_policy:all_succeeded").proc(s::slowlogResetCommand))
                .subcommand(command("len", 2, "admin loading stale", 0, 0, 0, "server")
                        .since("2.2.12").summary("Get the slow log's length").complexity("O(1)")
                        .tips("request_policy:all_nodes response_policy:agg_sum nondeterministic_output")
                        .proc(s::slowlogLenCommand))
                .subcommand(command("help", 2, "loading stale", 0, 0, 0, "server")
                        .since("6.2.0").summary("Show helpful text about the different subcommands").complexity("O(1)")
                        .proc(s::slowlogHelpCommand))
                .subcommand(command("get", -2, "admin loading stale", 0, 0, 0, "server")
                        .since("2.2.12").summary("Get the slow log's entries").complexity("O(N) where N is the number of entries returned")
                        .history("4.0.0", "Added client IP address, port and name to the reply.")
                        .syntax("[count]").tips("request_policy:all_nodes nondeterministic_output")
                        .proc(s::slowlogGetCommand)));
    }

    void slowlogHelpCommand(Client c) {
        CommandCommands.addReplyHelp(c, new String[]{
            "GET [<count>]",
            "    Return top <count> entries from the slowlog (default: 10, -1 mean all).",
            "    Entries are made of:",
            "    id, timestamp, time in microseconds, arguments array, client IP and port,",
            "    client name",
            "LEN",
            "    Return the length of the slowlog.",
            "RESET",
            "    Reset the slowlog.",
        });
    }

    void slowlogResetCommand(Client c) {
        slowlog.reset();
        c.addReplyRaw(RedisServer.OK);
    }

    void slowlogLenCommand(Client c) {
        c.addReplyLongLong(slowlog.length());
    }

    /** SLOWLOG GET [count]: the newest {@code count} entries (default 10, -1 for all). */
    void slowlogGetCommand(Client c) {
        if (c.argc > 3) {
            RedisServer.addReplySubcommandSyntaxError(c);
            return;
        }
        long count = 10;
        if (c.argc == 3) {
            if (!Util.getRangeLongOrReply(c, c.argv[2], -1, Long.MAX_VALUE, "count should be greater than or equal to -1")) return;
            count = Util.string2ll(c.argv[2]);
            if (count == -1) count = slowlog.length();
        }
        count = Math.min(count, slowlog.length());
        c.addReplyArrayLen(count);
        Iterator<SlowLog.Entry> it = slowlog.newestFirst();
        while (count-- > 0) {
            SlowLog.Entry se = it.next();
            c.addReplyArrayLen(6);
            c.addReplyLongLong(se.id());
            c.addReplyLongLong(se.time());
            c.addReplyLongLong(se.duration());
            c.addReplyArrayLen(se.argv().length);
            for (byte[] arg : se.argv()) c.addReplyBulk(arg);
            c.addReplyBulkCString(se.peerid());
            c.addReplyBulk(se.cname());
        }
    }
}
