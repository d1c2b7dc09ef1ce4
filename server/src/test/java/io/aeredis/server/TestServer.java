package io.aeredis.server;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** An aeredis started in-process on a free loopback port, its loop on a daemon thread. */
final class TestServer implements AutoCloseable {
    final RedisServer server;
    private final Thread loop;

    private TestServer(RedisServer server, Thread loop) {
        this.server = server;
        this.loop = loop;
    }

    /** Starts a server with redis.conf-style directives, e.g. "ae-backend select\nrequirepass x". */
    static TestServer start(String configText) {
        return start(configText, server -> { });
    }

    /** Like {@link #start(String)}, running {@code beforeLoop} (e.g. to add test commands) before the loop starts. */
    static TestServer start(String configText, java.util.function.Consumer<RedisServer> beforeLoop) {
        ServerConfig config = new ServerConfig();
        config.loadFromString("port 0\nbind 127.0.0.1\n" + configText);
        Log.setVerbosity(Log.LL_WARNING);
        RedisServer server = new RedisServer(config);
        beforeLoop.accept(server);
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
            if (!ready.await(10, TimeUnit.SECONDS)) throw new IllegalStateException("server did not start");
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        if (failure[0] != null) throw failure[0];
        return new TestServer(server, t);
    }

    static TestServer start() {
        return start("");
    }

    int port() { return server.port(); }

    boolean isRunning() { return loop.isAlive(); }

    /** Waits for the loop thread to end (after SHUTDOWN). */
    boolean awaitStop(long millis) throws InterruptedException {
        loop.join(millis);
        return !loop.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        server.shutdownAsync();
        loop.join(5000);
    }
}
