package io.aeredis.server;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInfo;

/**
 * Lifecycle shared by the differential tests: one reference redis-server and one aeredis per
 * test class, or the class is skipped loudly when no reference Redis exists here.
 */
abstract class DifferentialTestBase {
    static BothServers servers;

    @BeforeAll
    static void startBothServers(TestInfo info) throws Exception {
        servers = BothServers.startOrSkip(info.getTestClass().map(Class::getSimpleName).orElse("differential test"));
    }

    @AfterAll
    static void stopBothServers() throws Exception {
        if (servers != null) servers.close();
        servers = null;
    }
}
