package io.bpfskel.elf;

/** One section header of an ELF64 file; {@code name} is resolved from the section-name string table. */
public record ElfSection(
        int index, String name, int type, long flags, long addr, long offset, long size,
        int link, int info, long addralign, long entsize) {

    public static final int SHT_NULL = 0;
    public static final int SHT_PROGBITS = 1;
    public static final int SHT_SYMTAB = 2;
    public static final int SHT_STRTAB = 3;
    public static final int SHT_RELA = 4;
    public static final int SHT_NOTE = 7;
    public static final int SHT_NOBITS = 8;
    public static final int SHT_REL = 9;
    public static final int SHT_DYNSYM = 11;
    public static final int SHT_SYMTAB_SHNDX = 18;
    public static final int SHT_LLVM_ADDRSIG = 0x6fff4c03;

    public static final long SHF_WRITE = 0x1;
    public static final long SHF_ALLOC = 0x2;
    public static final long SHF_EXECINSTR = 0x4;

    public boolean isExecutable() {
        return type == SHT_PROGBITS && (flags & SHF_EXECINSTR) != 0;
    }

    public boolean isWritable() {
        return (flags & SHF_WRITE) != 0;
    }

    public boolean isAlloc() {
        return (flags & SHF_ALLOC) != 0;
    }

    /** How many bytes the section occupies in the file (0 for NOBITS, e.g. {@code .bss}). */
    public long fileSize() {
        return type == SHT_NOBITS ? 0 : size;
    }
}
