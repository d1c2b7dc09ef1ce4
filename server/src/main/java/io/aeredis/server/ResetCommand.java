package io.aeredis.server;

import io.aeredis.commands.Client;
import io.aeredis.commands.CommandTable;

import static io.aeredis.commands.RedisCommand.command;

/**
 * RESET (networking.c resetCommand / clearClientConnectionState): give the connection the
 * state of a new one: db 0, RESP2, default authentication, no transaction or watched keys,
 * no subscriptions, not monitoring, no name. Replies +RESET.
 */
final class ResetCommand {
    private final RedisServer server;

    private ResetCommand(RedisServer server) {
        this.server = server;
    }

    static void register(CommandTable t, RedisServer server) {
        ResetCommand r = new ResetCommand(server);
        t.add(command("reset", 1, "noscript loading stale fast no_auth allow_busy", 0, 0, 0, "connection")
                .since("6.2.0").summary("Reset the connection").complexity("O(1)").proc(r::resetCommand));
    }

    void resetCommand(Client client) {
        ServerClient c = (ServerClient) client;
        clearClientConnectionState(c);
        c.addReplyStatus("RESET");
    }

    /** clearClientConnectionState. */
    void clearClientConnectionState(ServerClient c) {
        c.db = c.server.db(0);
        c.reply.setResp(2);
        // clientSetDefaultAuth: authenticated only if the default user needs no password.
        c.authenticated = server.config.requirepass.isEmpty();
        server.multi.discardTransaction(c);
        server.pubsub.unsubscribeAll(c);
        server.monitors.remove(c);
        c.name = null;
        c.flags &= ~Client.PUBSUB;
    }
}
