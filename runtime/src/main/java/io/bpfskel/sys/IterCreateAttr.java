package io.bpfskel.sys;


/** Attributes of BPF_ITER_CREATE ({@code union bpf_attr.iter_create}). */
final class IterCreateAttr {
    static final int LINK_FD = 0;
    static final int FLAGS = 4;
    static final int SIZE = 8;

    private IterCreateAttr() {}

    static void encode(NativeMemory p, int linkFd, int flags) {
        Structs.u32(p, LINK_FD, linkFd);
        Structs.u32(p, FLAGS, flags);
    }
}
