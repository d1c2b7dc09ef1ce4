package io.aeredis.server;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A real Redis 7.0 to compare against: `redis-server` from PATH (Debian's redis-server package,
 * which bin/aeredis-test installs), else Testcontainers' redis:7.0 image where a Docker engine
 * runs, else unavailable — and the tests that need it are skipped with a loud reason.
 */
final class ReferenceRedis implements AutoCloseable {
    final String host;
    final int port;
    private final Process process;
    private final AutoCloseable container;

    private ReferenceRedis(String host, int port, Process process, AutoCloseable container) {
        this.host = host;
        this.port = port;
        this.process = process;
        this.container = container;
    }

    /** Why no reference is available, or null when {@link #start(List)} will work. */
    static String unavailableReason() {
        if (findOnPath("redis-server") != null) return null;
        if (dockerAvailable()) return null;
        return "no redis-server on PATH and no Docker engine for Testcontainers: "
                + "run bin/aeredis-test (it installs Debian's redis-server) to enable the differential tests";
    }

    static ReferenceRedis start(List<String> extraArgs) throws IOException, InterruptedException {
        String bin = findOnPath("redis-server");
        if (bin != null) return startLocal(bin, extraArgs);
        return startContainer(extraArgs);
    }

    private static ReferenceRedis startLocal(String bin, List<String> extraArgs) throws IOException, InterruptedException {
        int port = freePort();
        Path dir = Files.createTempDirectory("reference-redis");
        List<String> cmd = new java.util.ArrayList<>(List.of(bin, "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", dir.toString()));
        cmd.addAll(extraArgs);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis.log").toFile()).start();
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            try (RawClient c = new RawClient(port)) {
                if (c.call("PING").equals("+PONG\r\n")) return new ReferenceRedis("127.0.0.1", port, p, null);
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        p.destroyForcibly();
        throw new IOException("redis-server did not start; log: " + Files.readString(dir.resolve("redis.log")));
    }

    @SuppressWarnings("resource")
    private static ReferenceRedis startContainer(List<String> extraArgs) {
        var container = new org.testcontainers.containers.GenericContainer<>("redis:7.0")
                .withExposedPorts(6379);
        List<String> cmd = new java.util.ArrayList<>(List.of("redis-server", "--save", "", "--appendonly", "no"));
        cmd.addAll(extraArgs);
        container.withCommand(cmd.toArray(new String[0]));
        container.start();
        return new ReferenceRedis(container.getHost(), container.getMappedPort(6379), null, container::stop);
    }

    private static boolean dockerAvailable() {
        try {
            return org.testcontainers.DockerClientFactory.instance().isDockerAvailable();
        } catch (Throwable t) {
            return false;
        }
    }

    static String findOnPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) return null;
        for (String dir : path.split(File.pathSeparator)) {
            File f = new File(dir, name);
            if (f.canExecute()) return f.getAbsolutePath();
        }
        return null;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        if (process != null) {
            process.destroy();
            process.waitFor();
        }
        if (container != null) container.close();
    }
}
