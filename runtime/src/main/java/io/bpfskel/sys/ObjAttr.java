package io.bpfskel.sys;


/** Attributes of BPF_OBJ_PIN and BPF_OBJ_GET. */
final class ObjAttr {
    static final int PATHNAME = 0;
    static final int BPF_FD = 8;
    static final int FILE_FLAGS = 12;
    /** Directory fd for a relative pathname; only read with BPF_F_PATH_FD in file_flags. */
    static final int PATH_FD = 16;
    static final int SIZE = 24;

    private ObjAttr() {}

    static void encode(NativeMemory p, long pathname, int bpfFd, int fileFlags) {
        Structs.u64(p, PATHNAME, pathname);
        Structs.u32(p, BPF_FD, bpfFd);
        Structs.u32(p, FILE_FLAGS, fileFlags);
    }
}
