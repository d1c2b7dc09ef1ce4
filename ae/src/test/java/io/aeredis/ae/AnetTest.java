package io.aeredis.ae;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetAddress;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicReference;

import static io.aeredis.ae.Anet.ANET_EAGAIN;
import static io.aeredis.ae.Anet.ANET_ERR;
import static io.aeredis.ae.Anet.ANET_OK;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(10)
class AnetTest {
    final Fds fds = new Fds();

    @AfterEach
    void closeFds() {
        fds.close();
    }

    int listener(String addr) {
        int fd = Anet.tcpServer(0, addr, 16);
        assertTrue(fd > 0, Anet::lastError);
        return fds.track(fd);
    }

    @Test
    void tcpServerOnAPortInUseFailsWithAnetsBindMessage() {
        int port = Anet.boundPort(listener("127.0.0.1"));
        assertTrue(port > 0);
        assertEquals(ANET_ERR, Anet.tcpServer(port, "127.0.0.1", 16));
        assertEquals("bind: Address already in use", Anet.lastError());
        assertEquals(98, Anet.lastErrno()); /* EADDRINUSE on Linux */
    }

    @Test
    void wildcardBindAddressesMeanAnyAddress() {
        for (String any : new String[] {null, "*", "0.0.0.0"}) {
            int fd = listener(any);
            assertEquals("0.0.0.0:" + Anet.boundPort(fd), Anet.sockName(fd), String.valueOf(any));
        }
        assertTrue(Anet.sockName(listener("localhost")).startsWith("127.0.0.1:"));
    }

    @Test
    void listenerIsReuseAddr() {
        int fd = listener("127.0.0.1");
        assertEquals(1, Anet.getIntOption(fd, LibCConstants.SOL_SOCKET, LibCConstants.SO_REUSEADDR));
    }

    @Test
    void acceptOnAnIdleNonBlockingListenerReturnsEagain() {
        int fd = listener("127.0.0.1");
        assertEquals(ANET_OK, Anet.nonBlock(fd));
        assertEquals(ANET_EAGAIN, Anet.tcpAccept(fd));
    }

    @Test
    void acceptRecordsThePeerAndTheNamesOfBothEnds() throws Exception {
        int fd = listener("127.0.0.1");
        int port = Anet.boundPort(fd);
        try (Socket client = new Socket("127.0.0.1", port)) {
            int cfd = fds.track(Anet.tcpAccept(fd));
            assertTrue(cfd > 0, Anet::lastError);
            String peer = "127.0.0.1:" + client.getLocalPort();
            assertEquals(peer, Anet.lastAcceptedPeer());
            assertEquals("127.0.0.1", Anet.lastAcceptedIp());
            assertEquals(client.getLocalPort(), Anet.lastAcceptedPort());
            assertEquals(peer, Anet.peerName(cfd));
            assertEquals("127.0.0.1:" + port, Anet.sockName(cfd));
            assertEquals(peer, Anet.lastAcceptedPeer(), "sockName/peerName leave the accepted peer alone");
        }
    }

    @Test
    void tcp6ServerIsV6OnlyAndFormatsAddressesLikeRedis() throws Exception {
        int fd = Anet.tcp6Server(0, "::1", 16);
        assertTrue(fd > 0, Anet::lastError);
        fds.track(fd);
        assertEquals(1, Anet.getIntOption(fd, LibCConstants.IPPROTO_IPV6, LibCConstants.IPV6_V6ONLY));
        int port = Anet.boundPort(fd);
        assertEquals("[::1]:" + port, Anet.sockName(fd));
        try (Socket client = new Socket(InetAddress.getByName("::1"), port)) {
            int cfd = fds.track(Anet.tcpAccept(fd));
            assertTrue(cfd > 0, Anet::lastError);
            /* The "Accepted %s:%d" form has no brackets; CLIENT LIST's (anetFormatAddr) does. */
            assertEquals("::1:" + client.getLocalPort(), Anet.lastAcceptedPeer());
            assertEquals("[::1]:" + client.getLocalPort(), Anet.formatAddr(Anet.lastAcceptedIp(), Anet.lastAcceptedPort()));
            assertEquals("[::1]:" + client.getLocalPort(), Anet.peerName(cfd));
        }
    }

    @Test
    void tcp6ServerWildcardAndFamilyMismatch() {
        int fd = Anet.tcp6Server(0, "::*", 16);
        assertTrue(fd > 0, Anet::lastError);
        fds.track(fd);
        assertEquals("[::]:" + Anet.boundPort(fd), Anet.sockName(fd));

        assertEquals(ANET_ERR, Anet.tcp6Server(0, "127.0.0.1", 16));
        assertEquals("Address family for hostname not supported", Anet.lastError());
    }

    @Test
    void readReturnsEagainThenDataThenEof() {
        int[] p = fds.pipe();
        assertEquals(null, Fds.read(p[0]));
        assertEquals(11, Anet.lastErrno()); /* EAGAIN */
        Fds.write(p[1], "abc");
        assertEquals("abc", Fds.read(p[0]));
        fds.closeNow(p[1]);
        assertEquals("", Fds.read(p[0]));
    }

    @Test
    void writeToAPipeWithoutReaderFailsWithBrokenPipe() {
        int[] p = fds.pipe();
        fds.closeNow(p[0]);
        long buf = Anet.allocate(1);
        assertEquals(ANET_ERR, Anet.write(p[1], buf, 1));
        assertEquals("Broken pipe", Anet.lastError());
        Anet.free(buf);
    }

    @Test
    void writeToAFullPipeReturnsEagain() {
        int[] p = fds.pipe();
        long buf = Anet.allocate(1 << 16);
        long total = 0;
        long n;
        while ((n = Anet.write(p[1], buf, 1 << 16)) > 0) total += n;
        assertEquals(ANET_EAGAIN, n);
        assertTrue(total > 0);
        Anet.free(buf);
    }

    @Test
    void failuresOnABadFdReportTheCallAndStrerror() {
        assertEquals(ANET_ERR, Anet.nonBlock(-1));
        assertEquals("fcntl(F_GETFL): Bad file descriptor", Anet.lastError());
        assertEquals(ANET_ERR, Anet.read(-1, Anet.allocate(8), 8));
        assertEquals("Bad file descriptor", Anet.lastError());
        assertEquals(ANET_ERR, Anet.enableTcpNoDelay(-1));
        assertEquals("setsockopt TCP_NODELAY: Bad file descriptor", Anet.lastError());
        assertEquals(ANET_ERR, Anet.close(-1));
    }

    @Test
    void lastErrorIsPerThread() throws Exception {
        assertEquals(ANET_ERR, Anet.nonBlock(-1));
        AtomicReference<String> other = new AtomicReference<>();
        Thread t = new Thread(() -> {
            Anet.tcpServer(0, "::1", 16); /* wrong family for tcpServer: fails in this thread only */
            other.set(Anet.lastError());
        });
        t.start();
        t.join();
        assertEquals("Name or service not known", other.get());
        assertEquals("fcntl(F_GETFL): Bad file descriptor", Anet.lastError());
    }

    @Test
    void nonBlockAndCloexecSetTheirFlags() {
        int fd = listener("127.0.0.1");
        assertEquals(0, LibC.fcntl(fd, LibCConstants.F_GETFL, 0) & LibCConstants.O_NONBLOCK);
        assertEquals(ANET_OK, Anet.nonBlock(fd));
        assertNotEquals(0, LibC.fcntl(fd, LibCConstants.F_GETFL, 0) & LibCConstants.O_NONBLOCK);

        assertEquals(0, LibC.fcntl(fd, LibCConstants.F_GETFD, 0) & LibCConstants.FD_CLOEXEC);
        assertTrue(Anet.cloexec(fd) != -1);
        assertEquals(LibCConstants.FD_CLOEXEC, LibC.fcntl(fd, LibCConstants.F_GETFD, 0) & LibCConstants.FD_CLOEXEC);
    }

    @Test
    void pipeEndsAreNonBlockingAndCloseOnExec() {
        int[] p = fds.pipe();
        for (int fd : p) {
            assertNotEquals(0, LibC.fcntl(fd, LibCConstants.F_GETFL, 0) & LibCConstants.O_NONBLOCK);
            assertNotEquals(0, LibC.fcntl(fd, LibCConstants.F_GETFD, 0) & LibCConstants.FD_CLOEXEC);
        }
    }

    @Test
    void tcpOptionsAreSet() {
        int fd = listener("127.0.0.1");
        assertEquals(ANET_OK, Anet.enableTcpNoDelay(fd));
        assertNotEquals(0, Anet.getIntOption(fd, LibCConstants.IPPROTO_TCP, LibCConstants.TCP_NODELAY));

        assertEquals(ANET_OK, Anet.keepAlive(fd, 300));
        assertNotEquals(0, Anet.getIntOption(fd, LibCConstants.SOL_SOCKET, LibCConstants.SO_KEEPALIVE));
        assertEquals(300, Anet.getIntOption(fd, LibCConstants.IPPROTO_TCP, LibCConstants.TCP_KEEPIDLE));
        assertEquals(100, Anet.getIntOption(fd, LibCConstants.IPPROTO_TCP, LibCConstants.TCP_KEEPINTVL));
        assertEquals(3, Anet.getIntOption(fd, LibCConstants.IPPROTO_TCP, LibCConstants.TCP_KEEPCNT));

        assertEquals(ANET_OK, Anet.keepAlive(fd, 2));
        assertEquals(1, Anet.getIntOption(fd, LibCConstants.IPPROTO_TCP, LibCConstants.TCP_KEEPINTVL), "interval/3, at least 1");
    }

    @Test
    void nativeMemoryIsZeroedAndCopiesRoundTripWithOffsets() {
        long mem = Anet.allocate(64);
        byte[] zeros = new byte[64];
        byte[] got = new byte[64];
        Anet.copyToHeap(mem, got, 0, 64);
        assertArrayEquals(zeros, got);

        byte[] src = "..hello world..".getBytes();
        Anet.copyToNative(src, 2, mem + 10, 11);
        byte[] dst = new byte[13];
        Anet.copyToHeap(mem + 10, dst, 1, 11);
        assertEquals("\0hello world\0", new String(dst));
        Anet.free(mem);
    }
}
