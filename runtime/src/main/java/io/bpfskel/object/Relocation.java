package io.bpfskel.object;

/**
 * An ELF relocation against an instruction of a function, classified as libbpf's
 * {@code bpf_program__record_reloc} does.
 *
 * @param insnIndex instruction index relative to the start of the function
 * @param symbolName the relocation's symbol (may be empty for section symbols)
 * @param symbolOffset {@code st_value} of the symbol (the byte offset inside its section)
 * @param target for {@link Type#MAP}: the map name; for {@link Type#DATA}: the data section name; else null
 * @param externIndex for extern relocations, {@link Extern#index()}; else -1
 */
public record Relocation(int insnIndex, Type type, String symbolName, int symbolIndex, long symbolOffset,
        String target, int externIndex) {

    public enum Type {
        /** ld_imm64 of a map (its fd). */
        MAP,
        /** ld_imm64 of an address inside a global-data map. */
        DATA,
        /** A BPF-to-BPF call to a subprogram in {@code .text}. */
        CALL,
        /** ld_imm64 of a subprogram's address (a callback). */
        SUBPROG_ADDR,
        /** ld_imm64 of an extern: a kconfig value or a ksym's address. */
        EXTERN_LD64,
        /** A call to a kfunc extern. */
        EXTERN_CALL
    }
}
