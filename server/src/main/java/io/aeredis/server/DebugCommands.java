package io.aeredis.server;

import io.aeredis.commands.Client;
import io.aeredis.commands.CommandCommands;

import java.util.Locale;

/**
 * SHUTDOWN (server.c) and DEBUG (debug.c). DEBUG obeys {@code enable-debug-command} exactly as
 * Redis 7.0 does (default "no"); DEBUG SLEEP blocks the event loop on purpose — the plainest
 * stall there is.
 */
final class DebugCommands {
    private final RedisServer server;

    DebugCommands(RedisServer server) {
        this.server = server;
    }

    /** shutdownCommand: SHUTDOWN [NOSAVE|SAVE] [NOW] [FORCE] [ABORT]. Nothing to save yet, so no reply: the process exits. */
    void shutdownCommand(Client c) {
        boolean abort = false;
        int saveFlags = 0;
        for (int i = 1; i < c.argc; i++) {
            switch (ClientCommands.str(c.argv[i]).toLowerCase(Locale.ROOT)) {
                case "nosave" -> saveFlags |= 1;
                case "save" -> saveFlags |= 2;
                case "now", "force" -> { }
                case "abort" -> abort = true;
                default -> {
                    c.addReplyError("syntax error");
                    return;
                }
            }
        }
        if ((abort && c.argc != 2) || saveFlags == 3) {
            c.addReplyError("syntax error");
            return;
        }
        if (abort) {
            c.addReplyError("No shutdown in progress.");
            return;
        }
        server.requestShutdownFromCommand();
    }

    /** debugCommand: only SLEEP and HELP are implemented; anything else is a subcommand syntax error. */
    void debugCommand(Client c) {
        if (!debugAllowed((ServerClient) c)) {
            c.addReplyError("DEBUG command not allowed. If the enable-debug-command option is set to \"local\", "
                    + "you can run it from a local connection, otherwise you need to set this option in the "
                    + "configuration file, and then restart the server.");
            return;
        }
        String sub = ClientCommands.str(c.argv[1]).toLowerCase(Locale.ROOT);
        if (sub.equals("help") && c.argc == 2) {
            CommandCommands.addReplyHelp(c, new String[]{
                "SLEEP <seconds>",
                "    Stop the server for <seconds>. Decimals allowed.",
            });
        } else if (sub.equals("sleep") && c.argc == 3) {
            double seconds = parseStrtod(ClientCommands.str(c.argv[2]));
            long micros = (long) (seconds * 1_000_000);
            if (micros > 0) {
                try {
                    Thread.sleep(micros / 1000, (int) (micros % 1000) * 1000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            c.addReplyRaw(RedisServer.OK);
        } else {
            RedisServer.addReplySubcommandSyntaxError(c);
        }
    }

    /** enable-debug-command: "yes", or "local" for loopback clients only. */
    private boolean debugAllowed(ServerClient c) {
        String mode = server.config.enableDebugCommand;
        if (mode.equals("yes")) return true;
        if (mode.equals("local")) return c.addr.startsWith("127.") || c.addr.startsWith("[::1]:");
        return false;
    }

    /** strtod's leniency: the longest numeric prefix, 0 if none (DEBUG SLEEP uses strtod). */
    static double parseStrtod(String s) {
        String t = s.trim();
        for (int end = t.length(); end > 0; end--) {
            try {
                return Double.parseDouble(t.substring(0, end));
            } catch (NumberFormatException ignored) {
                // try a shorter prefix
            }
        }
        return 0;
    }
}
