package io.bpfskel.btf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpfskel.elf.ElfFile;
import io.bpfskel.elf.ElfSection;
import io.bpfskel.elf.ElfSymbol;
import io.bpfskel.testing.FixtureObjects;
import java.nio.ByteBuffer;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * {@link BtfExt} against the object it came from: func_info must list exactly the FUNC symbols of each
 * code section (same offsets, BTF FUNCs of the same names), and every line_info and CO-RE relocation must
 * point at the start of an instruction inside its section (never into the second half of a 16-byte
 * {@code ld_imm64}), in strictly increasing order for line_info, with one at the start of every function.
 */
class BtfExtVsObjectTest {
    private static final int LD_IMM64 = 0x18;

    @TestFactory
    Stream<DynamicTest> everyFixtureExtMatchesItsObject() {
        return FixtureObjects.all().stream().map(obj -> DynamicTest.dynamicTest(FixtureObjects.displayName(obj), () -> {
            ElfFile elf = ElfFile.read(obj);
            String name = obj.getFileName().toString();
            Btf btf = Btf.parse(name, elf.bytes(elf.section(".BTF").orElseThrow()));
            Optional<ElfSection> extSec = elf.section(".BTF.ext");
            assertTrue(extSec.isPresent(), name + ": fixtures are compiled with -g and must have .BTF.ext");
            BtfExt ext = BtfExt.parse(name, elf.bytes(extSec.get()), btf);

            // FUNC symbols per code section, by offset
            Map<String, TreeMap<Long, ElfSymbol>> funcs = new HashMap<>();
            for (ElfSymbol s : elf.symbols()) {
                if (s.type() == ElfSymbol.STT_FUNC && !s.isUndefined() && s.sectionIndex() < elf.sections().size()) {
                    funcs.computeIfAbsent(elf.section(s.sectionIndex()).name(), k -> new TreeMap<>()).put(s.value(), s);
                }
            }
            for (String sec : funcs.keySet()) {
                assertTrue(ext.funcInfos().containsKey(sec), name + ": section '" + sec + "' has FUNC symbols but no func_info");
            }
            int checkedLines = 0;
            for (Map.Entry<String, List<BtfExt.FuncInfo>> e : ext.funcInfos().entrySet()) {
                String sec = e.getKey();
                String where = name + " func_info '" + sec + "'";
                TreeMap<Long, ElfSymbol> syms = funcs.getOrDefault(sec, new TreeMap<>());
                assertEquals(syms.size(), e.getValue().size(), where + ": count vs FUNC symbols " + syms.values());
                for (BtfExt.FuncInfo fi : e.getValue()) {
                    ElfSymbol s = syms.get((long) fi.insnOff());
                    assertTrue(s != null, where + ": insn_off " + fi.insnOff() + " is not where a FUNC symbol starts");
                    assertEquals(BtfKind.FUNC, btf.kind(fi.typeId()), where + ": type " + fi.typeId());
                    assertEquals(s.name(), btf.name(fi.typeId()), where + ": BTF FUNC name vs symbol at " + fi.insnOff());
                }
            }
            for (Map.Entry<String, List<BtfExt.LineInfo>> e : ext.lineInfos().entrySet()) {
                String where = name + " line_info '" + e.getKey() + "'";
                ElfSection code = codeSection(elf, e.getKey(), where);
                BitSet starts = instructionStarts(elf, code);
                long prev = -1;
                for (BtfExt.LineInfo li : e.getValue()) {
                    assertTrue(starts.get(li.insnOff()), where + ": insn_off " + li.insnOff() + " is not an instruction start (section is "
                            + code.size() + " bytes)");
                    assertTrue(li.insnOff() > prev, where + ": insn_off " + li.insnOff() + " not after " + prev);
                    prev = li.insnOff();
                    assertFalse(li.fileName().isEmpty(), where + ": empty file name at " + li.insnOff());
                    // line 0 is legitimate: clang uses it for code with no source line
                    checkedLines++;
                }
                for (BtfExt.FuncInfo fi : ext.funcInfos(e.getKey())) {
                    assertTrue(e.getValue().stream().anyMatch(li -> li.insnOff() == fi.insnOff()),
                            where + ": no line_info at the start of the function at " + fi.insnOff());
                }
            }
            for (String sec : ext.funcInfos().keySet()) {
                assertFalse(ext.lineInfos(sec).isEmpty(), name + ": section '" + sec + "' has func_info but no line_info");
            }
            for (Map.Entry<String, List<BtfExt.CoreRelo>> e : ext.coreRelos().entrySet()) {
                String where = name + " core_relo '" + e.getKey() + "'";
                BitSet starts = instructionStarts(elf, codeSection(elf, e.getKey(), where));
                for (BtfExt.CoreRelo r : e.getValue()) {
                    assertTrue(starts.get(r.insnOff()), where + ": insn_off " + r.insnOff() + " is not an instruction start");
                    assertTrue(r.typeId() > 0 && r.typeId() < btf.typeCount(), where + ": type id " + r.typeId());
                    assertFalse(r.accessString().isEmpty(), where + ": empty access string");
                    assertTrue(r.kind() >= 0 && r.kind() <= 12, where + ": relocation kind " + r.kind());
                }
            }
            assertTrue(checkedLines > 0, name + ": no line_info at all");
        }));
    }

    private static ElfSection codeSection(ElfFile elf, String name, String where) {
        ElfSection s = elf.section(name).orElse(null);
        assertTrue(s != null, where + ": no such ELF section");
        assertTrue(s.isExecutable(), where + ": not a code section");
        assertEquals(0, s.size() % 8, where + ": code size not a multiple of 8");
        return s;
    }

    /** Byte offsets at which an instruction starts; the second slot of an ld_imm64 is not one. */
    static BitSet instructionStarts(ElfFile elf, ElfSection code) {
        ByteBuffer insns = elf.data(code);
        BitSet starts = new BitSet();
        for (int off = 0; off + 8 <= insns.limit(); off += 8) {
            starts.set(off);
            if ((insns.get(off) & 0xff) == LD_IMM64) {
                off += 8;
            }
        }
        return starts;
    }
}
