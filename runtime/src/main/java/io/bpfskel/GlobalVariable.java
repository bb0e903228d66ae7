package io.bpfskel;

/**
 * A global variable of a BPF object: a non-static variable of a global-data section ({@code .bss}, {@code .data},
 * {@code .rodata}, {@code .data.*}, {@code .rodata.*}), as the object's BTF places it. What a generated skeleton
 * knows at compile time, for code that opens objects it was not compiled against; read and write it through
 * {@link BpfCollection#variable(String)}. Static variables are left out, as libbpf's skeletons leave them out:
 * the compiler may merge, rename or drop them. {@code .kconfig} values are externs ({@link BpfCollection#externs()}).
 *
 * @param section the data section, the name {@link BpfCollection#dataSection(String)} takes
 * @param offset where the variable starts in that section
 * @param size its size in bytes
 */
public record GlobalVariable(String name, String section, int offset, int size) {}
