package io.aeredis.commands;

/**
 * Fills a command table with every family of this module, like Redis's populateCommandTable
 * walking the generated command table. The server module adds its server-level commands
 * (INFO, CONFIG, CLIENT, HELLO, AUTH, QUIT, SHUTDOWN, DEBUG, ...) to the same table afterwards.
 */
public final class Commands {
    private Commands() {}

    public static void registerAll(CommandTable t) {
        StringCommands.register(t);
        KeyspaceCommands.register(t);
        SetCommands.register(t);
        ExpireCommands.register(t);
        HashCommands.register(t);
        ConnectionCommands.register(t);
        ZSetCommands.register(t);
        CommandCommands.register(t);
        ListCommands.register(t);
        ObjectCommands.register(t);
        MemoryCommands.register(t);
    }
}
