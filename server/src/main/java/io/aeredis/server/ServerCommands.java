package io.aeredis.server;

import io.aeredis.commands.Client;
import io.aeredis.commands.CommandTable;

import static io.aeredis.commands.RedisCommand.command;

/**
 * The server-level rows of the command table (server.c, networking.c, config.c, debug.c):
 * INFO, CONFIG, CLIENT, HELLO, AUTH, QUIT, SHUTDOWN, DEBUG. Arity, flags and docs are Redis
 * 7.0's; the procs live in {@link ClientCommands}, {@link ConfigCommand}, {@link InfoCommand}
 * and {@link DebugCommands}.
 */
final class ServerCommands {
    private ServerCommands() {}

    static void register(CommandTable t, RedisServer server) {
        InfoCommand info = new InfoCommand(server);
        ClientCommands clients = new ClientCommands(server);
        ConfigCommand config = new ConfigCommand(server);
        DebugCommands debug = new DebugCommands(server);

        t.add(command("info", -1, "loading stale", 0, 0, 0, "server")
                .since("1.0.0").summary("Get information and statistics about the server").complexity("O(1)")
                .syntax("[section [section ...]]").aclCategories("dangerous")
                .tips("nondeterministic_output request_policy:all_shards response_policy:special").proc(info::infoCommand));

        t.add(command("config", -2, "", 0, 0, 0, "server")
                .since("2.0.0").summary("A container for server configuration commands").complexity("Depends on subcommand.")
                .subcommand(command("get", -3, "admin noscript loading stale", 0, 0, 0, "server")
                        .since("2.0.0").summary("Get the values of configuration parameters").complexity("O(N) when N is the number of configuration parameters provided")
                        .syntax("parameter [parameter ...]").proc(config::configGetCommand))
                .subcommand(command("set", -4, "admin noscript loading stale", 0, 0, 0, "server")
                        .since("2.0.0").summary("Set configuration parameters to the given values").complexity("O(N) when N is the number of configuration parameters provided")
                        .syntax("parameter value [parameter value ...]")
                        .tips("request_policy:all_nodes response_policy:all_succeeded").proc(config::configSetCommand))
                .subcommand(command("resetstat", 2, "admin noscript loading stale", 0, 0, 0, "server")
                        .since("2.0.0").summary("Reset the stats returned by INFO").complexity("O(1)").proc(config::configResetStatCommand))
                .subcommand(command("rewrite", 2, "admin noscript loading stale", 0, 0, 0, "server")
                        .since("2.8.0").summary("Rewrite the configuration file with the in memory configuration").complexity("O(1)").proc(config::configRewriteCommand))
                .subcommand(command("help", 2, "loading stale", 0, 0, 0, "server")
                        .since("5.0.0").summary("Show helpful text about the different subcommands").complexity("O(1)").proc(config::configHelpCommand)));

        t.add(command("client", -2, "", 0, 0, 0, "connection")
                .since("2.4.0").summary("A container for client connection commands").complexity("Depends on subcommand.")
                .subcommand(command("id", 2, "noscript loading stale", 0, 0, 0, "connection")
                        .since("5.0.0").summary("Returns the client ID for the current connection").complexity("O(1)").proc(clients::clientIdCommand))
                .subcommand(command("setname", 3, "noscript loading stale", 0, 0, 0, "connection")
                        .since("2.6.9").summary("Set the current connection name").complexity("O(1)").syntax("connection-name").proc(clients::clientSetNameCommand))
                .subcommand(command("getname", 2, "noscript loading stale", 0, 0, 0, "connection")
                        .since("2.6.9").summary("Get the current connection name").complexity("O(1)").proc(clients::clientGetNameCommand))
                .subcommand(command("list", -2, "admin noscript loading stale", 0, 0, 0, "connection")
                        .since("2.4.0").summary("Get the list of client connections").complexity("O(N) where N is the number of client connections")
                        .syntax("[TYPE <NORMAL | MASTER | REPLICA | PUBSUB>] [ID client-id [client-id ...]]")
                        .tips("nondeterministic_output").proc(clients::clientListCommand))
                .subcommand(command("info", 2, "noscript loading stale", 0, 0, 0, "connection")
                        .since("6.2.0").summary("Returns information about the current client connection.").complexity("O(1)")
                        .tips("nondeterministic_output").proc(clients::clientInfoCommand))
                .subcommand(command("kill", -3, "admin noscript loading stale", 0, 0, 0, "connection")
                        .since("2.4.0").summary("Kill the connection of a client").complexity("O(N) where N is the number of client connections")
                        // client-kill.json: a oneof of the old ip:port form and a multiple oneof of filters (SKIPME takes a string)
                        .syntax("<ip:port | <[ID client-id] | [TYPE <NORMAL | MASTER | SLAVE | REPLICA | PUBSUB>] | [USER username] | [ADDR ip:port] | [LADDR ip:port] | [SKIPME yes/no]> [<[ID client-id] | [TYPE <NORMAL | MASTER | SLAVE | REPLICA | PUBSUB>] | [USER username] | [ADDR ip:port] | [LADDR ip:port] | [SKIPME yes/no]> ...]>")
                        .proc(clients::clientKillCommand))
                .subcommand(command("reply", 3, "noscript loading stale", 0, 0, 0, "connection")
                        .since("3.2.0").summary("Instruct the server whether to reply to commands").complexity("O(1)")
                        .syntax("<ON | OFF | SKIP>").proc(clients::clientReplyCommand))
                .subcommand(command("unblock", -3, "admin noscript loading stale", 0, 0, 0, "connection")
                        .since("5.0.0").summary("Unblock a client blocked in a blocking command from a different connection")
                        .complexity("O(log N) where N is the number of client connections")
                        .syntax("client-id [TIMEOUT | ERROR]").proc(clients::clientUnblockCommand))
                .subcommand(command("pause", -3, "admin noscript loading stale", 0, 0, 0, "connection")
                        .since("2.9.50").summary("Stop processing commands from clients for some time").complexity("O(1)")
                        .history("6.2.0", "`CLIENT PAUSE WRITE` mode added along with the `mode` option.")
                        .syntax("timeout [WRITE | ALL]").proc(clients::clientPauseCommand))
                .subcommand(command("unpause", 2, "admin noscript loading stale", 0, 0, 0, "connection")
                        .since("6.2.0").summary("Resume processing of clients that were paused")
                        .complexity("O(N) Where N is the number of paused clients").proc(clients::clientUnpauseCommand))
                .subcommand(command("no-evict", 3, "admin noscript loading stale", 0, 0, 0, "connection")
                        .since("7.0.0").summary("Set client eviction mode for the current connection").complexity("O(1)")
                        .syntax("<ON | OFF>").proc(clients::clientNoEvictCommand))
                .subcommand(command("help", 2, "loading stale", 0, 0, 0, "connection")
                        .since("5.0.0").summary("Show helpful text about the different subcommands").complexity("O(1)").proc(clients::clientHelpCommand)));

        t.add(command("hello", -1, "noscript loading stale fast no_auth allow_busy", 0, 0, 0, "connection")
                .since("6.0.0").summary("Handshake with Redis").complexity("O(1)")
                .syntax("[protover [AUTH username password] [SETNAME clientname]]").proc(clients::helloCommand));
        t.add(command("auth", -2, "noscript loading stale fast no_auth allow_busy", 0, 0, 0, "connection")
                .since("1.0.0").summary("Authenticate to the server").complexity("O(N) where N is the number of passwords defined for the user")
                .syntax("[username] password").proc(clients::authCommand));
        t.add(command("quit", -1, "noscript loading stale fast no_auth allow_busy", 0, 0, 0, "connection")
                .since("1.0.0").summary("Close the connection").complexity("O(1)").proc(ServerCommands::quitCommand));
        t.add(command("shutdown", -1, "admin noscript loading stale no_multi allow_busy", 0, 0, 0, "server")
                .since("1.0.0").summary("Synchronously save the dataset to disk and then shut down the server")
                .complexity("O(N) when saving, where N is the total number of keys in all databases when saving data, otherwise O(1)")
                .syntax("[NOSAVE | SAVE] [NOW] [FORCE] [ABORT]").proc(debug::shutdownCommand));
        t.add(command("debug", -2, "admin noscript loading stale", 0, 0, 0, "server")
                .since("1.0.0").summary("A container for debugging commands").complexity("Depends on subcommand.")
                // debug.json has no arguments and is a SYSCMD: COMMAND DOCS (and redis-cli's HELP DEBUG hint) show none.
                .docFlags("syscmd").proc(debug::debugCommand));
        LatencyCommands.register(t, server, server.stalls.latency);
        SlowlogCommands.register(t, server.stalls.slowlog);
    }

    /** QUIT normally never gets here: processCommand answers it before the lookup, as Redis 7.0 does. */
    static void quitCommand(Client c) {
        c.addReplyRaw(RedisServer.OK);
        c.flags |= Client.CLOSE_AFTER_REPLY;
    }
}
