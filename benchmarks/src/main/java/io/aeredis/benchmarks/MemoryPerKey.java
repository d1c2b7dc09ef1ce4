package io.aeredis.benchmarks;

import io.aeredis.resp.RequestEncoder;
import io.aeredis.resp.RespReader;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Bytes per key, aeredis next to redis-server: loads N keys of one type (small strings,
 * 10-field hashes, 10-member sets, 10-member sorted sets, 10-element lists) into each server in
 * turn, and divides the memory growth by N. Redis: {@code used_memory}. aeredis: heap used
 * after a full GC ({@code jcmd PID GC.run}, then {@code used_memory}, which aeredis reports as
 * the JVM's used heap). Prints a Markdown table with the ratio; asserts nothing.
 *
 * <p>Usage: {@code MemoryPerKey --redis-port P --aeredis-port Q --aeredis-pid PID [--keys N]}
 * (benchmarks/memory-per-key.sh starts both servers and passes these).
 */
public final class MemoryPerKey {
    /** One data shape: how to write key number i. */
    record Shape(String name, String description, KeyWriter writer) {}

    interface KeyWriter {
        byte[] command(long i);
    }

    static final List<Shape> SHAPES = List.of(
            new Shape("string", "SET key:i to a 10-byte value", i -> RequestEncoder.command("SET", key(i), "value:" + pad(i % 10000))),
            new Shape("hash", "HSET key:i with 10 fields (field:0..9 -> 6-byte values)", i -> {
                String[] a = new String[22];
                a[0] = "HSET";
                a[1] = key(i);
                for (int f = 0; f < 10; f++) {
                    a[2 + 2 * f] = "field:" + f;
                    a[3 + 2 * f] = "val:" + f + (i % 10);
                }
                return RequestEncoder.command(a);
            }),
            new Shape("set", "SADD key:i with 10 members (member:0..9, not integers)", i -> {
                String[] a = new String[12];
                a[0] = "SADD";
                a[1] = key(i);
                for (int m = 0; m < 10; m++) a[2 + m] = "member:" + m;
                return RequestEncoder.command(a);
            }),
            new Shape("zset", "ZADD key:i with 10 members and integer scores", i -> {
                String[] a = new String[22];
                a[0] = "ZADD";
                a[1] = key(i);
                for (int m = 0; m < 10; m++) {
                    a[2 + 2 * m] = Integer.toString(m * 10);
                    a[3 + 2 * m] = "member:" + m;
                }
                return RequestEncoder.command(a);
            }),
            new Shape("list", "RPUSH key:i with 10 elements (elem:0..9)", i -> {
                String[] a = new String[12];
                a[0] = "RPUSH";
                a[1] = key(i);
                for (int m = 0; m < 10; m++) a[2 + m] = "elem:" + m;
                return RequestEncoder.command(a);
            }));

    static String key(long i) { return "key:" + i; }

    static String pad(long v) { return String.format(Locale.ROOT, "%04d", v); }

    public static void main(String[] args) throws Exception {
        int redisPort = 0;
        int aeredisPort = 0;
        long pid = 0;
        long keys = 1_000_000;
        List<String> only = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--redis-port" -> redisPort = Integer.parseInt(args[++i]);
                case "--aeredis-port" -> aeredisPort = Integer.parseInt(args[++i]);
                case "--aeredis-pid" -> pid = Long.parseLong(args[++i]);
                case "--keys" -> keys = Long.parseLong(args[++i]);
                case "--types" -> only = List.of(args[++i].split(","));
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        List<String> rows = new ArrayList<>();
        for (Shape shape : SHAPES) {
            if (only != null && !only.contains(shape.name)) continue;
            double redis = bytesPerKey("redis-server", redisPort, 0, shape, keys);
            double aeredis = bytesPerKey("aeredis", aeredisPort, pid, shape, keys);
            rows.add(String.format(Locale.ROOT, "| %s | %s | %.0f | %.0f | %.2f |", shape.name, shape.description, redis, aeredis, aeredis / redis));
        }
        System.out.println();
        System.out.println("Bytes per key, " + keys + " keys of each type (redis: used_memory growth; aeredis: heap used after a full GC, growth)");
        System.out.println();
        System.out.println("| type | keys | redis-server B/key | aeredis B/key | aeredis / redis |");
        System.out.println("|---|---|---:|---:|---:|");
        rows.forEach(System.out::println);
    }

    /** FLUSHALL, measure, load {@code keys} keys of {@code shape}, measure, FLUSHALL. */
    static double bytesPerKey(String label, int port, long pid, Shape shape, long keys) throws Exception {
        try (RespConnection conn = new RespConnection("127.0.0.1", port)) {
            conn.call("FLUSHALL");
            long before = usedMemory(conn, pid);
            long t0 = System.nanoTime();
            final int batch = 1000;
            for (long i = 0; i < keys; i += batch) {
                long n = Math.min(batch, keys - i);
                for (long j = 0; j < n; j++) conn.send(shape.writer.command(i + j));
                conn.flush();
                for (long j = 0; j < n; j++) {
                    Object r = conn.read();
                    if (r instanceof RespReader.ErrorReply e) throw new IllegalStateException(label + ": " + e.message());
                }
                if ((i / batch) % 100 == 0) {
                    System.err.printf(Locale.ROOT, "\r[memory-per-key] %-12s %-6s %,10d / %,d keys", label, shape.name, i + n, keys);
                }
            }
            System.err.printf(Locale.ROOT, "\r[memory-per-key] %-12s %-6s %,10d keys in %.1f s%n", label, shape.name, keys, (System.nanoTime() - t0) / 1e9);
            Object dbsize = conn.call("DBSIZE");
            if (!(dbsize instanceof Long n) || n != keys) throw new IllegalStateException(label + ": DBSIZE " + dbsize + ", expected " + keys);
            long after = usedMemory(conn, pid);
            conn.call("FLUSHALL");
            return (after - before) / (double) keys;
        }
    }

    /** used_memory from INFO memory; for the JVM (pid != 0) after forcing a full GC with jcmd. */
    static long usedMemory(RespConnection conn, long pid) throws Exception {
        if (pid != 0) {
            Process p = new ProcessBuilder("jcmd", Long.toString(pid), "GC.run").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            if (p.waitFor() != 0) throw new IllegalStateException("jcmd " + pid + " GC.run failed");
        }
        Object info = conn.call("INFO", "memory");
        for (String line : String.valueOf(info).split("\r?\n")) {
            if (line.startsWith("used_memory:")) return Long.parseLong(line.substring("used_memory:".length()).trim());
        }
        throw new IllegalStateException("no used_memory in INFO memory");
    }
}
