package io.bpfskel.sys;

import java.nio.ByteOrder;

/**
 * {@code struct bpf_prog_info}, as returned by BPF_OBJ_GET_INFO_BY_FD for a program.
 *
 * @param tag the 8-byte program tag (SHA-1 prefix of the instructions, maps zeroed)
 * @param xlatedProgInsns the instructions after verifier rewrites, in host byte order; empty when
 *     the kernel hides them (no CAP_SYS_ADMIN, or kernel.kptr_restrict / bpf_jit_harden settings)
 * @param mapIds ids of the maps the program uses
 * @param loadTime nanoseconds since boot
 * @param runTimeNs total run time, counted only while BPF_ENABLE_STATS or the sysctl is on
 */
public record ProgInfo(
        int type,
        int id,
        byte[] tag,
        int jitedProgLen,
        int xlatedProgLen,
        byte[] xlatedProgInsns,
        long loadTime,
        int createdByUid,
        int[] mapIds,
        String name,
        int ifindex,
        boolean gplCompatible,
        long netnsDev,
        long netnsIno,
        int btfId,
        long runTimeNs,
        long runCnt,
        long recursionMisses,
        int verifiedInsns,
        int attachBtfObjId,
        int attachBtfId) {

    static final int TAG_SIZE = 8;

    static final int TYPE = 0;
    static final int ID = 4;
    static final int TAG = 8;
    static final int JITED_PROG_LEN = 16;
    static final int XLATED_PROG_LEN = 20;
    static final int JITED_PROG_INSNS = 24;
    static final int XLATED_PROG_INSNS = 32;
    static final int LOAD_TIME = 40;
    static final int CREATED_BY_UID = 48;
    static final int NR_MAP_IDS = 52;
    static final int MAP_IDS = 56;
    static final int NAME = 64;
    static final int IFINDEX = 80;
    /** A u32 whose first bitfield is gpl_compatible. */
    static final int GPL_COMPATIBLE_WORD = 84;
    static final int NETNS_DEV = 88;
    static final int NETNS_INO = 96;
    static final int NR_JITED_KSYMS = 104;
    static final int NR_JITED_FUNC_LENS = 108;
    static final int JITED_KSYMS = 112;
    static final int JITED_FUNC_LENS = 120;
    static final int BTF_ID = 128;
    static final int FUNC_INFO_REC_SIZE = 132;
    static final int FUNC_INFO = 136;
    static final int NR_FUNC_INFO = 144;
    static final int NR_LINE_INFO = 148;
    static final int LINE_INFO = 152;
    static final int JITED_LINE_INFO = 160;
    static final int NR_JITED_LINE_INFO = 168;
    static final int LINE_INFO_REC_SIZE = 172;
    static final int JITED_LINE_INFO_REC_SIZE = 176;
    static final int NR_PROG_TAGS = 180;
    static final int PROG_TAGS = 184;
    static final int RUN_TIME_NS = 192;
    static final int RUN_CNT = 200;
    static final int RECURSION_MISSES = 208;
    static final int VERIFIED_INSNS = 216;
    static final int ATTACH_BTF_OBJ_ID = 220;
    static final int ATTACH_BTF_ID = 224;
    static final int SIZE = 232;

    /** Hex form of {@link #tag()}, as printed by bpftool. */
    public String tagHex() {
        StringBuilder sb = new StringBuilder(TAG_SIZE * 2);
        for (byte b : tag) {
            sb.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return sb.toString();
    }

    static ProgInfo decode(NativeMemory p, byte[] xlated, int[] mapIds) {
        int word = Structs.u32(p, GPL_COMPATIBLE_WORD);
        // C bitfields are allocated from the least significant bit on little-endian ABIs and from
        // the most significant bit on big-endian ones.
        boolean gpl = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? (word & 1) != 0 : word < 0;
        return new ProgInfo(
                Structs.u32(p, TYPE),
                Structs.u32(p, ID),
                p.getByteArray(TAG, TAG_SIZE),
                Structs.u32(p, JITED_PROG_LEN),
                Structs.u32(p, XLATED_PROG_LEN),
                xlated,
                Structs.u64(p, LOAD_TIME),
                Structs.u32(p, CREATED_BY_UID),
                mapIds,
                Structs.cString(p, NAME, Structs.OBJ_NAME_LEN),
                Structs.u32(p, IFINDEX),
                gpl,
                Structs.u64(p, NETNS_DEV),
                Structs.u64(p, NETNS_INO),
                Structs.u32(p, BTF_ID),
                Structs.u64(p, RUN_TIME_NS),
                Structs.u64(p, RUN_CNT),
                Structs.u64(p, RECURSION_MISSES),
                Structs.u32(p, VERIFIED_INSNS),
                Structs.u32(p, ATTACH_BTF_OBJ_ID),
                Structs.u32(p, ATTACH_BTF_ID));
    }
}
