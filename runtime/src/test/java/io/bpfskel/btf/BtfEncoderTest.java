package io.bpfskel.btf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.bpfskel.btf.BtfType.EnumValue;
import io.bpfskel.btf.BtfType.Member;
import io.bpfskel.btf.BtfType.Param;
import io.bpfskel.btf.BtfType.VarSecinfo;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BtfEncoderTest {

    /** One of every kind, with forward references, bitfields, signed/unsigned enums and varargs. */
    static BtfBuilder everyKind() {
        BtfBuilder b = new BtfBuilder();
        int i32 = b.addInt("int", 4, BtfType.Int.SIGNED);
        int u8 = b.addInt("unsigned char", 1, 0);
        int chr = b.addInt("char", 1, BtfType.Int.SIGNED | BtfType.Int.CHAR);
        int bool = b.addInt("_Bool", 1, BtfType.Int.BOOL);
        int old = b.addInt("old_bits", 4, 0, 3, 5);
        int ptrToS = b.addPtr(b.nextId() + 1); // forward reference to the struct below
        int s = b.addStruct("node", 24, List.of(
                new Member("next", ptrToS, 0, 0),
                new Member("a", i32, 64, 3),
                new Member("b", i32, 67, 29),
                new Member("c", u8, 96, 0),
                new Member("", b.nextId() + 1, 128, 0))); // the union right after the struct
        int anon = b.addUnion("", 8, List.of(new Member("x", i32, 0, 0), new Member("y", u8, 0, 0)));
        int arr = b.addArray(chr, i32, 16);
        b.addTypedef("node_t", s);
        int cchr = b.addConst(chr);
        b.addVolatile(i32);
        b.addRestrict(b.addPtr(cchr));
        b.addTypeTag("user", cchr);
        b.addTypeTag("address_space(1)", 0, true);
        b.addEnum("e", 4, false, List.of(new EnumValue("A", 0), new EnumValue("B", 0xffffffffL)));
        b.addEnum("", 4, true, List.of(new EnumValue("NEG", -5), new EnumValue("MIN", Integer.MIN_VALUE)));
        b.addEnum64("e64", 8, false, List.of(new EnumValue("BIG", -1L), new EnumValue("SMALL", 1)));
        b.addFwd("fs", false);
        b.addFwd("fu", true);
        int proto = b.addFuncProto(i32, List.of(new Param("s", b.addPtr(cchr)), new Param("", 0)));
        int fn = b.addFunc("printk_like", proto, BtfType.Func.GLOBAL);
        b.addFloat("double", 8);
        int v = b.addVar("buf", arr, BtfType.Var.GLOBAL_ALLOCATED);
        b.addDataSec(".bss", 16, List.of(new VarSecinfo(v, 0, 16)));
        b.addDeclTag("bpf_kfunc", fn, -1);
        b.addDeclTag("nonnull", fn, 0, true);
        b.addStruct("empty", 0, List.of());
        b.addInt("bool_too", 1, BtfType.Int.BOOL);
        assertEquals(anon, s + 1);
        return b;
    }

    @ParameterizedTest
    @ValueSource(strings = {"LITTLE_ENDIAN", "BIG_ENDIAN"})
    void everyKindRoundTrips(String orderName) {
        ByteOrder order = orderName.equals("BIG_ENDIAN") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        BtfBuilder b = everyKind();
        byte[] blob = b.encode(order);
        Btf btf = Btf.parse("every-kind", blob);
        assertEquals(order, btf.byteOrder());
        assertEquals(b.types(), btf.ownTypes());
        int tag = btf.findByNameKind("address_space(1)", BtfKind.TYPE_TAG);
        assertTrue(btf.kflag(tag), "attribute-style type tag keeps its kind flag");
        assertFalse(btf.kflag(btf.findByNameKind("user", BtfKind.TYPE_TAG)));
        assertTrue(btf.kflag(btf.findByNameKind("nonnull", BtfKind.DECL_TAG)));
        // Records cannot say "attribute", so the list-based API writes btf_type_tag/btf_decl_tag;
        // copyOf reads the flag from the source blob and reproduces the bytes exactly.
        Btf fromList = Btf.parse("list", BtfEncoder.encode(btf.ownTypes(), order));
        assertEquals(b.types(), fromList.ownTypes());
        assertFalse(fromList.kflag(tag));
        assertArrayEquals(blob, BtfBuilder.copyOf(btf).encode(order), "copyOf keeps attribute flags");
    }

    @Test
    void headerAndStringTableLayout() {
        BtfBuilder b = new BtfBuilder();
        int i = b.addInt("int", 4, BtfType.Int.SIGNED);
        b.addTypedef("int", i); // same name twice: one string
        b.addStruct("s", 4, List.of(new Member("int", i, 0, 0)));
        ByteBuffer bb = ByteBuffer.wrap(b.encode(ByteOrder.LITTLE_ENDIAN)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals((short) 0xeb9f, bb.getShort(0));
        assertEquals(1, bb.get(2));
        assertEquals(0, bb.get(3));
        assertEquals(24, bb.getInt(4));
        assertEquals(0, bb.getInt(8));
        int typeLen = bb.getInt(12);
        assertEquals(16 + 12 + (12 + 12), typeLen);
        assertEquals(typeLen, bb.getInt(16));
        assertEquals("\0int\0s\0".length(), bb.getInt(20), "strings deduplicated, starting with NUL");
        assertEquals(0, bb.get(24 + typeLen));
        assertEquals(1, bb.getInt(24), "first name right after the leading NUL");
        assertEquals(1, bb.getInt(24 + 16), "typedef reuses the string");
    }

    @Test
    void splitContinuesIdsAndStringsOfTheBase() {
        BtfBuilder bb = new BtfBuilder();
        int i = bb.addInt("int", 4, BtfType.Int.SIGNED);
        int task = bb.addStruct("task_struct", 8, List.of(new Member("pid", i, 0, 0)));
        Btf base = bb.build("base");

        BtfBuilder mb = new BtfBuilder(base);
        assertEquals(base.typeCount(), mb.nextId());
        int p = mb.addPtr(task);
        int proto = mb.addFuncProto(i, List.of(new Param("pid", p)));
        int fn = mb.addFunc("mod_kfunc", proto, BtfType.Func.GLOBAL);
        mb.addStruct("task_struct", 16, List.of()); // a module may have its own same-named type
        for (ByteOrder order : List.of(ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN)) {
            byte[] blob = mb.encode(order);
            Btf mod = Btf.parseSplit("mod", blob, base);
            assertEquals(mb.types(), mod.ownTypes());
            assertEquals(fn, mod.findOwnByNameKind("mod_kfunc", BtfKind.FUNC));
            assertEquals(task, mod.findByNameKind("task_struct", BtfKind.STRUCT), "base first");
            ByteBuffer h = ByteBuffer.wrap(blob).order(order);
            // "pid" and "task_struct" exist in the base; only "mod_kfunc" is new.
            assertEquals("mod_kfunc\0".length(), h.getInt(20));
            int nameOff = h.getInt(24 + 12 + 20); // FUNC after PTR (12) and FUNC_PROTO (12 + 8)
            assertEquals(base.stringsLength(), nameOff, "own strings start after the base's");
        }
        // the base's types cannot be replaced
        assertThrows(IllegalArgumentException.class, () -> mb.set(task, new BtfType.Fwd(0, "x", false)));
    }

    @Test
    void syntheticKernelWithKfunc() {
        // What loader tests do: "a kernel with kfunc X of prototype P".
        BtfBuilder k = new BtfBuilder();
        int i = k.addInt("int", 4, BtfType.Int.SIGNED);
        int chr = k.addInt("char", 1, BtfType.Int.SIGNED | BtfType.Int.CHAR);
        int proto = k.addFuncProto(i, List.of(new Param("s__ign", k.addPtr(k.addConst(chr)))));
        int fn = k.addFunc("bpf_strlen", proto, BtfType.Func.GLOBAL);
        k.addDeclTag("bpf_kfunc", fn, -1);
        Btf kernel = k.build("synthetic vmlinux");
        assertEquals(fn, kernel.findByNameKind("bpf_strlen", BtfKind.FUNC));
        assertEquals("int bpf_strlen(const char *s__ign)", BtfFormat.funcDeclaration(kernel, fn));
    }

    @Test
    void rewriteWithCopyOfAndSet() {
        Btf src = everyKind().build("obj");
        BtfBuilder b = BtfBuilder.copyOf(src);
        int fn = src.findByNameKind("printk_like", BtfKind.FUNC);
        BtfType.Func f = (BtfType.Func) src.type(fn);
        b.set(fn, new BtfType.Func(0, f.name(), f.type(), BtfType.Func.EXTERN));
        Btf out = b.build("rewritten");
        assertEquals(new BtfType.Func(fn, "printk_like", f.type(), BtfType.Func.EXTERN), out.type(fn));
        assertEquals(src.typeCount(), out.typeCount());
    }

    @Test
    void rejectsBadInput() {
        BtfBuilder b = new BtfBuilder();
        b.addPtr(7);
        assertThrows(IllegalArgumentException.class, () -> b.encode(ByteOrder.LITTLE_ENDIAN), "dangling reference");

        BtfBuilder e = new BtfBuilder();
        e.addEnum("e", 4, false, List.of(new EnumValue("NEG", -1)));
        assertThrows(IllegalArgumentException.class, () -> e.encode(ByteOrder.LITTLE_ENDIAN), "unsigned enum with a negative value");

        BtfBuilder m = new BtfBuilder();
        int i = m.addInt("int", 4, 1);
        m.addStruct("big", 1 << 22, List.of(new Member("bf", i, 0, 1), new Member("far", i, 1 << 24, 0)));
        assertThrows(IllegalArgumentException.class, () -> m.encode(ByteOrder.LITTLE_ENDIAN), "offset beyond kflag's 24 bits");

        BtfBuilder n = new BtfBuilder();
        n.addTypedef("a\0b", 0);
        assertThrows(IllegalArgumentException.class, () -> n.encode(ByteOrder.LITTLE_ENDIAN), "NUL in a name");

        assertThrows(IllegalArgumentException.class,
                () -> BtfEncoder.encode(List.of(new BtfType.Int(2, "int", 4, 1, 0, 32)), ByteOrder.LITTLE_ENDIAN), "ids must start at 1");
        assertThrows(IllegalArgumentException.class, () -> new BtfBuilder().add(new BtfType.Void()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"LITTLE_ENDIAN", "BIG_ENDIAN"})
    void vmlinuxRoundTrip(String orderName) {
        ByteOrder order = orderName.equals("BIG_ENDIAN") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        Btf vmlinux = TestKernel.vmlinux();
        long t0 = System.nanoTime();
        List<BtfType> types = vmlinux.ownTypes();
        long t1 = System.nanoTime();
        byte[] blob = BtfEncoder.encode(types, order);
        long t2 = System.nanoTime();
        Btf again = Btf.parse("re-encoded vmlinux", blob);
        List<BtfType> decoded = again.ownTypes();
        long t3 = System.nanoTime();
        assertTrue(types.size() > 1000);
        assertEquals(types.size(), decoded.size());
        assertEquals(types, decoded);
        assertTrue(blob.length <= vmlinux.bytes().length, "deduplicated strings are no larger than pahole's");
        System.out.printf("vmlinux round trip (%s, %d types): decode %d ms, encode %d ms, re-parse+decode %d ms%n",
                order, types.size(), (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000);
    }

    @Test
    void vmlinuxModuleSplitRoundTrip() {
        Btf vmlinux = TestKernel.vmlinux();
        int task = vmlinux.findByNameKind("task_struct", BtfKind.STRUCT);
        int i = vmlinux.findByNameKind("int", BtfKind.INT);
        BtfBuilder mb = new BtfBuilder(vmlinux);
        int proto = mb.addFuncProto(i, List.of(new Param("p", mb.addPtr(task))));
        int fn = mb.addFunc("my_module_kfunc", proto, BtfType.Func.GLOBAL);
        mb.addDeclTag("bpf_kfunc", fn, -1);
        Btf mod = mb.build("my_module");
        assertEquals(fn, mod.findOwnByNameKind("my_module_kfunc", BtfKind.FUNC));
        assertEquals("int my_module_kfunc(struct task_struct *p)", BtfFormat.funcDeclaration(mod, fn));
        // only the new name was appended; "p" and "bpf_kfunc" come from vmlinux
        assertEquals("my_module_kfunc\0".length(), ByteBuffer.wrap(mod.bytes()).order(mod.byteOrder()).getInt(20));
    }

    @Test
    void bpftoolAcceptsWhatWeWrite(@TempDir Path dir) throws Exception {
        assumeTrue(TestKernel.hasTool("bpftool", "version"), "bpftool not installed");
        Path f = dir.resolve("every.btf");
        Files.write(f, everyKind().encode(ByteOrder.nativeOrder()));
        TestKernel.Result r = TestKernel.run("bpftool", "btf", "dump", "file", f.toString());
        assertEquals(0, r.exit(), r.output());
        assertTrue(r.output().contains("[7] STRUCT 'node' size=24 vlen=5"), r.output());
        assertTrue(r.output().contains("'b' type_id=1 bits_offset=67 bitfield_size=29"), r.output());
        assertTrue(r.output().contains("FUNC 'printk_like' type_id="), r.output());
        assertTrue(r.output().contains("ENUM64 'e64' encoding=UNSIGNED size=8 vlen=2"), r.output());
    }
}
