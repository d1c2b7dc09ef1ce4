package io.aeredis.ae;

/** Port of {@code aeBeforeSleepProc}: the before-sleep and after-sleep hooks. */
@FunctionalInterface
public interface AeBeforeSleepProc {
    void process(AeEventLoop eventLoop);
}
