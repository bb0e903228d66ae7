package io.bpfskel.elf;

/**
 * One relocation entry (REL or RELA) of a relocation section.
 *
 * @param offset byte offset inside the section being relocated
 * @param symbolIndex index into the symbol table the relocation section links to
 * @param type machine-specific relocation type (for BPF: R_BPF_64_64, R_BPF_64_32, ...)
 * @param addend explicit addend for RELA, 0 for REL
 */
public record ElfRelocation(long offset, int symbolIndex, int type, long addend) {
    public static final int R_BPF_NONE = 0;
    public static final int R_BPF_64_64 = 1;
    public static final int R_BPF_64_ABS64 = 2;
    public static final int R_BPF_64_ABS32 = 3;
    public static final int R_BPF_64_NODYLD32 = 4;
    public static final int R_BPF_64_32 = 10;
}
