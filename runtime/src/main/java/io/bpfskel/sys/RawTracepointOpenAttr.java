package io.bpfskel.sys;


/** Attributes of BPF_RAW_TRACEPOINT_OPEN ({@code union bpf_attr.raw_tracepoint}). */
final class RawTracepointOpenAttr {
    /** Tracepoint name; 0 for BTF-typed (tp_btf) programs, which carry their target. */
    static final int NAME = 0;
    static final int PROG_FD = 8;
    /** bpf_get_attach_cookie() value; kernel 6.10+. */
    static final int COOKIE = 16;
    static final int SIZE = 24;

    private RawTracepointOpenAttr() {}

    static void encode(NativeMemory p, long name, int progFd, long cookie) {
        Structs.u64(p, NAME, name);
        Structs.u32(p, PROG_FD, progFd);
        Structs.u64(p, COOKIE, cookie);
    }
}
