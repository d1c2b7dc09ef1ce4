package io.aeredis.server;

import io.aeredis.commands.Client;
import io.aeredis.commands.CommandProc;
import io.aeredis.commands.CommandTable;
import io.aeredis.commands.RedisCommand;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;

import static io.aeredis.commands.RedisCommand.command;

/**
 * MONITOR: server.monitors, monitorCommand (server.c) and replicationFeedMonitors
 * (replication.c), with Redis 7.0's rules:
 *
 * <ul>
 * <li>A command is shown after it ran (so {@code SELECT 1} shows db 1, and a command that
 *     failed is shown with the error it got back), by call(); a command rejected before
 *     running (unknown, wrong arity, NOAUTH, BUSY...) is not. Commands flagged admin or
 *     skip_monitor are never shown. A blocked command is shown once, when it first ran: not
 *     again when it is served.</li>
 * <li>EVAL, EVALSHA, FCALL and their _RO variants are skip_monitor: they feed the monitors
 *     themselves, before the script runs, so that the script's {@code redis.call}s follow
 *     them, each shown as {@code [db lua]} (aeredis scripts are JavaScript, the text stays
 *     {@code lua} as clients expect). EVAL_SLOW_SCRIPT is treated the same.</li>
 * <li>AUTH's and HELLO's passwords show as {@code "(redacted)"}, as redactClientCommandArgument
 *     leaves them.</li>
 * <li>MULTI is shown when it runs, the queued commands when EXEC runs them, EXEC after them.</li>
 * </ul>
 *
 * <p>A monitor is a client flagged CLIENT_MONITOR (Redis also flags it CLIENT_SLAVE): it gets
 * every line as a status reply, in RESP2 and RESP3 alike; it may still send commands that do
 * not touch the keyspace ({@code Replica can't interact with the keyspace} otherwise); RESET
 * and QUIT end it. For output buffer limits and CLIENT LIST TYPE it is a normal client
 * (getClientType exposes monitors as normal), with flag {@code O}; idle timeouts skip it.
 *
 * <p>Costs nothing while nobody monitors: call() tests {@link #isEmpty()} and nothing else.
 */
final class Monitors {
    private final RedisServer server;
    /** server.monitors. */
    private final ArrayList<ServerClient> monitors = new ArrayList<>();
    /** Set while a blocked client's command runs again to be served: not shown a second time. */
    boolean reprocessingCommand;

    Monitors(RedisServer server) {
        this.server = server;
    }

    static void register(CommandTable t, Monitors m) {
        t.add(command("monitor", 1, "admin noscript loading stale", 0, 0, 0, "server")
                .since("1.0.0").summary("Listen for all requests received by the server in real time")
                .proc(m::monitorCommand));
    }

    /**
     * Makes the script commands feed the monitors before they run, as evalCommand and
     * fcallCommand do (they are skip_monitor, so call() does not show them).
     */
    void wrapScriptCommands(CommandTable t) {
        for (String name : new String[] {"eval", "evalsha", "eval_ro", "evalsha_ro", "fcall", "fcall_ro", "eval_slow_script"}) {
            RedisCommand cmd = t.lookup(name);
            if (cmd == null) continue;
            CommandProc proc = cmd.proc;
            cmd.proc = c -> {
                if (!monitors.isEmpty()) feed(c, c.db.id, c.argv, c.argc, null);
                proc.call(c);
            };
        }
    }

    boolean isEmpty() {
        return monitors.isEmpty();
    }

    /**
     * monitorCommand: not inside EXEC (a client there expects one reply per command); a
     * client that already monitors gets no reply at all, as in Redis.
     */
    void monitorCommand(Client client) {
        ServerClient c = (ServerClient) client;
        if ((c.flags & Client.DENY_BLOCKING) != 0) {
            c.addReplyError("MONITOR isn't allowed for DENY BLOCKING client");
            return;
        }
        if ((c.flags & Client.MONITOR) != 0) return;
        c.flags |= Client.MONITOR;
        monitors.add(c);
        c.addReplyRaw(RedisServer.OK);
    }

    /** The client leaves monitor mode (RESET, or it is freed). */
    void remove(ServerClient c) {
        if ((c.flags & Client.MONITOR) == 0) return;
        c.flags &= ~Client.MONITOR;
        monitors.remove(c);
    }

    /**
     * call()'s part, after {@code cmd} ran for {@code c} (a client, or the script client):
     * show it unless it is admin or skip_monitor, or a blocked command being served.
     */
    void afterCall(Client c, RedisCommand cmd) {
        if (cmd.has(RedisCommand.ADMIN | RedisCommand.SKIP_MONITOR) || reprocessingCommand) return;
        feed(c, c.db.id, c.argv, c.argc, SlowLog.redactedArguments(cmd, c.argv, c.argc));
    }

    /**
     * replicationFeedMonitors: one status line, the same bytes for every monitor:
     * {@code +<unix time>.<microseconds> [<db> <peer>] "arg" "arg"...}, where the peer is
     * ip:port, or {@code lua} for a command a script called.
     */
    void feed(Client c, int dictid, byte[][] argv, int argc, boolean[] redacted) {
        Instant now = Instant.now();
        StringBuilder sb = new StringBuilder(64 + 16 * argc);
        sb.append('+').append(now.getEpochSecond()).append('.');
        String micros = Integer.toString(now.getNano() / 1000);
        for (int i = micros.length(); i < 6; i++) sb.append('0');
        sb.append(micros).append(" [").append(dictid).append(' ');
        sb.append(c instanceof ServerClient sc ? sc.addr : "lua").append("] ");
        for (int j = 0; j < argc; j++) {
            if (redacted != null && redacted[j]) {
                sb.append("\"(redacted)\"");
            } else {
                Sds.catRepr(sb, argv[j], 0, argv[j].length);
            }
            if (j != argc - 1) sb.append(' ');
        }
        sb.append("\r\n");
        byte[] line = sb.toString().getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i < monitors.size(); i++) {
            ServerClient m = monitors.get(i);
            // prepareClientToWrite: nothing more goes to a client that is closing (a monitor's own QUIT).
            if (m.freed || (m.flags & (Client.CLOSE_AFTER_REPLY | Client.CLOSE_ASAP)) != 0) continue;
            m.reply.addReplyRaw(line);
            // A monitor that does not read is cut off like any client over its limit.
            if (m.reply.listBytes() > 0) server.checkOutputBufferLimits(m);
            server.networking.queueWriteIfNeeded(m);
        }
    }
}
