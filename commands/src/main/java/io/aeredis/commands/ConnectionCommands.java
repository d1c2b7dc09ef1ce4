package io.aeredis.commands;

import static io.aeredis.commands.RedisCommand.command;

import java.time.Instant;

/**
 * PING, ECHO and TIME: pingCommand, echoCommand (server.c) and timeCommand (server.c).
 * The connection commands with connection state (HELLO, AUTH, QUIT, SELECT, CLIENT) live with
 * the server and keyspace code.
 */
public final class ConnectionCommands {
    private ConnectionCommands() {}

    private static final byte[] PONG = "+PONG\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    public static void register(CommandTable t) {
        t.add(command("ping", -1, "fast", 0, 0, 0, "connection")
            .since("1.0.0")
            .summary("Ping the server")
            .complexity("O(1)")
            .syntax("[message]")
            .tips("request_policy:all_shards response_policy:all_succeeded")
            .proc(ConnectionCommands::pingCommand));
        t.add(command("echo", 2, "loading stale fast", 0, 0, 0, "connection")
            .since("1.0.0")
            .summary("Echo the given string")
            .complexity("O(1)")
            .syntax("message")
            .proc(ConnectionCommands::echoCommand));
        t.add(command("time", 1, "loading stale fast", 0, 0, 0, "server")
            .since("2.6.0")
            .summary("Return the current server time")
            .complexity("O(1)")
            .tips("nondeterministic_output")
            .proc(ConnectionCommands::timeCommand));
    }

    private static final byte[] PONG_BULK = "$4\r\npong\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /**
     * pingCommand: +PONG, or the message as a bulk; a RESP2 client in Pub/Sub mode gets
     * ["pong", message-or-empty] instead, as a message-shaped reply.
     */
    static void pingCommand(Client c) {
        // The arity is -1, so the dispatcher lets any count through: the proc caps it.
        if (c.argc > 2) {
            c.addReplyError("wrong number of arguments for 'ping' command"); // addReplyErrorArity
            return;
        }
        if ((c.flags & Client.PUBSUB) != 0 && c.resp() == 2) {
            c.addReplyArrayLen(2);
            c.addReplyRaw(PONG_BULK);
            c.addReplyBulk(c.argc == 1 ? new byte[0] : c.argv[1]);
        } else if (c.argc == 1) {
            c.addReplyRaw(PONG);
        } else {
            c.addReplyBulk(c.argv[1]);
        }
    }

    static void echoCommand(Client c) {
        c.addReplyBulk(c.argv[1]);
    }

    /** timeCommand: [unix seconds, microseconds] as two bulk strings. */
    static void timeCommand(Client c) {
        Instant now = Instant.now();
        c.addReplyArrayLen(2);
        c.reply.addReplyBulkLongLong(now.getEpochSecond());
        c.reply.addReplyBulkLongLong(now.getNano() / 1000);
    }
}
