package io.bpfskel.sys;


/** Attributes of BPF_{PROG,MAP,BTF,LINK}_GET_NEXT_ID and _GET_FD_BY_ID. */
final class GetIdAttr {
    /** Union of start_id, prog_id, map_id, btf_id and link_id. */
    static final int START_ID = 0;
    static final int ID = 0;
    static final int NEXT_ID = 4;
    static final int OPEN_FLAGS = 8;
    static final int FD_BY_ID_TOKEN_FD = 12;
    static final int SIZE = 16;

    private GetIdAttr() {}

    static void encode(NativeMemory p, int id, int openFlags) {
        Structs.u32(p, ID, id);
        Structs.u32(p, OPEN_FLAGS, openFlags);
    }

    static int nextId(NativeMemory p) {
        return Structs.u32(p, NEXT_ID);
    }
}
