package io.aeredis.scripting;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** EVAL and friends: compilation by SHA1, KEYS/ARGV, redis.call, errors, the SCRIPT container. */
class EvalTest {
    final Harness h = new Harness();

    @Test
    void sha1IsOfTheScriptText() {
        // The digests redis-server 7.0 gives the same texts.
        assertEquals("e0e1f9fabfc9d4800c877a703b823ac0578ff8db", Harness.sha("return 1"));
        assertEquals("2bab3b661081db58bd2341920e0ba7cf5dc77b25", Harness.sha("return redis.call('incr', KEYS[1])"));
        assertEquals("$40\r\ne0e1f9fabfc9d4800c877a703b823ac0578ff8db\r\n", h.raw("SCRIPT", "LOAD", "return 1"));
        assertEquals("*3\r\n:1\r\n:1\r\n:0\r\n", h.raw("SCRIPT", "EXISTS", "e0e1f9fabfc9d4800c877a703b823ac0578ff8db",
                "E0E1F9FABFC9D4800C877A703B823AC0578FF8DB", "ffffffffffffffffffffffffffffffffffffffff"));
    }

    @Test
    void aScriptCompilesOncePerShaAndThread() {
        int before = ScriptEngine.context().compiledScripts();
        String body = "return ARGV[1] + '!'  // " + System.nanoTime();
        for (int i = 0; i < 5; i++) assertEquals("$2\r\n" + i + "!\r\n", h.eval(body, "0", Integer.toString(i)));
        assertEquals(before + 1, ScriptEngine.context().compiledScripts());
        assertEquals("$2\r\nx!\r\n", h.raw("EVALSHA", Harness.sha(body), "0", "x"));
        assertEquals(before + 1, ScriptEngine.context().compiledScripts());
    }

    @Test
    void topLevelReturnAndOneBasedKeysAndArgv() {
        assertEquals("+OK\r\n", h.eval("return redis.call('set', KEYS[1], ARGV[1])", "1", "k", "v"));
        assertEquals("$1\r\nv\r\n", h.eval("return redis.call('get', KEYS[1])", "1", "k"));
        assertEquals("*4\r\n$2\r\nk1\r\n$2\r\nk2\r\n$2\r\na1\r\n$3\r\n3 2\r\n",
                h.eval("return [KEYS[1], KEYS[2], ARGV[1], KEYS.length + ' ' + ARGV.length]", "2", "k1", "k2", "a1"));
        // Index 0 is a hole: slice(1) is the plain list, iteration helpers skip the hole.
        assertEquals("$5\r\nk1,k2\r\n", h.eval("return KEYS.slice(1).join(',')", "2", "k1", "k2"));
        assertEquals(":2\r\n", h.eval("let n = 0; KEYS.forEach(() => n++); return n", "2", "k1", "k2"));
        assertEquals("$9\r\nundefined\r\n", h.eval("return typeof KEYS[0]", "1", "k"));
        assertEquals("*0\r\n", h.eval("return KEYS.slice(1)"));
        // A body ending in a line comment still closes.
        assertEquals(":7\r\n", h.eval("return 7 // done"));
    }

    @Test
    void numkeysAndShaErrors() {
        assertEquals("-ERR Number of keys can't be greater than number of args\r\n", h.raw("EVAL", "return 1", "2", "a"));
        assertEquals("-ERR Number of keys can't be negative\r\n", h.raw("EVAL", "return 1", "-1"));
        assertEquals("-ERR value is not an integer or out of range\r\n", h.raw("EVAL", "return 1", "abc"));
        assertEquals("-NOSCRIPT No matching script. Please use EVAL.\r\n", h.raw("EVALSHA", "ffff", "abc"));
        assertEquals("-NOSCRIPT No matching script. Please use EVAL.\r\n",
                h.raw("EVALSHA", "ffffffffffffffffffffffffffffffffffffffff", "0"));
        assertEquals("-ERR value is not an integer or out of range\r\n",
                h.raw("EVALSHA", "ffffffffffffffffffffffffffffffffffffffff", "x"));
        assertEquals("-NOSCRIPT No matching script. Please use EVAL.\r\n",
                h.raw("EVALSHA_RO", "ffffffffffffffffffffffffffffffffffffffff", "0"));
    }

    @Test
    void errorsNameTheScriptAndLine() {
        h.raw("SET", "s", "abc");
        String sha = Harness.sha("return redis.call('incr', KEYS[1])");
        assertEquals("-ERR value is not an integer or out of range script: " + sha + ", on @user_script:1.\r\n",
                h.eval("return redis.call('incr', KEYS[1])", "1", "s"));
        String body = "redis.call('set', KEYS[1], 'x')\nreturn redis.call('incr', KEYS[1])";
        assertEquals("-ERR value is not an integer or out of range script: " + Harness.sha(body) + ", on @user_script:2.\r\n",
                h.eval(body, "1", "s"));
        assertEquals("-ERR user_script:3: Error: boom script: " + Harness.sha("\n\nthrow new Error('boom')") + ", on @user_script:3.\r\n",
                h.eval("\n\nthrow new Error('boom')"));
        assertEquals("-ERR user_script:1: boom script: " + Harness.sha("throw 'boom'") + ", on @user_script:1.\r\n",
                h.eval("throw 'boom'"));
        // A thrown {err} is a Redis error as it is, like Lua's error({err=...}).
        assertEquals("-MY thing script: " + Harness.sha("throw {err: 'MY thing'}") + ", on @user_script:1.\r\n",
                h.eval("throw {err: 'MY thing'}"));
        assertEquals("-ERR user_script:1: ReferenceError: nosuch is not defined script: " + Harness.sha("return nosuch")
                + ", on @user_script:1.\r\n", h.eval("return nosuch"));
        assertEquals("-ERR Error compiling script (new function): user_script:2: Expected ; but found x\r\n",
                h.eval("return 1\nreturn x x"));
        // Not cached when it does not compile.
        assertEquals(":0\r\n".replace(":0", "*1\r\n:0").substring(0, 4) + ":0\r\n",
                h.raw("SCRIPT", "EXISTS", Harness.sha("return 1\nreturn x x")));
    }

    @Test
    void redisCallFailuresAndPcall() {
        h.raw("SET", "s", "abc");
        assertEquals("-ERR Unknown Redis command called from script script: " + Harness.sha("return redis.call('nosuch')")
                + ", on @user_script:1.\r\n", h.eval("return redis.call('nosuch')"));
        assertEquals("-ERR Wrong number of args calling Redis command from script script: "
                + Harness.sha("return redis.call('get')") + ", on @user_script:1.\r\n", h.eval("return redis.call('get')"));
        assertTrue(h.eval("return redis.call('eval', 'return 1', '0')")
                .startsWith("-ERR This Redis command is not allowed from script script: "));
        assertTrue(h.eval("return redis.call()").startsWith("-ERR Please specify at least one argument for this redis lib call script: "));
        assertTrue(h.eval("return redis.call('set', 'a', {})")
                .startsWith("-ERR Lua redis lib command arguments must be strings or integers script: "));
        assertTrue(h.eval("return redis.call('set', 'a', null)")
                .startsWith("-ERR Lua redis lib command arguments must be strings or integers script: "));
        // pcall returns the error instead; an uncaught one keeps its code.
        assertEquals("-ERR value is not an integer or out of range\r\n", h.eval("return redis.pcall('incr', 's')"));
        assertEquals("-ERR Unknown Redis command called from script\r\n", h.eval("return redis.pcall('nosuch')"));
        assertEquals("-ERR Lua redis lib command arguments must be strings or integers\r\n", h.eval("return redis.pcall('get', true)"));
        assertEquals("$43\r\nERR value is not an integer or out of range\r\n",
                h.eval("try { redis.call('incr', 's') } catch (e) { return e.message }"));
        assertEquals("$43\r\nERR value is not an integer or out of range\r\n",
                h.eval("try { redis.call('incr', 's') } catch (e) { return e.err }"));
        assertEquals("$43\r\nERR value is not an integer or out of range\r\n",
                h.eval("return redis.pcall('incr', 's').err"));
        assertTrue(h.eval("return redis.call('select', '99')").startsWith("-ERR DB index is out of range script: "));
        assertEquals("-ERR Please specify at least one argument for this redis lib call\r\n", h.eval("return redis.pcall()"));
    }

    @Test
    void numbersAsArgumentsPrintLikeLua() {
        assertEquals("+OK\r\n", h.eval("return redis.call('mset', 'a', 1.5, 'b', 0.1, 'c', 1e20, 'd', 42, 'e', -7, 'f', 2n**70n, 'g', 1/3)"));
        assertEquals("*7\r\n$3\r\n1.5\r\n$19\r\n0.10000000000000001\r\n$5\r\n1e+20\r\n$2\r\n42\r\n$2\r\n-7\r\n$22\r\n1180591620717411303424\r\n"
                + "$19\r\n0.33333333333333331\r\n", h.raw("MGET", "a", "b", "c", "d", "e", "f", "g"));
    }

    @Test
    void readOnlyScripts() {
        assertTrue(h.raw("EVAL_RO", "return redis.call('set', 'a', 'b')", "0")
                .startsWith("-ERR Write commands are not allowed from read-only scripts. script: "));
        assertEquals("$-1\r\n", h.raw("EVAL_RO", "return redis.call('get', 'a')", "0"));
        h.raw("SCRIPT", "LOAD", "return redis.call('set', 'a', 'b')");
        assertTrue(h.raw("EVALSHA_RO", Harness.sha("return redis.call('set', 'a', 'b')"), "0")
                .startsWith("-ERR Write commands are not allowed from read-only scripts. script: "));
        assertEquals("$-1\r\n", h.raw("GET", "a"));
    }

    @Test
    void shebangFlags() {
        assertTrue(h.eval("#!js flags=no-writes\nreturn redis.call('set', 'a', 'b')")
                .startsWith("-ERR Write commands are not allowed from read-only scripts. script: "));
        assertTrue(h.eval("#!js flags=no-writes\nreturn redis.call('set', 'a', 'b')").endsWith(", on @user_script:2.\r\n"));
        assertEquals("-ERR Can not execute a script with write flag using *_ro command.\r\n", h.raw("EVAL_RO", "#!js\nreturn 1", "0"));
        assertEquals(":1\r\n", h.raw("EVAL_RO", "#!js flags=no-writes,allow-oom\nreturn 1", "0"));
        assertEquals(":1\r\n", h.eval("#!js flags=\nreturn 1"));
        assertEquals("-ERR Unexpected engine in script shebang: #!lua\r\n", h.eval("#!lua\nreturn 1"));
        assertEquals("-ERR Unexpected flag in script shebang: bogus\r\n", h.eval("#!js flags=bogus\nreturn 1"));
        assertEquals("-ERR Unknown js shebang option: name=x\r\n", h.eval("#!js name=x\nreturn 1"));
        assertEquals("-ERR Invalid script shebang\r\n", h.eval("#!js"));
        assertEquals("-ERR Unexpected engine in script shebang: #!lua\r\n", h.raw("SCRIPT", "LOAD", "#!lua\nreturn 1"));
    }

    @Test
    void scriptContainer() {
        assertEquals("$40\r\n" + Harness.sha("return 2") + "\r\n", h.raw("SCRIPT", "LOAD", "return 2"));
        assertEquals("-ERR Error compiling script (new function): user_script:1: Expected ; but found x\r\n",
                h.raw("SCRIPT", "LOAD", "return x x"));
        assertEquals(":2\r\n", h.raw("EVALSHA", Harness.sha("return 2"), "0"));
        assertEquals("-ERR SCRIPT FLUSH only support SYNC|ASYNC option\r\n", h.raw("SCRIPT", "FLUSH", "now"));
        assertEquals("+OK\r\n", h.raw("SCRIPT", "FLUSH", "ASYNC"));
        assertEquals("-NOSCRIPT No matching script. Please use EVAL.\r\n", h.raw("EVALSHA", Harness.sha("return 2"), "0"));
        assertEquals(0, ScriptEngine.context().compiledScripts());
        assertEquals("+OK\r\n", h.raw("SCRIPT", "FLUSH"));
        assertEquals("-NOTBUSY No scripts in execution right now.\r\n", h.raw("SCRIPT", "KILL"));
        assertEquals("+OK\r\n", h.raw("SCRIPT", "DEBUG", "no"));
        assertEquals("-ERR Use SCRIPT DEBUG YES/SYNC/NO\r\n", h.raw("SCRIPT", "DEBUG", "maybe"));
        assertTrue(h.raw("SCRIPT", "HELP").startsWith("*17\r\n+SCRIPT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n"));
        // EVAL caches what it ran, for EVALSHA.
        h.eval("return 3");
        assertEquals(":3\r\n", h.raw("EVALSHA", Harness.sha("return 3"), "0"));
        assertEquals(1, h.scripting.scripts().size());
    }

    @Test
    void evalSlowScriptRunsLikeEval() {
        assertEquals("+OK\r\n", h.raw("EVAL_SLOW_SCRIPT", "return redis.call('set', KEYS[1], ARGV[1])", "1", "k", "slow"));
        assertEquals("$4\r\nslow\r\n", h.raw("GET", "k"));
        assertEquals(":1\r\n", h.raw("EVAL_SLOW_SCRIPT", "return redis.spin(5) > 0", "0"));
    }

    @Test
    void libraryHelpers() {
        assertEquals("$40\r\nda39a3ee5e6b4b0d3255bfef95601890afd80709\r\n", h.eval("return redis.sha1hex('')"));
        assertEquals("-ERR x\r\n", h.eval("return redis.error_reply('x')"));
        assertEquals("-X y\r\n", h.eval("return redis.error_reply('-X y')"));
        assertEquals("-MY error\r\n", h.eval("return redis.error_reply('MY error')"));
        assertEquals("$5\r\nERR x\r\n", h.eval("return redis.error_reply('x').err"));
        assertEquals("+x\r\n", h.eval("return redis.status_reply('x')"));
        assertTrue(h.eval("redis.setresp(4)").startsWith("-ERR RESP version must be 2 or 3. script: "));
        assertTrue(h.eval("redis.setresp()").startsWith("-ERR redis.setresp() requires one argument. script: "));
        assertTrue(h.eval("redis.log(99, 'x')").startsWith("-ERR Invalid debug level. script: "));
        assertTrue(h.eval("redis.log(redis.LOG_WARNING)").startsWith("-ERR redis.log() requires two arguments or more. script: "));
        assertEquals("*4\r\n:0\r\n:1\r\n:2\r\n:3\r\n", h.eval("return [redis.LOG_DEBUG, redis.LOG_VERBOSE, redis.LOG_NOTICE, redis.LOG_WARNING]"));
        assertEquals("$6\r\n7.0.15\r\n", h.eval("return redis.REDIS_VERSION"));
        assertEquals(":458767\r\n", h.eval("return redis.REDIS_VERSION_NUM"));
        assertEquals(":1\r\n", h.eval("return redis.replicate_commands()"));
        // redis.log reaches the host.
        java.util.List<String> logged = new java.util.ArrayList<>();
        h.scripting.setHost(new InProcessScriptHost(h.core) {
            @Override
            public void log(int level, String message) {
                logged.add(level + " " + message);
            }
        });
        assertEquals("$-1\r\n", h.eval("redis.log(redis.LOG_WARNING, 'hello', 'world', 42)"));
        assertEquals(java.util.List.of("3 hello world 42"), logged);
        // The redis object cannot be replaced or changed.
        assertTrue(h.eval("redis.call = null").startsWith("-ERR user_script:1: TypeError: "));
        assertTrue(h.eval("redis = null").startsWith("-ERR user_script:1: TypeError: "));
    }

    @Test
    void selectInsideAScriptDoesNotMoveTheCaller() {
        assertEquals("+OK\r\n", h.eval("redis.call('select', '3'); return redis.call('set', 'k', 'in3')"));
        assertEquals("$-1\r\n", h.raw("GET", "k"));
        h.raw("SELECT", "3");
        assertEquals("$3\r\nin3\r\n", h.raw("GET", "k"));
    }

    @Test
    void commandStatsCountCallsFromScripts() {
        long before = h.core.commands.lookup("incr").calls;
        h.eval("redis.call('incr', 'n'); return redis.call('incr', 'n')");
        assertEquals(before + 2, h.core.commands.lookup("incr").calls);
    }
}
