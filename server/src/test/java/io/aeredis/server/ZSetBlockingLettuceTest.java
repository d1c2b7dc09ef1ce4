package io.aeredis.server;

import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.protocol.ProtocolVersion;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * BZPOPMIN end to end: a client blocked on one connection is woken by a ZADD from another,
 * in both protocols, and a timed-out BZPOPMAX answers null.
 */
@Timeout(60)
class ZSetBlockingLettuceTest extends LettuceServerTest {
    @ParameterizedTest
    @EnumSource(ProtocolVersion.class)
    void bzpopminIsWokenByZaddFromAnotherConnection(ProtocolVersion version) throws Exception {
        String key = "zblock:" + version;
        try (StatefulRedisConnection<String, String> waiter = connect(version);
             StatefulRedisConnection<String, String> writer = connect(version)) {
            RedisCommands<String, String> w = writer.sync();
            w.del(key);
            RedisFuture<KeyValue<String, ScoredValue<String>>> popped = waiter.async().bzpopmin(0, key);
            // Wait until the server has parked the client, then feed the key.
            long deadline = System.currentTimeMillis() + 5000;
            while (!w.clientList().contains("cmd=bzpopmin") && System.currentTimeMillis() < deadline) {
                Thread.sleep(10);
            }
            assertFalse(popped.isDone(), "BZPOPMIN must block on a missing key");
            assertEquals(2L, w.zadd(key, 2.5, "b", 1.5, "a"));
            KeyValue<String, ScoredValue<String>> got = popped.get(10, TimeUnit.SECONDS);
            assertEquals(key, got.getKey());
            assertEquals("a", got.getValue().getValue());
            assertEquals(1.5, got.getValue().getScore());
            // Only the lowest member was taken.
            assertEquals(1L, w.zcard(key));
            assertEquals(2.5, w.zscore(key, "b"));
            // The waiter's connection is usable again.
            assertEquals("PONG", waiter.sync().ping());
        }
    }

    @ParameterizedTest
    @EnumSource(ProtocolVersion.class)
    void bzpopmaxTimesOutWithNull(ProtocolVersion version) {
        try (StatefulRedisConnection<String, String> conn = connect(version)) {
            RedisCommands<String, String> r = conn.sync();
            r.del("zblock:none");
            assertNull(r.bzpopmax(0.05, "zblock:none"));
        }
    }
}
