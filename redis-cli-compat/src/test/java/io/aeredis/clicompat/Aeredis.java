package io.aeredis.clicompat;

import io.aeredis.server.Log;
import io.aeredis.server.RedisServer;
import io.aeredis.server.ServerConfig;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * An aeredis started in this JVM on a free loopback port, its event loop on a daemon thread,
 * through the server module's public API only ({@link ServerConfig}, {@link RedisServer}).
 * It is a {@link Target} like {@link RealRedis}, so a test can point redis-cli at either.
 */
public final class Aeredis implements Target {
    private final RedisServer server;
    private final Thread loop;

    private Aeredis(RedisServer server, Thread loop) {
        this.server = server;
        this.loop = loop;
    }

    /** Starts a server with redis.conf-style directives, e.g. {@code "requirepass s3cret"}. */
    public static Aeredis start(String configText) {
        ServerConfig config = new ServerConfig();
        config.loadFromString("port 0\nbind 127.0.0.1\n" + configText);
        Log.setVerbosity(Log.LL_WARNING);
        RedisServer server = new RedisServer(config);
        CountDownLatch ready = new CountDownLatch(1);
        RuntimeException[] failure = new RuntimeException[1];
        Thread t = new Thread(() -> {
            try {
                server.init();
            } catch (RuntimeException e) {
                failure[0] = e;
                ready.countDown();
                return;
            }
            ready.countDown();
            server.run();
        }, "aeredis-loop");
        t.setDaemon(true);
        t.start();
        try {
            if (!ready.await(20, TimeUnit.SECONDS)) throw new IllegalStateException("aeredis did not start in 20 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (failure[0] != null) throw failure[0];
        return new Aeredis(server, t);
    }

    public static Aeredis start() {
        return start("");
    }

    @Override
    public int port() {
        return server.port();
    }

    @Override
    public String name() {
        return "aeredis";
    }

    @Override
    public void close() {
        server.shutdownAsync();
        try {
            loop.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
