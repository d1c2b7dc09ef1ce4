package io.aeredis.server;

import io.aeredis.ae.OpenFilesLimit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What a connection costs (C10K): an idle client holds no query buffer and no reply buffer,
 * CLIENT LIST reports the buffers as they are, and the limits around many connections
 * (maxclients and the open-files limit, select's FD_SETSIZE) behave like Redis's.
 */
@Timeout(60)
class ClientMemoryTest {

    /** The value of {@code field} in {@code client}'s CLIENT LIST line, as seen by {@code observer}. */
    private static long field(RawClient observer, long clientId, String field) throws IOException {
        String line = line(observer, clientId);
        Matcher m = Pattern.compile("(?:^| )" + Pattern.quote(field) + "=(-?\\d+)").matcher(line);
        assertTrue(m.find(), field + " in " + line);
        return Long.parseLong(m.group(1));
    }

    private static String line(RawClient observer, long clientId) throws IOException {
        String list = observer.call("CLIENT", "LIST", "ID", Long.toString(clientId));
        assertTrue(list.startsWith("$"), list);
        return list.substring(list.indexOf("\r\n") + 2).trim();
    }

    private static long id(RawClient c) throws IOException {
        String r = c.call("CLIENT", "ID");
        return Long.parseLong(r.substring(1).trim());
    }

    @Test
    void theCallerSeesItsOwnCommandInQbufAndArgvMemLikeRedis() throws Exception {
        try (TestServer s = TestServer.start(); RawClient a = new RawClient(s.port())) {
            long idA = id(a);
            // "*4\r\n$6\r\nCLIENT\r\n$4\r\nLIST\r\n$2\r\nID\r\n$n\r\n<id>\r\n" is still in the query buffer.
            String own = line(a, idA);
            int cmdLen = RawClient.encode(RawClient.args("CLIENT", "LIST", "ID", Long.toString(idA))).length;
            assertTrue(own.contains(" qbuf=" + cmdLen + " "), own);
            assertTrue(own.contains(" argv-mem=" + (6 + 4 + 2 + Long.toString(idA).length()) + " "), own);
            // Read from the shared query buffer: no free room of its own.
            assertTrue(own.contains(" qbuf-free=0 "), own);
            assertTrue(own.contains(" obl=0 oll=0 omem=0 "), own);
        }
    }

    @Test
    void aConnectionThatSentNothingHoldsNoBuffers() throws Exception {
        try (TestServer s = TestServer.start(); RawClient a = new RawClient(s.port()); RawClient b = new RawClient(s.port())) {
            // b is the client after a (ids are given in accept order).
            long idB = id(a) + 1;
            String lb = line(a, idB);
            assertTrue(lb.contains(" qbuf=0 qbuf-free=0 argv-mem=0 multi-mem=0 rbs=0 rbp=0 obl=0 oll=0 omem=0 tot-mem=0 "), lb);
        }
    }

    @Test
    void aReplyAllocatesASmallReplyBufferAndAPartialCommandKeepsOnlyItsBytes() throws Exception {
        try (TestServer s = TestServer.start(); RawClient a = new RawClient(s.port()); RawClient b = new RawClient(s.port())) {
            long idB = id(b);
            assertEquals(1024, field(a, idB, "rbs"));
            // Half a command: what is left of it after the parsed header lines ("PI", as in Redis)
            // moves from the shared query buffer to one of b's own, with room for the next read.
            b.send("*1\r\n$4\r\nPI");
            long deadline = System.currentTimeMillis() + 5000;
            while (field(a, idB, "qbuf") != 2 && System.currentTimeMillis() < deadline) Thread.sleep(10);
            assertEquals(2, field(a, idB, "qbuf"));
            assertEquals(Networking.PROTO_IOBUF_LEN, field(a, idB, "qbuf-free"));
            assertEquals(2 + Networking.PROTO_IOBUF_LEN + 1024, field(a, idB, "tot-mem"));
            b.send("NG\r\n");
            assertEquals("+PONG\r\n", b.readReply());
        }
    }

    @Test
    void clientsCronTakesTheBuffersOfIdleClientsBack() throws Exception {
        try (TestServer s = TestServer.start(); RawClient a = new RawClient(s.port());
             RawClient pinged = new RawClient(s.port()); RawClient partial = new RawClient(s.port())) {
            long idPinged = id(pinged);
            long idPartial = id(partial);
            assertEquals("+PONG\r\n", pinged.call("PING"));
            partial.send("*2\r\n$4\r\nECHO\r\n$5\r\nhel");
            // Idle for more than 2 s: no reply buffer, and a query buffer of exactly the pending bytes.
            long deadline = System.currentTimeMillis() + 8000;
            while (System.currentTimeMillis() < deadline
                    && (field(a, idPinged, "rbs") != 0 || field(a, idPartial, "qbuf-free") != 0 || field(a, idPartial, "rbs") != 0)) {
                Thread.sleep(100);
            }
            assertTrue(line(a, idPinged).contains(" qbuf=0 qbuf-free=0 argv-mem=0 multi-mem=0 rbs=0 "), line(a, idPinged));
            // "hel" is pending, "ECHO" parsed (argv-mem, as in Redis 7.0).
            assertTrue(line(a, idPartial).contains(" qbuf=3 qbuf-free=0 argv-mem=4 "), line(a, idPartial));
            assertEquals(0, field(a, idPartial, "rbs"));
            assertEquals(3 + 4, field(a, idPartial, "tot-mem"));
            // Both still work, from where they were.
            partial.send("lo\r\n");
            assertEquals("$5\r\nhello\r\n", partial.readReply());
            assertEquals("+PONG\r\n", pinged.call("PING"));
        }
    }

    @Test
    void timeoutSparesBlockedAndSubscribedClientsLikeRedis() throws Exception {
        try (TestServer s = TestServer.start("timeout 1"); RawClient idle = new RawClient(s.port());
             RawClient blocked = new RawClient(s.port()); RawClient subscriber = new RawClient(s.port());
             RawClient pusher = new RawClient(s.port())) {
            assertEquals("+PONG\r\n", idle.call("PING"));
            blocked.sendCommand(RawClient.args("BLPOP", "q", "0"));
            assertTrue(subscriber.call("SUBSCRIBE", "ch").startsWith("*3\r\n"));
            long deadline = System.currentTimeMillis() + 10_000;
            boolean closed = false;
            while (!closed && System.currentTimeMillis() < deadline) {
                Thread.sleep(250);
                pusher.call("PING"); // the pusher stays active
                closed = idle.socket.getInputStream().available() == 0 && isClosed(idle);
            }
            assertTrue(closed, "the idle client was not closed");
            assertEquals(":1\r\n", pusher.call("RPUSH", "q", "x"));
            assertEquals("*2\r\n$1\r\nq\r\n$1\r\nx\r\n", blocked.readReply());
            assertEquals(":1\r\n", pusher.call("PUBLISH", "ch", "m"));
            assertEquals("*3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$1\r\nm\r\n", subscriber.readReply());
        }
    }

    private static boolean isClosed(RawClient c) throws IOException {
        c.socket.setSoTimeout(50);
        try {
            return c.isClosedByServer();
        } finally {
            c.socket.setSoTimeout(10_000);
        }
    }

    /**
     * select(2) cannot watch fds from FD_SETSIZE (1024) on: like Redis's "Error registering fd
     * event for the new client" path, such a connection is closed at once, and the server goes
     * on serving the others and accepts new ones once lower fds are free again.
     */
    @Test
    @Timeout(120)
    void selectClosesConnectionsWhoseFdItCannotWatch() throws Exception {
        try (TestServer s = TestServer.start("ae-backend select")) {
            List<Socket> open = new ArrayList<>();
            try (RawClient first = new RawClient(s.port())) {
                assertEquals("+PONG\r\n", first.call("PING"));
                RawClient refused = null;
                // Each connection costs this JVM two fds (the client end and the server's).
                for (int i = 0; i < 1200 && refused == null; i++) {
                    RawClient c = new RawClient(s.port());
                    c.socket.setSoTimeout(2000);
                    c.sendCommand(RawClient.args("PING"));
                    if (isClosedOrPong(c)) {
                        open.add(c.socket);
                    } else {
                        refused = c;
                    }
                }
                assertNotNull(refused, "no connection was refused");
                refused.close();
                assertEquals("+PONG\r\n", first.call("PING"));
                String info = first.call("INFO", "clients");
                assertTrue(info.contains("connected_clients:" + (open.size() + 1) + "\r\n"), info);
                // Free some low fds: new connections are served again.
                for (int i = 0; i < 10; i++) open.remove(open.size() - 1).close();
                Thread.sleep(200);
                try (RawClient again = new RawClient(s.port())) {
                    assertEquals("+PONG\r\n", again.call("PING"));
                }
            } finally {
                for (Socket o : open) o.close();
            }
        }
    }

    /** True when the connection answered PONG; false when the server closed it without a reply. */
    private static boolean isClosedOrPong(RawClient c) throws IOException {
        try {
            String r = c.readReply();
            assertEquals("+PONG\r\n", r);
            return true;
        } catch (IOException closed) {
            return false;
        }
    }

    @Test
    void configSetMaxclientsBeyondWhatSelectCanWatchIsRefused() throws Exception {
        try (TestServer s = TestServer.start("ae-backend select\nmaxclients 100"); RawClient a = new RawClient(s.port())) {
            assertEquals("-ERR CONFIG SET failed (possibly related to argument 'maxclients') - The event loop API used by Redis"
                    + " is not able to handle the specified number of clients\r\n", a.call("CONFIG", "SET", "maxclients", "2000"));
            assertEquals("*2\r\n$10\r\nmaxclients\r\n$3\r\n100\r\n", a.call("CONFIG", "GET", "maxclients"));
            assertEquals("+OK\r\n", a.call("CONFIG", "SET", "maxclients", "500"));
        }
    }

    /**
     * CONFIG SET maxclients raises RLIMIT_NOFILE to maxclients + 32 when it can; when the OS
     * refuses, the error names the most clients the limit allows and the old value stays.
     */
    @Test
    void configSetMaxclientsRaisesTheOpenFilesLimitOrSaysHowManyItCanTake() throws Exception {
        long[] before = OpenFilesLimit.get();
        assumeTrue(before != null && before[1] < 1_000_000, "no finite hard limit to go beyond");
        try (TestServer s = TestServer.start(); RawClient a = new RawClient(s.port())) {
            long want = before[1] + 1000;
            String r = a.call("CONFIG", "SET", "maxclients", Long.toString(want));
            if (r.equals("+OK\r\n")) {
                // Privileged (CAP_SYS_RESOURCE): the hard limit itself was raised.
                assertTrue(OpenFilesLimit.get()[0] >= want + RedisServer.CONFIG_MIN_RESERVED_FDS);
            } else {
                long soft = OpenFilesLimit.get()[0];
                assertEquals("-ERR CONFIG SET failed (possibly related to argument 'maxclients') - The operating system is not able"
                        + " to handle the specified number of clients, try with " + (soft - RedisServer.CONFIG_MIN_RESERVED_FDS) + "\r\n", r);
                assertEquals("*2\r\n$10\r\nmaxclients\r\n$5\r\n10000\r\n", a.call("CONFIG", "GET", "maxclients"));
                assertFalse(a.call("INFO", "clients").contains("maxclients:" + want));
            }
        }
    }
}
