package io.aeredis.clicompat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * A test class whose tests share one aeredis and one redis-server ({@link Both}), started
 * before the first test and closed after the last. A subclass's own {@code @BeforeAll} runs
 * after this one, so it can load data into {@link #both}.
 */
abstract class BothServersTest {
    static Both both;

    @BeforeAll
    static void startBoth() {
        both = Both.start();
    }

    @AfterAll
    static void stopBoth() {
        if (both != null) both.close();
        both = null;
    }
}
