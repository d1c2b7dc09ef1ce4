package io.aeredis.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Servers started with particular configs: limits, auth, backends, shutdown, DEBUG SLEEP. */
@Timeout(60)
class LimitsAndConfigTest {

    @Test
    void connectionsBeyondMaxclientsGetRedisErrorAndAreClosed() throws Exception {
        try (TestServer s = TestServer.start("maxclients 2");
             RawClient a = new RawClient(s.port()); RawClient b = new RawClient(s.port());
             RawClient c = new RawClient(s.port())) {
            assertEquals("-ERR max number of clients reached\r\n", c.readReply());
            assertTrue(c.isClosedByServer());
            assertEquals("+PONG\r\n", a.call("PING"));
            assertEquals("+PONG\r\n", b.call("PING"));
            assertTrue(a.call("INFO", "stats").contains("rejected_connections:1\r\n"));
        }
    }

    @Test
    void queryBufferLimitClosesTheClientWithoutReply() throws Exception {
        try (TestServer s = TestServer.start("client-query-buffer-limit 1mb");
             RawClient big = new RawClient(s.port()); RawClient other = new RawClient(s.port())) {
            big.send("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$3000000\r\n");
            byte[] chunk = new byte[64 * 1024];
            Arrays.fill(chunk, (byte) 'x');
            try {
                for (int i = 0; i < 40; i++) big.send(chunk);
            } catch (IOException closedWhileSending) {
                // expected once the server closes the socket
            }
            assertTrue(big.isClosedByServer());
            assertEquals("+PONG\r\n", other.call("PING"));
        }
    }

    @Test
    void requirepassDemandsAuthLikeRedis() throws Exception {
        try (TestServer s = TestServer.start("requirepass sesame"); RawClient c = new RawClient(s.port())) {
            assertEquals("-NOAUTH Authentication required.\r\n", c.call("GET", "k"));
            assertEquals("-WRONGPASS invalid username-password pair or user is disabled.\r\n", c.call("AUTH", "wrong"));
            assertEquals("+OK\r\n", c.call("AUTH", "sesame"));
            assertEquals("$-1\r\n", c.call("GET", "k"));
            try (RawClient d = new RawClient(s.port())) {
                assertTrue(d.call("HELLO", "3", "AUTH", "default", "sesame").startsWith("%7\r\n"));
            }
            try (RawClient e = new RawClient(s.port())) {
                e.send("*11\r\n");
                assertEquals("-ERR Protocol error: unauthenticated multibulk length\r\n", e.readReply());
                assertTrue(e.isClosedByServer());
            }
        }
    }

    @Test
    void selectBackendServesClients() throws Exception {
        try (TestServer s = TestServer.start("ae-backend select"); RawClient c = new RawClient(s.port())) {
            assertEquals("select", s.server.backendName());
            assertEquals("+OK\r\n", c.call("SET", "k", "v"));
            assertEquals("$1\r\nv\r\n", c.call("GET", "k"));
            assertTrue(c.call("INFO", "server").contains("multiplexing_api:select\r\n"));
        }
    }

    @Test
    void shutdownStopsTheLoopAndClosesClients() throws Exception {
        try (TestServer s = TestServer.start(); RawClient c = new RawClient(s.port())) {
            c.sendCommand(RawClient.args("SHUTDOWN", "NOSAVE"));
            assertTrue(c.isClosedByServer());
            assertTrue(s.awaitStop(5000));
        }
    }

    @Test
    void debugAnswersAnUnknownSubcommandAsRedisDoes() throws Exception {
        try (TestServer s = TestServer.start("enable-debug-command yes"); RawClient c = new RawClient(s.port())) {
            // Redis 7.0's addReplySubcommandSyntaxError, with the container as typed upper-cased.
            assertEquals("-ERR unknown subcommand or wrong number of arguments for 'nosuch'. Try DEBUG HELP.\r\n",
                    c.call("debug", "nosuch"));
        }
    }

    @Test
    void debugSleepBlocksEveryClientWhileItRuns() throws Exception {
        try (TestServer s = TestServer.start("enable-debug-command yes");
             RawClient sleeper = new RawClient(s.port()); RawClient other = new RawClient(s.port())) {
            sleeper.sendCommand(RawClient.args("DEBUG", "SLEEP", "1"));
            // Only orders the two sends: nothing can signal "the loop is asleep", since that is
            // exactly what stops it from answering. 200 ms is ample for it to read DEBUG first.
            Thread.sleep(200);
            long start = System.nanoTime();
            assertEquals("+PONG\r\n", other.call("PING"));
            long waitedMs = (System.nanoTime() - start) / 1_000_000;
            assertEquals("+OK\r\n", sleeper.readReply());
            // The PING was sent while the loop slept, so it could only be answered afterwards.
            assertTrue(waitedMs >= 500, "PING was answered during DEBUG SLEEP after " + waitedMs + " ms");
        }
    }

    @Test
    void idleClientsAreClosedAfterTimeout() throws Exception {
        try (TestServer s = TestServer.start("timeout 1"); RawClient c = new RawClient(s.port())) {
            assertEquals("+PONG\r\n", c.call("PING"));
            assertTrue(c.isClosedByServer(), "idle client should be closed by clientsCron");
        }
    }

    @Test
    void manyConnectionsAreServed() throws Exception {
        try (TestServer s = TestServer.start()) {
            List<RawClient> clients = new ArrayList<>();
            try {
                for (int i = 0; i < 300; i++) clients.add(new RawClient(s.port()));
                for (int i = 0; i < clients.size(); i++) {
                    assertEquals(":" + (i + 1) + "\r\n", clients.get(i).call("INCR", "counter"));
                }
            } finally {
                for (RawClient c : clients) c.close();
            }
        }
    }

    @Test
    void bindAddressInUseFailsStartup() throws Exception {
        try (TestServer s = TestServer.start(); Socket ignored = new Socket("127.0.0.1", s.port())) {
            IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                    () -> TestServer.start("port " + s.port()).close());
            assertTrue(e.getMessage().contains("Failed listening on port " + s.port()), e.getMessage());
        }
    }

    @Test
    void errorRepliesAreCountedPerCodeAndPerCommandLikeRedis() throws Exception {
        try (TestServer s = TestServer.start("requirepass pw"); RawClient c = new RawClient(s.port())) {
            assertEquals("-NOAUTH Authentication required.\r\n", c.call("GET", "k"));
            c.call("AUTH", "pw");
            c.call("SET", "s", "abc");
            assertEquals("-ERR value is not an integer or out of range\r\n", c.call("INCR", "s"));
            c.call("NOPE");
            c.call("GET");
            String errorstats = c.call("INFO", "errorstats");
            assertTrue(errorstats.contains("errorstat_ERR:count=3\r\n"), errorstats);
            assertTrue(errorstats.contains("errorstat_NOAUTH:count=1\r\n"), errorstats);
            assertTrue(c.call("INFO", "stats").contains("total_error_replies:4\r\n"));
            String cmdstats = c.call("INFO", "commandstats");
            assertTrue(cmdstats.matches("(?s).*cmdstat_incr:calls=1,usec=\\d+,usec_per_call=[\\d.]+,rejected_calls=0,failed_calls=1\r\n.*"), cmdstats);
            assertTrue(cmdstats.matches("(?s).*cmdstat_get:calls=0,usec=0,usec_per_call=0.00,rejected_calls=2,failed_calls=0\r\n.*"), cmdstats);
        }
    }

    @Test
    void aBugInOneCommandGetsAnErrorReplyAndTheServerKeepsServing() throws Exception {
        try (TestServer s = TestServer.start("", server -> server.core.commands.add(
                io.aeredis.commands.RedisCommand.command("boom", 1, "fast", 0, 0, 0, "server")
                        .summary("Throws, to test the safety net").proc(c -> {
                            throw new IllegalStateException("deliberate");
                        })));
             RawClient c = new RawClient(s.port())) {
            assertEquals("-ERR internal error in 'boom': IllegalStateException\r\n", c.call("BOOM"));
            assertEquals("+PONG\r\n", c.call("PING"));
            assertTrue(c.call("INFO", "commandstats").contains("cmdstat_boom:calls=1,"));
        }
    }

    @Test
    void bulkLengthsBeyondAJavaArrayAreRefusedEvenWhenTheConfigAllowsThem() throws Exception {
        try (TestServer s = TestServer.start("proto-max-bulk-len 8gb"); RawClient c = new RawClient(s.port())) {
            c.send("*2\r\n$3\r\nGET\r\n$4294967296\r\n");
            assertEquals("-ERR Protocol error: invalid bulk length\r\n", c.readReply());
            assertTrue(c.isClosedByServer());
        }
    }
}
