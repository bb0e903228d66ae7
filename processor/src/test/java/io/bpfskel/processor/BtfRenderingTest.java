package io.bpfskel.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bpfskel.btf.Btf;
import io.bpfskel.btf.BtfCompat;
import io.bpfskel.btf.BtfFormat;
import io.bpfskel.btf.BtfKind;
import io.bpfskel.btf.BtfType;
import io.bpfskel.object.BpfObject;
import io.bpfskel.object.Extern;
import org.junit.jupiter.api.Test;

/**
 * The runtime's C-declaration renderer ({@link BtfFormat}) and prototype compatibility check ({@link BtfCompat})
 * as the processor uses them for Javadoc and flavor warnings, on the processor fixtures' BTF.
 */
class BtfRenderingTest {
    private static BpfObject object(String name) {
        return BpfObject.parse(name, Fixtures.bytes(Fixtures.el().resolve(name)));
    }

    private static String varDecl(BpfObject o, String var) {
        Btf btf = o.btf();
        BtfType.Var v = (BtfType.Var) btf.type(btf.findByNameKind(var, BtfKind.VAR));
        return BtfFormat.declaration(btf, v.type(), var);
    }

    @Test
    void declarations() {
        BpfObject k = object("kitchen.bpf.o");
        assertEquals("int matrix[2][3]", varDecl(k, "matrix"));
        assertEquals("volatile const char greeting[32]", varDecl(k, "greeting"));
        assertEquals("volatile const __u32 target_pid", varDecl(k, "target_pid"));
        assertEquals("void *ptr", varDecl(k, "ptr"));
        assertEquals("int (*callback)(int, const char *)", varDecl(k, "callback"));
        assertEquals("int (*row_ptr)[4]", varDecl(k, "row_ptr"));
        assertEquals("char names[3][8]", varDecl(k, "names"));
        assertEquals("struct {...} anon", varDecl(k, "anon"));
        assertEquals("pair_t pair", varDecl(k, "pair"));
        assertEquals("enum color color", varDecl(k, "color"));
        assertEquals("_Bool flag", varDecl(k, "flag"));
        assertEquals("extern enum libbpf_tristate CONFIG_BPF_LSM __kconfig __weak;",
                ModelBuilder.externDecl(k.btf(), k.extern("CONFIG_BPF_LSM").orElseThrow()));
        assertEquals("extern char CONFIG_LOCALVERSION[16] __kconfig __weak;",
                ModelBuilder.externDecl(k.btf(), k.extern("CONFIG_LOCALVERSION").orElseThrow()));
        assertEquals("extern int LINUX_KERNEL_VERSION __kconfig;", ModelBuilder.externDecl(k.btf(), k.extern("LINUX_KERNEL_VERSION").orElseThrow()));
        assertEquals("int kitchen_run(void *ctx)",
                BtfFormat.funcDeclaration(k.btf(), k.btf().findByNameKind("kitchen_run", BtfKind.FUNC)));
        assertEquals("struct point {\n\tint x;\n\tint y;\n};", BtfFormat.definition(k.btf(), k.btf().findByNameKind("point", BtfKind.STRUCT)));

        BpfObject f = object("flavors.bpf.o");
        assertEquals("extern int some_kfunc___old(void *) __ksym __weak;", ModelBuilder.externDecl(f.btf(), f.extern("some_kfunc___old").orElseThrow()));
        assertEquals("extern struct task_struct *bpf_task_from_pid(__s32) __ksym __weak;",
                ModelBuilder.externDecl(f.btf(), f.extern("bpf_task_from_pid").orElseThrow()));
        assertEquals("extern void bpf_task_release(struct task_struct *) __ksym __weak;",
                ModelBuilder.externDecl(f.btf(), f.extern("bpf_task_release").orElseThrow()));
        assertEquals("extern const struct rq runqueues __ksym __weak;", ModelBuilder.externDecl(f.btf(), f.extern("runqueues").orElseThrow()));
        assertEquals("extern const void bpf_link_fops __ksym __weak;", ModelBuilder.externDecl(f.btf(), f.extern("bpf_link_fops").orElseThrow()));

        BpfObject w = object("warnings.bpf.o");
        assertEquals("extern int bpf_strlen___strong(const char *) __ksym;",
                ModelBuilder.externDecl(w.btf(), w.extern("bpf_strlen___strong").orElseThrow()));
    }

    private static int compat(BpfObject o, String a, String b) {
        Extern ea = o.extern(a).orElseThrow();
        Extern eb = o.extern(b).orElseThrow();
        return BtfCompat.typesAreCompat(o.btf(), ea.typeId(), o.btf(), eb.typeId());
    }

    @Test
    void prototypeCompatibility() {
        BpfObject w = object("warnings.bpf.o");
        // int (const char *) vs long (const unsigned char *): int sizes and signedness are ignored
        assertEquals(1, compat(w, "bpf_strlen___a", "bpf_strlen___b"));
        assertEquals(1, compat(w, "bpf_strlen___strong", "bpf_strlen___a"));
        BpfObject f = object("flavors.bpf.o");
        assertEquals(0, compat(f, "bpf_strlen___new", "bpf_strlen___old"), "parameter count differs");
        assertEquals(0, compat(f, "some_kfunc___old", "some_kfunc___new"), "parameter count differs");
        assertEquals(0, compat(f, "bpf_strlen___new", "some_kfunc___old"), "char * vs void *: INT vs void");
        assertEquals(0, compat(f, "bpf_task_release", "some_kfunc___old"), "struct * vs void *");
        assertEquals(0, compat(f, "bpf_task_release", "bpf_strlen___new"), "void vs int return, struct vs int pointee");
        assertEquals(1, compat(f, "bpf_strlen___new", "bpf_strlen___new"));
    }
}
