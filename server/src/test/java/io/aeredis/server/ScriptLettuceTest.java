package io.aeredis.server;

import io.lettuce.core.FlushMode;
import io.lettuce.core.FunctionRestoreMode;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.protocol.ProtocolVersion;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** EVAL, EVALSHA, SCRIPT and FUNCTION through Lettuce, RESP2 and RESP3, against an in-process aeredis. */
@Timeout(180)
class ScriptLettuceTest extends LettuceServerTest {
    @ParameterizedTest
    @EnumSource(ProtocolVersion.class)
    void evalAndEvalsha(ProtocolVersion version) {
        try (StatefulRedisConnection<String, String> conn = connect(version)) {
            RedisCommands<String, String> r = conn.sync();
            String k = "script:" + version;
            String set = "return redis.call('set', KEYS[1], ARGV[1])";
            assertEquals("OK", r.eval(set, ScriptOutputType.STATUS, new String[] {k}, "v1"));
            assertEquals("v1", r.get(k));
            String get = "return redis.call('get', KEYS[1])";
            assertEquals("v1", r.eval(get, ScriptOutputType.VALUE, k));
            assertEquals(42L, (Long) r.eval("return 42", ScriptOutputType.INTEGER));
            assertEquals(List.of(1L, "two", List.of(3L)), r.eval("return [1, 'two', [3]]", ScriptOutputType.MULTI));
            assertEquals(Boolean.TRUE, r.eval("return true", ScriptOutputType.BOOLEAN));

            String sha = r.scriptLoad(get);
            assertEquals(r.digest(get), sha);
            assertEquals(List.of(true, false), r.scriptExists(sha, "ffffffffffffffffffffffffffffffffffffffff"));
            assertEquals("v1", r.evalsha(sha, ScriptOutputType.VALUE, k));
            assertEquals("v1", r.evalshaReadOnly(sha, ScriptOutputType.VALUE, new String[] {k}));
            assertEquals("v1", r.evalReadOnly(get, ScriptOutputType.VALUE, new String[] {k}));

            RedisCommandExecutionException e = assertThrows(RedisCommandExecutionException.class,
                    () -> r.evalReadOnly(set, ScriptOutputType.STATUS, new String[] {k}, "v2"));
            assertTrue(e.getMessage().startsWith("ERR Write commands are not allowed from read-only scripts. script: "), e.getMessage());
            e = assertThrows(RedisCommandExecutionException.class, () -> r.eval("throw new Error('boom')", ScriptOutputType.STATUS));
            assertTrue(e.getMessage().startsWith("ERR user_script:1: Error: boom script: "), e.getMessage());

            assertEquals("OK", r.scriptFlush(FlushMode.SYNC));
            assertThrows(RedisNoScriptException.class, () -> r.evalsha(sha, ScriptOutputType.VALUE, k));
            e = assertThrows(RedisCommandExecutionException.class, r::scriptKill);
            assertEquals("NOTBUSY No scripts in execution right now.", e.getMessage());
        }
    }

    @ParameterizedTest
    @EnumSource(ProtocolVersion.class)
    void functions(ProtocolVersion version) {
        try (StatefulRedisConnection<String, String> conn = connect(version)) {
            RedisCommands<String, String> r = conn.sync();
            r.functionFlush(FlushMode.SYNC);
            String lib = "#!js name=lib" + version + "\n"
                    + "redis.registerFunction('hello" + version + "', (keys, args) => 'hello ' + args[1])\n"
                    + "redis.registerFunction({function_name: 'get" + version + "', callback: (keys) => redis.call('get', keys[1]),"
                    + " flags: ['no-writes'], description: 'reads a key'})\n";
            assertEquals("lib" + version, r.functionLoad(lib));
            assertEquals("hello you", r.fcall("hello" + version, ScriptOutputType.VALUE, new String[0], "you"));
            r.set("fk", "fv");
            assertEquals("fv", r.fcallReadOnly("get" + version, ScriptOutputType.VALUE, "fk"));
            if (version == ProtocolVersion.RESP3) {
                // Lettuce reads FUNCTION LIST as maps only in RESP3 (in RESP2 Redis sends flat arrays).
                List<Map<String, Object>> list = r.functionList();
                assertEquals(1, list.size());
                assertEquals("lib" + version, list.get(0).get("library_name"));
                assertEquals("JS", list.get(0).get("engine"));
            }
            byte[] dump = r.functionDump();
            r.functionFlush(FlushMode.SYNC);
            assertEquals("OK", r.functionRestore(dump, FunctionRestoreMode.FLUSH));
            assertEquals("hello again", r.fcall("hello" + version, ScriptOutputType.VALUE, new String[0], "again"));
            RedisCommandExecutionException e = assertThrows(RedisCommandExecutionException.class,
                    () -> r.fcall("nosuch", ScriptOutputType.VALUE));
            assertEquals("ERR Function not found", e.getMessage());
            // Libraries outlive SCRIPT FLUSH.
            r.scriptFlush();
            assertEquals("hello still", r.fcall("hello" + version, ScriptOutputType.VALUE, new String[0], "still"));
            assertNull(r.fcall("get" + version, ScriptOutputType.VALUE, "missing"));
        }
    }
}
