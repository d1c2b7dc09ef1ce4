package io.aeredis.server;

import io.lettuce.core.KeyValue;
import io.lettuce.core.LMoveArgs;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.protocol.ProtocolVersion;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The blocking list commands through Lettuce against an in-process aeredis: a blocked client
 * is woken by another connection's push, served in arrival order, times out after a decimal
 * timeout, BLMOVE moves what it is served, and a client that goes away while blocked leaves
 * nothing behind.
 */
@Timeout(60)
class ListBlockingLettuceTest extends LettuceServerTest {
    @BeforeEach
    void flush() {
        try (StatefulRedisConnection<String, String> c = connect(ProtocolVersion.RESP2)) {
            c.sync().flushall();
            awaitBlockedClients(c.sync(), 0);
        }
    }

    /** Polls INFO clients until {@code blocked_clients} reaches {@code n}. */
    private static void awaitBlockedClients(RedisCommands<String, String> r, int n) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        String want = "blocked_clients:" + n + "\r\n";
        while (true) {
            String info = r.info("clients");
            if (info.contains(want)) return;
            if (System.nanoTime() > deadline) throw new AssertionError("expected " + want.trim() + " in\n" + info);
            sleep(5);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @ParameterizedTest
    @EnumSource(ProtocolVersion.class)
    void blpopWakesWhenAnotherConnectionPushes(ProtocolVersion version) throws Exception {
        try (StatefulRedisConnection<String, String> a = connect(version);
             StatefulRedisConnection<String, String> b = connect(version)) {
            RedisFuture<KeyValue<String, String>> popped = a.async().blpop(0, "q1", "q2");
            awaitBlockedClients(b.sync(), 1);
            assertFalse(popped.isDone());
            assertEquals(2L, b.sync().rpush("q2", "first", "second"));
            KeyValue<String, String> kv = popped.get(5, TimeUnit.SECONDS);
            assertEquals("q2", kv.getKey());
            assertEquals("first", kv.getValue());
            assertEquals(List.of("second"), b.sync().lrange("q2", 0, -1));
            // The blocked connection works normally afterwards.
            assertEquals("PONG", a.sync().ping());
        }
    }

    @Test
    void blockedClientsAreServedInArrivalOrder() throws Exception {
        try (StatefulRedisConnection<String, String> first = connect(ProtocolVersion.RESP2);
             StatefulRedisConnection<String, String> second = connect(ProtocolVersion.RESP3);
             StatefulRedisConnection<String, String> pusher = connect(ProtocolVersion.RESP2)) {
            RedisFuture<KeyValue<String, String>> f1 = first.async().brpop(0, "fifo");
            awaitBlockedClients(pusher.sync(), 1);
            RedisFuture<KeyValue<String, String>> f2 = second.async().brpop(0, "fifo");
            awaitBlockedClients(pusher.sync(), 2);
            // One push of two elements serves both, the longest waiting client first.
            pusher.sync().rpush("fifo", "x", "y");
            assertEquals("y", f1.get(5, TimeUnit.SECONDS).getValue());
            assertEquals("x", f2.get(5, TimeUnit.SECONDS).getValue());
            assertEquals(0L, pusher.sync().exists("fifo"));

            // One element for two waiters: only the first is served, the second keeps waiting.
            f1 = first.async().blpop(0, "fifo");
            awaitBlockedClients(pusher.sync(), 1);
            f2 = second.async().blpop(0, "fifo");
            awaitBlockedClients(pusher.sync(), 2);
            pusher.sync().lpush("fifo", "only");
            assertEquals("only", f1.get(5, TimeUnit.SECONDS).getValue());
            awaitBlockedClients(pusher.sync(), 1);
            assertFalse(f2.isDone());
            pusher.sync().lpush("fifo", "later");
            assertEquals("later", f2.get(5, TimeUnit.SECONDS).getValue());
        }
    }

    @ParameterizedTest
    @EnumSource(ProtocolVersion.class)
    void decimalTimeoutRepliesNull(ProtocolVersion version) {
        try (StatefulRedisConnection<String, String> a = connect(version)) {
            long start = System.nanoTime();
            assertNull(a.sync().blpop(0.2, "never"));
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(ms >= 180 && ms < 5000, "BLPOP 0.2 took " + ms + " ms");
            assertNull(a.sync().blmove("never", "dst", LMoveArgs.Builder.leftRight(), 0.1));
            assertEquals(0L, a.sync().exists("never", "dst"));
            assertEquals("PONG", a.sync().ping());
        }
    }

    @Test
    void timeoutAtTheEndOfTimeBlocksUntilServed() throws Exception {
        try (StatefulRedisConnection<String, String> a = connect(ProtocolVersion.RESP2);
             StatefulRedisConnection<String, String> b = connect(ProtocolVersion.RESP2)) {
            // Redis 7.0 blocks (no "out of range" error) for a timeout this far away.
            RedisFuture<KeyValue<String, String>> popped = a.async().blpop(9223372036854775L, "far");
            awaitBlockedClients(b.sync(), 1);
            sleep(100);
            assertFalse(popped.isDone(), "a far timeout must not fire at once");
            b.sync().rpush("far", "v");
            assertEquals("v", popped.get(5, TimeUnit.SECONDS).getValue());
        }
    }

    @Test
    void blmoveMovesTheElementItIsServed() throws Exception {
        try (StatefulRedisConnection<String, String> a = connect(ProtocolVersion.RESP3);
             StatefulRedisConnection<String, String> waiter = connect(ProtocolVersion.RESP2);
             StatefulRedisConnection<String, String> b = connect(ProtocolVersion.RESP2)) {
            RedisFuture<String> moved = a.async().blmove("src", "dst", LMoveArgs.Builder.rightLeft(), 0);
            awaitBlockedClients(b.sync(), 1);
            // Someone waits on the destination: the move's push serves it in turn.
            RedisFuture<KeyValue<String, String>> chained = waiter.async().blpop(0, "dst");
            awaitBlockedClients(b.sync(), 2);
            b.sync().rpush("src", "a", "b");
            assertEquals("b", moved.get(5, TimeUnit.SECONDS));
            KeyValue<String, String> kv = chained.get(5, TimeUnit.SECONDS);
            assertEquals("dst", kv.getKey());
            assertEquals("b", kv.getValue());
            assertEquals(List.of("a"), b.sync().lrange("src", 0, -1));
            assertEquals(0L, b.sync().exists("dst"));

            // Without a second waiter the element stays in the destination.
            moved = a.async().blmove("src2", "dst2", LMoveArgs.Builder.leftRight(), 0);
            awaitBlockedClients(b.sync(), 1);
            b.sync().rpush("src2", "m");
            assertEquals("m", moved.get(5, TimeUnit.SECONDS));
            assertEquals(List.of("m"), b.sync().lrange("dst2", 0, -1));
            assertEquals(0L, b.sync().exists("src2"));
        }
    }

    @Test
    void clientThatDisconnectsWhileBlockedIsReleased() {
        try (StatefulRedisConnection<String, String> b = connect(ProtocolVersion.RESP2)) {
            StatefulRedisConnection<String, String> a = connect(ProtocolVersion.RESP2);
            a.async().blpop(0, "gone");
            awaitBlockedClients(b.sync(), 1);
            a.close();
            awaitBlockedClients(b.sync(), 0);
            // The push is not handed to the departed client: the element stays in the list.
            assertEquals(1L, b.sync().rpush("gone", "kept"));
            assertEquals(List.of("kept"), b.sync().lrange("gone", 0, -1));
            KeyValue<String, String> kv = b.sync().blpop(1, "gone");
            assertEquals("kept", kv.getValue());
        }
    }
}
