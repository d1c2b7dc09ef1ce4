package io.aeredis.server;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** redis-cli as a separate process: EVAL on the command line and --eval with a script file. */
@Timeout(180)
class ScriptCliTest {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        server.close();
    }

    private static String cli(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("redis-cli", "-p", Integer.toString(server.port())));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("redis-cli did not finish: " + cmd);
        }
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    private static boolean haveCli() {
        try {
            return new ProcessBuilder("redis-cli", "--version").start().waitFor(10, TimeUnit.SECONDS);
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    @Test
    void evalOnTheCommandLine() throws Exception {
        assumeTrue(haveCli(), "redis-cli not installed");
        assertEquals("OK\n", cli("EVAL", "return redis.call('set', KEYS[1], ARGV[1])", "1", "k", "v"));
        assertEquals("v\n", cli("GET", "k"));
        assertEquals("\"v\"\n", cli("--no-raw", "EVAL", "return redis.call('get', KEYS[1])", "1", "k"));
    }

    @Test
    void evalAScriptFile(@TempDir Path dir) throws Exception {
        assumeTrue(haveCli(), "redis-cli not installed");
        Path script = dir.resolve("script.js");
        Files.writeString(script, "// KEYS and ARGV are 1-based, as in Lua\n"
                + "redis.call('set', KEYS[1], ARGV[1])\n"
                + "return [KEYS[1], redis.call('get', KEYS[1]), KEYS.length - 1, ARGV.length - 1]\n");
        assertEquals("1) \"filekey\"\n2) \"arg1\"\n3) (integer) 1\n4) (integer) 2\n",
                cli("--no-raw", "--eval", script.toString(), "filekey", ",", "arg1", "arg2"));
        assertEquals("arg1\n", cli("GET", "filekey"));
    }
}
