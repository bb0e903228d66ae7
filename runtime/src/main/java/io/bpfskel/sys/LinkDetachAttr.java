package io.bpfskel.sys;


/** Attributes of BPF_LINK_DETACH ({@code union bpf_attr.link_detach}). */
final class LinkDetachAttr {
    static final int LINK_FD = 0;
    static final int SIZE = 8;

    private LinkDetachAttr() {}

    static void encode(NativeMemory p, int linkFd) {
        Structs.u32(p, LINK_FD, linkFd);
    }
}
