package io.bpfskel.elf;

/** One ELF64 symbol table entry. */
public record ElfSymbol(int index, String name, long value, long size, int info, int other, int sectionIndex) {

    public static final int STB_LOCAL = 0;
    public static final int STB_GLOBAL = 1;
    public static final int STB_WEAK = 2;

    public static final int STT_NOTYPE = 0;
    public static final int STT_OBJECT = 1;
    public static final int STT_FUNC = 2;
    public static final int STT_SECTION = 3;
    public static final int STT_FILE = 4;

    public static final int STV_DEFAULT = 0;
    public static final int STV_INTERNAL = 1;
    public static final int STV_HIDDEN = 2;

    public static final int SHN_UNDEF = 0;
    public static final int SHN_ABS = 0xfff1;
    public static final int SHN_COMMON = 0xfff2;
    public static final int SHN_XINDEX = 0xffff;

    public int bind() {
        return info >>> 4;
    }

    public int type() {
        return info & 0xf;
    }

    public int visibility() {
        return other & 0x3;
    }

    public boolean isUndefined() {
        return sectionIndex == SHN_UNDEF;
    }

    public boolean isGlobal() {
        return bind() == STB_GLOBAL;
    }

    public boolean isWeak() {
        return bind() == STB_WEAK;
    }
}
