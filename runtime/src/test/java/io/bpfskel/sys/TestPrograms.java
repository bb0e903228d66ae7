package io.bpfskel.sys;

import static io.bpfskel.asm.Asm.*;
import static io.bpfskel.uapi.Opcodes.*;

import io.bpfskel.asm.Instruction;
import io.bpfskel.uapi.BpfFlags;
import io.bpfskel.uapi.ProgramType;
import java.util.ArrayList;
import java.util.List;

/** Hand-assembled programs shared by the kernel tests. */
final class TestPrograms {
    private TestPrograms() {}

    /** {@code r0 = value; exit}. */
    static List<Instruction> returnConstant(int value) {
        return List.of(mov64Imm(R0, value), exit());
    }

    /** {@code map[key] = value (u64) via bpf_map_update_elem; return ret}. */
    static List<Instruction> writeToArray(Fd map, int key, int value, int ret) {
        List<Instruction> p = new ArrayList<>();
        p.add(stMem(BPF_W, R10, -4, key));
        p.add(stMem(BPF_DW, R10, -16, value));
        p.addAll(ldMapFd(R1, map.raw()));
        p.add(mov64Reg(R2, R10));
        p.add(add64Imm(R2, -4));
        p.add(mov64Reg(R3, R10));
        p.add(add64Imm(R3, -16));
        p.add(mov64Imm(R4, 0));
        p.add(call(FN_MAP_UPDATE_ELEM));
        p.add(mov64Imm(R0, ret));
        p.add(exit());
        return p;
    }

    /** {@code map[0] = bpf_get_attach_cookie(ctx); return 0}. */
    static List<Instruction> storeAttachCookie(Fd map) {
        List<Instruction> p = new ArrayList<>();
        p.add(call(FN_GET_ATTACH_COOKIE));
        p.add(stxMem(BPF_DW, R10, R0, -16));
        p.add(stMem(BPF_W, R10, -4, 0));
        p.addAll(ldMapFd(R1, map.raw()));
        p.add(mov64Reg(R2, R10));
        p.add(add64Imm(R2, -4));
        p.add(mov64Reg(R3, R10));
        p.add(add64Imm(R3, -16));
        p.add(mov64Imm(R4, 0));
        p.add(call(FN_MAP_UPDATE_ELEM));
        p.add(mov64Imm(R0, 0));
        p.add(exit());
        return p;
    }

    /** BPF_PROG_TYPE_SYSCALL programs must be sleepable. */
    static ProgLoadAttr syscallProgram(String name, List<Instruction> insns) {
        return ProgLoadAttr.builder(ProgramType.SYSCALL).insns(insns).license("GPL").progName(name)
                .progFlags(BpfFlags.BPF_F_SLEEPABLE).build();
    }
}
