package io.aeredis.commands;

/**
 * Port of {@code redisGetKeysProc}: a command's own key extraction, for what key specs cannot
 * say — flags that depend on the arguments (SET with or without GET: the spec is marked
 * variable_flags) or keys that specs only describe incompletely (SORT ... STORE). argv[0] is
 * the command name. Return null when the arguments hold no valid keys.
 */
@FunctionalInterface
public interface GetKeysProc {
    KeySpec.KeyReferences getKeys(RedisCommand cmd, byte[][] argv, int argc);
}
