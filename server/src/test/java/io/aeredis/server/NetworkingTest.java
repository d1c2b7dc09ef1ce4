package io.aeredis.server;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** networking.c behaviour over raw sockets: parsing, pipelining, protocol errors, limits. */
@Timeout(60)
class NetworkingTest {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        server.close();
    }

    private static RawClient connect() throws IOException {
        return new RawClient(server.port());
    }

    @Test
    void inlineAndMultibulkPingAreAnswered() throws IOException {
        try (RawClient c = connect()) {
            c.send("PING\r\n");
            assertEquals("+PONG\r\n", c.readReply());
            c.send("*2\r\n$4\r\nPING\r\n$5\r\nhello\r\n");
            assertEquals("$5\r\nhello\r\n", c.readReply());
            c.send("ECHO \"a b\\x41\"\n");
            assertEquals("$4\r\na bA\r\n", c.readReply());
        }
    }

    @Test
    void pipelinedCommandsAreAnsweredInOrder() throws IOException {
        try (RawClient c = connect()) {
            c.call("DEL", "pipe");
            StringBuilder batch = new StringBuilder();
            for (int i = 0; i < 1000; i++) batch.append("*2\r\n$4\r\nINCR\r\n$4\r\npipe\r\n");
            c.send(batch.toString());
            for (int i = 1; i <= 1000; i++) assertEquals(":" + i + "\r\n", c.readReply());
        }
    }

    @Test
    void commandSplitAcrossManyWritesIsParsedOnceComplete() throws IOException, InterruptedException {
        try (RawClient c = connect()) {
            byte[] cmd = RawClient.encode(RawClient.args("SET", "split", "value-in-pieces"));
            for (byte b : cmd) {
                c.send(new byte[]{b});
            }
            assertEquals("+OK\r\n", c.readReply());
            assertEquals("$15\r\nvalue-in-pieces\r\n", c.call("GET", "split"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "*abc\r\n|-ERR Protocol error: invalid multibulk length\r\n",
        "*1\r\nfoo\r\n|-ERR Protocol error: expected '$', got 'f'\r\n",
        "*1\r\n$-5\r\n|-ERR Protocol error: invalid bulk length\r\n",
        "*1\r\n$999999999999\r\n|-ERR Protocol error: invalid bulk length\r\n",
        "*99999999999\r\n|-ERR Protocol error: invalid multibulk length\r\n",
        "SET \"a b\r\n|-ERR Protocol error: unbalanced quotes in request\r\n",
    })
    void protocolErrorGetsRedisErrorThenClose(String spec) throws IOException {
        String[] parts = spec.split("\\|");
        try (RawClient bad = connect(); RawClient good = connect()) {
            bad.send(parts[0]);
            assertEquals(parts[1], bad.readReply());
            assertTrue(bad.isClosedByServer(), "connection must be closed after a protocol error");
            assertEquals("+PONG\r\n", good.call("PING"));
        }
    }

    @Test
    void tooBigInlineRequestIsRejected() throws IOException {
        try (RawClient c = connect()) {
            byte[] junk = new byte[70 * 1024];
            Arrays.fill(junk, (byte) 'a');
            c.send(junk);
            assertEquals("-ERR Protocol error: too big inline request\r\n", c.readReply());
            assertTrue(c.isClosedByServer());
        }
    }

    @Test
    void garbageBytesDoNotKillTheServer() throws IOException {
        byte[] garbage = new byte[4096];
        new java.util.Random(42).nextBytes(garbage);
        try (RawClient c = connect()) {
            c.send(garbage);
        }
        try (RawClient c = connect()) {
            assertEquals("+PONG\r\n", c.call("PING"));
        }
    }

    @Test
    void clientDisconnectingMidCommandLeavesNoTrace() throws IOException {
        try (RawClient c = connect()) {
            c.send("*3\r\n$3\r\nSET\r\n$7\r\nhalfway\r\n$10\r\nabc");
        }
        try (RawClient c = connect()) {
            assertEquals("$-1\r\n", c.call("GET", "halfway"));
        }
    }

    @Test
    void bigValueRoundTripsThroughPartialWrites() throws IOException {
        byte[] big = new byte[8 * 1024 * 1024];
        for (int i = 0; i < big.length; i++) big[i] = (byte) (i * 31);
        try (RawClient c = connect()) {
            c.sendCommand("SET".getBytes(StandardCharsets.US_ASCII), "big".getBytes(StandardCharsets.US_ASCII), big);
            assertEquals("+OK\r\n", c.readReply());
            c.sendCommand(RawClient.args("GET", "big"));
            byte[] reply = c.readReplyBytes();
            String header = "$" + big.length + "\r\n";
            assertEquals(header, new String(reply, 0, header.length(), StandardCharsets.US_ASCII));
            assertArrayEquals(big, Arrays.copyOfRange(reply, header.length(), header.length() + big.length));
            c.call("DEL", "big");
        }
    }

    @Test
    void unknownCommandAndArityErrorsMatchRedis() throws IOException {
        try (RawClient c = connect()) {
            assertEquals("-ERR unknown command 'FOO', with args beginning with: 'bar' 'baz' \r\n", c.call("FOO", "bar", "baz"));
            assertEquals("-ERR unknown command 'nope', with args beginning with: \r\n", c.call("nope"));
            assertEquals("-ERR wrong number of arguments for 'get' command\r\n", c.call("GET"));
            assertEquals("-ERR wrong number of arguments for 'client' command\r\n", c.call("CLIENT"));
            assertEquals("-ERR unknown subcommand 'FOO'. Try CLIENT HELP.\r\n", c.call("client", "FOO"));
            assertEquals("-ERR wrong number of arguments for 'config|get' command\r\n", c.call("CONFIG", "GET"));
        }
    }

    @Test
    void quitRepliesOkAndCloses() throws IOException {
        try (RawClient c = connect()) {
            assertEquals("+OK\r\n", c.call("QUIT"));
            assertTrue(c.isClosedByServer());
        }
    }

    @Test
    void clientNameAppearsInClientListAndKillByIdCloses() throws IOException {
        try (RawClient a = connect(); RawClient b = connect()) {
            assertEquals("+OK\r\n", a.call("CLIENT", "SETNAME", "victim"));
            String id = a.call("CLIENT", "ID").substring(1).trim();
            String list = b.call("CLIENT", "LIST");
            assertTrue(list.contains("id=" + id + " ") && list.contains(" name=victim "), list);
            assertEquals("$6\r\nvictim\r\n", a.call("CLIENT", "GETNAME"));
            assertEquals(":1\r\n", b.call("CLIENT", "KILL", "ID", id));
            assertTrue(a.isClosedByServer());
            assertEquals("-ERR No such client\r\n", b.call("CLIENT", "KILL", "1.2.3.4:5"));
        }
    }

    @Test
    void infoServerNamesTheBackend() throws IOException {
        try (RawClient c = connect()) {
            String info = c.call("INFO", "server");
            assertTrue(info.contains("multiplexing_api:" + server.server.backendName() + "\r\n"), info);
            assertTrue(info.contains("redis_version:7.0.15\r\n"), info);
            String keyspace = c.call("INFO", "keyspace");
            assertTrue(keyspace.contains("# Keyspace\r\n"), keyspace);
        }
    }

    @Test
    void activeExpiryRemovesKeysNobodyReads() throws IOException, InterruptedException {
        try (RawClient c = connect()) {
            c.call("SELECT", "9");
            c.call("FLUSHDB");
            for (int i = 0; i < 50; i++) c.call("SET", "exp" + i, "v", "PX", "30");
            long deadline = System.currentTimeMillis() + 5000;
            String size;
            do {
                Thread.sleep(50);
                size = c.call("DBSIZE");
            } while (!size.equals(":0\r\n") && System.currentTimeMillis() < deadline);
            assertEquals(":0\r\n", size, "serverCron's active expire cycle should remove expired keys");
        }
    }

    @Test
    void debugSleepIsRefusedByDefaultLikeRedis() throws IOException {
        try (RawClient c = connect()) {
            assertTrue(c.call("DEBUG", "SLEEP", "0").startsWith("-ERR DEBUG command not allowed."));
        }
    }

    @Test
    void configSetAndGetRoundTrip() throws IOException {
        try (RawClient c = connect()) {
            assertEquals("+OK\r\n", c.call("CONFIG", "SET", "timeout", "0", "hz", "20"));
            assertEquals("*4\r\n$7\r\ntimeout\r\n$1\r\n0\r\n$2\r\nhz\r\n$2\r\n20\r\n", c.call("CONFIG", "GET", "timeout", "hz"));
            assertEquals("-ERR CONFIG SET failed (possibly related to argument 'hz') - argument couldn't be parsed into an integer\r\n",
                    c.call("CONFIG", "SET", "hz", "abc"));
            assertEquals("-ERR Unknown option or number of arguments for CONFIG SET - 'foo'\r\n", c.call("CONFIG", "SET", "foo", "bar"));
            assertEquals("+OK\r\n", c.call("CONFIG", "SET", "hz", "10"));
        }
    }

    @Test
    void helloSwitchesToResp3() throws IOException {
        try (RawClient c = connect()) {
            String hello = c.call("HELLO", "3");
            assertTrue(hello.startsWith("%7\r\n$6\r\nserver\r\n$5\r\nredis\r\n"), hello);
            assertEquals("_\r\n", c.call("GET", "no-such-key-resp3"));
            assertEquals("-NOPROTO unsupported protocol version\r\n", c.call("HELLO", "4"));
        }
    }

    @Test
    void otherClientsAreServedWhileOneSendsSlowly() throws IOException {
        try (RawClient slow = connect(); RawClient fast = connect()) {
            slow.send("*2\r\n$4\r\nECHO\r\n$3\r\nab");
            assertEquals("+PONG\r\n", fast.call("PING"));
            slow.send("c\r\n");
            assertEquals("$3\r\nabc\r\n", slow.readReply());
        }
    }

    @Test
    void binarySafeKeysAndValues() throws IOException {
        byte[] key = {0, 1, 2, '\r', '\n', (byte) 0xff};
        byte[] val = {(byte) 0x80, 0, '\r', '\n'};
        try (RawClient c = connect()) {
            c.sendCommand("SET".getBytes(StandardCharsets.US_ASCII), key, val);
            assertEquals("+OK\r\n", c.readReply());
            c.sendCommand("GET".getBytes(StandardCharsets.US_ASCII), key);
            byte[] reply = c.readReplyBytes();
            assertArrayEquals(new byte[]{'$', '4', '\r', '\n', (byte) 0x80, 0, '\r', '\n', '\r', '\n'}, reply);
        }
    }
}
