package io.aeredis.server;

import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.protocol.ProtocolVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Lettuce, sync and async, RESP2 and RESP3, against an in-process aeredis. */
@Timeout(120)
class LettuceTest extends LettuceServerTest {
    @ParameterizedTest
    @EnumSource(ProtocolVersion.class)
    void stringCommandsWorkInBothProtocols(ProtocolVersion version) {
        try (StatefulRedisConnection<String, String> conn = connect(version)) {
            RedisCommands<String, String> r = conn.sync();
            String k = "lettuce:" + version;
            r.del(k, k + ":n");
            assertEquals("PONG", r.ping());
            assertEquals("OK", r.set(k, "v1"));
            assertEquals("v1", r.get(k));
            assertEquals("v1", r.setGet(k, "v2"));
            assertEquals(5L, r.incrby(k + ":n", 5));
            assertEquals(6.5, r.incrbyfloat(k + ":n", 1.5));
            assertEquals(2L, r.strlen(k));
            assertEquals("OK", r.mset(java.util.Map.of(k + ":a", "1", k + ":b", "2")));
            List<KeyValue<String, String>> got = r.mget(k + ":a", k + ":missing", k + ":b");
            assertEquals("1", got.get(0).getValue());
            assertTrue(got.get(1).isEmpty());
            assertEquals("2", got.get(2).getValue());
            assertNull(r.get(k + ":missing"));
            RedisCommandExecutionException e = assertThrows(RedisCommandExecutionException.class, () -> r.incr(k));
            assertEquals("ERR value is not an integer or out of range", e.getMessage());
        }
    }

    @Test
    void expiryCommandsThroughLettuce() {
        try (StatefulRedisConnection<String, String> conn = connect(ProtocolVersion.RESP3)) {
            RedisCommands<String, String> r = conn.sync();
            r.set("ttl:k", "v", SetArgs.Builder.ex(100));
            long ttl = r.ttl("ttl:k");
            assertTrue(ttl > 90 && ttl <= 100, "ttl " + ttl);
            assertTrue(r.persist("ttl:k"));
            assertEquals(-1L, r.ttl("ttl:k"));
            assertEquals(-2L, r.ttl("ttl:none"));
            assertTrue(r.pexpire("ttl:k", 60_000));
            assertTrue(r.pttl("ttl:k") > 50_000);
        }
    }

    @Test
    void asyncPipelineOfTenThousandCommands() throws Exception {
        try (StatefulRedisConnection<String, String> conn = connect(ProtocolVersion.RESP2)) {
            RedisAsyncCommands<String, String> a = conn.async();
            a.del("async:counter").get(5, TimeUnit.SECONDS);
            conn.setAutoFlushCommands(false);
            List<RedisFuture<Long>> futures = new ArrayList<>();
            for (int i = 0; i < 10_000; i++) futures.add(a.incr("async:counter"));
            conn.flushCommands();
            for (int i = 0; i < futures.size(); i++) assertEquals(i + 1L, futures.get(i).get(10, TimeUnit.SECONDS));
            conn.setAutoFlushCommands(true);
        }
    }

    @Test
    void binaryKeysWithByteArrayCodec() {
        try (StatefulRedisConnection<byte[], byte[]> conn = client.connect(ByteArrayCodec.INSTANCE)) {
            byte[] key = {0, (byte) 0xfe, '\r', '\n'};
            byte[] val = new byte[100_000];
            new java.util.Random(7).nextBytes(val);
            conn.sync().set(key, val);
            assertArrayEquals(val, conn.sync().get(key));
        }
    }

    @Test
    void scanIteratesEveryKey() {
        try (StatefulRedisConnection<String, String> conn = connect(ProtocolVersion.RESP3)) {
            RedisCommands<String, String> r = conn.sync();
            r.select(3);
            r.flushdb();
            for (int i = 0; i < 500; i++) r.set("scan:" + i, "x");
            Set<String> seen = new HashSet<>();
            ScanIterator.scan(r, ScanArgs.Builder.matches("scan:*").limit(50)).forEachRemaining(seen::add);
            assertEquals(500, seen.size());
            assertEquals(500L, r.dbsize());
        }
    }

    @Test
    void clientNameAndInfoThroughLettuce() {
        try (StatefulRedisConnection<String, String> conn = connect(ProtocolVersion.RESP3)) {
            RedisCommands<String, String> r = conn.sync();
            assertEquals("OK", r.clientSetname("lettuce-test"));
            assertEquals("lettuce-test", r.clientGetname());
            assertTrue(r.clientList().contains("name=lettuce-test"));
            String info = r.info("server");
            assertTrue(info.contains("multiplexing_api:"), info);
            assertTrue(r.clientId() > 0);
        }
    }
}
