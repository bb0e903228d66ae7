package io.bpfskel.load;

import io.bpfskel.btf.BtfExt;
import io.bpfskel.error.BpfLoadException;
import io.bpfskel.object.BpfObject;
import io.bpfskel.object.Extern;
import io.bpfskel.object.ProgramSpec;
import io.bpfskel.object.Relocation;
import io.bpfskel.uapi.BpfFlags;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * Turns one program into the instruction stream the kernel gets, as libbpf's {@code bpf_object__relocate} does:
 * called {@code .text} subprograms are appended depth-first in the order of their first call
 * ({@code bpf_object__reloc_code}), calls and callback addresses point at their new places, func_info and
 * line_info follow the code, and then maps, global data and externs are patched in
 * ({@code bpf_object__relocate_data}).
 */
final class ProgramLinker {
    private final BpfObject obj;
    private final ProgramSpec main;
    private final Function<ProgramSpec, byte[]> insnsOf;
    private final Insns insns;
    /** By identity: a spec is one function of this object, and hashing the record would hash all its relocations. */
    private final Map<ProgramSpec, Integer> placed = new IdentityHashMap<>();
    private final List<Placed> relocs = new ArrayList<>();
    private final ByteArrayBuilder funcInfo = new ByteArrayBuilder();
    private final ByteArrayBuilder lineInfo = new ByteArrayBuilder();
    private int funcInfoCnt;
    private int lineInfoCnt;
    private boolean btfExtComplete = true;

    /** A relocation at its instruction's index in the linked program. */
    record Placed(int insnIndex, Relocation reloc, ProgramSpec from) {}

    /**
     * The linked program.
     *
     * @param funcInfo {@code struct bpf_func_info} records (8 bytes each), null when the object has none
     * @param lineInfo {@code struct bpf_line_info} records (16 bytes each), null when none
     */
    record Linked(ProgramSpec main, byte[] insns, List<Placed> relocations, byte[] funcInfo, int funcInfoCnt,
            byte[] lineInfo, int lineInfoCnt, Map<ProgramSpec, Integer> layout) {}

    static final int FUNC_INFO_REC_SIZE = 8;
    static final int LINE_INFO_REC_SIZE = 16;

    private ProgramLinker(BpfObject obj, ProgramSpec main, Function<ProgramSpec, byte[]> insnsOf) {
        this.obj = obj;
        this.main = main;
        this.insnsOf = insnsOf;
        this.insns = new Insns(insnsOf.apply(main), obj.elf().byteOrder());
    }

    /**
     * @param insnsOf each function's own instructions (after CO-RE relocation)
     */
    static Linked link(BpfObject obj, ProgramSpec main, Function<ProgramSpec, byte[]> insnsOf) {
        ProgramLinker l = new ProgramLinker(obj, main, insnsOf);
        l.placed.put(main, 0);
        l.relocCode(main);
        boolean ext = obj.btfExt() != null && l.btfExtComplete && l.funcInfoCnt > 0;
        return new Linked(main, l.insns.toBytes(), List.copyOf(l.relocs), ext ? l.funcInfo.toBytes() : null,
                ext ? l.funcInfoCnt : 0, ext && l.lineInfoCnt > 0 ? l.lineInfo.toBytes() : null, ext ? l.lineInfoCnt : 0,
                Collections.unmodifiableMap(l.placed));
    }

    private void relocCode(ProgramSpec prog) {
        int base = placed.get(prog);
        appendBtfExtInfo(prog, base);
        Relocation[] byInsn = new Relocation[prog.insnCount()]; // by instruction index (an index map without boxing)
        for (Relocation r : prog.relocations()) {
            if (r.insnIndex() >= 0 && r.insnIndex() < byInsn.length) {
                byInsn[r.insnIndex()] = r;
            }
            relocs.add(new Placed(base + r.insnIndex(), r, prog));
            if (r.type() == Relocation.Type.SUBPROG_ADDR) {
                // Clang leaves src_reg 0 on a function-address ld_imm64; BPF_PSEUDO_FUNC is the loader's contract with
                // the kernel, as for map fds.
                insns.setSrc(base + r.insnIndex(), BpfFlags.BPF_PSEUDO_FUNC);
            }
        }
        for (int i = 0; i < prog.insnCount(); i++) {
            int at = base + i;
            int code = insns.code(at);
            if (code != Insns.JMP_CALL && code != Insns.LD_IMM64) {
                continue; // most instructions: one byte read instead of the two full checks
            }
            if (!insns.isSubprogCall(at) && !insns.isPseudoFunc(at)) {
                continue;
            }
            Relocation r = byInsn[i];
            if (r != null && r.type() == Relocation.Type.EXTERN_CALL) {
                continue;
            }
            int subInsnIdx;
            if (r != null) {
                if (r.type() != Relocation.Type.CALL && r.type() != Relocation.Type.SUBPROG_ADDR) {
                    throw fail(prog, "unexpected relocation " + r.type() + " for call insn #" + i);
                }
                subInsnIdx = r.type() == Relocation.Type.CALL
                        ? (int) (r.symbolOffset() / Insns.SIZE) + insns.imm(at) + 1
                        : (int) ((r.symbolOffset() + insns.imm(at)) / Insns.SIZE);
            } else if (insns.isPseudoFunc(at)) {
                throw fail(prog, "missing subprogram address relocation for insn #" + i);
            } else {
                // A static call within the same section carries no relocation: imm is relative to the call.
                subInsnIdx = prog.insnOffset() + i + insns.imm(at) + 1;
                if (!prog.subprogram()) {
                    throw fail(prog, "call at insn #" + i + " without relocation leaves .text; subprograms must be in .text");
                }
            }
            ProgramSpec sub = findTextFunction(subInsnIdx);
            if (sub == null) {
                throw fail(prog, "insn #" + i + " calls instruction " + subInsnIdx + " of .text, where no function starts");
            }
            if (!placed.containsKey(sub)) {
                placed.put(sub, insns.append(insnsOf.apply(sub)));
                relocCode(sub);
            }
            insns.setImm(at, placed.get(sub) - at - 1);
        }
    }

    /** libbpf's find_prog_by_sec_insn over .text. */
    private ProgramSpec findTextFunction(int sectionInsn) {
        for (ProgramSpec f : obj.functions()) {
            if (f.subprogram() && sectionInsn >= f.insnOffset() && sectionInsn < f.insnOffset() + f.insnCount()) {
                return f;
            }
        }
        return null;
    }

    /** libbpf's adjust_prog_btf_ext_info: copy this function's records, converted to instruction offsets in the linked program. */
    private void appendBtfExtInfo(ProgramSpec prog, int base) {
        BtfExt ext = obj.btfExt();
        if (ext == null) {
            return;
        }
        String sec = obj.elf().section(prog.sectionIndex()).name();
        int lo = prog.insnOffset();
        int hi = lo + prog.insnCount();
        int adj = base - lo;
        boolean any = false;
        for (BtfExt.FuncInfo f : ext.funcInfos(sec)) {
            int off = f.insnOff() / Insns.SIZE;
            if (off >= lo && off < hi) {
                funcInfo.putInt(off + adj).putInt(f.typeId());
                funcInfoCnt++;
                any = true;
            }
        }
        if (!any) {
            if (prog != main && funcInfoCnt > 0) {
                // As libbpf: once the main program has func_info, every subprogram needs it (the kernel takes all or none).
                throw fail(prog, "missing .BTF.ext function info for subprogram '" + prog.name() + "'");
            }
            // No func_info for the main program: load without any, as libbpf does.
            btfExtComplete = false;
        }
        for (BtfExt.LineInfo li : ext.lineInfos(sec)) {
            int off = li.insnOff() / Insns.SIZE;
            if (off >= lo && off < hi) {
                lineInfo.putInt(off + adj).putInt(li.fileNameOff()).putInt(li.lineOff()).putInt(li.lineCol());
                lineInfoCnt++;
            }
        }
    }

    /**
     * libbpf's bpf_object__relocate_data: patches maps, global data and externs into a linked program.
     *
     * @param mapFd fd of a created map by name
     * @param externs the resolution the relocations must follow
     * @param kconfigMap name of the {@code .kconfig} map
     */
    static byte[] relocateData(BpfObject obj, Linked linked, ToIntFunction<String> mapFd, ExternResolution externs) {
        Insns insns = new Insns(linked.insns(), obj.elf().byteOrder());
        for (Placed p : linked.relocations()) {
            int i = p.insnIndex();
            Relocation r = p.reloc();
            switch (r.type()) {
                case MAP -> {
                    insns.setSrc(i, BpfFlags.BPF_PSEUDO_MAP_FD);
                    insns.setImm(i, mapFd.applyAsInt(r.target()));
                }
                case DATA -> {
                    insns.setImm(i + 1, insns.imm(i) + (int) r.symbolOffset());
                    insns.setSrc(i, BpfFlags.BPF_PSEUDO_MAP_VALUE);
                    insns.setImm(i, mapFd.applyAsInt(r.target()));
                }
                case EXTERN_LD64 -> {
                    ResolvedExtern re = externs.get(r.externIndex());
                    Extern ext = re.ext();
                    if (ext.kind() == Extern.Kind.KCONFIG) {
                        insns.setSrc(i, BpfFlags.BPF_PSEUDO_MAP_VALUE);
                        insns.setImm(i, mapFd.applyAsInt(".kconfig"));
                        insns.setImm(i + 1, ext.kconfig().offset());
                    } else if (ext.typeId() != 0 && re.set()) {
                        insns.setSrc(i, BpfFlags.BPF_PSEUDO_BTF_ID);
                        insns.setImm(i, re.kernelBtfId());
                        insns.setImm(i + 1, re.kernelBtfObjFd());
                    } else {
                        insns.setImm(i, (int) re.address());
                        insns.setImm(i + 1, (int) (re.address() >>> 32));
                    }
                }
                case EXTERN_CALL -> {
                    ResolvedExtern re = externs.get(r.externIndex());
                    if (re.set()) {
                        insns.setSrc(i, BpfFlags.BPF_PSEUDO_KFUNC_CALL);
                        insns.setImm(i, re.kernelBtfId());
                        insns.setOff(i, re.fdArrayIndex());
                    } else {
                        poisonKfuncCall(insns, i, re.ext());
                    }
                }
                case SUBPROG_ADDR -> {
                    if (insns.src(i) != BpfFlags.BPF_PSEUDO_FUNC) {
                        throw new BpfLoadException(obj.source() + ": program '" + linked.main().name() + "': insn #" + i
                                + " takes the address of '" + r.symbolName() + "' but is not a BPF_PSEUDO_FUNC ld_imm64");
                    }
                }
                case CALL -> {
                    // done while linking
                }
            }
        }
        return insns.toBytes();
    }

    /** libbpf's poison_kfunc_call: an ordinary helper call to a helper id that does not exist, 2002000000 + extern index. */
    static void poisonKfuncCall(Insns insns, int i, Extern ext) {
        insns.setCode(i, Insns.JMP_CALL);
        insns.setRegs(i, 0, 0);
        insns.setOff(i, 0);
        insns.setImm(i, ext.poisonImm());
    }

    private BpfLoadException fail(ProgramSpec prog, String problem) {
        return new BpfLoadException(obj.source() + ": program '" + main.name() + "'"
                + (prog != main ? " (in subprogram '" + prog.name() + "')" : "") + ": " + problem);
    }

    /**
     * Collects 32-bit words (func_info and line_info records) into a native-order byte array. An {@code int[]}
     * that grows by doubling: a ByteBuffer regrown with put(ByteBuffer) showed up in the open+load profile.
     */
    static final class ByteArrayBuilder {
        private int[] words = new int[64];
        private int size;

        ByteArrayBuilder putInt(int v) {
            if (size == words.length) {
                words = Arrays.copyOf(words, size * 2);
            }
            words[size++] = v;
            return this;
        }

        byte[] toBytes() {
            byte[] out = new byte[size * 4];
            ByteBuffer.wrap(out).order(ByteOrder.nativeOrder()).asIntBuffer().put(words, 0, size);
            return out;
        }
    }
}
