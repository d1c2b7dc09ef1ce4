package io.aeredis.ae;

/**
 * Port of {@code aeTimeProc}: returns the number of milliseconds until the event should fire
 * again, or {@link AeEventLoop#AE_NOMORE} to delete it.
 */
@FunctionalInterface
public interface AeTimeProc {
    long process(AeEventLoop eventLoop, long id, Object clientData);
}
