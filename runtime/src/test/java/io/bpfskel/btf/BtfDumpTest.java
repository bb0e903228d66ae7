package io.bpfskel.btf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.bpfskel.btf.BtfType.EnumValue;
import io.bpfskel.btf.BtfType.Member;
import io.bpfskel.btf.BtfType.Param;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BtfDumpTest {

    /** Structs that need each rule of the dumper: cycles, embedding, bitfields, padding, packing, anonymous members, renames. */
    static Btf tricky() {
        BtfBuilder b = new BtfBuilder();
        int i32 = b.addInt("int", 4, BtfType.Int.SIGNED);
        int u8 = b.addInt("unsigned char", 1, 0);
        int u16 = b.addInt("short unsigned int", 2, 0);
        int u64 = b.addInt("long long unsigned int", 8, 0);
        b.addInt("long int", 8, BtfType.Int.SIGNED);
        int chr = b.addInt("char", 1, BtfType.Int.SIGNED | BtfType.Int.CHAR);
        // struct a { struct b *b; }; struct b { struct a a; int x; };  -> forward declaration of b
        int a = b.nextId();
        int bStruct = a + 2;
        b.addStruct("a", 8, List.of(new Member("b", a + 1, 0, 0)));
        b.addPtr(bStruct);
        b.addStruct("b", 16, List.of(new Member("a", a, 0, 0), new Member("x", i32, 64, 0)));
        // typedef struct list list_t; struct list { list_t *next; };
        int list = b.nextId();
        b.addStruct("list", 8, List.of(new Member("next", list + 2, 0, 0)));
        int listT = b.addTypedef("list_t", list);
        b.addPtr(listT);
        // bitfields with holes, a trailing hole and an anonymous union member
        int anonU = b.addUnion("", 8, List.of(new Member("as_u64", u64, 0, 0), new Member("as_bytes", b.addArray(u8, i32, 8), 0, 0)));
        b.addStruct("flags", 32, List.of(
                new Member("a", i32, 0, 3),
                new Member("b", i32, 3, 2),
                new Member("c", u8, 16, 0),
                new Member("d", u16, 32, 0),
                new Member("", anonU, 64, 0),
                new Member("e", u64, 128, 0),
                new Member("f", i32, 192, 1)));
        // packed: a u64 at offset 1
        b.addStruct("packed", 9, List.of(new Member("tag", u8, 0, 0), new Member("val", u64, 8, 0)));
        // over-aligned tail
        b.addStruct("tail", 16, List.of(new Member("x", i32, 0, 0)));
        // enums: top-level anonymous constants, 1-byte, 8-byte, enum64, duplicates
        b.addEnum("", 4, false, List.of(new EnumValue("CONST_A", 1), new EnumValue("CONST_B", 2)));
        b.addEnum("small", 1, false, List.of(new EnumValue("SMALL_X", 3)));
        b.addEnum("wide", 8, false, List.of(new EnumValue("WIDE_X", 1)));
        b.addEnum64("huge", 8, false, List.of(new EnumValue("HUGE_X", 1L << 40), new EnumValue("HUGE_NEG", -1L)));
        b.addEnum("neg", 4, true, List.of(new EnumValue("NEG_X", -7)));
        b.addEnum("dupe_enum", 4, false, List.of(new EnumValue("CONST_A", 9)));
        // two different structs with one name
        b.addStruct("dup", 4, List.of(new Member("x", i32, 0, 0)));
        b.addStruct("dup", 8, List.of(new Member("y", u64, 0, 0)));
        // function pointers, arrays of them, const, a forward-only union
        int cb = b.addPtr(b.addFuncProto(i32, List.of(new Param("", b.addPtr(b.addConst(chr))), new Param("", 0))));
        int fwd = b.addFwd("opaque", true);
        b.addStruct("ops", 48, List.of(
                new Member("print", cb, 0, 0),
                new Member("table", b.addArray(cb, i32, 4), 64, 0),
                new Member("o", b.addPtr(fwd), 320, 0)));
        b.addTypedef("__builtin_va_list", b.addPtr(chr));
        b.addTypedef("u64_t", u64);
        int proto = b.addFuncProto(u64, List.of(new Param("l", b.addPtr(list))));
        int fn = b.addFunc("bpf_list_len", proto, BtfType.Func.GLOBAL);
        b.addDeclTag("bpf_kfunc", fn, -1);
        return b.build("tricky");
    }

    @Test
    void trickyHeaderCompilesWithTheRightLayout(@TempDir Path dir) throws Exception {
        Btf btf = tricky();
        String h = BtfDump.toHeader(btf);
        assertTrue(h.contains("#pragma clang attribute push (__attribute__((preserve_access_index)), apply_to = record)"), h);
        assertTrue(h.contains("struct b;\n\nstruct a {\n\tstruct b *b;\n};"), h);
        assertTrue(h.contains("typedef struct list list_t;\n\nstruct list {\n\tlist_t *next;\n};"), h);
        assertTrue(h.contains("struct flags {\n\tint a: 3;\n\tint b: 2;\n\tshort: 0;\n\tunsigned char c;\n\tshort unsigned int d;\n\tunion {\n\t\tlong long unsigned int as_u64;\n\t\tunsigned char as_bytes[8];\n\t};"), h);
        assertTrue(h.contains("struct tail {\n\tint x;\n\tlong: 64;\n};"), h);
        assertTrue(h.contains("struct packed {\n\tunsigned char tag;\n\tlong long unsigned int val;\n} __attribute__((packed));"), h);
        assertTrue(h.contains("enum small {\n\tSMALL_X = 3,\n} __attribute__((mode(byte)));"), h);
        assertTrue(h.contains("enum wide {\n\tWIDE_X = 1,\n} __attribute__((mode(word)));"), h);
        assertTrue(h.contains("HUGE_NEG = 18446744073709551615ULL,"), h);
        assertTrue(h.contains("NEG_X = -7,"), h);
        assertTrue(h.contains("CONST_A___2 = 9,"), "enumerators share a namespace: " + h);
        assertTrue(h.contains("struct dup___2 {"), h);
        assertTrue(h.contains("\tint (*table[4])(const char *, ...);"), h);
        assertTrue(h.contains("union opaque;"), h);
        assertTrue(!h.contains("typedef char *__builtin_va_list"), "compiler built-in is not redefined");
        assertTrue(h.contains("extern long long unsigned int bpf_list_len(struct list *l) __weak __ksym;"), h);

        String checks = """
                #include "tricky.h"
                _Static_assert(sizeof(struct b) == 16, "b");
                _Static_assert(sizeof(struct flags) == 32, "flags");
                _Static_assert(__builtin_offsetof(struct flags, c) == 2, "flags.c");
                _Static_assert(__builtin_offsetof(struct flags, d) == 4, "flags.d");
                _Static_assert(__builtin_offsetof(struct flags, as_u64) == 8, "flags.anon");
                _Static_assert(__builtin_offsetof(struct flags, e) == 16, "flags.e");
                _Static_assert(sizeof(struct packed) == 9, "packed");
                _Static_assert(__builtin_offsetof(struct packed, val) == 1, "packed.val");
                _Static_assert(sizeof(struct tail) == 16, "tail");
                _Static_assert(sizeof(enum small) == 1, "small");
                _Static_assert(sizeof(enum wide) == 8, "wide");
                _Static_assert(sizeof(enum huge) == 8, "huge");
                _Static_assert(sizeof(struct dup___2) == 8, "dup2");
                _Static_assert(sizeof(struct ops) == 48, "ops");
                _Static_assert(CONST_B == 2, "anonymous enum");
                int use(struct ops *o, struct a *a) { return (o->o != 0) + a->b->x; }
                """;
        compile(dir, "tricky.h", h, checks);
    }

    @Test
    void splitBtfDumpsBaseAndModuleTypes() {
        Btf base = tricky();
        BtfBuilder mb = new BtfBuilder(base);
        int list = base.findByNameKind("list", BtfKind.STRUCT);
        mb.addStruct("mod_state", 8, List.of(new Member("head", mb.addPtr(list), 0, 0)));
        String h = BtfDump.toHeader(mb.build("mod"));
        assertTrue(h.contains("struct mod_state {\n\tstruct list *head;\n};"), h);
        assertTrue(h.contains("struct list {"), h);
    }

    @Test
    void vmlinuxHeaderCompiles(@TempDir Path dir) throws Exception {
        Btf vmlinux = TestKernel.vmlinux();
        long t0 = System.nanoTime();
        String h = BtfDump.toHeader(vmlinux);
        long t1 = System.nanoTime();
        System.out.printf("vmlinux.h: %d types -> %d bytes in %d ms%n", vmlinux.typeCount(), h.length(), (t1 - t0) / 1_000_000);

        // Layout checks for every uniquely named struct: BTF's size and member offsets must be what clang computes.
        Map<String, Integer> count = new HashMap<>();
        for (int id = 1; id < vmlinux.typeCount(); id++) {
            BtfKind k = vmlinux.kind(id);
            if (k == BtfKind.STRUCT || k == BtfKind.UNION || k == BtfKind.ENUM || k == BtfKind.ENUM64) {
                count.merge(vmlinux.name(id), 1, Integer::sum); // one tag namespace; clashes get renamed
            }
        }
        StringBuilder checks = new StringBuilder("#include \"vmlinux.h\"\n");
        int asserts = 0;
        for (int id = 1; id < vmlinux.typeCount(); id++) {
            BtfType t = vmlinux.type(id);
            if (!(t instanceof BtfType.Composite c) || t.name().isEmpty() || count.get(t.name()) != 1 || embedsVaList(vmlinux, id, 0)) {
                continue;
            }
            String tag = (t.kind() == BtfKind.STRUCT ? "struct " : "union ") + t.name();
            checks.append("_Static_assert(sizeof(").append(tag).append(") == ").append(Integer.toUnsignedString(c.size())).append(", \"").append(t.name()).append("\");\n");
            asserts++;
            for (BtfType.Member m : c.members()) {
                if (m.name().isEmpty() || m.bitfieldSize() != 0 || (m.bitOffset() & 7) != 0) {
                    continue;
                }
                checks.append("_Static_assert(__builtin_offsetof(").append(tag).append(", ").append(m.name()).append(") == ")
                        .append(m.bitOffset() / 8).append(", \"").append(t.name()).append('.').append(m.name()).append("\");\n");
                asserts++;
            }
        }
        checks.append("""
                char LICENSE[] __attribute__((section("license"))) = "GPL";
                __attribute__((section("tp_btf/sched_switch")))
                int on_switch(unsigned long long *ctx)
                {
                	struct task_struct *next = (struct task_struct *)ctx[2];
                	return next->pid + next->comm[0];
                }
                """);
        compile(dir, "vmlinux.h", h, checks.toString());
        System.out.printf("vmlinux.h: %d size/offset asserts hold under clang -target bpf%n", asserts);
        assertTrue(asserts > 10_000);
    }

    @Test
    void matchesBpftool() throws Exception {
        Btf vmlinux = TestKernel.vmlinux();
        assumeTrue(TestKernel.hasTool("bpftool", "version"), "bpftool not installed");
        for (boolean sorted : new boolean[] {false, true}) {
            TestKernel.Result r = sorted
                    ? TestKernel.run("bpftool", "btf", "dump", "file", KernelBtf.SYSFS_VMLINUX.toString(), "format", "c")
                    : TestKernel.run("bpftool", "btf", "dump", "file", KernelBtf.SYSFS_VMLINUX.toString(), "format", "c", "unsorted");
            assumeTrue(r.exit() == 0, "bpftool cannot dump C: " + r.output());
            List<String> theirs = typeDefinitions(r.output());
            List<String> ours = typeDefinitions(BtfDump.toHeader(vmlinux, sorted));
            if (sorted && ours.size() == theirs.size() + 1) {
                // bpftool's sorted loop starts at index 1 of the sorted array, which skips the first root
                // (an anonymous enum) rather than void; we keep it.
                assertEquals(theirs, ours.subList(1, ours.size()), "sorted");
                continue;
            }
            assertEquals(theirs.size(), ours.size(), sorted ? "sorted" : "unsorted");
            for (int i = 0; i < ours.size(); i++) {
                assertEquals(theirs.get(i), ours.get(i), "definition " + i + (sorted ? " (sorted)" : " (unsorted)"));
            }
        }
    }

    @Test
    void someVmlinuxDeclarationsMatchBpftoolText() throws Exception {
        Btf vmlinux = TestKernel.vmlinux();
        assumeTrue(TestKernel.hasTool("bpftool", "version"), "bpftool not installed");
        TestKernel.Result r = TestKernel.run("bpftool", "btf", "dump", "file", KernelBtf.SYSFS_VMLINUX.toString(), "format", "c");
        assumeTrue(r.exit() == 0);
        String ours = BtfDump.toHeader(vmlinux);
        int compared = 0;
        for (String name : List.of("struct task_struct", "struct sk_buff", "struct bpf_map", "union bpf_attr", "typedef __u64 u64", "enum bpf_prog_type",
                "struct pt_regs", "struct bpf_wq")) {
            String theirs = block(r.output(), name);
            if (theirs != null) {
                assertEquals(theirs, block(ours, name), name);
                compared++;
            }
        }
        assertTrue(compared >= 5, "only " + compared + " of the sample declarations exist in this kernel");
    }

    /**
     * Whether a type holds a {@code va_list} by value: the header maps it to clang's
     * {@code __builtin_va_list}, which is a {@code char *} for BPF but 24 bytes in the x86 kernel, so such
     * structs cannot have the kernel's layout (bpftool's header has the same limitation).
     */
    private static boolean embedsVaList(Btf btf, int id, int depth) {
        if (depth > 32 || id == 0) {
            return false;
        }
        BtfType t = btf.type(id);
        if (t instanceof BtfType.Typedef td) {
            return td.name().equals("va_list") || td.name().equals("__gnuc_va_list") || embedsVaList(btf, td.type(), depth + 1);
        } else if (t instanceof BtfType.Ptr) {
            return false;
        } else if (t instanceof BtfType.Ref r) {
            return embedsVaList(btf, r.type(), depth + 1);
        } else if (t instanceof BtfType.Array a) {
            return embedsVaList(btf, a.elemType(), depth + 1);
        } else if (t instanceof BtfType.Composite c) {
            for (BtfType.Member m : c.members()) {
                if (embedsVaList(btf, m.type(), depth + 1)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Top-level definitions (blank-line separated) between the preamble and the kfunc section. */
    private static List<String> typeDefinitions(String header) {
        int end = header.indexOf("\n/* BPF kfuncs */");
        if (end < 0) {
            end = header.lastIndexOf("#ifndef BPF_NO_PRESERVE_ACCESS_INDEX");
        }
        List<String> out = new ArrayList<>();
        for (String blk : header.substring(0, end).split("\n\n")) {
            String s = blk.strip();
            if (!s.isEmpty() && !s.startsWith("#")) {
                out.add(s);
            }
        }
        return out;
    }

    private static String block(String header, String start) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(start) + "( \\{|;)").matcher(header);
        while (m.find()) {
            int end = header.indexOf("\n\n", m.start());
            String s = header.substring(m.start(), end);
            if (!s.endsWith(start + ";") || start.startsWith("typedef")) {
                return s;
            }
        }
        return null;
    }

    private static void compile(Path dir, String headerName, String header, String source) throws Exception {
        assumeTrue(TestKernel.hasTool("clang", "--version"), "clang not installed");
        Files.writeString(dir.resolve(headerName), header);
        Path c = dir.resolve("prog.bpf.c");
        Files.writeString(c, source);
        long t0 = System.nanoTime();
        TestKernel.Result r = TestKernel.run("clang", "-O2", "-g", "-target", "bpf", "-Wno-unused-value", "-c", c.toString(),
                "-o", dir.resolve("prog.bpf.o").toString());
        assertEquals(0, r.exit(), () -> "clang failed:\n" + r.output().lines().limit(40).reduce("", (x, y) -> x + y + "\n"));
        System.out.printf("clang -target bpf on %s: %d ms%n", headerName, (System.nanoTime() - t0) / 1_000_000);
    }
}
