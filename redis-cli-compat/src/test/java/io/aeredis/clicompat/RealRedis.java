package io.aeredis.clicompat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The reference: Debian's redis-server 7.0 (/usr/bin/redis-server, installed by bin/aeredis-test),
 * started on a free port with no persistence. The tests run the same redis-cli invocation against
 * it and against aeredis and compare what redis-cli prints.
 */
public final class RealRedis implements Target {
    private final int port;
    private final Process process;
    private final Path dir;

    private RealRedis(int port, Process process, Path dir) {
        this.port = port;
        this.process = process;
        this.dir = dir;
    }

    /** Starts redis-server with extra arguments such as {@code "--requirepass", "s3cret"}. */
    public static RealRedis start(String... extraArgs) {
        String bin = Tools.require("redis-server");
        try {
            Path dir = Files.createTempDirectory("clicompat-redis");
            for (int attempt = 0; ; attempt++) {
                int port = freePort();
                List<String> cmd = new ArrayList<>(List.of(bin, "--port", Integer.toString(port), "--bind", "127.0.0.1",
                        "--save", "", "--appendonly", "no", "--dir", dir.toString()));
                cmd.addAll(List.of(extraArgs));
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                        .redirectOutput(dir.resolve("redis.log").toFile()).start();
                if (awaitPing(p, port)) return new RealRedis(port, p, dir);
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                // The port may have been taken between freePort() and the bind: try another one.
                if (attempt == 2) {
                    throw new IllegalStateException("redis-server did not start; log: "
                            + Files.readString(dir.resolve("redis.log")));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static boolean awaitPing(Process p, int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline && p.isAlive()) {
            try (Resp c = Resp.connect(port)) {
                // A password-protected server answers -NOAUTH: it is up all the same.
                c.call("PING");
                return true;
            } catch (IOException notYet) {
                Thread.sleep(20);
            }
        }
        return false;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public String name() {
        return "redis-server";
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        Tools.deleteTree(dir);
    }
}
