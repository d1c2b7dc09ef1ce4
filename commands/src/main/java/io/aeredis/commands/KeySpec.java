package io.aeredis.commands;

import java.util.ArrayList;
import java.util.List;

/**
 * One key specification: Redis 7.0's {@code keySpec} (server.h) — where the key search begins
 * ({@code index} or {@code keyword}) and how keys are found from there ({@code range} or
 * {@code keynum}), with the CMD_KEY_* access flags. Built fluently:
 * {@code KeySpec.index(1).range(0, 1, 0).flags("RW access delete")}.
 * Also ports {@code getKeysUsingKeySpecs} (db.c), which COMMAND GETKEYS uses.
 */
public final class KeySpec {
    // CMD_KEY_* flags, in the order COMMAND INFO prints them.
    public static final int RO = 1;
    public static final int RW = 1 << 1;
    public static final int OW = 1 << 2;
    public static final int RM = 1 << 3;
    public static final int ACCESS = 1 << 4;
    public static final int UPDATE = 1 << 5;
    public static final int INSERT = 1 << 6;
    public static final int DELETE = 1 << 7;
    public static final int NOT_KEY = 1 << 8;
    public static final int INCOMPLETE = 1 << 9;
    public static final int VARIABLE_FLAGS = 1 << 10;

    static final String[] FLAG_NAMES = {
        "RO", "RW", "OW", "RM", "access", "update", "insert", "delete", "not_key", "incomplete", "variable_flags",
    };

    public enum BeginSearch { INDEX, KEYWORD }
    public enum FindKeys { RANGE, KEYNUM }

    public int flags;
    /** Free text shown as "notes" by COMMAND INFO; null if none. */
    public String notes;

    public final BeginSearch beginSearch;
    /** KSPEC_BS_INDEX: the argv index the search begins at. */
    public final int bsIndex;
    /** KSPEC_BS_KEYWORD: the keyword and where to start looking for it (negative: from the end). */
    public final String bsKeyword;
    public final int bsStartFrom;

    public FindKeys findKeys = FindKeys.RANGE;
    /** KSPEC_FK_RANGE: last key relative to the begin index (negative: from the end), step, limit. */
    public int fkLastKey;
    public int fkKeyStep = 1;
    public int fkLimit;
    /** KSPEC_FK_KEYNUM: numkeys argument, first key (both relative to the begin index), step. */
    public int fkKeynumIdx;
    public int fkFirstKey;

    private KeySpec(BeginSearch bs, int index, String keyword, int startFrom) {
        this.beginSearch = bs;
        this.bsIndex = index;
        this.bsKeyword = keyword;
        this.bsStartFrom = startFrom;
    }

    /** begin_search index: the search begins at argv[index]. Defaults to a single-key range. */
    public static KeySpec index(int index) {
        return new KeySpec(BeginSearch.INDEX, index, null, 0);
    }

    /** begin_search keyword: the search begins after {@code keyword}, looked for from {@code startFrom}. */
    public static KeySpec keyword(String keyword, int startFrom) {
        return new KeySpec(BeginSearch.KEYWORD, 0, keyword, startFrom);
    }

    public KeySpec range(int lastKey, int keyStep, int limit) {
        findKeys = FindKeys.RANGE;
        fkLastKey = lastKey;
        fkKeyStep = keyStep;
        fkLimit = limit;
        return this;
    }

    public KeySpec keynum(int keynumIdx, int firstKey, int keyStep) {
        findKeys = FindKeys.KEYNUM;
        fkKeynumIdx = keynumIdx;
        fkFirstKey = firstKey;
        fkKeyStep = keyStep;
        return this;
    }

    /** Space-separated flag names as COMMAND INFO prints them: "RW access delete". */
    public KeySpec flags(String names) {
        flags = parseFlags(names);
        return this;
    }

    public KeySpec notes(String text) {
        notes = text;
        return this;
    }

    public static int parseFlags(String names) {
        int f = 0;
        if (names == null || names.isBlank()) return 0;
        outer:
        for (String s : names.trim().split("\\s+")) {
            for (int i = 0; i < FLAG_NAMES.length; i++) {
                if (FLAG_NAMES[i].equalsIgnoreCase(s)) {
                    f |= 1 << i;
                    continue outer;
                }
            }
            throw new IllegalArgumentException("unknown key spec flag " + s);
        }
        return f;
    }

    public static List<String> flagNames(int flags) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < FLAG_NAMES.length; i++) {
            if ((flags & (1 << i)) != 0) out.add(FLAG_NAMES[i]);
        }
        return out;
    }

    /**
     * The spec Redis's legacy (first, last, step) triple describes, as populateCommandLegacyRangeSpec
     * would read it back: begins at {@code first}, ends at {@code last} (negative: from the end).
     */
    static KeySpec fromLegacyRange(int first, int last, int step, int flags) {
        KeySpec ks = index(first).range(last < 0 ? last : last - first, step, 0);
        ks.flags = flags;
        return ks;
    }

    /** The keys found in one command line: argv positions and the flags of the spec that found each. */
    public static final class KeyReferences {
        public final int[] pos;
        public final int[] flags;
        public final int count;

        /** {@code pos[i]}: argv index of key i; {@code flags[i]}: its CMD_KEY_* flags; first {@code count} used. */
        public KeyReferences(int[] pos, int[] flags, int count) {
            this.pos = pos;
            this.flags = flags;
            this.count = count;
        }
    }

    /**
     * getKeysUsingKeySpecs (db.c): the keys of {@code argv[off .. off+argc)} according to
     * {@code cmd}'s key specs, or null when a spec points outside the arguments (Redis's
     * invalid_spec: the caller treats the command line as having no valid keys).
     */
    public static KeyReferences getKeysUsingKeySpecs(RedisCommand cmd, byte[][] argv, int off, int argc) {
        int[] pos = new int[Math.max(argc, 1)];
        int[] kflags = new int[pos.length];
        int k = 0;
        for (KeySpec spec : cmd.keySpecs) {
            int first = 0;
            if (spec.beginSearch == BeginSearch.INDEX) {
                first = spec.bsIndex;
            } else {
                // Look for the keyword from startfrom, forwards, or backwards when negative.
                int start = spec.bsStartFrom > 0 ? spec.bsStartFrom : argc + spec.bsStartFrom;
                int end = spec.bsStartFrom > 0 ? argc - 1 : 1;
                // Like Redis, the end position itself is not examined: a keyword there has no keys.
                for (int i = start; i != end; i = start <= end ? i + 1 : i - 1) {
                    if (i >= argc || i < 1) break;
                    if (asciiEqualsIgnoreCase(argv[off + i], spec.bsKeyword)) {
                        first = i + 1;
                        break;
                    }
                }
                if (first == 0) continue; // keyword not found: this spec has no keys here
            }

            int last;
            int step;
            if (spec.findKeys == FindKeys.RANGE) {
                step = spec.fkKeyStep;
                if (spec.fkLastKey >= 0) {
                    last = first + spec.fkLastKey;
                } else if (spec.fkLimit == 0) {
                    last = argc + spec.fkLastKey;
                } else {
                    last = first + ((argc - first) / spec.fkLimit + spec.fkLastKey);
                }
            } else {
                if (first + spec.fkKeynumIdx >= argc) return null;
                long numkeys = parseLong(argv[off + first + spec.fkKeynumIdx]);
                if (numkeys < 0) return null; // also "not a number"
                first += spec.fkFirstKey;
                last = first + (int) numkeys - 1;
                step = spec.fkKeyStep;
            }

            // First or last out of bounds: a syntax error in the command line.
            if (last >= argc || last < first || first >= argc) return null;

            for (int i = first; i <= last; i += step) {
                if (i >= argc || i < first) {
                    // Only variadic commands can get here; they report their own arity errors.
                    continue;
                }
                if (k == pos.length) {
                    pos = java.util.Arrays.copyOf(pos, k * 2);
                    kflags = java.util.Arrays.copyOf(kflags, k * 2);
                }
                pos[k] = i;
                kflags[k++] = spec.flags;
            }
        }
        return new KeyReferences(pos, kflags, k);
    }

    /**
     * getKeysFromCommandWithSpecs (db.c): the key specs when they are reliable, else the
     * command's getkeys proc. Redis trusts no spec marked variable_flags; a command declaring
     * such a spec without a getkeys proc still gets its specs here (Redis would find no keys).
     * {@code argv[0]} is the command name. Null when the line has no valid keys.
     */
    public static KeyReferences getKeysFromCommandWithSpecs(RedisCommand cmd, byte[][] argv, int argc) {
        boolean hasKeySpec = false;
        boolean hasVarFlags = false;
        for (KeySpec ks : cmd.keySpecs) {
            if ((ks.flags & NOT_KEY) == 0) hasKeySpec = true;
            if ((ks.flags & VARIABLE_FLAGS) != 0) hasVarFlags = true;
        }
        if (hasKeySpec && (!hasVarFlags || cmd.getkeysProc == null)) {
            KeyReferences r = getKeysUsingKeySpecs(cmd, argv, 0, argc);
            // An invalid spec (e.g. an incomplete one) falls back to the proc, like Redis.
            if (r != null || cmd.getkeysProc == null) return r;
        }
        return cmd.getkeysProc != null ? cmd.getkeysProc.getKeys(cmd, argv, argc) : null;
    }

    /** doesCommandHaveKeys: a getkeys proc, or at least one spec not marked NOT_KEY. */
    public static boolean commandHasKeys(RedisCommand cmd) {
        if (cmd.getkeysProc != null) return true;
        for (KeySpec ks : cmd.keySpecs) {
            if ((ks.flags & NOT_KEY) == 0) return true;
        }
        return false;
    }

    private static boolean asciiEqualsIgnoreCase(byte[] a, String b) {
        if (a.length != b.length()) return false;
        for (int i = 0; i < a.length; i++) {
            int x = a[i] & 0xff;
            int y = b.charAt(i);
            if (x >= 'A' && x <= 'Z') x += 32;
            if (y >= 'A' && y <= 'Z') y += 32;
            if (x != y) return false;
        }
        return true;
    }

    /** string2ll-like strict parse; -1 when not a valid non-negative number (callers reject < 0). */
    private static long parseLong(byte[] s) {
        if (s.length == 0 || s.length > 19) return -1;
        long v = 0;
        for (byte b : s) {
            if (b < '0' || b > '9') return -1;
            v = v * 10 + (b - '0');
        }
        if (s.length > 1 && s[0] == '0') return -1;
        return v;
    }
}
