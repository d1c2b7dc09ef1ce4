package io.aeredis.scripting;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Redis 7 functions with JS libraries: FUNCTION LOAD/LIST/DELETE/FLUSH/DUMP/RESTORE/STATS, FCALL. */
class FunctionsTest {
    final Harness h = new Harness();

    static final String MYLIB = "#!js name=mylib\n"
            + "redis.registerFunction('f1', (keys, args) => keys[1])\n"
            + "redis.registerFunction({function_name: 'f2', callback: (keys, args) => args[1], flags: ['no-writes'], description: 'desc'})\n";

    @Test
    void loadAndCall() {
        assertEquals("$5\r\nmylib\r\n", h.raw("FUNCTION", "LOAD", MYLIB));
        assertEquals("$1\r\nk\r\n", h.raw("FCALL", "f1", "1", "k"));
        assertEquals("$1\r\na\r\n", h.raw("FCALL", "f2", "0", "a"));
        assertEquals("$1\r\nk\r\n", h.raw("FCALL", "F1", "1", "k"), "function names are case-insensitive");
        assertEquals("-ERR Can not execute a script with write flag using *_ro command.\r\n", h.raw("FCALL_RO", "f1", "1", "k"));
        assertEquals("$1\r\na\r\n", h.raw("FCALL_RO", "f2", "0", "a"));
        assertEquals("-ERR Function not found\r\n", h.raw("FCALL", "nosuch", "abc"));
        assertEquals("-ERR Number of keys can't be greater than number of args\r\n", h.raw("FCALL", "f1", "2", "k"));
        assertEquals("-ERR Number of keys can't be negative\r\n", h.raw("FCALL", "f1", "-1"));
        assertEquals("-ERR Library 'mylib' already exists\r\n", h.raw("FUNCTION", "LOAD", MYLIB));
        assertEquals("$5\r\nmylib\r\n", h.raw("FUNCTION", "LOAD", "REPLACE", MYLIB.replace("keys[1]", "'new'")));
        assertEquals("$3\r\nnew\r\n", h.raw("FCALL", "f1", "1", "k"));
    }

    @Test
    void functionsWriteAndNoWritesIsEnforced() {
        h.raw("FUNCTION", "LOAD", "#!js name=w\n"
                + "redis.registerFunction('setit', (keys, args) => redis.call('set', keys[1], args[1]))\n"
                + "redis.registerFunction({function_name: 'sneaky', callback: (keys) => redis.call('set', keys[1], 'x'), flags: ['no-writes']})");
        assertEquals("+OK\r\n", h.raw("FCALL", "setit", "1", "k", "v"));
        assertEquals("$1\r\nv\r\n", h.raw("GET", "k"));
        assertEquals("-ERR Write commands are not allowed from read-only scripts. script: sneaky, on @user_function:3.\r\n",
                h.raw("FCALL", "sneaky", "1", "k"));
        assertEquals("-ERR user_function:2: Error: inner script: boom, on @user_function:2.\r\n".replace("Error: inner", "Error: inner"),
                loadAndCall("#!js name=e\nredis.registerFunction('boom', () => { throw new Error('inner') })", "boom"));
    }

    private String loadAndCall(String lib, String fn) {
        h.raw("FUNCTION", "LOAD", "REPLACE", lib);
        return h.raw("FCALL", fn, "0");
    }

    @Test
    void loadErrorsAreRedisErrors() {
        assertEquals("-ERR Missing library metadata\r\n", h.raw("FUNCTION", "LOAD", "return 1"));
        assertEquals("-ERR Engine 'lua' not found\r\n", h.raw("FUNCTION", "LOAD", "#!lua name=x\nredis.register_function('a', function() return 1 end)"));
        assertEquals("-ERR Engine 'lua' not found\r\n", h.raw("FUNCTION", "LOAD", "#!lua name=x\nreturn 1"));
        assertEquals("-ERR Library name was not given\r\n", h.raw("FUNCTION", "LOAD", "#!js\nreturn 1"));
        assertEquals("-ERR Library names can only contain letters, numbers, or underscores(_) and must be at least one character long\r\n",
                h.raw("FUNCTION", "LOAD", "#!js name=a-b\nreturn 1"));
        assertEquals("-ERR Invalid metadata value given: foo=bar\r\n", h.raw("FUNCTION", "LOAD", "#!js name=x foo=bar\nreturn 1"));
        assertEquals("-ERR Invalid metadata value, name argument was given multiple times\r\n",
                h.raw("FUNCTION", "LOAD", "#!js name=x name=y\nreturn 1"));
        assertEquals("-ERR Invalid library metadata\r\n", h.raw("FUNCTION", "LOAD", "#!js name=x"));
        assertEquals("-ERR No functions registered\r\n", h.raw("FUNCTION", "LOAD", "#!js name=x\nlet a = 1"));
        assertEquals("-ERR Error compiling function: user_function:2: Expected ; but found x\r\n",
                h.raw("FUNCTION", "LOAD", "#!js name=x\nreturn x x"));
        assertEquals("-ERR Error registering functions: ERR user_function:3: Error: boom\r\n",
                h.raw("FUNCTION", "LOAD", "#!js name=x\n\nthrow new Error('boom')"));
        assertEquals("-ERR Error registering functions: ERR Function already exists in the library\r\n",
                h.raw("FUNCTION", "LOAD", "#!js name=x\nredis.registerFunction('a', () => 1)\nredis.registerFunction('A', () => 1)"));
        assertEquals("-ERR Error registering functions: ERR wrong number of arguments to redis.register_function\r\n",
                h.raw("FUNCTION", "LOAD", "#!js name=x\nredis.registerFunction()"));
        assertEquals("-ERR Error registering functions: ERR unknown argument given to redis.register_function\r\n",
                h.raw("FUNCTION", "LOAD", "#!js name=x\nredis.registerFunction({function_name: 'a', callback: () => 1, bogus: 1})"));
        assertEquals("-ERR Error registering functions: ERR unknown flag given\r\n",
                h.raw("FUNCTION", "LOAD", "#!js name=x\nredis.registerFunction({function_name: 'a', callback: () => 1, flags: ['bad']})"));
        assertEquals("-ERR Error registering functions: ERR Library names can only contain letters, numbers, or underscores(_) and must be at least one character long\r\n",
                h.raw("FUNCTION", "LOAD", "#!js name=x\nredis.registerFunction('f 1', () => 1)"));
        assertTrue(h.raw("FUNCTION", "LOAD", "#!js name=x\nredis.call('ping')")
                .startsWith("-ERR Error registering functions: ERR redis.call and redis.pcall can only be used while a script or function runs"));
        assertEquals("-ERR Unknown option given: NOW\r\n", h.raw("FUNCTION", "LOAD", "NOW", MYLIB));
        assertEquals("$5\r\nmylib\r\n", h.raw("FUNCTION", "LOAD", "REPLACE", "REPLACE", MYLIB));
        // Function names clash case-insensitively; the error names the new one, as Redis does.
        assertEquals("-ERR Function F1 already exists\r\n",
                h.raw("FUNCTION", "LOAD", "#!js name=other\nredis.registerFunction('F1', () => 1)"));
        long saved = JsContext.loadTimeoutMillis;
        JsContext.loadTimeoutMillis = 500;
        try {
            assertEquals("-ERR Error registering functions: FUNCTION LOAD timeout\r\n",
                    h.raw("FUNCTION", "LOAD", "#!js name=slow\nwhile (true) {}"));
        } finally {
            JsContext.loadTimeoutMillis = saved;
        }
        // The thread's context is fine afterwards.
        assertEquals(":1\r\n", h.eval("return 1"));
        // Nothing of the failed loads stayed.
        assertEquals("*1\r\n", h.raw("FUNCTION", "LIST").substring(0, 4));
    }

    @Test
    void registerFunctionOnlyWhileLoading() {
        h.raw("FUNCTION", "LOAD", "#!js name=late\nredis.registerFunction('late', () => { redis.registerFunction('x', () => 1); return 1 })");
        assertEquals("-ERR redis.register_function can only be called on FUNCTION LOAD command script: late, on @user_function:2.\r\n",
                h.raw("FCALL", "late", "0"));
    }

    @Test
    void listDeleteFlush() {
        assertEquals("*0\r\n", h.raw("FUNCTION", "LIST"));
        h.raw("FUNCTION", "LOAD", MYLIB);
        String fns = "$9\r\nfunctions\r\n*2\r\n"
                + "*6\r\n$4\r\nname\r\n$2\r\nf1\r\n$11\r\ndescription\r\n$-1\r\n$5\r\nflags\r\n*0\r\n"
                + "*6\r\n$4\r\nname\r\n$2\r\nf2\r\n$11\r\ndescription\r\n$4\r\ndesc\r\n$5\r\nflags\r\n*1\r\n+no-writes\r\n";
        String head = "$12\r\nlibrary_name\r\n$5\r\nmylib\r\n$6\r\nengine\r\n$2\r\nJS\r\n";
        assertEquals("*1\r\n*6\r\n" + head + fns, h.raw("FUNCTION", "LIST"));
        assertEquals("*1\r\n*8\r\n" + head + fns + "$12\r\nlibrary_code\r\n$" + MYLIB.length() + "\r\n" + MYLIB + "\r\n",
                h.raw("FUNCTION", "LIST", "WITHCODE", "LIBRARYNAME", "my*"));
        assertEquals("*0\r\n", h.raw("FUNCTION", "LIST", "LIBRARYNAME", "m"));
        assertEquals("-ERR library name argument was not given\r\n", h.raw("FUNCTION", "LIST", "LIBRARYNAME"));
        assertEquals("-ERR Unknown argument foo\r\n", h.raw("FUNCTION", "LIST", "foo"));
        assertEquals("-ERR Unknown argument withcode\r\n", h.raw("FUNCTION", "LIST", "withcode", "withcode"));
        h.resp3();
        assertEquals("*1\r\n%3\r\n$12\r\nlibrary_name\r\n$5\r\nmylib\r\n$6\r\nengine\r\n$2\r\nJS\r\n$9\r\nfunctions\r\n*2\r\n"
                + "%3\r\n$4\r\nname\r\n$2\r\nf1\r\n$11\r\ndescription\r\n_\r\n$5\r\nflags\r\n~0\r\n"
                + "%3\r\n$4\r\nname\r\n$2\r\nf2\r\n$11\r\ndescription\r\n$4\r\ndesc\r\n$5\r\nflags\r\n~1\r\n+no-writes\r\n",
                h.raw("FUNCTION", "LIST"));
        assertEquals("%2\r\n$14\r\nrunning_script\r\n_\r\n$7\r\nengines\r\n%1\r\n$2\r\nJS\r\n%2\r\n$15\r\nlibraries_count\r\n:1\r\n"
                + "$15\r\nfunctions_count\r\n:2\r\n", h.raw("FUNCTION", "STATS"));
        assertEquals("-ERR Library not found\r\n", h.raw("FUNCTION", "DELETE", "MYLIB"));
        assertEquals("+OK\r\n", h.raw("FUNCTION", "DELETE", "mylib"));
        assertEquals("-ERR Function not found\r\n", h.raw("FCALL", "f1", "0"));
        h.raw("FUNCTION", "LOAD", MYLIB);
        assertEquals("-ERR FUNCTION FLUSH only supports SYNC|ASYNC option\r\n", h.raw("FUNCTION", "FLUSH", "bad"));
        assertEquals("+OK\r\n", h.raw("FUNCTION", "FLUSH", "sync"));
        assertEquals("*0\r\n", h.raw("FUNCTION", "LIST"));
        assertEquals("-NOTBUSY No scripts in execution right now.\r\n", h.raw("FUNCTION", "KILL"));
        assertTrue(h.raw("FUNCTION", "HELP").startsWith("*40\r\n+FUNCTION <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n"));
    }

    @Test
    void librariesSurviveScriptFlush() {
        h.raw("FUNCTION", "LOAD", MYLIB);
        assertEquals("+OK\r\n", h.raw("SCRIPT", "FLUSH"));
        assertEquals("$1\r\nk\r\n", h.raw("FCALL", "f1", "1", "k"));
    }

    @Test
    void libraryScopeIsPrivateAndLivesAcrossCalls() {
        h.raw("FUNCTION", "LOAD", "#!js name=counter\nlet n = 0\nfunction next() { return ++n }\n"
                + "redis.registerFunction('next', () => next())");
        assertEquals(":1\r\n", h.raw("FCALL", "next", "0"));
        assertEquals(":2\r\n", h.raw("FCALL", "next", "0"));
        assertEquals("$9\r\nundefined\r\n", h.eval("return typeof next"));
    }

    @Test
    void dumpAndRestore() {
        h.raw("FUNCTION", "LOAD", MYLIB);
        byte[] payload = h.rawBytes(new byte[][] {"FUNCTION".getBytes(), "DUMP".getBytes()});
        String p = new String(payload, StandardCharsets.ISO_8859_1);
        byte[] body = p.substring(p.indexOf("\r\n") + 2, p.length() - 2).getBytes(StandardCharsets.ISO_8859_1);
        assertEquals("-ERR Library mylib already exists\r\n", restore(body));
        assertEquals("-ERR Library mylib already exists\r\n", restore(body, "APPEND"));
        assertEquals("+OK\r\n", restore(body, "REPLACE"));
        assertEquals("+OK\r\n", restore(body, "FLUSH"));
        assertEquals("$1\r\nk\r\n", h.raw("FCALL", "f1", "1", "k"));
        h.raw("FUNCTION", "FLUSH");
        h.raw("FUNCTION", "LOAD", "#!js name=other\nredis.registerFunction('f1', () => 1)");
        assertEquals("-ERR Function f1 already exists\r\n", restore(body, "REPLACE"));
        assertEquals("+OK\r\n", restore(body, "FLUSH"));
        assertEquals("$5\r\nmylib\r\n", h.raw("FCALL", "f1", "1", "mylib"));
        body[body.length - 1] ^= 1;
        assertEquals("-ERR DUMP payload version or checksum are wrong\r\n", restore(body));
        assertEquals("-ERR DUMP payload version or checksum are wrong\r\n", h.raw("FUNCTION", "RESTORE", ""));
        assertEquals("-ERR Wrong restore policy given, value should be either FLUSH, APPEND or REPLACE.\r\n",
                h.raw("FUNCTION", "RESTORE", "bad", "foo"));
        assertEquals("-ERR unknown subcommand or wrong number of arguments for 'RESTORE'. Try FUNCTION HELP.\r\n",
                h.raw("FUNCTION", "RESTORE", "bad", "flush", "extra"));
    }

    private String restore(byte[] payload, String... policy) {
        byte[][] argv = new byte[3 + policy.length][];
        argv[0] = "FUNCTION".getBytes();
        argv[1] = "RESTORE".getBytes();
        argv[2] = payload;
        for (int i = 0; i < policy.length; i++) argv[3 + i] = policy[i].getBytes();
        return new String(h.rawBytes(argv), StandardCharsets.ISO_8859_1);
    }

    @Test
    void aLibraryIsEvaluatedOnceOnEachThreadThatCallsIt() throws Exception {
        h.raw("FUNCTION", "LOAD", "#!js name=t\nconst loadedAt = Math.random()\nredis.registerFunction('id', () => String(loadedAt))");
        String here = h.raw("FCALL", "id", "0");
        assertEquals(here, h.raw("FCALL", "id", "0"));
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            h.scripting.setExecutor((c, run) -> {
                Future<Object> f = pool.submit(run::execute);
                try {
                    Reply.write(c.reply, f.get(30, TimeUnit.SECONDS));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            String there = h.raw("FCALL", "id", "0");
            assertTrue(there.startsWith("$"), there);
            assertTrue(!there.equals(here), "a second thread evaluates the library in its own context");
            assertEquals(there, h.raw("FCALL", "id", "0"));
        } finally {
            pool.shutdownNow();
        }
    }
}
