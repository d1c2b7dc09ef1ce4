package io.aeredis.ae;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class OpenFilesLimitTest {
    @Test
    void readsTheLimitAndSetsItBack() {
        long[] limit = OpenFilesLimit.get();
        assertNotNull(limit);
        assertTrue(limit[0] > 0 && limit[0] <= limit[1], "soft " + limit[0] + " hard " + limit[1]);
        // Lowering the soft limit is always allowed; then restore it.
        long lower = Math.max(limit[0] - 1, 64);
        assertTrue(OpenFilesLimit.set(lower, limit[1]), OpenFilesLimit.strerror(OpenFilesLimit.lastErrno()));
        assertArrayEquals(new long[]{lower, limit[1]}, OpenFilesLimit.get());
        assertTrue(OpenFilesLimit.set(limit[0], limit[1]));
        assertArrayEquals(limit, OpenFilesLimit.get());
    }

    @Test
    void aSoftLimitAboveTheHardOneIsRefused() {
        long[] limit = OpenFilesLimit.get();
        if (limit[1] == OpenFilesLimit.RLIM_INFINITY) return; // nothing is above infinity
        assertTrue(!OpenFilesLimit.set(limit[1] + 1, limit[1]));
        assertTrue(OpenFilesLimit.lastErrno() > 0);
        assertArrayEquals(limit, OpenFilesLimit.get());
    }
}
