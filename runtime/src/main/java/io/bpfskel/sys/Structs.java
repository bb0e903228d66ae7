package io.bpfskel.sys;

import java.nio.charset.StandardCharsets;

/**
 * The small set of primitives the attribute classes use to write and read native structs.
 * Multi-byte values use the host byte order, as the kernel expects; offsets always come from the
 * named constants of the struct being encoded.
 */
final class Structs {
    /** BPF_OBJ_NAME_LEN: names are NUL-terminated within 16 bytes. */
    static final int OBJ_NAME_LEN = 16;

    private Structs() {}

    static void u32(NativeMemory p, int offset, int value) {
        p.setInt(offset, value);
    }

    static void u64(NativeMemory p, int offset, long value) {
        p.setLong(offset, value);
    }

    static int u32(NativeMemory p, int offset) {
        return p.getInt(offset);
    }

    static long u64(NativeMemory p, int offset) {
        return p.getLong(offset);
    }

    /** Writes the descriptor number, or 0 ("none") for null. */
    /** Stores a descriptor held by {@code scope} until the call is over (0 for null: "none"). */
    static void fd(NativeMemory p, int offset, Fd fd, NativeScope scope, String command, String context) {
        p.setInt(offset, fd == null ? 0 : scope.hold(fd, command, context));
    }

    /**
     * Writes an object name into a char[16] field. Longer names are truncated to 15 bytes as libbpf
     * and cilium/ebpf do; characters the kernel would reject with a bare EINVAL are refused here
     * with a message instead.
     */
    static void objName(NativeMemory p, int offset, String name) {
        if (name == null || name.isEmpty()) {
            return;
        }
        byte[] bytes = objNameBytes(name);
        p.write(offset, bytes, 0, bytes.length);
    }

    static byte[] objNameBytes(String name) {
        byte[] bytes = name.getBytes(StandardCharsets.US_ASCII);
        int len = Math.min(bytes.length, OBJ_NAME_LEN - 1);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '_' || c == '.';
            if (!ok) {
                throw new IllegalArgumentException("the kernel accepts only [A-Za-z0-9_.] in object names, got '"
                        + name + "'");
            }
        }
        byte[] out = new byte[len];
        System.arraycopy(bytes, 0, out, 0, len);
        return out;
    }

    /** Reads a NUL-terminated string from a fixed-size char array. */
    static String cString(NativeMemory p, int offset, int capacity) {
        byte[] bytes = p.getByteArray(offset, capacity);
        int len = 0;
        while (len < capacity && bytes[len] != 0) {
            len++;
        }
        return new String(bytes, 0, len, StandardCharsets.UTF_8);
    }
}
