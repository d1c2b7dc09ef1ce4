package io.aeredis.server;

import org.junit.jupiter.api.Assumptions;

import java.util.List;

/** A reference redis-server and an in-process aeredis, started together for differential tests. */
final class BothServers implements AutoCloseable {
    final ReferenceRedis redis;
    final TestServer aeredis;

    private BothServers(ReferenceRedis redis, TestServer aeredis) {
        this.redis = redis;
        this.aeredis = aeredis;
    }

    /** Starts both, or aborts the calling test class loudly when no reference Redis exists here. */
    static BothServers startOrSkip(String testName) throws Exception {
        String reason = ReferenceRedis.unavailableReason();
        if (reason != null) {
            System.err.println("*** " + testName + " SKIPPED: " + reason + " ***");
            Assumptions.abort(reason);
        }
        ReferenceRedis redis = ReferenceRedis.start(List.of());
        try {
            return new BothServers(redis, TestServer.start());
        } catch (RuntimeException e) {
            redis.close();
            throw e;
        }
    }

    @Override
    public void close() throws Exception {
        try {
            aeredis.close();
        } finally {
            redis.close();
        }
    }
}
