package io.bpfskel.object;

/**
 * A variable of a data section, from the section's BTF DATASEC with offsets fixed up as libbpf does
 * (global variables take their offset from the ELF symbol; hidden globals count as static).
 *
 * @param typeId BTF id of the variable's type (not of the VAR)
 * @param varId BTF id of the VAR itself
 */
public record Variable(String name, String section, int offset, int size, int typeId, int varId, boolean isStatic) {}
