package io.aeredis.server;

import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.pubsub.api.sync.RedisPubSubCommands;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pub/Sub through Lettuce's pub/sub connections in RESP2 and RESP3 (where messages are push
 * frames), keyspace notifications, and the pubsub output buffer limit disconnecting a
 * subscriber that does not read while the others keep receiving.
 */
@Timeout(120)
class PubSubLettuceTest extends LettuceServerTest {
    /** Everything a listener hears, as "kind|pattern|channel|message" strings. */
    static final class Recorder extends RedisPubSubAdapter<String, String> {
        final BlockingQueue<String> events = new LinkedBlockingQueue<>();

        @Override public void message(String channel, String message) { events.add("message||" + channel + "|" + message); }
        @Override public void message(String pattern, String channel, String message) {
            events.add("pmessage|" + pattern + "|" + channel + "|" + message);
        }
        @Override public void subscribed(String channel, long count) { events.add("subscribe||" + channel + "|" + count); }
        @Override public void psubscribed(String pattern, long count) { events.add("psubscribe|" + pattern + "||" + count); }
        @Override public void unsubscribed(String channel, long count) { events.add("unsubscribe||" + channel + "|" + count); }
        @Override public void punsubscribed(String pattern, long count) { events.add("punsubscribe|" + pattern + "||" + count); }

        String next() throws InterruptedException {
            String e = events.poll(10, TimeUnit.SECONDS);
            assertNotNull(e, "no pub/sub event within 10 s");
            return e;
        }
    }

    @ParameterizedTest
    @EnumSource(ProtocolVersion.class)
    void channelAndPatternSubscriptions(ProtocolVersion version) throws InterruptedException {
        protocol(version);
        String ch = "news." + version;
        try (StatefulRedisPubSubConnection<String, String> sub = client.connectPubSub();
             StatefulRedisConnection<String, String> pub = client.connect()) {
            Recorder rec = new Recorder();
            sub.addListener(rec);
            RedisPubSubCommands<String, String> s = sub.sync();
            s.subscribe(ch);
            assertEquals("subscribe||" + ch + "|1", rec.next());
            s.psubscribe("news.*");
            assertEquals("psubscribe|news.*||2", rec.next());

            RedisCommands<String, String> p = pub.sync();
            assertEquals(2L, p.publish(ch, "hello"));
            assertEquals("message||" + ch + "|hello", rec.next());
            assertEquals("pmessage|news.*|" + ch + "|hello", rec.next());
            assertEquals(1L, p.publish("news.other", "x"));
            assertEquals("pmessage|news.*|news.other|x", rec.next());
            assertEquals(0L, p.publish("sport", "ignored"));

            assertEquals(Map.of(ch, 1L, "sport", 0L), p.pubsubNumsub(ch, "sport"));
            assertTrue(p.pubsubChannels().contains(ch));
            assertEquals(1L, p.pubsubNumpat());

            // The subscribed connection may still PING: RESP2 answers ["pong", ""] in this mode,
            // of which Lettuce returns the message part.
            assertEquals(version == ProtocolVersion.RESP2 ? "" : "PONG", s.ping());

            s.unsubscribe(ch);
            assertEquals("unsubscribe||" + ch + "|1", rec.next());
            s.punsubscribe("news.*");
            assertEquals("punsubscribe|news.*||0", rec.next());
            assertEquals(0L, p.publish(ch, "after"));
            assertEquals(0L, p.pubsubNumpat());
            assertNull(rec.events.poll(100, TimeUnit.MILLISECONDS));
        }
    }

    @ParameterizedTest
    @EnumSource(ProtocolVersion.class)
    void manySubscribersReceiveInSubscriptionOrder(ProtocolVersion version) throws InterruptedException {
        protocol(version);
        String ch = "fanout." + version;
        try (StatefulRedisPubSubConnection<String, String> s1 = client.connectPubSub();
             StatefulRedisPubSubConnection<String, String> s2 = client.connectPubSub();
             StatefulRedisConnection<String, String> pub = client.connect()) {
            Recorder r1 = new Recorder();
            Recorder r2 = new Recorder();
            s1.addListener(r1);
            s2.addListener(r2);
            s1.sync().subscribe(ch);
            s2.sync().subscribe(ch);
            r1.next();
            r2.next();
            for (int i = 0; i < 100; i++) assertEquals(2L, pub.sync().publish(ch, "m" + i));
            for (int i = 0; i < 100; i++) {
                assertEquals("message||" + ch + "|m" + i, r1.next());
                assertEquals("message||" + ch + "|m" + i, r2.next());
            }
            // A subscriber that goes away stops counting.
            s1.close();
            long deadline = System.currentTimeMillis() + 5000;
            while (pub.sync().publish(ch, "x") != 1L && System.currentTimeMillis() < deadline) Thread.sleep(10);
            assertEquals(Map.of(ch, 1L), pub.sync().pubsubNumsub(ch));
        }
    }

    @ParameterizedTest
    @EnumSource(ProtocolVersion.class)
    void keyspaceNotifications(ProtocolVersion version) throws InterruptedException {
        protocol(version);
        try (StatefulRedisPubSubConnection<String, String> sub = client.connectPubSub();
             StatefulRedisConnection<String, String> conn = client.connect()) {
            RedisCommands<String, String> r = conn.sync();
            r.configSet("notify-keyspace-events", "KEA");
            try {
                assertEquals(Map.of("notify-keyspace-events", "AKE"), r.configGet("notify-keyspace-events"));
                Recorder rec = new Recorder();
                sub.addListener(rec);
                sub.sync().psubscribe("__keyspace@0__:ks." + version, "__keyevent@0__:expired");
                rec.next();
                rec.next();
                String k = "ks." + version;
                r.set(k, "v");
                assertEquals("pmessage|__keyspace@0__:" + k + "|__keyspace@0__:" + k + "|set", rec.next());
                r.pexpire(k, 20);
                assertEquals("pmessage|__keyspace@0__:" + k + "|__keyspace@0__:" + k + "|expire", rec.next());
                // Expired by the active cycle or by this read: either way both events arrive.
                Thread.sleep(50);
                assertNull(r.get(k));
                List<String> rest = List.of(rec.next(), rec.next());
                assertTrue(rest.contains("pmessage|__keyspace@0__:" + k + "|__keyspace@0__:" + k + "|expired"), rest.toString());
                assertTrue(rest.contains("pmessage|__keyevent@0__:expired|__keyevent@0__:expired|" + k), rest.toString());
            } finally {
                r.configSet("notify-keyspace-events", "");
            }
        }
    }

    /**
     * A subscriber that never reads gets messages queued until its output buffer passes the
     * pubsub hard limit, then is disconnected; a subscriber that reads is not affected.
     */
    @Test
    void slowSubscriberOverTheHardLimitIsDisconnected() throws Exception {
        try (TestServer limited = TestServer.start("client-output-buffer-limit pubsub 1mb 0 0");
             RawClient slow = new RawClient(limited.port());
             RawClient fast = new RawClient(limited.port());
             RawClient pub = new RawClient(limited.port())) {
            assertTrue(slow.call("SUBSCRIBE", "big").startsWith("*3\r\n$9\r\nsubscribe"));
            assertTrue(fast.call("SUBSCRIBE", "small").startsWith("*3\r\n$9\r\nsubscribe"));
            byte[] payload = new byte[256 * 1024];
            java.util.Arrays.fill(payload, (byte) 'x');
            int published = 0;
            // The kernel takes a few MB off the slow client before its output buffer grows.
            while (published < 1024) {
                pub.sendCommand("PUBLISH".getBytes(), "big".getBytes(), payload);
                String receivers = pub.readReply();
                published++;
                if (receivers.equals(":0\r\n")) break;
                assertEquals(":1\r\n", receivers);
                if (published % 16 == 0) {
                    assertEquals(":1\r\n", pub.call("PUBLISH", "small", "tick" + published));
                    assertEquals("*3\r\n$7\r\nmessage\r\n$5\r\nsmall\r\n$" + ("tick" + published).length() + "\r\ntick"
                            + published + "\r\n", fast.readReply());
                }
            }
            assertTrue(published < 1024, "the slow subscriber was never disconnected");
            assertEquals("*4\r\n$3\r\nbig\r\n:0\r\n$5\r\nsmall\r\n:1\r\n", pub.call("PUBSUB", "NUMSUB", "big", "small"));
            assertEquals(":1\r\n", pub.call("PUBLISH", "small", "still here"));
            assertEquals("*3\r\n$7\r\nmessage\r\n$5\r\nsmall\r\n$10\r\nstill here\r\n", fast.readReply());
            assertTrue(drainUntilClosed(slow), "the slow subscriber's connection was not closed");
        }
    }

    /** Reads and discards until EOF; false if the connection stays open for 10 s without data. */
    private static boolean drainUntilClosed(RawClient c) throws IOException {
        java.io.InputStream in = c.socket.getInputStream();
        byte[] buf = new byte[1 << 16];
        try {
            while (true) {
                if (in.read(buf) < 0) return true;
            }
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (java.net.SocketException reset) {
            return true;
        }
    }
}
