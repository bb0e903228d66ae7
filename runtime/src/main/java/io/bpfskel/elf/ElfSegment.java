package io.bpfskel.elf;

/** One program header of an ELF64 executable or shared object (what the dynamic loader maps). */
public record ElfSegment(int type, int flags, long offset, long vaddr, long fileSize, long memSize) {
    public static final int PT_LOAD = 1;
    public static final int PF_X = 0x1;
    public static final int PF_W = 0x2;
    public static final int PF_R = 0x4;

    public boolean isLoad() {
        return type == PT_LOAD;
    }

    public boolean isExecutable() {
        return (flags & PF_X) != 0;
    }

    /** Whether the link-time address {@code addr} lies in the segment's memory image. */
    public boolean containsAddress(long addr) {
        return Long.compareUnsigned(addr, vaddr) >= 0 && Long.compareUnsigned(addr - vaddr, memSize) < 0;
    }

    /** The file offset of link-time address {@code addr} of this segment. */
    public long fileOffsetOf(long addr) {
        return addr - vaddr + offset;
    }
}
