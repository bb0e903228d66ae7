package io.bpfskel.sys;

import io.bpfskel.asm.Instruction;
import io.bpfskel.uapi.AttachType;
import io.bpfskel.uapi.BpfCommand;
import io.bpfskel.uapi.ProgramType;
import java.nio.ByteOrder;
import java.util.List;

/**
 * BPF_PROG_LOAD attributes.
 *
 * <p>Arrays are not copied; do not change them after building. The verifier log is not a field:
 * {@link #logLevel()} and {@link #logSize()} only say how to ask for it, and {@link Bpf#progLoad}
 * allocates the buffer (and asks for a log on failure even when {@code logLevel} is 0).
 *
 * @param insns instructions in host byte order, 8 bytes each
 * @param logLevel {@link #LOG_LEVEL1}, {@link #LOG_LEVEL2}, {@link #LOG_STATS} or 0 for "only on failure"
 * @param logSize initial log buffer size in bytes; 0 picks a default, the buffer grows as needed
 * @param funcInfo {@code struct bpf_func_info} records, {@code funcInfoRecSize} bytes each
 * @param lineInfo {@code struct bpf_line_info} records, {@code lineInfoRecSize} bytes each
 * @param attachProg target program for freplace/fentry on BPF programs; exclusive with attachBtfObj
 * @param attachBtfObj module BTF holding {@code attachBtfId}; null means vmlinux
 * @param coreRelos {@code struct bpf_core_relo} records for in-kernel CO-RE, {@code coreReloRecSize} each
 * @param fdArray descriptors referenced by index from instructions (BPF_PSEUDO_MAP_IDX, kfunc
 *     module BTFs); null entries are holes (fd 0)
 * @param fdArrayCnt when non-zero, the number of fdArray entries the kernel binds to the program
 *     (kernel 6.14+); 0 leaves fd_array_cnt unset
 * @param structOpsMember for a struct_ops program, the index of the member it implements in the kernel struct, which
 *     the kernel takes in {@code expected_attach_type} (not an {@code enum bpf_attach_type} value); -1 otherwise
 */
public record ProgLoadAttr(
        ProgramType progType,
        byte[] insns,
        String license,
        int logLevel,
        int logSize,
        int kernVersion,
        int progFlags,
        String progName,
        int progIfindex,
        AttachType expectedAttachType,
        Fd progBtf,
        int funcInfoRecSize,
        byte[] funcInfo,
        int lineInfoRecSize,
        byte[] lineInfo,
        int attachBtfId,
        Fd attachProg,
        Fd attachBtfObj,
        int coreReloRecSize,
        byte[] coreRelos,
        Fd[] fdArray,
        int fdArrayCnt,
        Fd token,
        int structOpsMember) {

    static final int PROG_TYPE = 0;
    static final int INSN_CNT = 4;
    static final int INSNS = 8;
    static final int LICENSE = 16;
    /**
     * log_level bits of BPF_PROG_LOAD and BPF_BTF_LOAD. The kernel defines them outside the UAPI headers
     * (include/linux/bpf_verifier.h), so they are not generated.
     */
    public static final int LOG_LEVEL1 = 1;
    public static final int LOG_LEVEL2 = 2;
    public static final int LOG_STATS = 4;

    static final int LOG_LEVEL = 24;
    static final int LOG_SIZE = 28;
    static final int LOG_BUF = 32;
    static final int KERN_VERSION = 40;
    static final int PROG_FLAGS = 44;
    static final int PROG_NAME = 48;
    static final int PROG_IFINDEX = 64;
    static final int EXPECTED_ATTACH_TYPE = 68;
    static final int PROG_BTF_FD = 72;
    static final int FUNC_INFO_REC_SIZE = 76;
    static final int FUNC_INFO = 80;
    static final int FUNC_INFO_CNT = 88;
    static final int LINE_INFO_REC_SIZE = 92;
    static final int LINE_INFO = 96;
    static final int LINE_INFO_CNT = 104;
    static final int ATTACH_BTF_ID = 108;
    /** Union of attach_prog_fd and attach_btf_obj_fd. */
    static final int ATTACH_PROG_FD = 112;
    static final int ATTACH_BTF_OBJ_FD = 112;
    static final int CORE_RELO_CNT = 116;
    static final int FD_ARRAY = 120;
    static final int CORE_RELOS = 128;
    static final int CORE_RELO_REC_SIZE = 136;
    /** Out: the log size the verifier wanted, including the NUL (kernel 6.4+). */
    static final int LOG_TRUE_SIZE = 140;
    static final int PROG_TOKEN_FD = 144;
    static final int FD_ARRAY_CNT = 148;
    /** Up to fd_array_cnt; the signature fields (6.18) are not used yet. */
    static final int SIZE = 152;

    public ProgLoadAttr {
        if (insns == null || insns.length == 0 || insns.length % Instruction.SIZE != 0) {
            throw new IllegalArgumentException("insns must be a non-empty multiple of 8 bytes");
        }
        if (progName != null) {
            Structs.objNameBytes(progName);
        }
        if (attachProg != null && attachBtfObj != null) {
            throw new IllegalArgumentException("attachProg and attachBtfObj share one field; set at most one");
        }
        checkRecords("funcInfo", funcInfo, funcInfoRecSize);
        checkRecords("lineInfo", lineInfo, lineInfoRecSize);
        checkRecords("coreRelos", coreRelos, coreReloRecSize);
        if (fdArrayCnt < 0 || fdArrayCnt > (fdArray == null ? 0 : fdArray.length)) {
            throw new IllegalArgumentException("fdArrayCnt exceeds fdArray");
        }
    }

    public static Builder builder(ProgramType progType) {
        return new Builder(progType);
    }

    public int insnCount() {
        return insns.length / Instruction.SIZE;
    }

    /**
     * Writes every field except the log, whose buffer {@link Bpf#progLoad} manages; pointed-to data
     * is copied into {@code scope}.
     */
    void encode(NativeMemory p, NativeScope scope, String context) {
        String cmd = BpfCommand.PROG_LOAD.uapiName();
        Structs.u32(p, PROG_TYPE, progType.number());
        Structs.u32(p, INSN_CNT, insnCount());
        Structs.u64(p, INSNS, scope.copyOf(insns));
        Structs.u64(p, LICENSE, scope.cString(license == null ? "" : license));
        Structs.u32(p, KERN_VERSION, kernVersion);
        Structs.u32(p, PROG_FLAGS, progFlags);
        Structs.objName(p, PROG_NAME, progName);
        Structs.u32(p, PROG_IFINDEX, progIfindex);
        Structs.u32(p, EXPECTED_ATTACH_TYPE, structOpsMember >= 0 ? structOpsMember
                : expectedAttachType == null ? 0 : expectedAttachType.number());
        Structs.fd(p, PROG_BTF_FD, progBtf, scope, cmd, context);
        if (funcInfo != null && funcInfo.length > 0) {
            Structs.u32(p, FUNC_INFO_REC_SIZE, funcInfoRecSize);
            Structs.u64(p, FUNC_INFO, scope.copyOf(funcInfo));
            Structs.u32(p, FUNC_INFO_CNT, funcInfo.length / funcInfoRecSize);
        }
        if (lineInfo != null && lineInfo.length > 0) {
            Structs.u32(p, LINE_INFO_REC_SIZE, lineInfoRecSize);
            Structs.u64(p, LINE_INFO, scope.copyOf(lineInfo));
            Structs.u32(p, LINE_INFO_CNT, lineInfo.length / lineInfoRecSize);
        }
        Structs.u32(p, ATTACH_BTF_ID, attachBtfId);
        if (attachProg != null) {
            Structs.fd(p, ATTACH_PROG_FD, attachProg, scope, cmd, context);
        } else {
            Structs.fd(p, ATTACH_BTF_OBJ_FD, attachBtfObj, scope, cmd, context);
        }
        if (coreRelos != null && coreRelos.length > 0) {
            Structs.u32(p, CORE_RELO_CNT, coreRelos.length / coreReloRecSize);
            Structs.u64(p, CORE_RELOS, scope.copyOf(coreRelos));
            Structs.u32(p, CORE_RELO_REC_SIZE, coreReloRecSize);
        }
        if (fdArray != null && fdArray.length > 0) {
            int[] raw = new int[fdArray.length];
            for (int i = 0; i < raw.length; i++) {
                raw[i] = fdArray[i] == null ? 0 : scope.hold(fdArray[i], cmd, context);
            }
            Structs.u64(p, FD_ARRAY, scope.copyOf(raw));
        }
        Structs.fd(p, PROG_TOKEN_FD, token, scope, cmd, context);
        Structs.u32(p, FD_ARRAY_CNT, fdArrayCnt);
    }

    private static void checkRecords(String what, byte[] data, int recSize) {
        if (data != null && data.length > 0 && (recSize <= 0 || data.length % recSize != 0)) {
            throw new IllegalArgumentException(what + " must be a whole number of " + recSize + "-byte records");
        }
    }

    /** Mutable helper to build the immutable attribute; every field defaults to 0 / null. */
    public static final class Builder {
        private final ProgramType progType;
        private byte[] insns;
        private String license;
        private int logLevel;
        private int logSize;
        private int kernVersion;
        private int progFlags;
        private String progName;
        private int progIfindex;
        private AttachType expectedAttachType;
        private int structOpsMember = -1;
        private Fd progBtf;
        private int funcInfoRecSize;
        private byte[] funcInfo;
        private int lineInfoRecSize;
        private byte[] lineInfo;
        private int attachBtfId;
        private Fd attachProg;
        private Fd attachBtfObj;
        private int coreReloRecSize;
        private byte[] coreRelos;
        private Fd[] fdArray;
        private int fdArrayCnt;
        private Fd token;

        private Builder(ProgramType progType) {
            this.progType = progType;
        }

        /** Instructions already encoded in host byte order. */
        public Builder insns(byte[] v) { insns = v; return this; }

        public Builder insns(List<Instruction> v) {
            insns = Instruction.encode(v, ByteOrder.nativeOrder());
            return this;
        }

        public Builder insns(Instruction... v) { return insns(List.of(v)); }
        public Builder license(String v) { license = v; return this; }
        public Builder logLevel(int v) { logLevel = v; return this; }
        public Builder logSize(int v) { logSize = v; return this; }
        public Builder kernVersion(int v) { kernVersion = v; return this; }
        public Builder progFlags(int v) { progFlags = v; return this; }
        public Builder progName(String v) { progName = v; return this; }
        public Builder progIfindex(int v) { progIfindex = v; return this; }
        public Builder expectedAttachType(AttachType v) { expectedAttachType = v; return this; }
        public Builder progBtf(Fd v) { progBtf = v; return this; }

        public Builder funcInfo(int recSize, byte[] records) {
            funcInfoRecSize = recSize;
            funcInfo = records;
            return this;
        }

        public Builder lineInfo(int recSize, byte[] records) {
            lineInfoRecSize = recSize;
            lineInfo = records;
            return this;
        }

        public Builder attachBtfId(int v) { attachBtfId = v; return this; }
        public Builder attachProg(Fd v) { attachProg = v; return this; }
        public Builder attachBtfObj(Fd v) { attachBtfObj = v; return this; }

        public Builder coreRelos(int recSize, byte[] records) {
            coreReloRecSize = recSize;
            coreRelos = records;
            return this;
        }

        /**
         * @param bindAll also pass fd_array_cnt so the kernel binds every map in the array to the
         *     program even when no instruction references it (kernel 6.14+)
         */
        public Builder fdArray(Fd[] v, boolean bindAll) {
            fdArray = v;
            fdArrayCnt = bindAll && v != null ? v.length : 0;
            return this;
        }

        public Builder token(Fd v) { token = v; return this; }

        /** A struct_ops program's member index in the kernel struct, passed as expected_attach_type. */
        public Builder structOpsMember(int index) {
            if (index < 0) {
                throw new IllegalArgumentException("struct_ops member index must be >= 0, got " + index);
            }
            structOpsMember = index;
            return this;
        }

        public ProgLoadAttr build() {
            return new ProgLoadAttr(progType, insns, license, logLevel, logSize, kernVersion, progFlags, progName,
                    progIfindex, expectedAttachType, progBtf, funcInfoRecSize, funcInfo, lineInfoRecSize, lineInfo,
                    attachBtfId, attachProg, attachBtfObj, coreReloRecSize, coreRelos, fdArray, fdArrayCnt, token,
                    structOpsMember);
        }
    }
}
