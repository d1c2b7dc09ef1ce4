package io.aeredis.server;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** redis.conf loading and the redis-server-style command line (config.c). */
class ServerConfigTest {

    @Test
    void directivesAreAppliedAndQuotedArgumentsSplitLikeRedis() {
        ServerConfig c = new ServerConfig();
        c.loadFromString("# comment\nport 7777\n  hz 20  \nrequirepass \"with space\"\nsave \"\"\nbind 127.0.0.1 -::1\n");
        assertEquals(7777, c.port);
        assertEquals(20, c.hz);
        assertEquals("with space", c.requirepass);
        assertEquals("", c.save);
        assertEquals("127.0.0.1 -::1", String.join(" ", c.bind));
    }

    @Test
    void redisDirectivesAeredisDoesNotImplementAreReportedNotFatal() {
        ServerConfig c = new ServerConfig();
        c.loadFromString("always-show-logo no\nlazyfree-lazy-eviction no\nport 7001\n");
        assertEquals(java.util.Set.of("always-show-logo", "lazyfree-lazy-eviction"), c.ignoredDirectives());
        assertEquals(7001, c.port);
    }

    @Test
    void unknownDirectiveIsFatalWithRedisText() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ServerConfig().loadFromString("port 1\nno-such-directive yes\n"));
        assertTrue(e.getMessage().contains("*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***"), e.getMessage());
        assertTrue(e.getMessage().contains("at line 2\n>>> 'no-such-directive yes'\nBad directive or wrong number of arguments"), e.getMessage());
    }

    @Test
    void badValueIsFatalWithTheOptionsReason() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ServerConfig().loadFromString("maxclients 0\n"));
        assertTrue(e.getMessage().endsWith("argument must be between 1 and 4294967295 inclusive"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ServerConfig().loadFromString("requirepass \"open\n"));
    }

    @Test
    void includeLoadsAnotherFileInPlace(@TempDir Path dir) throws Exception {
        Path inc = dir.resolve("inc.conf");
        Files.writeString(inc, "hz 33\ntimeout 5\n");
        ServerConfig c = new ServerConfig();
        c.loadFromString("hz 10\ninclude " + inc + "\ntimeout 7\n");
        assertEquals(33, c.hz);
        assertEquals(7, c.maxidletime);
    }

    @Test
    void commandLineOptionsBecomeConfigLinesThatOverrideTheFile() {
        String text = Main.optionsToConfigText(new String[]{"--port", "6380", "--bind", "127.0.0.1", "::1", "--save", "", "--requirepass", "a b"}, 0);
        ServerConfig c = new ServerConfig();
        c.loadFromString("port 6379\n" + text);
        assertEquals(6380, c.port);
        assertEquals("127.0.0.1 ::1", String.join(" ", c.bind));
        assertEquals("", c.save);
        assertEquals("a b", c.requirepass);
    }

    @Test
    void memoryUnitsFollowRedisMemtoull() {
        assertEquals(1024L, ServerConfig.parseMemory("1kb"));
        assertEquals(1000L, ServerConfig.parseMemory("1k"));
        assertEquals(512L * 1024 * 1024, ServerConfig.parseMemory("512MB"));
        assertEquals(null, ServerConfig.parseMemory("12x"));
        assertEquals(null, ServerConfig.parseMemory("-1"));
    }

    @Test
    void debiansStockRedisConfLoads() throws Exception {
        Path conf = Path.of("/etc/redis/redis.conf");
        Assumptions.assumeTrue(Files.isReadable(conf), "Debian's redis-server package is not installed");
        ServerConfig c = new ServerConfig();
        c.loadFromString(Files.readString(conf));
        assertEquals(6379, c.port);
        assertTrue(c.ignoredDirectives().contains("appendfsync"), c.ignoredDirectives().toString());
    }
}
