package io.aeredis.scripting;

import io.aeredis.resp.SplitArgs;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The "#!" first line of scripts and libraries (Redis 7.0's evalExtractShebangFlags and
 * functionExtractLibMetaData), with "js" where Redis has "lua":
 * <ul>
 * <li>EVAL: {@code #!js [flags=no-writes,allow-oom,...]}. A script without the line runs in
 *     the compatibility mode of pre-7.0 scripts (writes allowed, even under EVAL_RO only
 *     the writes themselves are refused); with it, the flags say everything.</li>
 * <li>FUNCTION LOAD: {@code #!js name=mylib}.</li>
 * </ul>
 * The parse methods return the result, or throw {@link ShebangError} whose message is the
 * Redis error text.
 */
public final class Shebang {
    private Shebang() {}

    public static final String ENGINE = "js";

    // SCRIPT_FLAG_* (script.h), as the shebang and FUNCTION LIST name them.
    public static final int NO_WRITES = 1;
    public static final int ALLOW_OOM = 1 << 1;
    public static final int ALLOW_STALE = 1 << 2;
    public static final int NO_CLUSTER = 1 << 3;
    public static final int ALLOW_CROSS_SLOT = 1 << 4;
    /** SCRIPT_FLAG_EVAL_COMPAT_MODE: an EVAL script without a shebang. */
    public static final int EVAL_COMPAT_MODE = 1 << 5;

    /** The flag names in Redis's order (scripts_flags_def). */
    static final String[] FLAG_NAMES = {"no-writes", "allow-oom", "allow-stale", "no-cluster", "allow-cross-slot-keys"};

    /** A Redis error text to reply as is (after "-"). */
    public static final class ShebangError extends Exception {
        ShebangError(String msg) { super(msg, null, false, false); }
    }

    /** The flag for a name, or 0 if unknown. */
    static int flagOf(String name) {
        for (int i = 0; i < FLAG_NAMES.length; i++) {
            if (FLAG_NAMES[i].equals(name)) return 1 << i;
        }
        return 0;
    }

    /** The names of the set flags, in Redis's order. */
    public static List<String> flagNames(int flags) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < FLAG_NAMES.length; i++) {
            if ((flags & (1 << i)) != 0) out.add(FLAG_NAMES[i]);
        }
        return out;
    }

    /**
     * evalExtractShebangFlags: the flags of an EVAL script body, or {@link #EVAL_COMPAT_MODE}
     * when it has no shebang.
     */
    public static int evalFlags(byte[] body) throws ShebangError {
        if (body.length < 2 || body[0] != '#' || body[1] != '!') return EVAL_COMPAT_MODE;
        int nl = indexOf(body, (byte) '\n');
        if (nl < 0) throw new ShebangError("ERR Invalid script shebang");
        byte[][] parts = SplitArgs.split(java.util.Arrays.copyOf(body, nl));
        if (parts == null || parts.length == 0) throw new ShebangError("ERR Invalid script shebang");
        String engine = str(parts[0]);
        if (!engine.equals("#!" + ENGINE)) throw new ShebangError("ERR Unexpected engine in script shebang: " + engine);
        int flags = 0;
        for (int i = 1; i < parts.length; i++) {
            String part = str(parts[i]);
            if (!part.startsWith("flags=")) throw new ShebangError("ERR Unknown " + ENGINE + " shebang option: " + part);
            String list = part.substring(6);
            if (list.isEmpty()) continue;
            for (String f : list.split(",", -1)) {
                int bit = flagOf(f);
                if (bit == 0) throw new ShebangError("ERR Unexpected flag in script shebang: " + f);
                flags |= bit;
            }
        }
        return flags;
    }

    /** A library's header: its engine and name. */
    public record LibraryHeader(String engine, String name) {}

    /**
     * functionExtractLibMetaData plus the checks of functionsCreateWithLibraryCtx that come
     * before compiling: the header is there and well formed, the name is valid, the engine is
     * {@value #ENGINE} (case-insensitive, like Redis's engines dict).
     */
    public static LibraryHeader libraryHeader(byte[] code) throws ShebangError {
        if (code.length < 2 || code[0] != '#' || code[1] != '!') throw new ShebangError("ERR Missing library metadata");
        int nl = indexOf(code, (byte) '\n');
        if (nl < 0) throw new ShebangError("ERR Invalid library metadata");
        byte[][] parts = SplitArgs.split(java.util.Arrays.copyOf(code, nl));
        if (parts == null || parts.length == 0) throw new ShebangError("ERR Invalid library metadata");
        String engine = str(parts[0]).substring(2);
        String name = null;
        for (int i = 1; i < parts.length; i++) {
            String part = str(parts[i]);
            if (part.regionMatches(true, 0, "name=", 0, 5)) {
                if (name != null) throw new ShebangError("ERR Invalid metadata value, name argument was given multiple times");
                name = part.substring(5);
                continue;
            }
            throw new ShebangError("ERR Invalid metadata value given: " + part);
        }
        if (name == null) throw new ShebangError("ERR Library name was not given");
        if (!validName(name)) throw new ShebangError("ERR " + INVALID_NAME);
        if (!engine.toLowerCase(Locale.ROOT).equals(ENGINE)) throw new ShebangError("ERR Engine '" + engine + "' not found");
        return new LibraryHeader(engine, name);
    }

    /**
     * Redis 7.0.15 says this for an invalid function name too (functionsVerifyName's callers
     * share the text).
     */
    static final String INVALID_NAME =
            "Library names can only contain letters, numbers, or underscores(_) and must be at least one character long";

    /** functionsVerifyName: [A-Za-z0-9_]+. */
    static boolean validName(String name) {
        if (name.isEmpty()) return false;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
            if (!ok) return false;
        }
        return true;
    }

    private static int indexOf(byte[] b, byte x) {
        for (int i = 0; i < b.length; i++) if (b[i] == x) return i;
        return -1;
    }

    private static String str(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }
}
