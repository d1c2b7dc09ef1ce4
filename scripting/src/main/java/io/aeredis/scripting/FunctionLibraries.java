package io.aeredis.scripting;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * The Redis 7 functions registry (functions.c's librariesCtx): libraries by name and their
 * functions by name, function names being unique across libraries. The registry holds the
 * metadata and the code; each JS context evaluates a library's code once, on first use on its
 * thread (see {@link JsContext}). Replaced wholesale on every change (copy on write), so a
 * script thread reads a consistent snapshot without locks while the loop thread loads,
 * deletes or restores.
 */
public final class FunctionLibraries {
    /** The engine name FUNCTION LIST and FUNCTION STATS print (Redis prints "LUA"). */
    public static final String ENGINE_NAME = "JS";

    /**
     * One library: name, code and functions. Identity matters: a JS context keeps the callbacks
     * of the Library object it evaluated, and a replaced library is a new object.
     */
    public static final class Library {
        public final String name;
        public final byte[] code;
        /** Functions in registration order. */
        public final Map<String, Function> functions = new LinkedHashMap<>();

        Library(String name, byte[] code) {
            this.name = name;
            this.code = code;
        }
    }

    /** One function: its name, flags (Shebang.NO_WRITES ...), description (null if none). */
    public static final class Function {
        public final Library library;
        public final String name;
        public final int flags;
        public final String description;

        Function(Library library, String name, int flags, String description) {
            this.library = library;
            this.name = name;
            this.flags = flags;
            this.description = description;
        }
    }

    /** What a library registered when it was evaluated: name → flags and description. */
    public record Registered(String name, int flags, String description) {}

    private record Snapshot(Map<String, Library> libraries, Map<String, Function> functions) {}

    private volatile Snapshot snap = new Snapshot(Map.of(), Map.of());

    /** Builds a library from a successful evaluation of its code. */
    public static Library library(String name, byte[] code, Collection<Registered> registered) {
        Library lib = new Library(name, code);
        for (Registered r : registered) lib.functions.put(r.name(), new Function(lib, r.name(), r.flags(), r.description()));
        return lib;
    }

    public Library library(String name) {
        return snap.libraries.get(name);
    }

    /** The function of this name; like Redis, function names are case-insensitive (library names are not). */
    public Function function(String name) {
        return snap.functions.get(name.toLowerCase(Locale.ROOT));
    }

    /** Libraries in load order. */
    public Collection<Library> libraries() {
        return Collections.unmodifiableCollection(snap.libraries.values());
    }

    public int librariesCount() {
        return snap.libraries.size();
    }

    public int functionsCount() {
        return snap.functions.size();
    }

    /**
     * Adds {@code lib}, replacing the library of the same name if {@code replace}. Returns
     * null, or the Redis error text: "Library 'x' already exists" (quoted, as FUNCTION LOAD
     * says it) or "Function f already exists".
     */
    public synchronized String add(Library lib, boolean replace) {
        Map<String, Library> libs = new LinkedHashMap<>(snap.libraries);
        String err = join(libs, List.of(lib), replace, true);
        if (err != null) return err;
        publish(libs);
        return null;
    }

    /** FUNCTION DELETE: false if there is no such library. */
    public synchronized boolean delete(String name) {
        if (!snap.libraries.containsKey(name)) return false;
        Map<String, Library> libs = new LinkedHashMap<>(snap.libraries);
        libs.remove(name);
        publish(libs);
        return true;
    }

    /** FUNCTION FLUSH. */
    public synchronized void flush() {
        publish(new LinkedHashMap<>());
    }

    /** The FUNCTION RESTORE policies. */
    public enum RestorePolicy { FLUSH, APPEND, REPLACE }

    /**
     * FUNCTION RESTORE of already evaluated libraries, all or nothing. Returns null or the
     * error text ("Library x already exists", unquoted as Redis's libraryJoin says it, or
     * "Function f already exists").
     */
    public synchronized String restore(List<Library> restored, RestorePolicy policy) {
        Map<String, Library> libs = policy == RestorePolicy.FLUSH ? new LinkedHashMap<>() : new LinkedHashMap<>(snap.libraries);
        String err = join(libs, restored, policy == RestorePolicy.REPLACE, false);
        if (err != null) return err;
        publish(libs);
        return null;
    }

    /** libraryJoin: adds {@code add} into {@code libs}, checking library and function name clashes. */
    private static String join(Map<String, Library> libs, List<Library> add, boolean replace, boolean quoted) {
        for (Library lib : add) {
            if (libs.containsKey(lib.name)) {
                if (!replace) return quoted ? "Library '" + lib.name + "' already exists" : "Library " + lib.name + " already exists";
                libs.remove(lib.name);
            }
            for (String f : lib.functions.keySet()) {
                for (Library other : libs.values()) {
                    for (String o : other.functions.keySet()) {
                        if (o.equalsIgnoreCase(f)) return "Function " + f + " already exists";
                    }
                }
            }
            libs.put(lib.name, lib);
        }
        return null;
    }

    private void publish(Map<String, Library> libs) {
        Map<String, Function> fns = new LinkedHashMap<>();
        for (Library l : libs.values()) {
            for (Function f : l.functions.values()) fns.put(f.name.toLowerCase(Locale.ROOT), f);
        }
        snap = new Snapshot(Collections.unmodifiableMap(libs), Collections.unmodifiableMap(fns));
    }

    // ------------------------------------------------------------------ DUMP / RESTORE payload

    /**
     * The FUNCTION DUMP payload (our own format, not Redis's RDB encoding; see README):
     * "AEFN", a version byte (1), a 4-byte library count, then per library a 4-byte length and
     * the code, and last a CRC32 of everything before it. All integers big endian.
     */
    public byte[] dump() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Collection<Library> libs = snap.libraries.values();
        out.writeBytes(MAGIC);
        out.write(DUMP_VERSION);
        out.writeBytes(ByteBuffer.allocate(4).putInt(libs.size()).array());
        for (Library l : libs) {
            out.writeBytes(ByteBuffer.allocate(4).putInt(l.code.length).array());
            out.writeBytes(l.code);
        }
        CRC32 crc = new CRC32();
        byte[] body = out.toByteArray();
        crc.update(body);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
        return out.toByteArray();
    }

    /** The library codes in a FUNCTION DUMP payload, or null if it is not a valid one. */
    public static List<byte[]> parseDump(byte[] payload) {
        if (payload.length < MAGIC.length + 1 + 4 + 4) return null;
        for (int i = 0; i < MAGIC.length; i++) if (payload[i] != MAGIC[i]) return null;
        if (payload[MAGIC.length] != DUMP_VERSION) return null;
        CRC32 crc = new CRC32();
        crc.update(payload, 0, payload.length - 4);
        ByteBuffer bb = ByteBuffer.wrap(payload);
        if (bb.getInt(payload.length - 4) != (int) crc.getValue()) return null;
        bb.position(MAGIC.length + 1);
        int n = bb.getInt();
        if (n < 0) return null;
        List<byte[]> codes = new ArrayList<>();
        int end = payload.length - 4;
        for (int i = 0; i < n; i++) {
            if (end - bb.position() < 4) return null;
            int len = bb.getInt();
            if (len < 0 || len > end - bb.position()) return null;
            byte[] code = new byte[len];
            bb.get(code);
            codes.add(code);
        }
        return bb.position() == end ? codes : null;
    }

    private static final byte[] MAGIC = {'A', 'E', 'F', 'N'};
    private static final byte DUMP_VERSION = 1;
}
