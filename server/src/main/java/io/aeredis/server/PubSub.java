package io.aeredis.server;

import io.aeredis.commands.ArgumentSyntax;
import io.aeredis.commands.Client;
import io.aeredis.commands.CommandArg;
import io.aeredis.commands.CommandCommands;
import io.aeredis.commands.CommandTable;
import io.aeredis.commands.Dict;
import io.aeredis.commands.GlobMatch;
import io.aeredis.commands.KeySpec;
import io.aeredis.commands.RedisCommand;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.aeredis.commands.RedisCommand.command;

/**
 * Port of Redis 7.0's {@code pubsub.c}: channel, pattern and shard-channel subscriptions,
 * PUBLISH/SPUBLISH and PUBSUB introspection.
 *
 * <p>The server side maps each channel (pattern, shard channel) to its subscribers in
 * subscription order ({@code server.pubsub_channels} and friends); each client keeps its own
 * channels and shard channels as dicts and its patterns as a list, in subscription order, as
 * 7.0 does (so PUNSUBSCRIBE without arguments goes in that order, UNSUBSCRIBE in dict order).
 *
 * <p>Messages go straight into the receiver's reply buffer, as a RESP2 array or a RESP3 push;
 * the receiver is then queued for writing in beforeSleep and its output buffer checked
 * against the {@code pubsub} class of client-output-buffer-limit, so a subscriber that does
 * not read is disconnected instead of growing without bound.
 */
final class PubSub {
    private static final byte[] MBULK3 = ascii("*3\r\n");
    private static final byte[] MBULK4 = ascii("*4\r\n");

    /** pubsubtype: what differs between the global and the shard flavour. */
    private record Type(boolean shard, byte[] subscribeMsg, byte[] unsubscribeMsg, byte[] messageBulk) {}

    private static final Type GLOBAL = new Type(false, bulk("subscribe"), bulk("unsubscribe"), bulk("message"));
    private static final Type SHARD = new Type(true, bulk("ssubscribe"), bulk("sunsubscribe"), bulk("smessage"));
    private static final byte[] PSUBSCRIBE = bulk("psubscribe");
    private static final byte[] PUNSUBSCRIBE = bulk("punsubscribe");
    private static final byte[] PMESSAGE = bulk("pmessage");

    /** A client's subscriptions (c->pubsub_channels, c->pubsub_patterns, c->pubsubshard_channels). */
    static final class Subscriptions {
        final Dict channels = new Dict(false);
        final ArrayList<byte[]> patterns = new ArrayList<>();
        final Dict shardChannels = new Dict(false);

        Dict channels(Type t) { return t.shard ? shardChannels : channels; }
    }

    private final RedisServer server;
    /** server.pubsub_channels: channel -&gt; ArrayList of subscribers. */
    private final Dict channels = new Dict(false);
    /** server.pubsub_patterns: pattern -&gt; ArrayList of subscribers. */
    private final Dict patterns = new Dict(false);
    /** server.pubsubshard_channels. */
    private final Dict shardChannels = new Dict(false);

    PubSub(RedisServer server) {
        this.server = server;
    }

    private Dict serverChannels(Type t) { return t.shard ? shardChannels : channels; }

    static void register(CommandTable t, PubSub p) {
        t.add(command("subscribe", -2, "pubsub noscript loading stale", 0, 0, 0, "pubsub")
                .since("2.0.0").summary("Listen for messages published to the given channels")
                .complexity("O(N) where N is the number of channels to subscribe to.")
                .syntax("channel [channel ...]").proc(p::subscribeCommand));
        t.add(command("unsubscribe", -1, "pubsub noscript loading stale", 0, 0, 0, "pubsub")
                .since("2.0.0").summary("Stop listening for messages posted to the given channels")
                .complexity("O(N) where N is the number of clients already subscribed to a channel.")
                .syntax("[channel [channel ...]]").proc(p::unsubscribeCommand));
        RedisCommand psubscribe = command("psubscribe", -2, "pubsub noscript loading stale", 0, 0, 0, "pubsub")
                .since("2.0.0").summary("Listen for messages published to channels matching the given patterns")
                .complexity("O(N) where N is the number of patterns the client is already subscribed to.")
                .syntax("pattern [pattern ...]").proc(p::psubscribeCommand);
        t.add(psubscribe);
        psubscribe.args = psubscribeArgs();
        t.add(command("punsubscribe", -1, "pubsub noscript loading stale", 0, 0, 0, "pubsub")
                .since("2.0.0").summary("Stop listening for messages posted to channels matching the given patterns")
                .complexity("O(N+M) where N is the number of patterns the client is already subscribed and M is the "
                        + "number of total patterns subscribed in the system (by any client).")
                .syntax("[pattern [pattern ...]]").proc(p::punsubscribeCommand));
        t.add(command("publish", 3, "pubsub loading stale fast may_replicate", 0, 0, 0, "pubsub")
                .since("2.0.0").summary("Post a message to a channel")
                .complexity("O(N+M) where N is the number of clients subscribed to the receiving channel and M is "
                        + "the total number of subscribed patterns (by any client).")
                .syntax("channel message").proc(p::publishCommand));
        t.add(command("ssubscribe", -2, "pubsub noscript loading stale", 1, -1, 1, "pubsub")
                .since("7.0.0").summary("Listen for messages published to the given shard channels")
                .complexity("O(N) where N is the number of shard channels to subscribe to.")
                .syntax("shardchannel [shardchannel ...]")
                .keySpec(KeySpec.index(1).range(-1, 1, 0).flags("not_key")).proc(p::ssubscribeCommand));
        t.add(command("sunsubscribe", -1, "pubsub noscript loading stale", 1, -1, 1, "pubsub")
                .since("7.0.0").summary("Stop listening for messages posted to the given shard channels")
                .complexity("O(N) where N is the number of clients already subscribed to a shard channel.")
                .syntax("[shardchannel [shardchannel ...]]")
                .keySpec(KeySpec.index(1).range(-1, 1, 0).flags("not_key")).proc(p::sunsubscribeCommand));
        t.add(command("spublish", 3, "pubsub loading stale fast may_replicate", 1, 1, 1, "pubsub")
                .since("7.0.0").summary("Post a message to a shard channel")
                .complexity("O(N) where N is the number of clients subscribed to the receiving shard channel.")
                .syntax("shardchannel message")
                .keySpec(KeySpec.index(1).range(0, 1, 0).flags("not_key")).proc(p::spublishCommand));
        t.add(command("pubsub", -2, "", 0, 0, 0, "pubsub")
                .since("2.8.0").summary("A container for Pub/Sub commands").complexity("Depends on subcommand.")
                .subcommand(command("channels", -2, "pubsub loading stale", 0, 0, 0, "pubsub")
                        .since("2.8.0").summary("List active channels")
                        .complexity("O(N) where N is the number of active channels, and assuming constant time "
                                + "pattern matching (relatively short channels and patterns)")
                        .syntax("[pattern]").proc(p::pubsubChannelsCommand))
                .subcommand(command("numpat", 2, "pubsub loading stale", 0, 0, 0, "pubsub")
                        .since("2.8.0").summary("Get the count of unique patterns pattern subscriptions")
                        .complexity("O(1)").proc(p::pubsubNumpatCommand))
                .subcommand(command("numsub", -2, "pubsub loading stale", 0, 0, 0, "pubsub")
                        .since("2.8.0").summary("Get the count of subscribers for channels")
                        .complexity("O(N) for the NUMSUB subcommand, where N is the number of requested channels")
                        .syntax("[channel [channel ...]]").proc(p::pubsubNumsubCommand))
                .subcommand(command("shardchannels", -2, "pubsub loading stale", 0, 0, 0, "pubsub")
                        .since("7.0.0").summary("List active shard channels")
                        .complexity("O(N) where N is the number of active shard channels, and assuming constant "
                                + "time pattern matching (relatively short shard channels).")
                        .syntax("[pattern]").proc(p::pubsubShardChannelsCommand))
                .subcommand(command("shardnumsub", -2, "pubsub loading stale", 0, 0, 0, "pubsub")
                        .since("7.0.0").summary("Get the count of subscribers for shard channels")
                        .complexity("O(N) for the SHARDNUMSUB subcommand, where N is the number of requested shard channels")
                        .syntax("[shardchannel [shardchannel ...]]").proc(p::pubsubShardNumsubCommand))
                .subcommand(command("help", 2, "loading stale", 0, 0, 0, "pubsub")
                        .since("6.2.0").summary("Show helpful text about the different subcommands")
                        // No @pubsub: in Redis the category comes from the pubsub flag only.
                        .aclCategories("slow")
                        .complexity("O(1)").proc(PubSub::pubsubHelpCommand)));
    }

    /**
     * PSUBSCRIBE's documented arguments are a multiple block holding one pattern, which a
     * syntax line cannot express: build it from the plain form.
     */
    private static List<CommandArg> psubscribeArgs() {
        List<CommandArg> args = ArgumentSyntax.parse("[pattern pattern]");
        CommandArg block = args.get(0);
        block.name = "pattern";
        block.flags = CommandArg.MULTIPLE;
        block.subargs.remove(1);
        return List.copyOf(args);
    }

    static Subscriptions subs(ServerClient c) {
        Subscriptions s = c.pubsub;
        if (s == null) c.pubsub = s = new Subscriptions();
        return s;
    }

    /** clientSubscriptionsCount: channels plus patterns (what (UN)SUBSCRIBE replies count). */
    static int clientSubscriptionsCount(ServerClient c) {
        Subscriptions s = c.pubsub;
        return s == null ? 0 : (int) s.channels.size() + s.patterns.size();
    }

    /** clientShardSubscriptionsCount. */
    static int clientShardSubscriptionsCount(ServerClient c) {
        Subscriptions s = c.pubsub;
        return s == null ? 0 : (int) s.shardChannels.size();
    }

    private static int subscriptionCount(ServerClient c, Type t) {
        return t.shard ? clientShardSubscriptionsCount(c) : clientSubscriptionsCount(c);
    }

    /** clientTotalPubSubSubscriptionCount. */
    static int clientTotalPubSubSubscriptionCount(ServerClient c) {
        return clientSubscriptionsCount(c) + clientShardSubscriptionsCount(c);
    }

    static int patternCount(ServerClient c) {
        return c.pubsub == null ? 0 : c.pubsub.patterns.size();
    }

    static int channelCount(ServerClient c) {
        return c.pubsub == null ? 0 : (int) c.pubsub.channels.size();
    }

    /** INFO stats pubsub_channels / pubsub_patterns / pubsubshard_channels. */
    long numChannels() { return channels.size(); }
    long numPatterns() { return patterns.size(); }
    long numShardChannels() { return shardChannels.size(); }

    /**
     * What a RESP2 client in subscribed mode may still run: (P|S)SUBSCRIBE, (P|S)UNSUBSCRIBE,
     * PING, QUIT and RESET.
     */
    static boolean allowedInSubscribedContext(RedisCommand cmd) {
        if (cmd.parent != null) return false;
        return switch (cmd.name) {
            case "ping", "subscribe", "ssubscribe", "unsubscribe", "sunsubscribe", "psubscribe", "punsubscribe",
                    "quit", "reset" -> true;
            default -> false;
        };
    }

    static String subscribedContextError(RedisCommand cmd) {
        return "Can't execute '" + cmd.fullname + "': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET "
                + "are allowed in this context";
    }

    // ------------------------------------------------------------------ replies

    private static void addReplyHeader(Client c, int len) {
        if (c.resp() == 2) c.addReplyRaw(len == 3 ? MBULK3 : MBULK4);
        else c.reply.addReplyPushLen(len);
    }

    /** addReplyPubsubMessage: [message|smessage, channel, payload]. */
    private static void addReplyPubsubMessage(Client c, byte[] channel, byte[] msg, byte[] messageBulk) {
        addReplyHeader(c, 3);
        c.addReplyRaw(messageBulk);
        c.addReplyBulk(channel);
        c.addReplyBulk(msg);
    }

    /** addReplyPubsubPatMessage: [pmessage, pattern, channel, payload]. */
    private static void addReplyPubsubPatMessage(Client c, byte[] pattern, byte[] channel, byte[] msg) {
        addReplyHeader(c, 4);
        c.addReplyRaw(PMESSAGE);
        c.addReplyBulk(pattern);
        c.addReplyBulk(channel);
        c.addReplyBulk(msg);
    }

    /** addReplyPubsubSubscribed / Unsubscribed / PatSubscribed / PatUnsubscribed; null target = none left. */
    private static void addReplySubscription(Client c, byte[] kind, byte[] target, long count) {
        addReplyHeader(c, 3);
        c.addReplyRaw(kind);
        if (target == null) c.addReplyNull();
        else c.addReplyBulk(target);
        c.addReplyLongLong(count);
    }

    // ------------------------------------------------------------------ subscribe / unsubscribe

    /** pubsubSubscribeChannel: subscribe unless already subscribed; always confirm. */
    private void subscribeChannel(ServerClient c, byte[] channel, Type t) {
        Dict mine = subs(c).channels(t);
        if (mine.find(channel) == null) {
            mine.put(channel, Boolean.TRUE);
            Dict all = serverChannels(t);
            @SuppressWarnings("unchecked")
            ArrayList<ServerClient> clients = (ArrayList<ServerClient>) all.get(channel);
            if (clients == null) {
                clients = new ArrayList<>(2);
                all.put(channel, clients);
            }
            clients.add(c);
        }
        addReplySubscription(c, t.subscribeMsg, channel, subscriptionCount(c, t));
    }

    /** pubsubUnsubscribeChannel; returns whether the client was subscribed. */
    private boolean unsubscribeChannel(ServerClient c, byte[] channel, boolean notify, Type t) {
        boolean removed = false;
        Subscriptions s = c.pubsub;
        if (s != null && s.channels(t).delete(channel)) {
            removed = true;
            Dict all = serverChannels(t);
            @SuppressWarnings("unchecked")
            ArrayList<ServerClient> clients = (ArrayList<ServerClient>) all.get(channel);
            if (clients != null) {
                clients.remove(c);
                if (clients.isEmpty()) all.delete(channel);
            }
        }
        if (notify) addReplySubscription(c, t.unsubscribeMsg, channel, subscriptionCount(c, t));
        return removed;
    }

    /** pubsubUnsubscribeAllChannelsInternal: every channel of the flavour; a null confirmation if none. */
    private int unsubscribeAllChannels(ServerClient c, boolean notify, Type t) {
        int count = 0;
        Subscriptions s = c.pubsub;
        if (s != null && s.channels(t).size() > 0) {
            for (byte[] channel : keysOf(s.channels(t))) {
                unsubscribeChannel(c, channel, notify, t);
                count++;
            }
        }
        if (notify && count == 0) addReplySubscription(c, t.unsubscribeMsg, null, subscriptionCount(c, t));
        return count;
    }

    /** pubsubSubscribePattern. */
    private void subscribePattern(ServerClient c, byte[] pattern) {
        Subscriptions s = subs(c);
        if (indexOf(s.patterns, pattern) < 0) {
            s.patterns.add(pattern);
            @SuppressWarnings("unchecked")
            ArrayList<ServerClient> clients = (ArrayList<ServerClient>) patterns.get(pattern);
            if (clients == null) {
                clients = new ArrayList<>(2);
                patterns.put(pattern, clients);
            }
            clients.add(c);
        }
        addReplySubscription(c, PSUBSCRIBE, pattern, clientSubscriptionsCount(c));
    }

    /** pubsubUnsubscribePattern. */
    private boolean unsubscribePattern(ServerClient c, byte[] pattern, boolean notify) {
        boolean removed = false;
        Subscriptions s = c.pubsub;
        int i = s == null ? -1 : indexOf(s.patterns, pattern);
        if (i >= 0) {
            removed = true;
            s.patterns.remove(i);
            @SuppressWarnings("unchecked")
            ArrayList<ServerClient> clients = (ArrayList<ServerClient>) patterns.get(pattern);
            if (clients != null) {
                clients.remove(c);
                if (clients.isEmpty()) patterns.delete(pattern);
            }
        }
        if (notify) addReplySubscription(c, PUNSUBSCRIBE, pattern, clientSubscriptionsCount(c));
        return removed;
    }

    /** pubsubUnsubscribeAllPatterns: in subscription order. */
    private int unsubscribeAllPatterns(ServerClient c, boolean notify) {
        int count = 0;
        Subscriptions s = c.pubsub;
        if (s != null && !s.patterns.isEmpty()) {
            for (byte[] pattern : s.patterns.toArray(new byte[0][])) {
                unsubscribePattern(c, pattern, notify);
                count++;
            }
        }
        if (notify && count == 0) addReplySubscription(c, PUNSUBSCRIBE, null, clientSubscriptionsCount(c));
        return count;
    }

    /** Every subscription of a client being freed or RESET, without confirmations. */
    void unsubscribeAll(ServerClient c) {
        if (c.pubsub == null) return;
        unsubscribeAllChannels(c, false, GLOBAL);
        unsubscribeAllChannels(c, false, SHARD);
        unsubscribeAllPatterns(c, false);
        c.flags &= ~Client.PUBSUB;
        c.pubsub = null;
    }

    private static void markUnsubscribedIfDone(ServerClient c) {
        if (clientTotalPubSubSubscriptionCount(c) == 0) c.flags &= ~Client.PUBSUB;
    }

    /**
     * A client that must get one reply per command (a script) cannot enter subscribed mode;
     * inside MULTI/EXEC SUBSCRIBE is allowed for backward compatibility, SSUBSCRIBE is not.
     */
    private static boolean denySubscribe(Client c, String name, boolean allowInMulti) {
        if ((c.flags & Client.DENY_BLOCKING) == 0) return false;
        if (allowInMulti && (c.flags & Client.MULTI) != 0) return false;
        c.addReplyError(name + " isn't allowed for a DENY BLOCKING client");
        return true;
    }

    void subscribeCommand(Client client) {
        ServerClient c = (ServerClient) client;
        if (denySubscribe(c, "SUBSCRIBE", true)) return;
        for (int j = 1; j < c.argc; j++) subscribeChannel(c, c.argv[j], GLOBAL);
        c.flags |= Client.PUBSUB;
    }

    void unsubscribeCommand(Client client) {
        ServerClient c = (ServerClient) client;
        if (c.argc == 1) {
            unsubscribeAllChannels(c, true, GLOBAL);
        } else {
            for (int j = 1; j < c.argc; j++) unsubscribeChannel(c, c.argv[j], true, GLOBAL);
        }
        markUnsubscribedIfDone(c);
    }

    void psubscribeCommand(Client client) {
        ServerClient c = (ServerClient) client;
        if (denySubscribe(c, "PSUBSCRIBE", true)) return;
        for (int j = 1; j < c.argc; j++) subscribePattern(c, c.argv[j]);
        c.flags |= Client.PUBSUB;
    }

    void punsubscribeCommand(Client client) {
        ServerClient c = (ServerClient) client;
        if (c.argc == 1) {
            unsubscribeAllPatterns(c, true);
        } else {
            for (int j = 1; j < c.argc; j++) unsubscribePattern(c, c.argv[j], true);
        }
        markUnsubscribedIfDone(c);
    }

    void ssubscribeCommand(Client client) {
        ServerClient c = (ServerClient) client;
        if (denySubscribe(c, "SSUBSCRIBE", false)) return;
        for (int j = 1; j < c.argc; j++) subscribeChannel(c, c.argv[j], SHARD);
        c.flags |= Client.PUBSUB;
    }

    void sunsubscribeCommand(Client client) {
        ServerClient c = (ServerClient) client;
        if (c.argc == 1) {
            unsubscribeAllChannels(c, true, SHARD);
        } else {
            for (int j = 1; j < c.argc; j++) unsubscribeChannel(c, c.argv[j], true, SHARD);
        }
        markUnsubscribedIfDone(c);
    }

    // ------------------------------------------------------------------ publish

    void publishCommand(Client c) {
        c.addReplyLongLong(publishMessage(c.argv[1], c.argv[2], false));
    }

    void spublishCommand(Client c) {
        c.addReplyLongLong(publishMessage(c.argv[1], c.argv[2], true));
    }

    /**
     * pubsubPublishMessage: deliver to the channel's subscribers, then (not for shard
     * channels) to every client whose pattern matches. Returns the number of receivers.
     */
    int publishMessage(byte[] channel, byte[] message, boolean shard) {
        Type t = shard ? SHARD : GLOBAL;
        int receivers = 0;
        @SuppressWarnings("unchecked")
        ArrayList<ServerClient> subscribers = (ArrayList<ServerClient>) serverChannels(t).get(channel);
        if (subscribers != null) {
            for (int i = 0; i < subscribers.size(); i++) {
                ServerClient c = subscribers.get(i);
                if (canWrite(c)) {
                    addReplyPubsubMessage(c, channel, message, t.messageBulk);
                    afterWrite(c);
                }
                receivers++;
            }
        }
        if (shard || patterns.size() == 0) return receivers;
        try (Dict.Iterator it = patterns.iterator()) {
            for (Dict.Entry e = it.next(); e != null; e = it.next()) {
                byte[] pattern = e.key;
                if (!GlobMatch.stringmatchlen(pattern, 0, pattern.length, channel, 0, channel.length, false)) continue;
                @SuppressWarnings("unchecked")
                ArrayList<ServerClient> clients = (ArrayList<ServerClient>) ((Dict.ValEntry) e).val;
                for (int i = 0; i < clients.size(); i++) {
                    ServerClient c = clients.get(i);
                    if (canWrite(c)) {
                        addReplyPubsubPatMessage(c, pattern, channel, message);
                        afterWrite(c);
                    }
                    receivers++;
                }
            }
        }
        return receivers;
    }

    /** prepareClientToWrite's refusal: a client about to be closed gets nothing more. */
    private static boolean canWrite(ServerClient c) {
        return !c.freed && (c.flags & (Client.CLOSE_AFTER_REPLY | Client.CLOSE_ASAP)) == 0;
    }

    /** Queue the receiver for beforeSleep's writes and enforce its output buffer limit. */
    private void afterWrite(ServerClient c) {
        if (c.reply.listBytes() > 0) server.checkOutputBufferLimits(c);
        if (!c.closeAsap) server.networking.queueWriteIfNeeded(c);
    }

    // ------------------------------------------------------------------ PUBSUB

    void pubsubChannelsCommand(Client c) {
        if (c.argc > 3) {
            RedisServer.addReplySubcommandSyntaxError(c);
            return;
        }
        channelList(c, c.argc == 2 ? null : c.argv[2], channels);
    }

    void pubsubShardChannelsCommand(Client c) {
        if (c.argc > 3) {
            RedisServer.addReplySubcommandSyntaxError(c);
            return;
        }
        channelList(c, c.argc == 2 ? null : c.argv[2], shardChannels);
    }

    void pubsubNumsubCommand(Client c) {
        numsub(c, channels);
    }

    void pubsubShardNumsubCommand(Client c) {
        numsub(c, shardChannels);
    }

    void pubsubNumpatCommand(Client c) {
        c.addReplyLongLong(patterns.size());
    }

    private static void numsub(Client c, Dict d) {
        c.addReplyArrayLen((long) (c.argc - 2) * 2);
        for (int j = 2; j < c.argc; j++) {
            List<?> l = (List<?>) d.get(c.argv[j]);
            c.addReplyBulk(c.argv[j]);
            c.addReplyLongLong(l == null ? 0 : l.size());
        }
    }

    /** channelList: the active channels of {@code d} matching {@code pat} (all when null). */
    private static void channelList(Client c, byte[] pat, Dict d) {
        List<byte[]> out = new ArrayList<>();
        try (Dict.Iterator it = d.iterator()) {
            for (Dict.Entry e = it.next(); e != null; e = it.next()) {
                if (pat == null || GlobMatch.stringmatchlen(pat, 0, pat.length, e.key, 0, e.key.length, false)) {
                    out.add(e.key);
                }
            }
        }
        c.addReplyArrayLen(out.size());
        for (byte[] ch : out) c.addReplyBulk(ch);
    }

    static void pubsubHelpCommand(Client c) {
        CommandCommands.addReplyHelp(c, new String[]{
            "CHANNELS [<pattern>]",
            "    Return the currently active channels matching a <pattern> (default: '*').",
            "NUMPAT",
            "    Return number of subscriptions to patterns.",
            "NUMSUB [<channel> ...]",
            "    Return the number of subscribers for the specified channels, excluding",
            "    pattern subscriptions(default: no channels).",
            "SHARDCHANNELS [<pattern>]",
            "    Return the currently active shard level channels matching a <pattern> (default: '*').",
            "SHARDNUMSUB [<shardchannel> ...]",
            "    Return the number of subscribers for the specified shard level channel(s)",
        });
    }

    // ------------------------------------------------------------------ helpers

    private static int indexOf(List<byte[]> list, byte[] v) {
        for (int i = 0; i < list.size(); i++) if (Arrays.equals(list.get(i), v)) return i;
        return -1;
    }

    private static List<byte[]> keysOf(Dict d) {
        List<byte[]> out = new ArrayList<>((int) d.size());
        try (Dict.Iterator it = d.iterator()) {
            for (Dict.Entry e = it.next(); e != null; e = it.next()) out.add(e.key);
        }
        return out;
    }

    private static byte[] bulk(String s) {
        return ascii("$" + s.length() + "\r\n" + s + "\r\n");
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
