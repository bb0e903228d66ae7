package io.bpfskel.btf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpfskel.btf.BtfType.Member;
import io.bpfskel.btf.BtfType.Param;
import io.bpfskel.error.BpfFormatException;
import java.util.List;
import org.junit.jupiter.api.Test;

class BtfFormatTest {
    private final BtfBuilder b = new BtfBuilder();
    private final int i32 = b.addInt("int", 4, BtfType.Int.SIGNED);
    private final int chr = b.addInt("char", 1, BtfType.Int.SIGNED | BtfType.Int.CHAR);
    private final int task = b.addStruct("task_struct", 4, List.of(new Member("pid", i32, 0, 0)));
    private final int taskPtr = b.addPtr(task);
    private final int cchr = b.addConst(chr);
    private final int cchrPtr = b.addPtr(cchr);
    private final int comm = b.addArray(chr, i32, 16);

    @Test
    void typeNames() {
        int ptrToArr = b.addPtr(comm);
        int constPtr = b.addConst(b.addPtr(chr));
        int pp = b.addPtr(b.addPtr(i32));
        int fp = b.addPtr(b.addFuncProto(0, List.of(new Param("", i32))));
        int anon = b.addStruct("", 4, List.of(new Member("x", i32, 0, 0)));
        int anonEnum = b.addEnum("", 4, false, List.of());
        int u = b.addFwd("bpf_map", true);
        int proto = b.addFuncProto(i32, List.of(new Param("s", cchrPtr)));
        int user = b.addPtr(b.addTypeTag("user", chr));
        Btf btf = b.build("t");
        assertEquals("struct task_struct *", BtfFormat.typeName(btf, taskPtr));
        assertEquals("const char *", BtfFormat.typeName(btf, cchrPtr));
        assertEquals("int", BtfFormat.typeName(btf, i32));
        assertEquals("void", BtfFormat.typeName(btf, 0));
        assertEquals("char [16]", BtfFormat.typeName(btf, comm));
        assertEquals("char (*)[16]", BtfFormat.typeName(btf, ptrToArr));
        assertEquals("char * const", BtfFormat.typeName(btf, constPtr));
        assertEquals("int **", BtfFormat.typeName(btf, pp));
        assertEquals("void (*)(int)", BtfFormat.typeName(btf, fp));
        assertEquals("struct {...}", BtfFormat.typeName(btf, anon));
        assertEquals("enum {...}", BtfFormat.typeName(btf, anonEnum));
        assertEquals("union bpf_map", BtfFormat.typeName(btf, u));
        assertEquals("int (const char *s)", BtfFormat.typeName(btf, proto));
        assertEquals("char __attribute__((btf_type_tag(\"user\"))) *", BtfFormat.typeName(btf, user));
    }

    @Test
    void declarations() {
        int fp = b.addPtr(b.addFuncProto(0, List.of(new Param("", i32))));
        int fpArr = b.addArray(fp, i32, 4);
        int grid = b.addArray(b.addArray(i32, i32, 3), i32, 2);
        int retFp = b.addPtr(b.addFuncProto(fp, List.of(new Param("", b.addInt("long", 8, 1)))));
        int var = b.addVar("jiffies", b.addVolatile(b.addInt("unsigned long", 8, 0)), BtfType.Var.GLOBAL_ALLOCATED);
        Btf btf = b.build("t");
        assertEquals("char comm[16]", BtfFormat.declaration(btf, comm, "comm"));
        assertEquals("void (*fn)(int)", BtfFormat.declaration(btf, fp, "fn"));
        assertEquals("void (*handlers[4])(int)", BtfFormat.declaration(btf, fpArr, "handlers"));
        assertEquals("int grid[2][3]", BtfFormat.declaration(btf, grid, "grid"));
        assertEquals("void (* (*signal)(long))(int)", BtfFormat.declaration(btf, retFp, "signal"));
        assertEquals("struct task_struct *t", BtfFormat.declaration(btf, taskPtr, "t"));
        assertEquals("volatile unsigned long jiffies", BtfFormat.typeName(btf, var));
    }

    @Test
    void funcDeclarations() {
        int named = b.addFunc("bpf_strlen", b.addFuncProto(i32, List.of(new Param("s__ign", cchrPtr))), BtfType.Func.GLOBAL);
        int unnamed = b.addFunc("some_kfunc___old", b.addFuncProto(i32, List.of(new Param("", b.addPtr(0)))), BtfType.Func.EXTERN);
        int noArgs = b.addFunc("bpf_get_prandom", b.addFuncProto(b.addInt("u32", 4, 0), List.of()), BtfType.Func.GLOBAL);
        int varargs = b.addFunc("bpf_printk_like", b.addFuncProto(i32, List.of(new Param("fmt", cchrPtr), new Param("", 0))), BtfType.Func.GLOBAL);
        int retPtr = b.addFunc("bpf_task_acquire", b.addFuncProto(taskPtr, List.of(new Param("p", taskPtr))), BtfType.Func.GLOBAL);
        Btf btf = b.build("t");
        assertEquals("int bpf_strlen(const char *s__ign)", BtfFormat.funcDeclaration(btf, named));
        assertEquals("int some_kfunc___old(void *)", BtfFormat.funcDeclaration(btf, unnamed));
        assertEquals("u32 bpf_get_prandom(void)", BtfFormat.funcDeclaration(btf, noArgs));
        assertEquals("int bpf_printk_like(const char *fmt, ...)", BtfFormat.funcDeclaration(btf, varargs));
        assertEquals("struct task_struct *bpf_task_acquire(struct task_struct *p)", BtfFormat.funcDeclaration(btf, retPtr));
        assertEquals(BtfFormat.funcDeclaration(btf, named), BtfFormat.typeName(btf, named));
        assertThrows(IllegalArgumentException.class, () -> BtfFormat.funcDeclaration(btf, i32));
    }

    @Test
    void definitions() {
        int u64 = b.addInt("unsigned long long", 8, 0);
        int stats = b.addStruct("", 16, List.of(new Member("hits", u64, 0, 0), new Member("misses", u64, 64, 0)));
        int color = b.addEnum("color", 4, false, List.of(new BtfType.EnumValue("RED", 0), new BtfType.EnumValue("BLUE", 7)));
        int cfg = b.addStruct("config", 56, List.of(new Member("pid", i32, 0, 0), new Member("comm", comm, 32, 0),
                new Member("stats", stats, 192, 0), new Member("task", task, 352, 0), new Member("tint", color, 384, 0)));
        int anon = b.addUnion("", 4, List.of(new Member("x", i32, 0, 0)));
        int signed = b.addEnum("delta", 1, true, List.of(new BtfType.EnumValue("DOWN", -1)));
        Btf btf = b.build("t");
        // As bpftool prints it: the anonymous struct written out, named types referenced, the 4-byte hole
        // after stats (natural alignment would put task at 40, BTF says 44) padded explicitly.
        assertEquals("struct config {\n\tint pid;\n\tchar comm[16];\n\tstruct {\n"
                + "\t\tunsigned long long hits;\n\t\tunsigned long long misses;\n\t} stats;\n\tint: 32;\n"
                + "\tstruct task_struct task;\n\tenum color tint;\n};", BtfFormat.definition(btf, cfg));
        assertEquals("enum color {\n\tRED = 0,\n\tBLUE = 7,\n};", BtfFormat.definition(btf, color));
        assertEquals("union {\n\tint x;\n};", BtfFormat.definition(btf, anon));
        assertEquals("enum delta {\n\tDOWN = -1,\n} __attribute__((mode(byte)));", BtfFormat.definition(btf, signed));
        assertThrows(IllegalArgumentException.class, () -> BtfFormat.definition(btf, i32));
    }

    @Test
    void badInputIsAFormatError() {
        int p1 = b.nextId();
        b.addPtr(p1 + 1);
        b.addPtr(p1);
        int anon = b.nextId();
        b.addStruct("", 8, List.of(new Member("self", anon + 1, 0, 0)));
        b.addStruct("", 8, List.of(new Member("other", anon, 0, 0)));
        Btf btf = b.build("cyclic.btf");
        BpfFormatException e = assertThrows(BpfFormatException.class, () -> BtfFormat.typeName(btf, p1));
        assertTrue(e.getMessage().startsWith("cyclic.btf: type "), e.getMessage());
        assertThrows(BpfFormatException.class, () -> BtfFormat.typeName(btf, 12345));
        // Anonymous types are abbreviated here, so their cycles are harmless; the header dumper inlines them
        // and must stop.
        assertEquals("struct {...}", BtfFormat.typeName(btf, anon));
        assertThrows(BpfFormatException.class, () -> BtfDump.toHeader(btf));
        assertThrows(BpfFormatException.class, () -> BtfFormat.definition(btf, anon));
    }

    @Test
    void vmlinuxDeclarations() {
        Btf vmlinux = TestKernel.vmlinux();
        int ts = vmlinux.findByNameKind("task_struct", BtfKind.STRUCT);
        BtfType.Struct s = (BtfType.Struct) vmlinux.type(ts);
        BtfType.Member commMember = s.members().stream().filter(m -> m.name().equals("comm")).findFirst().orElseThrow();
        assertEquals("char comm[16]", BtfFormat.declaration(vmlinux, commMember.type(), "comm"));
        BtfType.Member parent = s.members().stream().filter(m -> m.name().equals("real_parent")).findFirst().orElseThrow();
        assertEquals("struct task_struct *", BtfFormat.typeName(vmlinux, parent.type()));
        int acquire = vmlinux.findByNameKind("bpf_task_acquire", BtfKind.FUNC);
        if (acquire > 0) {
            assertEquals("struct task_struct *bpf_task_acquire(struct task_struct *p)", BtfFormat.funcDeclaration(vmlinux, acquire));
        }
        // every FUNC of the kernel formats without error
        int n = 0;
        for (int id = 1; id < vmlinux.typeCount(); id++) {
            if (vmlinux.kind(id) == BtfKind.FUNC) {
                assertTrue(BtfFormat.funcDeclaration(vmlinux, id).contains(vmlinux.name(id) + "("));
                n++;
            }
        }
        assertTrue(n > 1000);
    }
}
