package io.aeredis.commands;

/** Port of {@code redisCommandProc}: {@code void fooCommand(client *c)}. */
@FunctionalInterface
public interface CommandProc {
    void call(Client c);
}
