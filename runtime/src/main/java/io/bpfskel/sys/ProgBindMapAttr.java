package io.bpfskel.sys;


/** Attributes of BPF_PROG_BIND_MAP ({@code union bpf_attr.prog_bind_map}). */
final class ProgBindMapAttr {
    static final int PROG_FD = 0;
    static final int MAP_FD = 4;
    static final int FLAGS = 8;
    static final int SIZE = 16;

    private ProgBindMapAttr() {}

    static void encode(NativeMemory p, int progFd, int mapFd, int flags) {
        Structs.u32(p, PROG_FD, progFd);
        Structs.u32(p, MAP_FD, mapFd);
        Structs.u32(p, FLAGS, flags);
    }
}
