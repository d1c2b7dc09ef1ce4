package io.aeredis.scripting;

import static io.aeredis.commands.RedisCommand.command;

import io.aeredis.commands.Client;
import io.aeredis.commands.CommandCommands;
import io.aeredis.commands.CommandTable;
import io.aeredis.commands.GlobMatch;
import io.aeredis.commands.KeySpec;
import io.aeredis.commands.RedisCommand;
import io.aeredis.commands.Util;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The scripting commands of eval.c, functions.c and script.c, for JavaScript: EVAL, EVALSHA,
 * EVAL_RO, EVALSHA_RO, SCRIPT, FCALL, FCALL_RO, FUNCTION, plus aeredis's EVAL_SLOW_SCRIPT
 * (EVAL for scripts the server may run off the event loop). Table rows are Redis 7.0's.
 */
public final class ScriptingCommands {
    private final Scripting s;

    private ScriptingCommands(Scripting s) {
        this.s = s;
    }

    static final String NOSCRIPT = "-NOSCRIPT No matching script. Please use EVAL.";
    static final String NOTBUSY = "-NOTBUSY No scripts in execution right now.";
    static final String UNKILLABLE = "-UNKILLABLE Sorry the script already executed write commands against the dataset. "
            + "You can either wait the script termination or kill the server in a hard way using the SHUTDOWN NOSAVE command.";
    /** The BUSY error while a script runs (what SCRIPT KILL says when a function is running, and the server's reply to other commands). */
    public static final String BUSY_SCRIPT = "-BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.";
    /** The BUSY error while a function runs. */
    public static final String BUSY_FUNCTION = "-BUSY Redis is busy running a script. You can only call FUNCTION KILL or SHUTDOWN NOSAVE.";
    static final String RO_WITH_WRITE_FLAG = "Can not execute a script with write flag using *_ro command.";

    /** Adds the scripting rows to the command table, with {@code s} behind them. */
    public static void register(CommandTable t, Scripting s) {
        for (RedisCommand cmd : new ScriptingCommands(s).commands()) t.add(cmd);
    }

    private static final String EVAL_FLAGS = "noscript stale skip_monitor may_replicate no_mandatory_keys movablekeys";
    private static final String EVAL_RO_FLAGS = "readonly noscript stale skip_monitor no_mandatory_keys movablekeys";
    private static final String RW_NOTES = "We cannot tell how the keys will be used so we assume the worst, RW and UPDATE";
    private static final String RO_NOTES = "We cannot tell how the keys will be used so we assume the worst, RO and ACCESS";

    private static KeySpec numkeysSpec(String flags, String notes) {
        KeySpec ks = KeySpec.index(2).keynum(0, 1, 1).flags(flags);
        return notes == null ? ks : ks.notes(notes);
    }

    List<RedisCommand> commands() {
        return List.of(
        command("eval", -3, EVAL_FLAGS, 0, 0, 0, "scripting")
            .since("2.6.0").summary("Execute a Lua script server side")
            .complexity("Depends on the script that is executed.")
            .syntax("script numkeys [key [key ...]] [arg [arg ...]]")
            .keySpec(numkeysSpec("RW access update", RW_NOTES))
            .proc(c -> evalGenericCommand(c, false, false, false)),
        command("evalsha", -3, EVAL_FLAGS, 0, 0, 0, "scripting")
            .since("2.6.0").summary("Execute a Lua script server side")
            .complexity("Depends on the script that is executed.")
            .syntax("sha1 numkeys [key [key ...]] [arg [arg ...]]")
            .keySpec(numkeysSpec("RW access update", null))
            .proc(c -> evalGenericCommand(c, true, false, false)),
        command("eval_ro", -3, EVAL_RO_FLAGS, 0, 0, 0, "scripting")
            .since("7.0.0").summary("Execute a read-only Lua script server side")
            .complexity("Depends on the script that is executed.")
            .syntax("script numkeys [key [key ...]] [arg [arg ...]]")
            .keySpec(numkeysSpec("RO access", RO_NOTES))
            .proc(c -> evalGenericCommand(c, false, true, false)),
        command("evalsha_ro", -3, EVAL_RO_FLAGS, 0, 0, 0, "scripting")
            .since("7.0.0").summary("Execute a read-only Lua script server side")
            .complexity("Depends on the script that is executed.")
            .syntax("sha1 numkeys [key [key ...]] [arg [arg ...]]")
            .keySpec(numkeysSpec("RO access", null))
            .proc(c -> evalGenericCommand(c, true, true, false)),
        // aeredis: EVAL for a script known to be slow; the server may run it on a worker
        // pool (ScriptRun.slow()), sending each redis.call back to the event loop.
        command("eval_slow_script", -3, EVAL_FLAGS, 0, 0, 0, "scripting")
            .since("7.0.0").summary("Execute a slow JavaScript script server side, off the event loop")
            .complexity("Depends on the script that is executed.")
            .syntax("script numkeys [key [key ...]] [arg [arg ...]]")
            .keySpec(numkeysSpec("RW access update", RW_NOTES))
            .proc(c -> evalGenericCommand(c, false, false, true)),
        command("fcall", -3, EVAL_FLAGS, 0, 0, 0, "scripting")
            .since("7.0.0").summary("Invoke a function")
            .complexity("Depends on the function that is executed.")
            .syntax("function numkeys [key [key ...]] [arg [arg ...]]")
            .keySpec(numkeysSpec("RW access update", RW_NOTES))
            .proc(c -> fcallCommandGeneric(c, false)),
        command("fcall_ro", -3, EVAL_RO_FLAGS, 0, 0, 0, "scripting")
            .since("7.0.0").summary("Invoke a read-only function")
            .complexity("Depends on the function that is executed.")
            .syntax("function numkeys [key [key ...]] [arg [arg ...]]")
            .keySpec(numkeysSpec("RO access", RO_NOTES))
            .proc(c -> fcallCommandGeneric(c, true)),
        // Subcommands in the order Redis 7.0 lists them (its dict order), for COMMAND INFO.
        command("script", -2, "", 0, 0, 0, "scripting")
            .since("2.6.0").summary("A container for Lua scripts management commands")
            .complexity("Depends on subcommand.")
            .subcommand(command("help", 2, "loading stale", 0, 0, 0, "scripting")
                .since("5.0.0").summary("Show helpful text about the different subcommands").complexity("O(1)")
                .proc(c -> CommandCommands.addReplyHelp(c, SCRIPT_HELP)))
            .subcommand(command("flush", -2, "noscript", 0, 0, 0, "scripting")
                .since("2.6.0").summary("Remove all the scripts from the script cache.")
                .complexity("O(N) with N being the number of scripts in cache")
                .syntax("[ASYNC | SYNC]")
                .history("6.2.0", "Added the `ASYNC` and `SYNC` flushing mode modifiers.")
                .tips("request_policy:all_nodes response_policy:all_succeeded")
                .proc(this::scriptFlushCommand))
            .subcommand(command("load", 3, "noscript stale", 0, 0, 0, "scripting")
                .since("2.6.0").summary("Load the specified Lua script into the script cache.")
                .complexity("O(N) with N being the length in bytes of the script body.")
                .syntax("script")
                .tips("request_policy:all_nodes response_policy:all_succeeded")
                .proc(this::scriptLoadCommand))
            .subcommand(command("debug", 3, "noscript", 0, 0, 0, "scripting")
                .since("3.2.0").summary("Set the debug mode for executed scripts.").complexity("O(1)")
                .syntax("<YES | SYNC | NO>")
                .proc(ScriptingCommands::scriptDebugCommand))
            .subcommand(command("kill", 2, "noscript allow_busy", 0, 0, 0, "scripting")
                .since("2.6.0").summary("Kill the script currently in execution.").complexity("O(1)")
                .tips("request_policy:all_shards response_policy:one_succeeded")
                .proc(c -> killCommand(c, true)))
            .subcommand(command("exists", -3, "noscript", 0, 0, 0, "scripting")
                .since("2.6.0").summary("Check existence of scripts in the script cache.")
                .complexity("O(N) with N being the number of scripts to check (so checking a single script is an O(1) operation).")
                .syntax("sha1 [sha1 ...]")
                .tips("request_policy:all_shards response_policy:agg_logical_and")
                .proc(this::scriptExistsCommand)),
        command("function", -2, "", 0, 0, 0, "scripting")
            .since("7.0.0").summary("A container for function commands")
            .complexity("Depends on subcommand.")
            .subcommand(command("load", -3, "write denyoom noscript", 0, 0, 0, "scripting")
                .since("7.0.0").summary("Create a function with the given arguments (name, code, description)")
                .complexity("O(1) (considering compilation time is redundant)")
                .syntax("[REPLACE] function-code")
                .tips("request_policy:all_shards response_policy:all_succeeded")
                .proc(this::functionLoadCommand))
            .subcommand(command("delete", 3, "write noscript", 0, 0, 0, "scripting")
                .since("7.0.0").summary("Delete a function by name").complexity("O(1)")
                .syntax("library-name")
                .tips("request_policy:all_shards response_policy:all_succeeded")
                .proc(this::functionDeleteCommand))
            .subcommand(command("kill", 2, "noscript allow_busy", 0, 0, 0, "scripting")
                .since("7.0.0").summary("Kill the function currently in execution.").complexity("O(1)")
                .tips("request_policy:all_shards response_policy:one_succeeded")
                .proc(c -> killCommand(c, false)))
            .subcommand(command("dump", 2, "noscript", 0, 0, 0, "scripting")
                .since("7.0.0").summary("Dump all functions into a serialized binary payload")
                .complexity("O(N) where N is the number of functions")
                .proc(c -> c.addReplyBulk(s.functions().dump())))
            .subcommand(command("list", -2, "noscript", 0, 0, 0, "scripting")
                .since("7.0.0").summary("List information about all the functions")
                .complexity("O(N) where N is the number of functions")
                .syntax("[LIBRARYNAME library-name-pattern] [WITHCODE]")
                .tips("nondeterministic_output_order")
                .proc(this::functionListCommand))
            .subcommand(command("restore", -3, "write denyoom noscript", 0, 0, 0, "scripting")
                .since("7.0.0").summary("Restore all the functions on the given payload")
                .complexity("O(N) where N is the number of functions on the payload")
                .syntax("serialized-value [FLUSH | APPEND | REPLACE]")
                .tips("request_policy:all_shards response_policy:all_succeeded")
                .proc(this::functionRestoreCommand))
            .subcommand(command("flush", -2, "write noscript", 0, 0, 0, "scripting")
                .since("7.0.0").summary("Deleting all functions")
                .complexity("O(N) where N is the number of functions deleted")
                .syntax("[ASYNC | SYNC]")
                .tips("request_policy:all_shards response_policy:all_succeeded")
                .proc(this::functionFlushCommand))
            .subcommand(command("help", 2, "loading stale", 0, 0, 0, "scripting")
                .since("7.0.0").summary("Show helpful text about the different subcommands").complexity("O(1)")
                .proc(c -> CommandCommands.addReplyHelp(c, FUNCTION_HELP)))
            .subcommand(command("stats", 2, "noscript allow_busy", 0, 0, 0, "scripting")
                .since("7.0.0").summary("Return information about the function currently running (name, description, duration)")
                .complexity("O(1)")
                .tips("nondeterministic_output request_policy:all_shards response_policy:special")
                .proc(this::functionStatsCommand)));
    }

    // ------------------------------------------------------------------ EVAL family

    /**
     * evalGenericCommand / evalShaCommand: check numkeys, find or prepare the script, refuse a
     * write-flagged script under *_RO, then hand the run to the executor.
     */
    void evalGenericCommand(Client c, boolean evalsha, boolean ro, boolean slow) {
        if (evalsha && c.argv[1].length != 40) {
            c.addReplyError(NOSCRIPT);
            return;
        }
        long numkeys = numkeysOrReply(c);
        if (numkeys < 0) return;
        ScriptCache.Entry script;
        if (evalsha) {
            script = s.scripts().get(new String(c.argv[1], StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT));
            if (script == null) {
                c.addReplyError(NOSCRIPT);
                return;
            }
        } else {
            byte[] body = c.argv[1];
            String sha = ByteStrings.sha1hex(body);
            script = s.scripts().get(sha);
            if (script == null) {
                int flags;
                try {
                    flags = Shebang.evalFlags(body);
                } catch (Shebang.ShebangError e) {
                    c.addReplyError("-" + e.getMessage());
                    return;
                }
                // Joins the cache once it compiles (ScriptRun.execute), like luaCreateFunction.
                script = new ScriptCache.Entry(sha, body, flags);
            }
        }
        int flags = script.flags();
        boolean compat = (flags & Shebang.EVAL_COMPAT_MODE) != 0;
        if (ro && !compat && (flags & Shebang.NO_WRITES) == 0) {
            c.addReplyError(RO_WITH_WRITE_FLAG);
            return;
        }
        boolean readOnly = ro || (flags & Shebang.NO_WRITES) != 0;
        s.executor().execute(c, new ScriptRun(s, ScriptRun.Kind.EVAL, slow, script, null, c, (int) numkeys, readOnly));
    }

    /** fcallCommandGeneric: find the function, check numkeys and *_RO, then run it. */
    void fcallCommandGeneric(Client c, boolean ro) {
        FunctionLibraries.Function f = s.functions().function(new String(c.argv[1], StandardCharsets.ISO_8859_1));
        if (f == null) {
            c.addReplyError("Function not found");
            return;
        }
        long numkeys = numkeysOrReply(c);
        if (numkeys < 0) return;
        if (ro && (f.flags & Shebang.NO_WRITES) == 0) {
            c.addReplyError(RO_WITH_WRITE_FLAG);
            return;
        }
        boolean readOnly = ro || (f.flags & Shebang.NO_WRITES) != 0;
        s.executor().execute(c, new ScriptRun(s, ScriptRun.Kind.FUNCTION, false, null, f, c, (int) numkeys, readOnly));
    }

    /** evalGetKeys' checks of numkeys (argv[2]): the count, or -1 after replying the error. */
    private static long numkeysOrReply(Client c) {
        if (!Util.getLongLongOrReply(c, c.argv[2], null)) return -1;
        long numkeys = Util.string2ll(c.argv[2]);
        if (numkeys > c.argc - 3) {
            c.addReplyError("Number of keys can't be greater than number of args");
            return -1;
        }
        if (numkeys < 0) {
            c.addReplyError("Number of keys can't be negative");
            return -1;
        }
        return numkeys;
    }

    // ------------------------------------------------------------------ SCRIPT

    static final String[] SCRIPT_HELP = {
        "DEBUG (YES|SYNC|NO)",
        "    Set the debug mode for subsequent scripts executed.",
        "EXISTS <sha1> [<sha1> ...]",
        "    Return information about the existence of the scripts in the script cache.",
        "FLUSH [ASYNC|SYNC]",
        "    Flush the Lua scripts cache. Very dangerous on replicas.",
        "    When called without the optional mode argument, the behavior is determined by the",
        "    lazyfree-lazy-user-flush configuration directive. Valid modes are:",
        "    * ASYNC: Asynchronously flush the scripts cache.",
        "    * SYNC: Synchronously flush the scripts cache.",
        "KILL",
        "    Kill the currently executing Lua script.",
        "LOAD <script>",
        "    Load a script into the scripts cache without executing it.",
    };

    void scriptFlushCommand(Client c) {
        if (c.argc == 2 || (c.argc == 3 && (Util.strcasecmp(c.argv[2], "sync") || Util.strcasecmp(c.argv[2], "async")))) {
            s.scripts().flush();
            c.addReplyStatus("OK");
            return;
        }
        c.addReplyError("SCRIPT FLUSH only support SYNC|ASYNC option");
    }

    void scriptExistsCommand(Client c) {
        c.addReplyArrayLen(c.argc - 2);
        for (int i = 2; i < c.argc; i++) {
            String sha = new String(c.argv[i], StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
            c.addReplyLongLong(s.scripts().contains(sha) ? 1 : 0);
        }
    }

    /** SCRIPT LOAD: check the shebang, compile (on this thread), cache, reply the SHA1. */
    void scriptLoadCommand(Client c) {
        byte[] body = c.argv[2];
        String sha = ByteStrings.sha1hex(body);
        if (!s.scripts().contains(sha)) {
            int flags;
            try {
                flags = Shebang.evalFlags(body);
            } catch (Shebang.ShebangError e) {
                c.addReplyError("-" + e.getMessage());
                return;
            }
            ScriptCache.Entry entry = new ScriptCache.Entry(sha, body, flags);
            Reply.Err err = ScriptEngine.context().compile(entry);
            if (err != null) {
                Reply.write(c.reply, err);
                return;
            }
            s.scripts().put(entry);
        }
        c.addReplyBulkCString(sha);
    }

    /** SCRIPT DEBUG: there is no JS debugger behind it; NO is accepted. */
    static void scriptDebugCommand(Client c) {
        if (Util.strcasecmp(c.argv[2], "no")) {
            c.addReplyStatus("OK");
        } else if (Util.strcasecmp(c.argv[2], "yes") || Util.strcasecmp(c.argv[2], "sync")) {
            c.addReplyError("SCRIPT DEBUG is not supported for JavaScript scripts");
        } else {
            c.addReplyError("Use SCRIPT DEBUG YES/SYNC/NO");
        }
    }

    /** scriptKill: SCRIPT KILL ({@code eval}) or FUNCTION KILL. */
    void killCommand(Client c, boolean eval) {
        ScriptRun run = s.busy();
        if (run == null) {
            c.addReplyError(NOTBUSY);
            return;
        }
        if (run.isEval() != eval) {
            c.addReplyError(eval ? BUSY_FUNCTION : BUSY_SCRIPT);
            return;
        }
        if (run.kill() == ScriptRun.KillResult.UNKILLABLE) {
            c.addReplyError(UNKILLABLE);
            return;
        }
        c.addReplyStatus("OK");
    }

    // ------------------------------------------------------------------ FUNCTION

    static final String[] FUNCTION_HELP = {
        "LOAD [REPLACE] <FUNCTION CODE>",
        "    Create a new library with the given library name and code.",
        "DELETE <LIBRARY NAME>",
        "    Delete the given library.",
        "LIST [LIBRARYNAME PATTERN] [WITHCODE]",
        "    Return general information on all the libraries:",
        "    * Library name",
        "    * The engine used to run the Library",
        "    * Library description",
        "    * Functions list",
        "    * Library code (if WITHCODE is given)",
        "    It also possible to get only function that matches a pattern using LIBRARYNAME argument.",
        "STATS",
        "    Return information about the current function running:",
        "    * Function name",
        "    * Command used to run the function",
        "    * Duration in MS that the function is running",
        "    If no function is running, return nil",
        "    In addition, returns a list of available engines.",
        "KILL",
        "    Kill the current running function.",
        "FLUSH [ASYNC|SYNC]",
        "    Delete all the libraries.",
        "    When called without the optional mode argument, the behavior is determined by the",
        "    lazyfree-lazy-user-flush configuration directive. Valid modes are:",
        "    * ASYNC: Asynchronously flush the libraries.",
        "    * SYNC: Synchronously flush the libraries.",
        "DUMP",
        "    Return a serialized payload representing the current libraries, can be restored using FUNCTION RESTORE command",
        "RESTORE <PAYLOAD> [FLUSH|APPEND|REPLACE]",
        "    Restore the libraries represented by the given payload, it is possible to give a restore policy to",
        "    control how to handle existing libraries (default APPEND):",
        "    * FLUSH: delete all existing libraries.",
        "    * APPEND: appends the restored libraries to the existing libraries. On collision, abort.",
        "    * REPLACE: appends the restored libraries to the existing libraries, On collision, replace the old",
        "      libraries with the new libraries (notice that even on this option there is a chance of failure",
        "      in case of functions name collision with another library).",
    };

    /** functionLoadCommand: FUNCTION LOAD [REPLACE] code. */
    void functionLoadCommand(Client c) {
        boolean replace = false;
        int pos = 2;
        while (pos < c.argc - 1) {
            byte[] arg = c.argv[pos++];
            if (Util.strcasecmp(arg, "replace")) {
                replace = true;
                continue;
            }
            addReplyErrorRaw(c, "Unknown option given: " + cstr(arg));
            return;
        }
        byte[] code = c.argv[pos];
        Shebang.LibraryHeader header;
        try {
            header = Shebang.libraryHeader(code);
        } catch (Shebang.ShebangError e) {
            c.addReplyError("-" + e.getMessage());
            return;
        }
        if (!replace && s.functions().library(header.name()) != null) {
            c.addReplyError("Library '" + header.name() + "' already exists");
            return;
        }
        JsContext js = ScriptEngine.context();
        JsContext.LibraryEval ev = js.evaluateLibrary(code, s.host());
        if (ev.error != null) {
            Reply.write(c.reply, Reply.Err.of(ev.error));
            return;
        }
        FunctionLibraries.Library lib = FunctionLibraries.library(header.name(), code, ev.registered);
        String err = s.functions().add(lib, replace);
        if (err != null) {
            c.addReplyError(err);
            return;
        }
        js.adopt(lib, ev);
        c.server.dirty++;
        c.addReplyBulkCString(header.name());
    }

    void functionDeleteCommand(Client c) {
        if (!s.functions().delete(new String(c.argv[2], StandardCharsets.ISO_8859_1))) {
            c.addReplyError("Library not found");
            return;
        }
        c.server.dirty++;
        c.addReplyStatus("OK");
    }

    void functionFlushCommand(Client c) {
        if (c.argc == 2 || (c.argc == 3 && (Util.strcasecmp(c.argv[2], "sync") || Util.strcasecmp(c.argv[2], "async")))) {
            s.functions().flush();
            c.server.dirty++;
            c.addReplyStatus("OK");
            return;
        }
        c.addReplyError("FUNCTION FLUSH only supports SYNC|ASYNC option");
    }

    /** functionListCommand: FUNCTION LIST [WITHCODE] [LIBRARYNAME pattern], in any order. */
    void functionListCommand(Client c) {
        boolean withCode = false;
        byte[] pattern = null;
        for (int i = 2; i < c.argc; i++) {
            byte[] arg = c.argv[i];
            if (!withCode && Util.strcasecmp(arg, "withcode")) {
                withCode = true;
                continue;
            }
            if (pattern == null && Util.strcasecmp(arg, "libraryname")) {
                if (i >= c.argc - 1) {
                    c.addReplyError("library name argument was not given");
                    return;
                }
                pattern = c.argv[++i];
                continue;
            }
            addReplyErrorRaw(c, "Unknown argument " + cstr(arg));
            return;
        }
        List<FunctionLibraries.Library> libs = new ArrayList<>();
        for (FunctionLibraries.Library l : s.functions().libraries()) {
            byte[] name = l.name.getBytes(StandardCharsets.ISO_8859_1);
            if (pattern == null || GlobMatch.stringmatchlen(pattern, 0, pattern.length, name, 0, name.length, false)) libs.add(l);
        }
        c.addReplyArrayLen(libs.size());
        for (FunctionLibraries.Library l : libs) {
            c.addReplyMapLen(withCode ? 4 : 3);
            c.addReplyBulkCString("library_name");
            c.addReplyBulk(l.name.getBytes(StandardCharsets.ISO_8859_1));
            c.addReplyBulkCString("engine");
            c.addReplyBulkCString(FunctionLibraries.ENGINE_NAME);
            c.addReplyBulkCString("functions");
            c.addReplyArrayLen(l.functions.size());
            for (FunctionLibraries.Function f : l.functions.values()) {
                c.addReplyMapLen(3);
                c.addReplyBulkCString("name");
                c.addReplyBulk(f.name.getBytes(StandardCharsets.ISO_8859_1));
                c.addReplyBulkCString("description");
                if (f.description == null) c.addReplyNull();
                else c.addReplyBulk(ByteStrings.fromJs(f.description));
                c.addReplyBulkCString("flags");
                List<String> names = Shebang.flagNames(f.flags);
                c.reply.addReplySetLen(names.size());
                for (String n : names) c.addReplyStatus(n);
            }
            if (withCode) {
                c.addReplyBulkCString("library_code");
                c.addReplyBulk(l.code);
            }
        }
    }

    /** functionStatsCommand: the running function, and per engine the library and function counts. */
    void functionStatsCommand(Client c) {
        c.addReplyMapLen(2);
        c.addReplyBulkCString("running_script");
        ScriptRun run = null;
        for (ScriptRun r : s.running()) {
            if (!r.isEval()) {
                run = r;
                break;
            }
        }
        if (run == null) {
            c.addReplyNull();
        } else {
            c.addReplyMapLen(3);
            c.addReplyBulkCString("name");
            c.addReplyBulkCString(run.name());
            c.addReplyBulkCString("command");
            byte[][] argv = run.commandArgv();
            c.addReplyArrayLen(argv.length);
            for (byte[] a : argv) c.addReplyBulk(a);
            c.addReplyBulkCString("duration_ms");
            c.addReplyLongLong(run.durationMillis());
        }
        c.addReplyBulkCString("engines");
        c.addReplyMapLen(1);
        c.addReplyBulkCString(FunctionLibraries.ENGINE_NAME);
        c.addReplyMapLen(2);
        c.addReplyBulkCString("libraries_count");
        c.addReplyLongLong(s.functions().librariesCount());
        c.addReplyBulkCString("functions_count");
        c.addReplyLongLong(s.functions().functionsCount());
    }

    /** functionRestoreCommand: FUNCTION RESTORE payload [FLUSH|APPEND|REPLACE], all or nothing. */
    void functionRestoreCommand(Client c) {
        if (c.argc > 4) {
            addReplyErrorRaw(c, "unknown subcommand or wrong number of arguments for '" + cstr(c.argv[1])
                    + "'. Try FUNCTION HELP.");
            return;
        }
        FunctionLibraries.RestorePolicy policy = FunctionLibraries.RestorePolicy.APPEND;
        if (c.argc == 4) {
            if (Util.strcasecmp(c.argv[3], "flush")) {
                policy = FunctionLibraries.RestorePolicy.FLUSH;
            } else if (Util.strcasecmp(c.argv[3], "append")) {
                policy = FunctionLibraries.RestorePolicy.APPEND;
            } else if (Util.strcasecmp(c.argv[3], "replace")) {
                policy = FunctionLibraries.RestorePolicy.REPLACE;
            } else {
                c.addReplyError("Wrong restore policy given, value should be either FLUSH, APPEND or REPLACE.");
                return;
            }
        }
        List<byte[]> codes = FunctionLibraries.parseDump(c.argv[2]);
        if (codes == null) {
            c.addReplyError("DUMP payload version or checksum are wrong");
            return;
        }
        JsContext js = ScriptEngine.context();
        List<FunctionLibraries.Library> libs = new ArrayList<>();
        List<JsContext.LibraryEval> evals = new ArrayList<>();
        for (byte[] code : codes) {
            Shebang.LibraryHeader header;
            try {
                header = Shebang.libraryHeader(code);
            } catch (Shebang.ShebangError e) {
                c.addReplyError("-" + e.getMessage());
                return;
            }
            JsContext.LibraryEval ev = js.evaluateLibrary(code, s.host());
            if (ev.error != null) {
                Reply.write(c.reply, Reply.Err.of(ev.error));
                return;
            }
            libs.add(FunctionLibraries.library(header.name(), code, ev.registered));
            evals.add(ev);
        }
        String err = s.functions().restore(libs, policy);
        if (err != null) {
            c.addReplyError(err);
            return;
        }
        for (int i = 0; i < libs.size(); i++) js.adopt(libs.get(i), evals.get(i));
        c.server.dirty++;
        c.addReplyStatus("OK");
    }

    // ------------------------------------------------------------------ helpers

    /** An error text that may hold user bytes (ISO-8859-1 chars): sent byte for byte. */
    private static void addReplyErrorRaw(Client c, String msg) {
        byte[] b = msg.getBytes(StandardCharsets.ISO_8859_1);
        c.reply.addReplyErrorBytes(b, 0, b.length);
    }

    /** C's "%s" of an argument: up to the first NUL. */
    private static String cstr(byte[] b) {
        int n = 0;
        while (n < b.length && b[n] != 0) n++;
        return new String(b, 0, n, StandardCharsets.ISO_8859_1);
    }
}
