package io.bpfskel.load;

import io.bpfskel.btf.Btf;
import io.bpfskel.btf.BtfKind;
import io.bpfskel.btf.BtfType;
import io.bpfskel.elf.ElfSection;
import io.bpfskel.elf.ElfSymbol;
import io.bpfskel.error.BpfLoadException;
import io.bpfskel.object.BpfObject;
import io.bpfskel.object.Extern;
import io.bpfskel.object.ProgramSpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Rewrites an object's {@code .BTF} into what the kernel accepts in BPF_BTF_LOAD, as libbpf does between open
 * and load ({@code bpf_object_fixup_btf}, the {@code .ksyms}/{@code .kconfig} rewrite of
 * {@code bpf_object__collect_externs}, and the hidden-subprogram marking of {@code bpf_object__sanitize_and_load_btf}).
 *
 * <p>The blob is patched in place, so every type id and string offset stays valid: func_info and line_info
 * records refer to them. Only the {@code dummy_ksym} VAR and its name are appended at the ends.
 */
final class ObjectBtfFixup {
    private static final int TYPE_HEADER = 12;
    private static final String DUMMY_KSYM = "dummy_ksym";

    private final BpfObject obj;
    private final Btf btf;
    private final ByteBuffer buf;

    private ObjectBtfFixup(BpfObject obj) {
        this.obj = obj;
        this.btf = obj.btf();
        this.buf = ByteBuffer.wrap(btf.bytes()).order(btf.byteOrder());
    }

    /** Global and weak STT_OBJECT symbols by name (first wins), built once for all data sections. */
    private Map<String, ElfSymbol> globalObjects;

    /** The fixed-up blob, ready for BPF_BTF_LOAD. */
    static byte[] fixup(BpfObject obj) {
        return new ObjectBtfFixup(obj).run();
    }

    private byte[] run() {
        int ksymsId = 0;
        for (int id = 1; id < btf.typeCount(); id++) {
            if (btf.kind(id) != BtfKind.DATASEC) {
                continue;
            }
            String name = btf.name(id);
            if (name.equals(".kconfig")) {
                fixupKconfig(id);
            } else if (name.equals(".ksyms")) {
                ksymsId = id;
            } else {
                fixupDatasec(id);
            }
        }
        markHiddenSubprogramsStatic();
        if (ksymsId != 0) {
            return fixupKsyms(ksymsId);
        }
        return buf.array();
    }

    /** btf_fixup_datasec: size and global offsets from the ELF, hidden globals become static, vars sorted by offset. */
    private void fixupDatasec(int id) {
        BtfType.DataSec ds = (BtfType.DataSec) btf.type(id);
        int size = ds.size();
        boolean fixupOffsets = false;
        if (size == 0) {
            Optional<ElfSection> sec = obj.elf().section(ds.name());
            if (sec.isEmpty() || sec.get().size() == 0) {
                throw fail("BTF DATASEC '" + ds.name() + "' has no size and no ELF section to take it from");
            }
            size = (int) sec.get().size();
            fixupOffsets = true;
        }
        Map<String, ElfSymbol> syms = globalObjects();
        List<int[]> vars = new ArrayList<>(); // {type, offset, size}
        for (BtfType.VarSecinfo vi : ds.vars()) {
            int offset = vi.offset();
            BtfType t = btf.type(vi.type());
            if (!(t instanceof BtfType.Var v)) {
                throw fail("BTF DATASEC '" + ds.name() + "' has a non-VAR member [" + vi.type() + "]");
            }
            if (v.linkage() != BtfType.Var.STATIC && v.linkage() != BtfType.Var.GLOBAL_EXTERN) {
                ElfSymbol sym = syms.get(v.name());
                if (sym == null) {
                    throw fail("BTF DATASEC '" + ds.name() + "': no ELF symbol for variable '" + v.name() + "'");
                }
                if (fixupOffsets) {
                    offset = (int) sym.value();
                }
                if (sym.visibility() == ElfSymbol.STV_HIDDEN || sym.visibility() == ElfSymbol.STV_INTERNAL) {
                    buf.putInt(btf.rawTypeOffset(v.id()) + TYPE_HEADER, BtfType.Var.STATIC);
                }
            }
            vars.add(new int[] {vi.type(), offset, vi.size()});
        }
        vars.sort(Comparator.comparingInt(v -> v[1]));
        int p = btf.rawTypeOffset(id);
        buf.putInt(p + 8, size);
        writeSecinfos(p, vars);
    }

    private Map<String, ElfSymbol> globalObjects() {
        if (globalObjects == null) {
            List<ElfSymbol> symbols = obj.elf().symbols();
            globalObjects = new HashMap<>();
            for (ElfSymbol s : symbols) {
                if (s.type() == ElfSymbol.STT_OBJECT && (s.isGlobal() || s.isWeak())) {
                    globalObjects.putIfAbsent(s.name(), s);
                }
            }
        }
        return globalObjects;
    }

    /** The .kconfig rewrite: size and offsets from the extern layout, every VAR allocated. */
    private void fixupKconfig(int id) {
        BtfType.DataSec ds = (BtfType.DataSec) btf.type(id);
        int p = btf.rawTypeOffset(id);
        buf.putInt(p + 8, obj.kconfigSize());
        List<int[]> vars = new ArrayList<>();
        for (BtfType.VarSecinfo vi : ds.vars()) {
            String name = btf.name(vi.type());
            Extern e = obj.extern(name).orElseThrow(() -> fail("BTF .kconfig variable '" + name + "' is not an extern"));
            if (btf.kind(vi.type()) == BtfKind.VAR) {
                buf.putInt(btf.rawTypeOffset(vi.type()) + TYPE_HEADER, BtfType.Var.GLOBAL_ALLOCATED);
            }
            vars.add(new int[] {vi.type(), e.kconfig().offset(), vi.size()});
        }
        vars.sort(Comparator.comparingInt(v -> v[1]));
        writeSecinfos(p, vars);
    }

    private void writeSecinfos(int datasecPos, List<int[]> vars) {
        int q = datasecPos + TYPE_HEADER;
        for (int[] v : vars) {
            buf.putInt(q, v[0]);
            buf.putInt(q + 4, v[1]);
            buf.putInt(q + 8, v[2]);
            q += 12;
        }
    }

    /** Sets BTF_FUNC_STATIC on global .text functions with hidden visibility (libbpf's mark_btf_static). */
    private void markHiddenSubprogramsStatic() {
        for (ProgramSpec f : obj.functions()) {
            if (!f.subprogram() || f.global()) {
                continue;
            }
            boolean hiddenGlobal = obj.elf().symbols().stream().anyMatch(s -> s.name().equals(f.name())
                    && s.type() == ElfSymbol.STT_FUNC && s.bind() != ElfSymbol.STB_LOCAL);
            if (!hiddenGlobal) {
                continue;
            }
            for (int id : btf.findByName(f.name())) {
                if (btf.kind(id) == BtfKind.FUNC && ((BtfType.Func) btf.type(id)).linkage() == BtfType.Func.GLOBAL) {
                    int p = btf.rawTypeOffset(id);
                    buf.putInt(p + 4, (BtfKind.FUNC.ordinal() << 24) | BtfType.Func.STATIC);
                    break;
                }
            }
        }
    }

    /**
     * The .ksyms rewrite: the kernel rejects extern linkage and FUNCs inside a DATASEC, so every FUNC slot points
     * at an appended {@code dummy_ksym} VAR (typed as the first 32-bit int), unnamed FUNC params get its name, and
     * every slot becomes 4 bytes at {@code i * 4}.
     */
    private byte[] fixupKsyms(int id) {
        BtfType.DataSec ds = (BtfType.DataSec) btf.type(id);
        boolean hasFunc = ds.vars().stream().anyMatch(v -> btf.kind(v.type()) == BtfKind.FUNC);
        int intId = firstInt32();
        int dummyId = hasFunc ? btf.typeCount() : 0;
        int dummyNameOff = btf.rawStringsLength();
        // Vars in the DATASEC are sorted by name as libbpf's externs are; slot i is 4 bytes at i*4.
        List<BtfType.VarSecinfo> vars = new ArrayList<>(ds.vars());
        int p = btf.rawTypeOffset(id);
        buf.putInt(p + 8, vars.size() * 4);
        for (int i = 0; i < vars.size(); i++) {
            BtfType.VarSecinfo vi = vars.get(i);
            int t = vi.type();
            int slotType = t;
            if (btf.kind(t) == BtfKind.FUNC) {
                BtfType.Func f = (BtfType.Func) btf.type(t);
                BtfType.FuncProto proto = (BtfType.FuncProto) btf.type(f.type());
                int protoPos = btf.rawTypeOffset(proto.id());
                for (int k = 0; k < proto.params().size(); k++) {
                    BtfType.Param prm = proto.params().get(k);
                    int pp = protoPos + TYPE_HEADER + k * 8;
                    if (prm.type() != 0 && buf.getInt(pp) == 0) {
                        buf.putInt(pp, dummyNameOff);
                    }
                }
                int fp = btf.rawTypeOffset(t);
                int info = buf.getInt(fp + 4);
                buf.putInt(fp + 4, (info & ~0xffff) | BtfType.Func.GLOBAL);
                slotType = dummyId;
            } else if (btf.kind(t) == BtfKind.VAR) {
                int vp = btf.rawTypeOffset(t);
                buf.putInt(vp + 8, intId);
                buf.putInt(vp + TYPE_HEADER, BtfType.Var.GLOBAL_ALLOCATED);
            }
            int q = p + TYPE_HEADER + i * 12;
            buf.putInt(q, slotType);
            buf.putInt(q + 4, i * 4);
            buf.putInt(q + 8, 4);
        }
        if (!hasFunc) {
            return buf.array();
        }
        return appendDummyVar(intId);
    }

    /** Rebuilds the blob with the dummy VAR after the last type and its name after the last string. */
    private byte[] appendDummyVar(int intId) {
        byte[] old = buf.array();
        int hdrLen = btf.rawHeaderLength();
        int typesStart = btf.rawTypesStart();
        int typesEnd = btf.rawTypesEnd();
        int strStart = btf.rawStringsStart();
        int strLen = btf.rawStringsLength();
        byte[] name = (DUMMY_KSYM + "\0").getBytes(StandardCharsets.US_ASCII);
        int typeLen = typesEnd - typesStart + 16;
        ByteBuffer out = ByteBuffer.allocate(hdrLen + typeLen + strLen + name.length).order(btf.byteOrder());
        out.put(old, 0, hdrLen);
        out.put(old, typesStart, typesEnd - typesStart);
        out.putInt(strLen); // name_off of the new VAR: right after the old strings
        out.putInt(BtfKind.VAR.ordinal() << 24);
        out.putInt(intId);
        out.putInt(BtfType.Var.GLOBAL_ALLOCATED);
        out.put(old, strStart, strLen);
        out.put(name);
        out.putInt(8, 0);
        out.putInt(12, typeLen);
        out.putInt(16, typeLen);
        out.putInt(20, strLen + name.length);
        return out.array();
    }

    /** libbpf's find_int_btf_id: the first INT of 32 bits, or 0. */
    private int firstInt32() {
        for (int id = 1; id < btf.typeCount(); id++) {
            if (btf.kind(id) == BtfKind.INT && ((BtfType.Int) btf.type(id)).bits() == 32) {
                return id;
            }
        }
        return 0;
    }

    private BpfLoadException fail(String problem) {
        return new BpfLoadException(obj.source() + ": " + problem);
    }
}
