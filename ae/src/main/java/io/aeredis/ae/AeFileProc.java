package io.aeredis.ae;

/** Port of {@code aeFileProc}: called on the loop thread when {@code fd} is ready for {@code mask}. */
@FunctionalInterface
public interface AeFileProc {
    void process(AeEventLoop eventLoop, int fd, Object clientData, int mask);
}
