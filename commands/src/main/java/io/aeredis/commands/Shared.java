package io.aeredis.commands;

import java.nio.charset.StandardCharsets;

/**
 * The shared replies of Redis's {@code createSharedObjects} (server.c) that these commands use:
 * preencoded protocol for the constant non-error replies, and the error texts (passed to
 * {@link Client#addReplyError(String)}, which adds "-ERR " unless the text starts with '-').
 */
public final class Shared {
    private Shared() {}

    /** shared.ok */
    public static final byte[] OK = bytes("+OK\r\n");
    /** shared.emptyarray: "*0\r\n" in both protocols. */
    public static final byte[] EMPTY_ARRAY = bytes("*0\r\n");
    /** shared.czero */
    public static final byte[] CZERO = bytes(":0\r\n");
    /** shared.cone */
    public static final byte[] CONE = bytes(":1\r\n");
    /** shared.emptybulk: "$0\r\n\r\n" in both protocols. */
    public static final byte[] EMPTY_BULK = bytes("$0\r\n\r\n");

    /** shared.wrongtypeerr */
    public static final String WRONGTYPE = "-WRONGTYPE Operation against a key holding the wrong kind of value";
    /** shared.syntaxerr */
    public static final String ERR_SYNTAX = "syntax error";
    /** shared.nokeyerr */
    public static final String ERR_NO_SUCH_KEY = "no such key";
    /** shared.sameobjecterr */
    public static final String ERR_SAME_OBJECT = "source and destination objects are the same";
    /** getLongLongFromObjectOrReply's default. */
    public static final String ERR_NOT_INTEGER = "value is not an integer or out of range";
    /** getLongDoubleFromObjectOrReply's default. */
    public static final String ERR_NOT_FLOAT = "value is not a valid float";
    public static final String ERR_DB_INDEX = "DB index is out of range";

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
