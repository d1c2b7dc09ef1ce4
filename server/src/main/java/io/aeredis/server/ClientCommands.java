package io.aeredis.server;

import io.aeredis.commands.Blocking;
import io.aeredis.commands.Client;
import io.aeredis.commands.CommandCommands;
import io.aeredis.commands.Util;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Connection commands from networking.c and acl.c: CLIENT (ID, SETNAME, GETNAME, LIST, INFO,
 * KILL, HELP), HELLO and AUTH, with Redis 7.0's replies and error texts. There is one user,
 * "default", whose password is {@code requirepass} (no password = any password works, as
 * Redis's nopass default user).
 */
final class ClientCommands {
    private static final String WRONGPASS = "-WRONGPASS invalid username-password pair or user is disabled.";
    private final RedisServer server;

    ClientCommands(RedisServer server) {
        this.server = server;
    }

    static String str(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    void clientIdCommand(Client c) {
        c.addReplyLongLong(c.id);
    }

    /** clientSetNameOrReply: names may not contain spaces, newlines or non-printable characters. */
    private static boolean clientSetNameOrReply(Client c, byte[] name) {
        for (byte b : name) {
            if (b < '!' || b > '~') {
                c.addReplyError("Client names cannot contain spaces, newlines or special characters.");
                return false;
            }
        }
        c.name = name.length == 0 ? null : name;
        return true;
    }

    void clientSetNameCommand(Client c) {
        if (clientSetNameOrReply(c, c.argv[2])) c.addReplyRaw(RedisServer.OK);
    }

    void clientGetNameCommand(Client c) {
        if (c.name == null) c.addReplyNull();
        else c.addReplyBulk(c.name);
    }

    void clientInfoCommand(Client c) {
        String line = server.networking.clientInfoString((ServerClient) c) + "\n";
        c.reply.addReplyVerbatim(line.getBytes(StandardCharsets.ISO_8859_1), "txt");
    }

    /** CLIENT LIST [TYPE type] [ID id [id ...]]. */
    void clientListCommand(Client c) {
        String type = null;
        List<Long> ids = null;
        if (c.argc == 4 && str(c.argv[2]).equalsIgnoreCase("type")) {
            type = str(c.argv[3]).toLowerCase(Locale.ROOT);
            if (clientTypeByName(type) < 0) {
                RedisServer.addReplyErrorRaw(c, "Unknown client type '" + RedisServer.cstr(c.argv[3]) + "'");
                return;
            }
        } else if (c.argc > 3 && str(c.argv[2]).equalsIgnoreCase("id")) {
            ids = new ArrayList<>();
            for (int j = 3; j < c.argc; j++) {
                Long id = ServerConfig.parseLong(str(c.argv[j]));
                if (id == null || id <= 0) {
                    c.addReplyError("Invalid client ID");
                    return;
                }
                ids.add(id);
            }
        } else if (c.argc != 2) {
            c.addReplyError("syntax error");
            return;
        }
        StringBuilder sb = new StringBuilder();
        for (ServerClient sc : server.networking.clients.values()) {
            if (type != null && clientTypeByName(type) != clientType(sc)) continue;
            if (ids != null && !ids.contains(sc.id)) continue;
            sb.append(server.networking.clientInfoString(sc)).append('\n');
        }
        c.reply.addReplyVerbatim(sb.toString().getBytes(StandardCharsets.ISO_8859_1), "txt");
    }

    /** getClientType: pubsub when subscribed, else normal (there are no replicas or masters). */
    static int clientType(ServerClient c) {
        return (c.flags & Client.PUBSUB) != 0 ? 2 : 0;
    }

    /** getClientTypeByName: 0 normal, 1 replica, 2 pubsub, 3 master, -1 unknown. */
    private static int clientTypeByName(String name) {
        switch (name.toLowerCase(Locale.ROOT)) {
            case "normal": return 0;
            case "slave": case "replica": return 1;
            case "pubsub": return 2;
            case "master": return 3;
            default: return -1;
        }
    }

    /** CLIENT KILL ip:port | CLIENT KILL [ID id] [TYPE t] [USER u] [ADDR a] [LADDR a] [SKIPME yes|no]. */
    void clientKillCommand(Client c) {
        ServerClient self = (ServerClient) c;
        String addr = null;
        String laddr = null;
        String user = null;
        long id = 0;
        int type = -1;
        boolean skipme = true;
        if (c.argc == 3) {
            addr = str(c.argv[2]);
            skipme = false; // the old form can kill the caller too
        } else if (c.argc > 3 && c.argc % 2 == 0) {
            for (int i = 2; i < c.argc; i += 2) {
                String opt = str(c.argv[i]).toLowerCase(Locale.ROOT);
                String val = str(c.argv[i + 1]);
                switch (opt) {
                    case "id" -> {
                        Long v = ServerConfig.parseLong(val);
                        if (v == null || v <= 0) {
                            c.addReplyError("client-id should be greater than 0");
                            return;
                        }
                        id = v;
                    }
                    case "type" -> {
                        type = clientTypeByName(val);
                        if (type < 0) {
                            RedisServer.addReplyErrorRaw(c, "Unknown client type '" + RedisServer.cstr(c.argv[i + 1]) + "'");
                            return;
                        }
                    }
                    case "addr" -> addr = val;
                    case "laddr" -> laddr = val;
                    case "user" -> {
                        if (!val.equals("default")) {
                            RedisServer.addReplyErrorRaw(c, "No such user '" + RedisServer.cstr(c.argv[i + 1]) + "'");
                            return;
                        }
                        user = val;
                    }
                    case "skipme" -> {
                        if (val.equalsIgnoreCase("yes")) skipme = true;
                        else if (val.equalsIgnoreCase("no")) skipme = false;
                        else {
                            c.addReplyError("syntax error");
                            return;
                        }
                    }
                    default -> {
                        c.addReplyError("syntax error");
                        return;
                    }
                }
            }
        } else {
            c.addReplyError("syntax error");
            return;
        }
        List<ServerClient> victims = new ArrayList<>();
        for (ServerClient sc : server.networking.clients.values()) {
            if (addr != null && !sc.addr.equals(addr)) continue;
            if (laddr != null && !server.networking.laddr(sc).equals(laddr)) continue;
            if (id != 0 && sc.id != id) continue;
            if (type >= 0 && type != clientType(sc)) continue;
            if (sc == self && skipme) continue;
            victims.add(sc);
        }
        boolean closeSelf = false;
        for (ServerClient v : victims) {
            if (v == self) closeSelf = true;
            else server.networking.freeClient(v);
        }
        if (c.argc == 3) {
            if (victims.isEmpty()) c.addReplyError("No such client");
            else c.addReplyRaw(RedisServer.OK);
        } else {
            c.addReplyLongLong(victims.size());
        }
        // Killing ourselves: close once the reply above is written.
        if (closeSelf) c.flags |= Client.CLOSE_AFTER_REPLY;
    }

    /**
     * CLIENT REPLY ON|OFF|SKIP (clientCommand): OFF sends nothing, not even its own reply, until
     * ON, whose +OK is sent; SKIP drops the next command's reply (and is ignored while OFF).
     * The flags are turned into the reply buffer's discard switch here and after every
     * command ({@link Networking#resetClientReplyFlags}), so dropped replies allocate nothing.
     */
    void clientReplyCommand(Client c) {
        String mode = str(c.argv[2]);
        if (mode.equalsIgnoreCase("on")) {
            c.flags &= ~(Client.REPLY_SKIP | Client.REPLY_OFF);
            Networking.updateReplyDiscard(c);
            c.addReplyRaw(RedisServer.OK);
        } else if (mode.equalsIgnoreCase("off")) {
            c.flags |= Client.REPLY_OFF;
            Networking.updateReplyDiscard(c);
        } else if (mode.equalsIgnoreCase("skip")) {
            if ((c.flags & Client.REPLY_OFF) == 0) c.flags |= Client.REPLY_SKIP_NEXT;
        } else {
            c.addReplyError("syntax error");
        }
    }

    /**
     * CLIENT UNBLOCK client-id [TIMEOUT|ERROR] (clientCommand): a client blocked by a blocking
     * command (BLPOP, BZPOPMIN, ...) gets its timeout reply, or -UNBLOCKED, and is unblocked:
     * :1. Anything else is :0, including a client paused by CLIENT PAUSE (Redis 7.0.15 crashes
     * on that; 7.2 refuses it) and a client waiting for its EVAL_SLOW_SCRIPT worker, an
     * aeredis-only block that, like a module block without a timeout callback, cannot be cut short.
     */
    void clientUnblockCommand(Client c) {
        if (c.argc != 3 && c.argc != 4) {
            RedisServer.addReplySubcommandSyntaxError(c);
            return;
        }
        boolean unblockError = false;
        if (c.argc == 4) {
            String reason = str(c.argv[3]);
            if (reason.equalsIgnoreCase("error")) {
                unblockError = true;
            } else if (!reason.equalsIgnoreCase("timeout")) {
                c.addReplyError("CLIENT UNBLOCK reason should be TIMEOUT or ERROR");
                return;
            }
        }
        if (!Util.getLongLongOrReply(c, c.argv[2], null)) return;
        ServerClient target = server.networking.clients.get(Util.string2ll(c.argv[2]));
        if (target == null || !target.isBlocked() || !blockedByCommand(target.btype)) {
            c.addReplyLongLong(0);
            return;
        }
        long errorsBefore = target.reply.errorReplies();
        if (unblockError) {
            target.addReplyError("-UNBLOCKED client unblocked via CLIENT UNBLOCK");
            server.core.blocking.unblockClient(target);
        } else {
            server.core.blocking.timeoutClient(target); // replyToBlockedClientTimedOut + unblockClient
        }
        if (target.cmd != null) server.updateStatsOnUnblock(target, target.cmd, 0, errorsBefore);
        server.networking.queueWriteIfNeeded(target);
        c.addReplyLongLong(1);
    }

    /** The blocks CLIENT UNBLOCK may end: those of blocking commands, which have a timeout reply. */
    private static boolean blockedByCommand(int btype) {
        return btype == Blocking.BLOCKED_LIST || btype == Blocking.BLOCKED_ZSET || btype == Blocking.BLOCKED_STREAM;
    }

    /**
     * CLIENT PAUSE timeout [WRITE|ALL] (clientCommand): timeout in milliseconds
     * (getTimeoutFromObjectOrReply with UNIT_MILLISECONDS; 0, or a sum past the end of time as
     * Redis's signed overflow gives, is a pause already over). See {@link ClientPause}.
     */
    void clientPauseCommand(Client c) {
        if (c.argc != 3 && c.argc != 4) {
            RedisServer.addReplySubcommandSyntaxError(c);
            return;
        }
        int type = ClientPause.PAUSE_ALL;
        if (c.argc == 4) {
            String mode = str(c.argv[3]);
            if (mode.equalsIgnoreCase("write")) {
                type = ClientPause.PAUSE_WRITE;
            } else if (!mode.equalsIgnoreCase("all")) {
                c.addReplyError("CLIENT PAUSE mode must be WRITE or ALL");
                return;
            }
        }
        if (!Util.getLongLongOrReply(c, c.argv[2], "timeout is not an integer or out of range")) return;
        long tval = Util.string2ll(c.argv[2]);
        if (tval < 0) {
            c.addReplyError("timeout is negative");
            return;
        }
        if (tval > 0) tval += System.currentTimeMillis();
        server.pause.pauseClients(tval, type);
        c.addReplyRaw(RedisServer.OK);
    }

    /** CLIENT UNPAUSE: unpauseClients. */
    void clientUnpauseCommand(Client c) {
        server.pause.unpauseClients();
        c.addReplyRaw(RedisServer.OK);
    }

    /** CLIENT NO-EVICT ON|OFF: only the flag; aeredis has no client eviction (maxmemory-clients). */
    void clientNoEvictCommand(Client c) {
        String mode = str(c.argv[2]);
        if (mode.equalsIgnoreCase("on")) {
            c.flags |= Client.NO_EVICT;
            c.addReplyRaw(RedisServer.OK);
        } else if (mode.equalsIgnoreCase("off")) {
            c.flags &= ~Client.NO_EVICT;
            c.addReplyRaw(RedisServer.OK);
        } else {
            c.addReplyError("syntax error");
        }
    }

    void clientHelpCommand(Client c) {
        // Redis 7.0's text without the tracking subcommands (CACHING, GETREDIR, TRACKING, TRACKINGINFO).
        String[] help = {
            "GETNAME",
            "    Return the name of the current connection.",
            "ID",
            "    Return the ID of the current connection.",
            "INFO",
            "    Return information about the current client connection.",
            "KILL <ip:port>",
            "    Kill connection made from <ip:port>.",
            "KILL <option> <value> [<option> <value> [...]]",
            "    Kill connections. Options are:",
            "    * ADDR (<ip:port>|<unixsocket>:0)",
            "      Kill connections made from the specified address",
            "    * LADDR (<ip:port>|<unixsocket>:0)",
            "      Kill connections made to specified local address",
            "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
            "      Kill connections by type.",
            "    * USER <username>",
            "      Kill connections authenticated by <username>.",
            "    * SKIPME (YES|NO)",
            "      Skip killing current connection (default: yes).",
            "LIST [options ...]",
            "    Return information about client connections. Options:",
            "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
            "      Return clients of specified type.",
            "UNPAUSE",
            "    Stop the current client pause, resuming traffic.",
            "PAUSE <timeout> [WRITE|ALL]",
            "    Suspend all, or just write, clients for <timeout> milliseconds.",
            "REPLY (ON|OFF|SKIP)",
            "    Control the replies sent to the current connection.",
            "SETNAME <name>",
            "    Assign the name <name> to the current connection.",
            "UNBLOCK <clientid> [TIMEOUT|ERROR]",
            "    Unblock the specified blocked client.",
            "NO-EVICT (ON|OFF)",
            "    Protect current client connection from eviction.",
        };
        CommandCommands.addReplyHelp(c, help);
    }

    /** authCommand: AUTH [username] password. */
    void authCommand(Client c) {
        if (c.argc > 3) {
            c.addReplyError("syntax error");
            return;
        }
        if (c.argc == 2 && server.config.requirepass.isEmpty()) {
            c.addReplyError("AUTH <password> called without any password configured for the default user. "
                    + "Are you sure your configuration is correct?");
            return;
        }
        byte[] user = c.argc == 3 ? c.argv[1] : "default".getBytes(StandardCharsets.US_ASCII);
        byte[] pass = c.argv[c.argc - 1];
        if (authenticate(c, user, pass)) c.addReplyRaw(RedisServer.OK);
        else c.addReplyError(WRONGPASS);
    }

    /** ACLAuthenticateUser for the single default user. */
    private boolean authenticate(Client c, byte[] user, byte[] pass) {
        if (!str(user).equals("default")) return false;
        String required = server.config.requirepass;
        if (!required.isEmpty() && !java.security.MessageDigest.isEqual(required.getBytes(StandardCharsets.ISO_8859_1), pass)) {
            return false;
        }
        c.authenticated = true;
        return true;
    }

    /** helloCommand: HELLO [protover [AUTH username password] [SETNAME clientname]]. */
    void helloCommand(Client c) {
        long ver = 0;
        int next = 1;
        if (c.argc >= 2) {
            Long v = ServerConfig.parseLong(str(c.argv[next++]));
            if (v == null) {
                c.addReplyError("Protocol version is not an integer or out of range");
                return;
            }
            ver = v;
            if (ver < 2 || ver > 3) {
                c.addReplyError("-NOPROTO unsupported protocol version");
                return;
            }
        }
        byte[] clientname = null;
        for (int j = next; j < c.argc; j++) {
            int moreargs = (c.argc - 1) - j;
            String opt = str(c.argv[j]);
            if (opt.equalsIgnoreCase("AUTH") && moreargs >= 2) {
                // As Redis: AUTH takes effect where it stands, before later options are parsed.
                if (!authenticate(c, c.argv[j + 1], c.argv[j + 2])) {
                    c.addReplyError(WRONGPASS);
                    return;
                }
                j += 2;
            } else if (opt.equalsIgnoreCase("SETNAME") && moreargs > 0) {
                clientname = c.argv[j + 1];
                j++;
            } else {
                RedisServer.addReplyErrorRaw(c, "Syntax error in HELLO option '" + RedisServer.cstr(c.argv[j]) + "'");
                return;
            }
        }
        if (!c.authenticated) {
            c.addReplyError("-NOAUTH HELLO must be called with the client already authenticated, otherwise the "
                    + "HELLO <proto> AUTH <user> <pass> option can be used to authenticate the client and select "
                    + "the RESP protocol version at the same time");
            return;
        }
        if (clientname != null && !clientSetNameOrReply(c, clientname)) return;
        if (ver != 0) c.reply.setResp((int) ver);
        c.addReplyMapLen(7);
        c.addReplyBulkCString("server");
        c.addReplyBulkCString("redis");
        c.addReplyBulkCString("version");
        c.addReplyBulkCString(RedisServer.REDIS_VERSION);
        c.addReplyBulkCString("proto");
        c.addReplyLongLong(c.resp());
        c.addReplyBulkCString("id");
        c.addReplyLongLong(c.id);
        c.addReplyBulkCString("mode");
        c.addReplyBulkCString("standalone");
        c.addReplyBulkCString("role");
        c.addReplyBulkCString("master");
        c.addReplyBulkCString("modules");
        c.addReplyArrayLen(0);
    }
}
