package io.aeredis.server;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.TransactionResult;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.protocol.ProtocolVersion;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** MULTI/EXEC/DISCARD/WATCH through Lettuce, RESP2 and RESP3, with a second connection interfering. */
@Timeout(120)
class MultiLettuceTest extends LettuceServerTest {
    @ParameterizedTest
    @EnumSource(ProtocolVersion.class)
    void execRunsQueuedCommandsInOrder(ProtocolVersion version) {
        try (StatefulRedisConnection<String, String> conn = connect(version)) {
            RedisCommands<String, String> r = conn.sync();
            String k = "multi:order:" + version;
            r.del(k);
            assertEquals("OK", r.multi());
            r.set(k, "1");
            r.incrby(k, 41);
            r.get(k);
            TransactionResult result = r.exec();
            assertFalse(result.wasDiscarded());
            assertEquals(3, result.size());
            assertEquals("OK", result.get(0));
            assertEquals(42L, (Long) result.get(1));
            assertEquals("42", result.get(2));
        }
    }

    @ParameterizedTest
    @EnumSource(ProtocolVersion.class)
    void watchedKeyWrittenByAnotherConnectionDiscardsExec(ProtocolVersion version) {
        try (StatefulRedisConnection<String, String> a = connect(version);
             StatefulRedisConnection<String, String> b = connect(version)) {
            RedisCommands<String, String> ra = a.sync();
            RedisCommands<String, String> rb = b.sync();
            String k = "multi:cas:" + version;
            ra.set(k, "10");
            assertEquals("OK", ra.watch(k));
            long seen = Long.parseLong(ra.get(k));
            // The other connection changes the key between WATCH and EXEC.
            rb.set(k, "100");
            ra.multi();
            ra.set(k, Long.toString(seen + 1));
            TransactionResult result = ra.exec();
            assertTrue(result.wasDiscarded());
            assertEquals("100", ra.get(k));

            // Retrying without interference succeeds: the failed EXEC unwatched everything.
            ra.watch(k);
            seen = Long.parseLong(ra.get(k));
            ra.multi();
            ra.set(k, Long.toString(seen + 1));
            result = ra.exec();
            assertFalse(result.wasDiscarded());
            assertEquals("101", rb.get(k));
        }
    }

    @ParameterizedTest
    @EnumSource(ProtocolVersion.class)
    void unrelatedWritesAndReadsDoNotDiscard(ProtocolVersion version) {
        try (StatefulRedisConnection<String, String> a = connect(version);
             StatefulRedisConnection<String, String> b = connect(version)) {
            RedisCommands<String, String> ra = a.sync();
            RedisCommands<String, String> rb = b.sync();
            String k = "multi:quiet:" + version;
            ra.set(k, "v");
            ra.watch(k);
            rb.get(k);
            rb.set(k + ":other", "x");
            rb.select(1);
            rb.set(k, "same name, other db");
            ra.multi();
            ra.get(k);
            TransactionResult result = ra.exec();
            assertFalse(result.wasDiscarded());
            assertEquals("v", result.get(0));
            rb.del(k);
        }
    }

    @ParameterizedTest
    @EnumSource(ProtocolVersion.class)
    void flushAndSwapFromAnotherConnectionDiscard(ProtocolVersion version) {
        try (StatefulRedisConnection<String, String> a = connect(version);
             StatefulRedisConnection<String, String> b = connect(version)) {
            RedisCommands<String, String> ra = a.sync();
            RedisCommands<String, String> rb = b.sync();
            ra.select(7);
            rb.select(7);
            ra.set("k", "v");
            ra.watch("k");
            rb.flushdb();
            ra.multi();
            ra.set("k", "mine");
            assertTrue(ra.exec().wasDiscarded());

            rb.select(8);
            rb.set("k", "in eight");
            ra.watch("k");
            rb.swapdb(7, 8);
            ra.multi();
            ra.get("k");
            assertTrue(ra.exec().wasDiscarded());
            rb.flushall();
        }
    }

    @ParameterizedTest
    @EnumSource(ProtocolVersion.class)
    void watchedKeyExpiringBeforeExecDiscards(ProtocolVersion version) throws InterruptedException {
        try (StatefulRedisConnection<String, String> conn = connect(version)) {
            RedisCommands<String, String> r = conn.sync();
            String k = "multi:ttl:" + version;
            r.psetex(k, 50, "v");
            r.watch(k);
            TimeUnit.MILLISECONDS.sleep(120);
            r.multi();
            r.set(k, "new");
            assertTrue(r.exec().wasDiscarded());
        }
    }

    @ParameterizedTest
    @EnumSource(ProtocolVersion.class)
    void errorsInsideExecAndAbortedTransactions(ProtocolVersion version) {
        try (StatefulRedisConnection<String, String> conn = connect(version)) {
            RedisCommands<String, String> r = conn.sync();
            String k = "multi:err:" + version;
            r.set(k, "abc");
            r.multi();
            r.incr(k);
            r.set(k, "1");
            r.incr(k);
            TransactionResult result = r.exec();
            assertInstanceOf(RedisCommandExecutionException.class, result.get(0));
            assertEquals("OK", result.get(1));
            assertEquals(2L, (Long) result.get(2));

            // A command refused while queueing aborts the whole transaction.
            r.multi();
            r.set(k, "never");
            // GET without a key: refused at queueing time (Lettuce reports it with the EXEC result).
            try {
                r.dispatch(io.lettuce.core.protocol.CommandType.GET,
                        new io.lettuce.core.output.StatusOutput<>(io.lettuce.core.codec.StringCodec.UTF8));
            } catch (RedisCommandExecutionException expected) {
                assertTrue(expected.getMessage().startsWith("ERR wrong number of arguments"), expected.getMessage());
            }
            RedisCommandExecutionException abort = assertThrows(RedisCommandExecutionException.class, r::exec);
            assertTrue(abort.getMessage().startsWith("EXECABORT"), abort.getMessage());
            assertEquals("2", r.get(k));

            r.multi();
            r.set(k, "discarded");
            assertEquals("OK", r.discard());
            assertEquals("2", r.get(k));
        }
    }

    @ParameterizedTest
    @EnumSource(ProtocolVersion.class)
    void pipelinedAsyncTransaction(ProtocolVersion version) throws Exception {
        try (StatefulRedisConnection<String, String> conn = connect(version)) {
            RedisAsyncCommands<String, String> async = conn.async();
            String k = "multi:async:" + version;
            async.multi();
            RedisFuture<String> set = async.set(k, "5");
            RedisFuture<Long> incr = async.incr(k);
            RedisFuture<TransactionResult> exec = async.exec();
            TransactionResult result = exec.get(10, TimeUnit.SECONDS);
            assertFalse(result.wasDiscarded());
            assertEquals("OK", set.get(10, TimeUnit.SECONDS));
            assertEquals(6L, incr.get(10, TimeUnit.SECONDS));
        }
    }
}
