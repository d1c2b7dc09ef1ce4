package io.aeredis.benchmarks;

import io.aeredis.server.RedisServer;
import io.aeredis.server.ServerConfig;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Heap bytes the event-loop thread allocates per request, for a few commands: starts aeredis
 * in-process, sends pipelined batches of one command, and reads the loop thread's allocation
 * counter ({@code com.sun.management.ThreadMXBean#getThreadAllocatedBytes}) around them. The
 * design goal is "nothing beyond the argument byte arrays" (plus a new value where a command
 * creates one). Prints a table; asserts nothing.
 */
public final class AllocationPerRequest {
    private static final int BATCH = 1000;
    private static final int BATCHES = 200;

    public static void main(String[] args) throws Exception {
        ServerConfig config = new ServerConfig();
        config.loadFromString("port 0\nbind 127.0.0.1\nloglevel warning\n");
        RedisServer server = new RedisServer(config);
        server.init();
        Thread loop = new Thread(server::run, "aeredis-loop");
        loop.setDaemon(true);
        loop.start();
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

        String[][] commands = {
            {"PING"}, {"GET", "key:000001"}, {"SET", "key:000001", "xxx"}, {"INCR", "counter"}, {"EXISTS", "key:000001"},
        };
        System.out.println("| command | bytes allocated per request | of which argument arrays |");
        System.out.println("|---|--:|--:|");
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setTcpNoDelay(true);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            roundTrip(out, in, encode("SET", "counter", "1"), 1);
            roundTrip(out, in, encode("SET", "key:000001", "xxx"), 1);
            for (String[] cmd : commands) {
                byte[] one = encode(cmd);
                byte[] batch = new byte[one.length * BATCH];
                for (int i = 0; i < BATCH; i++) System.arraycopy(one, 0, batch, i * one.length, one.length);
                for (int warm = 0; warm < 20; warm++) roundTrip(out, in, batch, BATCH); // let the JIT settle
                long before = mx.getThreadAllocatedBytes(loop.getId());
                for (int b = 0; b < BATCHES; b++) roundTrip(out, in, batch, BATCH);
                long after = mx.getThreadAllocatedBytes(loop.getId());
                double perRequest = (after - before) / (double) (BATCH * BATCHES);
                System.out.printf("| %s | %.1f | %d |%n", String.join(" ", cmd), perRequest, argumentArrayBytes(cmd));
            }
        }
        server.shutdownAsync();
        loop.join(5000);
    }

    /** What the argument byte arrays cost on a 64-bit JVM with compressed oops: 16-byte header, 8-byte alignment. */
    private static long argumentArrayBytes(String[] cmd) {
        long total = 0;
        for (String a : cmd) total += (16 + a.length() + 7) / 8 * 8;
        return total;
    }

    private static byte[] encode(String... args) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (String a : args) b.writeBytes(("$" + a.length() + "\r\n" + a + "\r\n").getBytes(StandardCharsets.US_ASCII));
        return b.toByteArray();
    }

    /**
     * Sends a batch and reads until {@code replies} replies arrived. Only the reply shapes these
     * commands produce are understood: one-line replies, and bulks of two lines ("$3", "xxx").
     */
    private static void roundTrip(OutputStream out, InputStream in, byte[] batch, int replies) throws IOException {
        out.write(batch);
        out.flush();
        byte[] buf = new byte[64 * 1024];
        boolean atLineStart = true;
        boolean inBulk = false;
        while (replies > 0) {
            int n = in.read(buf);
            if (n < 0) throw new IOException("server closed the connection");
            for (int i = 0; i < n; i++) {
                byte c = buf[i];
                if (atLineStart && !inBulk && c == '$') inBulk = true; // header line; the data line ends the reply
                else if (atLineStart && inBulk && c == '$') throw new IOException("unexpected nested bulk");
                if (c == '\n') {
                    if (inBulk && !bulkDataLine) {
                        bulkDataLine = true;
                    } else {
                        inBulk = false;
                        bulkDataLine = false;
                        replies--;
                    }
                    atLineStart = true;
                } else {
                    atLineStart = false;
                }
            }
        }
    }

    private static boolean bulkDataLine;
}
