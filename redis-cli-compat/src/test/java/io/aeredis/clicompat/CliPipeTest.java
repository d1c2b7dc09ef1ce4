package io.aeredis.clicompat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** redis-cli --pipe: mass insertion of raw RESP from stdin, as in Redis's "mass insertion" guide. */
@Timeout(180)
class CliPipeTest extends BothServersTest {



    static void writeCommand(OutputStream out, String... args) throws IOException {
        StringBuilder sb = new StringBuilder();
        sb.append('*').append(args.length).append("\r\n");
        for (String a : args) {
            sb.append('$').append(a.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(a).append("\r\n");
        }
        out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aMillionSetsThroughThePipe(@TempDir Path dir) throws Exception {
        Path resp = dir.resolve("mass-insert.resp");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(resp), 1 << 20)) {
            for (int i = 0; i < 1_000_000; i++) writeCommand(out, "SET", "key:" + i, "value:" + i);
        }
        try (Resp c = Resp.connect(both.aeredis)) {
            c.string("FLUSHALL");
        }
        try {
            long t0 = System.nanoTime();
            Tools.Result r = Tools.runWithInput(Tools.cli(both.aeredis, "--pipe"), resp, Duration.ofSeconds(150));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            System.out.println("redis-cli --pipe: 1,000,000 SETs into aeredis in " + ms + " ms");
            assertEquals(0, r.exit(), r.describe());
            assertEquals("All data transferred. Waiting for the last reply...\n"
                    + "Last reply received from server.\n"
                    + "errors: 0, replies: 1000000\n", r.out(), r.describe());
            try (Resp c = Resp.connect(both.aeredis)) {
                assertEquals(1_000_000L, c.integer("DBSIZE"));
                assertEquals("value:0", c.string("GET", "key:0"));
                assertEquals("value:999999", c.string("GET", "key:999999"));
                assertEquals("value:123456", c.string("GET", "key:123456"));
            }
        } finally {
            try (Resp c = Resp.connect(both.aeredis)) {
                c.string("FLUSHALL"); // give the memory back to the other test classes in this JVM
            }
        }
    }

    @Test
    void errorsInThePipeAreCountedAsRedisCountsThem(@TempDir Path dir) throws Exception {
        Path resp = dir.resolve("some-errors.resp");
        try (OutputStream out = Files.newOutputStream(resp)) {
            writeCommand(out, "SET", "p", "1");
            writeCommand(out, "INCR", "p");
            writeCommand(out, "LPUSH", "p", "x");            // WRONGTYPE
            writeCommand(out, "NOSUCHCOMMAND", "a");         // unknown command
            writeCommand(out, "GET");                        // arity
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII)); // inline commands work too
        }
        both.setup(c -> c.string("FLUSHALL"));
        Tools.Result r = both.same(t -> Tools.cli(t, "--pipe"), Files.readAllBytes(resp));
        assertEquals("All data transferred. Waiting for the last reply...\n"
                + "Last reply received from server.\n"
                + "errors: 3, replies: 6\n", r.out());
        // Each error reply is echoed on stderr, and the exit status says there were errors.
        assertEquals("WRONGTYPE Operation against a key holding the wrong kind of value\n"
                + "ERR unknown command 'NOSUCHCOMMAND', with args beginning with: 'a' \n"
                + "ERR wrong number of arguments for 'get' command\n", r.err());
        assertEquals(1, r.exit());
        try (Resp c = Resp.connect(both.aeredis)) {
            assertEquals("2", c.string("GET", "p"));
        }
    }
}
