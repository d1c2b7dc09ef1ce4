package io.aeredis.clicompat;

/** A server redis-cli can talk to: the aeredis under test or the reference redis-server. */
public interface Target extends AutoCloseable {
    int port();

    /** "aeredis" or "redis-server", for failure messages. */
    String name();

    @Override
    void close();
}
