package io.aeredis.ae;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

@Timeout(10)
class BackendSelectionTest {
    @Test
    void defaultBackendOnLinuxIsEpoll() {
        assumeTrue(LibCConstants.LINUX);
        AeEventLoop el = AeEventLoop.create(16);
        try {
            assertEquals("epoll", el.getApiName());
        } finally {
            el.delete();
        }
    }

    @Test
    void kqueueIsRefusedOnLinuxWithAClearMessage() {
        assumeTrue(LibCConstants.LINUX);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AeEventLoop.create(16, "kqueue"));
        assertTrue(e.getMessage().contains("kqueue") && e.getMessage().contains("not on Linux"), e.getMessage());
    }

    @Test
    void unknownBackendNameIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AeEventLoop.create(16, "iocp"));
        assertTrue(e.getMessage().contains("unknown ae backend 'iocp'"), e.getMessage());
    }

    @Test
    void nonPositiveSetSizeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> AeEventLoop.create(0, "select"));
    }
}
