package io.aeredis.ae;

/** Port of {@code aeEventFinalizerProc}: called when a time event is deleted. */
@FunctionalInterface
public interface AeEventFinalizerProc {
    void finalize(AeEventLoop eventLoop, Object clientData);
}
