package io.bpfskel.object;

import java.util.List;

/**
 * A global-data section backed by an internal array map: {@code .bss}, {@code .data}, {@code .rodata},
 * {@code .data.*}, {@code .rodata.*} (string literals included).
 *
 * @param datasecId BTF DATASEC id, 0 when the section has none (e.g. {@code .rodata.str1.1})
 * @param initialData the section's bytes (zeros for {@code .bss})
 */
public record DataSection(String name, int sectionIndex, MapSpec.Kind kind, int size, int datasecId,
        byte[] initialData, List<Variable> variables) {
    /**
     * The largest global-data section bpfskel opens. Its image lives on the Java heap until load (a {@code .bss}
     * header costs no file bytes, so only this bound stops a 30 KB object from asking for gigabytes), and no
     * program could use much more: the verifier refuses offsets into a map value from 512 MiB on, and real
     * objects keep large buffers in array maps, not globals.
     */
    public static final int MAX_SIZE = 64 << 20;

    /** A variable by name, or null. */
    public Variable variable(String varName) {
        for (Variable v : variables) {
            if (v.name().equals(varName)) {
                return v;
            }
        }
        return null;
    }
}
