package io.aeredis.server;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.protocol.ProtocolVersion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.time.Duration;

/**
 * The fixture of the Lettuce tests: one in-process aeredis and one Lettuce client per test
 * class (test classes run one after another, so the static fields are the running class's).
 */
abstract class LettuceServerTest {
    static TestServer server;
    static RedisClient client;

    @BeforeAll
    static void startServerAndClient() {
        server = TestServer.start();
        client = RedisClient.create(RedisURI.create("127.0.0.1", server.port()));
        // Generous: the first script on a thread builds its JS context (interpreted on JDK 17).
        client.setDefaultTimeout(Duration.ofSeconds(60));
    }

    @AfterAll
    static void stopServerAndClient() throws InterruptedException {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        server.close();
    }

    /** Later connections of {@link #client} speak {@code version} (Lettuce sends HELLO 3 for RESP3). */
    static void protocol(ProtocolVersion version) {
        client.setOptions(ClientOptions.builder().protocolVersion(version).build());
    }

    static StatefulRedisConnection<String, String> connect(ProtocolVersion version) {
        protocol(version);
        return client.connect();
    }
}
