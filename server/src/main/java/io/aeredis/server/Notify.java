package io.aeredis.server;

import io.aeredis.commands.RedisCore;

import java.nio.charset.StandardCharsets;

/**
 * Port of Redis 7.0's {@code notify.c}: keyspace event notifications over Pub/Sub, and the
 * {@code notify-keyspace-events} class string of CONFIG GET/SET.
 *
 * <p>An event of an enabled class is published as {@code __keyspace@<db>__:<key>} with the
 * event name as message (class K) and as {@code __keyevent@<db>__:<event>} with the key as
 * message (class E). Both are ordinary PUBLISHes, so a client subscribed to them gets the
 * messages in the middle of the command that caused them, before that command's reply.
 */
final class Notify {
    /** The error CONFIG SET gives for a character outside the class alphabet. */
    static final String INVALID_CLASS = "Invalid event class character. Use 'Ag$lshzxeKEtmdn'.";

    private final RedisCore core;
    private final PubSub pubsub;

    Notify(RedisCore core, PubSub pubsub) {
        this.core = core;
        this.pubsub = pubsub;
    }

    /**
     * keyspaceEventsStringToFlags: the NOTIFY_* flags of a class string, or -1 if it holds a
     * character that is not a class.
     */
    static int keyspaceEventsStringToFlags(String classes) {
        int flags = 0;
        for (int i = 0; i < classes.length(); i++) {
            switch (classes.charAt(i)) {
                case 'A' -> flags |= RedisCore.NOTIFY_ALL;
                case 'g' -> flags |= RedisCore.NOTIFY_GENERIC;
                case '$' -> flags |= RedisCore.NOTIFY_STRING;
                case 'l' -> flags |= RedisCore.NOTIFY_LIST;
                case 's' -> flags |= RedisCore.NOTIFY_SET;
                case 'h' -> flags |= RedisCore.NOTIFY_HASH;
                case 'z' -> flags |= RedisCore.NOTIFY_ZSET;
                case 'x' -> flags |= RedisCore.NOTIFY_EXPIRED;
                case 'e' -> flags |= RedisCore.NOTIFY_EVICTED;
                case 'K' -> flags |= RedisCore.NOTIFY_KEYSPACE;
                case 'E' -> flags |= RedisCore.NOTIFY_KEYEVENT;
                case 't' -> flags |= RedisCore.NOTIFY_STREAM;
                case 'm' -> flags |= RedisCore.NOTIFY_KEY_MISS;
                case 'd' -> flags |= RedisCore.NOTIFY_MODULE;
                case 'n' -> flags |= RedisCore.NOTIFY_NEW;
                default -> { return -1; }
            }
        }
        return flags;
    }

    /**
     * keyspaceEventsFlagsToString: the canonical class string CONFIG GET shows: "A" for all
     * the type classes (which hides 'n'), else each class letter, then K, E and m.
     */
    static String keyspaceEventsFlagsToString(int flags) {
        StringBuilder res = new StringBuilder();
        if ((flags & RedisCore.NOTIFY_ALL) == RedisCore.NOTIFY_ALL) {
            res.append('A');
        } else {
            if ((flags & RedisCore.NOTIFY_GENERIC) != 0) res.append('g');
            if ((flags & RedisCore.NOTIFY_STRING) != 0) res.append('$');
            if ((flags & RedisCore.NOTIFY_LIST) != 0) res.append('l');
            if ((flags & RedisCore.NOTIFY_SET) != 0) res.append('s');
            if ((flags & RedisCore.NOTIFY_HASH) != 0) res.append('h');
            if ((flags & RedisCore.NOTIFY_ZSET) != 0) res.append('z');
            if ((flags & RedisCore.NOTIFY_EXPIRED) != 0) res.append('x');
            if ((flags & RedisCore.NOTIFY_EVICTED) != 0) res.append('e');
            if ((flags & RedisCore.NOTIFY_STREAM) != 0) res.append('t');
            if ((flags & RedisCore.NOTIFY_MODULE) != 0) res.append('d');
            if ((flags & RedisCore.NOTIFY_NEW) != 0) res.append('n');
        }
        if ((flags & RedisCore.NOTIFY_KEYSPACE) != 0) res.append('K');
        if ((flags & RedisCore.NOTIFY_KEYEVENT) != 0) res.append('E');
        if ((flags & RedisCore.NOTIFY_KEY_MISS) != 0) res.append('m');
        return res.toString();
    }

    /**
     * notifyKeyspaceEvent: publish {@code event} on {@code key} of db {@code dbid}. The caller
     * (ServerCore) has checked that {@code type} is enabled.
     */
    void notifyKeyspaceEvent(int type, String event, byte[] key, int dbid) {
        int flags = core.notifyKeyspaceEvents;
        byte[] eventBytes = event.getBytes(StandardCharsets.US_ASCII);
        if ((flags & RedisCore.NOTIFY_KEYSPACE) != 0) {
            pubsub.publishMessage(concat("__keyspace@" + dbid + "__:", key), eventBytes, false);
        }
        if ((flags & RedisCore.NOTIFY_KEYEVENT) != 0) {
            pubsub.publishMessage(concat("__keyevent@" + dbid + "__:", eventBytes), key, false);
        }
    }

    private static byte[] concat(String prefix, byte[] tail) {
        byte[] p = prefix.getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[p.length + tail.length];
        System.arraycopy(p, 0, out, 0, p.length);
        System.arraycopy(tail, 0, out, p.length, tail.length);
        return out;
    }
}
