package io.bpfskel.sys;


/** Attributes of BPF_OBJ_GET_INFO_BY_FD ({@code union bpf_attr.info}). */
final class InfoAttr {
    static final int BPF_FD = 0;
    /** In: size of our info struct. Out: bytes the kernel filled. */
    static final int INFO_LEN = 4;
    static final int INFO = 8;
    static final int SIZE = 16;

    private InfoAttr() {}

    static void encode(NativeMemory p, int bpfFd, int infoLen, long info) {
        Structs.u32(p, BPF_FD, bpfFd);
        Structs.u32(p, INFO_LEN, infoLen);
        Structs.u64(p, INFO, info);
    }
}
