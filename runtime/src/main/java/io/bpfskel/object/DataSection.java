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
