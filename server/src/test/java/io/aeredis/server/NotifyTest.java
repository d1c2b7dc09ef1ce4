package io.aeredis.server;

import io.aeredis.commands.RedisCore;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** notify-keyspace-events parsing and its canonical CONFIG GET form. */
class NotifyTest {
    @Test
    void everyClassLetterParses() {
        assertEquals(RedisCore.NOTIFY_ALL, Notify.keyspaceEventsStringToFlags("A"));
        assertEquals(RedisCore.NOTIFY_ALL, Notify.keyspaceEventsStringToFlags("g$lshzxetd"));
        assertEquals(RedisCore.NOTIFY_KEYSPACE | RedisCore.NOTIFY_KEYEVENT | RedisCore.NOTIFY_KEY_MISS | RedisCore.NOTIFY_NEW,
                Notify.keyspaceEventsStringToFlags("KEmn"));
        assertEquals(0, Notify.keyspaceEventsStringToFlags(""));
    }

    @Test
    void unknownLettersAreRefused() {
        assertEquals(-1, Notify.keyspaceEventsStringToFlags("Q"));
        assertEquals(-1, Notify.keyspaceEventsStringToFlags("KEa"));
        assertEquals(-1, Notify.keyspaceEventsStringToFlags("K E"));
    }

    @Test
    void canonicalFormMatchesRedis() {
        assertEquals("AKE", Notify.keyspaceEventsFlagsToString(Notify.keyspaceEventsStringToFlags("KEA")));
        assertEquals("AKm", Notify.keyspaceEventsFlagsToString(Notify.keyspaceEventsStringToFlags("Kg$lshzxetmdn")));
        // "A" hides 'n', which is not part of it.
        assertEquals("A", Notify.keyspaceEventsFlagsToString(Notify.keyspaceEventsStringToFlags("An")));
        assertEquals("gn", Notify.keyspaceEventsFlagsToString(Notify.keyspaceEventsStringToFlags("ng")));
        assertEquals("$xE", Notify.keyspaceEventsFlagsToString(Notify.keyspaceEventsStringToFlags("Ex$")));
        assertEquals("", Notify.keyspaceEventsFlagsToString(0));
    }

    @Test
    void configOptionUsesTheClassString() {
        ServerConfig config = new ServerConfig();
        assertEquals(null, config.configSet("notify-keyspace-events", new String[]{"Kx"}, true));
        assertEquals(RedisCore.NOTIFY_KEYSPACE | RedisCore.NOTIFY_EXPIRED, config.notifyKeyspaceEvents);
        assertEquals("CONFIG SET failed (possibly related to argument 'notify-keyspace-events') - "
                + Notify.INVALID_CLASS, config.configSet("notify-keyspace-events", new String[]{"z?"}, true));
        assertEquals(RedisCore.NOTIFY_KEYSPACE | RedisCore.NOTIFY_EXPIRED, config.notifyKeyspaceEvents);
    }
}
