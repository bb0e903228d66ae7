package io.bpfskel.object;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpfskel.error.BpfFormatException;
import io.bpfskel.testing.Fixtures;
import io.bpfskel.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** struct_ops maps as the object declares them (libbpf's init_struct_ops_maps and collect_st_ops_relos); no kernel. */
class StructOpsObjectTest {
    @TempDir
    Path dir;

    @Test
    void aStructOpsSymbolAtTwoToTheSixtyThreeIsOutsideTheSectionNotAWrappedOffset() {
        // The CLI's object fuzz: st_value 0x7fffffffffffffff made offset + size wrap below the section's length
        byte[] o = Fixtures.bytes(Fixtures.bpfel("struct_ops"));
        io.bpfskel.elf.ElfFile elf = io.bpfskel.elf.ElfFile.parse("struct_ops.bpf.o", o);
        io.bpfskel.elf.ElfSymbol sym = elf.symbols().stream().filter(x -> x.name().equals("sops_plain")).findFirst()
                .orElseThrow();
        io.bpfskel.elf.ElfSection symtab = elf.section(".symtab").orElseThrow();
        java.nio.ByteBuffer.wrap(o).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .putLong((int) symtab.offset() + 24 * sym.index() + 8, Long.MAX_VALUE);
        BpfFormatException e = assertThrows(BpfFormatException.class, () -> BpfObject.parse("mutant.bpf.o", o));
        assertTrue(e.getMessage().startsWith("mutant.bpf.o: struct_ops map 'sops_plain' (.struct_ops): struct "
                + "tcp_congestion_ops___v2 at offset 9223372036854775807"), e.getMessage());
    }

    @Test
    void aStructOpsStructWithTwoMembersOfOneNameIsRefused() {
        // The CLI's object fuzz: 'ssthresh' renamed 'name' made the reader's relocation (by offset, a function
        // pointer) and the by-name update disagree, an IllegalArgumentException out of open
        byte[] o = Fixtures.bytes(Fixtures.bpfel("struct_ops"));
        io.bpfskel.btf.Btf btf = BpfObject.parse("struct_ops.bpf.o", o).btf();
        int v2 = btf.findByNameKind("tcp_congestion_ops___v2", io.bpfskel.btf.BtfKind.STRUCT);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(o).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int nameOfName = b.getInt(io.bpfskel.testing.BtfRecords.member(o, v2, 4));
        b.putInt(io.bpfskel.testing.BtfRecords.member(o, v2, 0), nameOfName); // member 0 'ssthresh' becomes 'name'
        BpfFormatException e = assertThrows(BpfFormatException.class, () -> BpfObject.parse("mutant.bpf.o", o));
        assertEquals("mutant.bpf.o: struct_ops map 'sops_plain' (.struct_ops): struct tcp_congestion_ops___v2 has two"
                + " members named 'name'", e.getMessage());
    }

    @Test
    void mapsMembersAndBoundPrograms() {
        for (String target : List.of("bpfel", "bpfeb")) {
            BpfObject o = BpfObject.open(Fixtures.object(target, "struct_ops"));
            assertEquals(List.of("sops_link", "sops_link2", "sops_plain", "sops_optional"),
                    o.structOps().stream().map(StructOpsSpec::name).toList());
            StructOpsSpec link = o.structOps("sops_link").orElseThrow();
            assertEquals(".struct_ops.link", link.sectionName());
            assertTrue(link.link() && link.autocreate());
            assertEquals("tcp_congestion_ops", link.typeName());
            assertEquals(List.of("name", "flags", "init", "ssthresh", "cong_avoid", "undo_cwnd", "set_state"),
                    link.members().stream().map(StructOpsSpec.Member::name).toList());
            assertEquals(StructOpsSpec.Kind.OTHER, link.member("name").orElseThrow().kind());
            assertEquals(StructOpsSpec.Kind.SCALAR, link.member("flags").orElseThrow().kind());
            assertEquals(StructOpsSpec.Kind.FUNC_PTR, link.member("cong_avoid").orElseThrow().kind());
            assertEquals("sops_cong_avoid", link.member("cong_avoid").orElseThrow().program());
            assertEquals("sops_init", link.member("init").orElseThrow().program());
            assertNull(link.member("name").orElseThrow().program());
            assertEquals("bsk_sops_link", new String(link.data(), 0, 13));
            assertEquals(0, link.data()[link.member("cong_avoid").orElseThrow().offset()], "function pointers stay zero");
            assertEquals("sops_cong_avoid2", o.structOps("sops_link2").orElseThrow().member("cong_avoid").orElseThrow().program());

            StructOpsSpec plain = o.structOps("sops_plain").orElseThrow();
            assertFalse(plain.link());
            assertEquals("tcp_congestion_ops___v2", plain.typeName());
            assertEquals("tcp_congestion_ops", plain.essentialTypeName());
            assertNull(plain.member("not_in_this_kernel").orElseThrow().program());
            StructOpsSpec optional = o.structOps("sops_optional").orElseThrow();
            assertEquals("?.struct_ops.link", optional.sectionName());
            assertFalse(optional.autocreate());

            MapSpec m = o.map("sops_link").orElseThrow();
            assertEquals(MapSpec.Kind.STRUCT_OPS, m.kind());
            assertEquals(io.bpfskel.uapi.MapType.STRUCT_OPS, m.mapType());
            assertEquals(4, m.keySize());
            assertEquals(1, m.maxEntries());
            assertEquals(io.bpfskel.uapi.BpfFlags.BPF_F_LINK, m.flags());
            assertFalse(m.isInternal());
            assertEquals(link.data().length, m.valueSize(), "the local size until the loader finds the kernel type");
            assertEquals(io.bpfskel.uapi.ProgramType.STRUCT_OPS, o.program("sops_cong_avoid").orElseThrow().type());
        }
    }

    @Test
    void shadowChangesAreCheckedCopies() {
        StructOpsSpec s = BpfObject.open(Fixtures.bpfel("struct_ops")).structOps("sops_link").orElseThrow();
        assertEquals("sops_cong_avoid_opt", s.withProgram("cong_avoid", "sops_cong_avoid_opt").member("cong_avoid")
                .orElseThrow().program());
        assertEquals("sops_cong_avoid", s.member("cong_avoid").orElseThrow().program(), "records are not changed");
        assertThrows(IllegalArgumentException.class, () -> s.withProgram("flags", "x"));
        assertThrows(IllegalArgumentException.class, () -> s.withProgram("nope", "x"));
        assertThrows(IllegalArgumentException.class, () -> s.withData(new byte[3]));
        byte[] d = s.data();
        d[0] = 'X';
        assertEquals('b', s.data()[0]);
    }

    @Test
    void memberPointingAtANonStructOpsProgramIsRefused() throws Exception {
        BpfFormatException e = assertThrows(BpfFormatException.class, () -> compile("sops_wrong_prog", """
                struct sock;
                struct tcp_congestion_ops { void (*init)(struct sock *sk); char name[16]; };
                SEC("syscall") int not_ops(void *ctx) { return 0; }
                SEC(".struct_ops") struct tcp_congestion_ops sops_wrong = { .init = (void *)not_ops, .name = "x" };
                """));
        assertTrue(e.getMessage().contains("'sops_wrong'") && e.getMessage().contains("'init'")
                && e.getMessage().contains("not_ops") && e.getMessage().contains("not a struct_ops program"), e.getMessage());
    }

    @Test
    void everyVariableOfAQuestionMarkSectionStartsWithoutAutocreate() throws Exception {
        BpfObject o = compile("sops_two_optional", """
                struct tcp_congestion_ops { char name[16]; };
                SEC("?.struct_ops") struct tcp_congestion_ops sops_a = { .name = "a" };
                SEC("?.struct_ops") struct tcp_congestion_ops sops_b = { .name = "b" };
                """);
        assertFalse(o.structOps("sops_a").orElseThrow().autocreate());
        assertFalse(o.structOps("sops_b").orElseThrow().autocreate(), "deliberately unlike libbpf, which marks only the first");
    }

    private BpfObject compile(String name, String source) throws Exception {
        Path c = dir.resolve(name + ".bpf.c");
        Path o = dir.resolve(name + ".bpf.o");
        Files.writeString(c, "#include <linux/bpf.h>\n#include <bpf/bpf_helpers.h>\n" + source
                + "\nchar LICENSE[] SEC(\"license\") = \"GPL\";\n");
        Tools.run(60, Tools.executable("clang"), "-O2", "-g", "-target", "bpfel", "-I/usr/include/x86_64-linux-gnu",
                "-c", c, "-o", o);
        return BpfObject.open(o);
    }
}
