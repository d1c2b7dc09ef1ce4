package io.aeredis.ae;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** File descriptors opened by a test, closed at the end; plus byte-level helpers over Anet. */
final class Fds implements AutoCloseable {
    private static final int BUF_SIZE = 65536;
    private static final long BUF = Anet.allocate(BUF_SIZE);

    private final List<Integer> open = new ArrayList<>();

    int track(int fd) {
        open.add(fd);
        return fd;
    }

    /** A non-blocking pipe: {read, write}. */
    int[] pipe() {
        int[] p = Anet.pipe();
        assertNotNull(p, Anet::lastError);
        track(p[0]);
        track(p[1]);
        return p;
    }

    /** A non-blocking AF_UNIX stream socket pair. */
    int[] socketPair() {
        int[] sv = new int[2];
        assertEquals(0, TestLibC.socketpair(LibCConstants.AF_UNIX, LibCConstants.SOCK_STREAM, 0, sv));
        track(sv[0]);
        track(sv[1]);
        assertEquals(Anet.ANET_OK, Anet.nonBlock(sv[0]));
        assertEquals(Anet.ANET_OK, Anet.nonBlock(sv[1]));
        return sv;
    }

    /** Close now (and not again at the end). */
    void closeNow(int fd) {
        open.remove((Integer) fd);
        assertEquals(Anet.ANET_OK, Anet.close(fd));
    }

    static void write(int fd, String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        Anet.copyToNative(b, 0, BUF, b.length);
        assertEquals(b.length, Anet.write(fd, BUF, b.length), Anet::lastError);
    }

    /** Whatever read(2) returns now: the text, "" on EOF, or null on EAGAIN. */
    static String read(int fd) {
        long n = Anet.read(fd, BUF, BUF_SIZE);
        if (n == Anet.ANET_EAGAIN) return null;
        assertEquals(true, n >= 0, Anet::lastError);
        byte[] b = new byte[(int) n];
        Anet.copyToHeap(BUF, b, 0, b.length);
        return new String(b, StandardCharsets.US_ASCII);
    }

    @Override
    public void close() {
        for (int fd : open) Anet.close(fd);
        open.clear();
    }
}
