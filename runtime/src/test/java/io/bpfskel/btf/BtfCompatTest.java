package io.bpfskel.btf;

import static io.bpfskel.btf.BtfCompat.EINVAL;
import static io.bpfskel.btf.BtfCompat.typesAreCompat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpfskel.btf.BtfType.EnumValue;
import io.bpfskel.btf.BtfType.Member;
import io.bpfskel.btf.BtfType.Param;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each rule of libbpf's {@code __bpf_core_types_are_compat} (reference section 4), on pairs of
 * synthetic BTFs: a "local" one (what clang writes for a BPF object) and a "target" one (the kernel).
 */
class BtfCompatTest {

    /** Common base types, added first to every synthetic BTF so that ids line up for readability. */
    static final class Types {
        final BtfBuilder b = new BtfBuilder();
        final int i32 = b.addInt("int", 4, BtfType.Int.SIGNED);
        final int i64 = b.addInt("long", 8, BtfType.Int.SIGNED);
        final int u8 = b.addInt("u8", 1, 0);
        final int u32 = b.addInt("u32", 4, 0);
        final int chr = b.addInt("char", 1, BtfType.Int.SIGNED | BtfType.Int.CHAR);
        final int task = b.addStruct("task_struct", 16, List.of(new Member("pid", i32, 0, 0)));
        final int other = b.addStruct("cgroup", 8, List.of());
        final int taskPtr = b.addPtr(task);
        final int otherPtr = b.addPtr(other);
        final int voidPtr = b.addPtr(0);

        int proto(int ret, int... params) {
            List<Param> ps = new ArrayList<>();
            for (int p : params) {
                ps.add(new Param("", p));
            }
            return b.addFuncProto(ret, ps);
        }

        int namedProto(int ret, String name, int param) {
            return b.addFuncProto(ret, List.of(new Param(name, param)));
        }

        Btf build() {
            return b.build("synthetic");
        }
    }

    private static int compat(Types l, int lid, Types t, int tid) {
        return typesAreCompat(l.build(), lid, t.build(), tid);
    }

    @Test
    void paramNamesAreIgnored() {
        Types l = new Types();
        Types t = new Types();
        int lp = l.namedProto(l.taskPtr, "p", l.taskPtr);
        int tp = t.namedProto(t.taskPtr, "task", t.taskPtr);
        assertEquals(1, compat(l, lp, t, tp));
    }

    @Test
    void paramCountMatters() {
        Types l = new Types();
        Types t = new Types();
        int lp = l.proto(l.taskPtr, l.taskPtr, l.voidPtr); // bpf_task_acquire___two(t, 0)
        int tp = t.proto(t.taskPtr, t.taskPtr);
        assertEquals(0, compat(l, lp, t, tp));
        assertEquals(1, compat(l, l.proto(l.taskPtr, l.taskPtr), t, tp));
    }

    @Test
    void voidPointerIsNotStructPointer() {
        Types l = new Types();
        Types t = new Types();
        assertEquals(0, compat(l, l.proto(l.taskPtr, l.voidPtr), t, t.proto(t.taskPtr, t.taskPtr)), "___three(void *)");
        assertEquals(0, compat(l, l.voidPtr, t, t.taskPtr));
    }

    @Test
    void anyStructPointerMatchesAnyStructPointer() {
        Types l = new Types();
        Types t = new Types();
        assertEquals(1, compat(l, l.otherPtr, t, t.taskPtr), "struct A * vs struct B *: names are not compared");
        assertEquals(1, compat(l, l.task, t, t.other), "members and sizes are not compared either");
    }

    @Test
    void integersOfAnySizeAndSignednessMatch() {
        Types l = new Types();
        Types t = new Types();
        assertEquals(1, compat(l, l.proto(l.i32, l.i32), t, t.proto(t.i32, t.i64)), "int f___a(int) vs f(long)");
        assertEquals(1, compat(l, l.u8, t, t.i64));
        assertEquals(1, compat(l, l.chr, t, t.u32));
    }

    @Test
    void bitfieldLikeIntegersDoNot() {
        Types l = new Types();
        Types t = new Types();
        int odd = l.b.addInt("odd", 4, 0, 2, 6);
        assertEquals(0, compat(l, odd, t, t.i32));
        int oddT = t.b.addInt("odd", 4, 0, 1, 7);
        assertEquals(0, compat(l, l.i32, t, oddT));
    }

    @Test
    void voidReturnIsNotU32Return() {
        Types l = new Types();
        Types t = new Types();
        // sched_ext's scx_bpf_reenqueue_local___v1 (u32) vs ___v2___compat (void)
        assertEquals(0, compat(l, l.proto(0), t, t.proto(t.u32)));
        assertEquals(0, compat(l, l.proto(l.u32), t, t.proto(0)));
        assertEquals(1, compat(l, l.proto(0), t, t.proto(0)));
        assertEquals(1, compat(l, l.proto(l.u32), t, t.proto(t.i32)));
    }

    @Test
    void forwardDeclarationIsNotStruct() {
        Types l = new Types();
        Types t = new Types();
        int fwd = l.b.addFwd("task_struct", false);
        int fwdPtr = l.b.addPtr(fwd);
        int lp = l.proto(0, fwdPtr); // void bpf_task_release(struct task_struct *) with `struct task_struct;`
        int tp = t.proto(0, t.taskPtr);
        assertEquals(0, compat(l, lp, t, tp));
        int tfwd = t.b.addFwd("x", true);
        assertEquals(1, compat(l, fwd, t, tfwd), "FWD vs FWD is fine, struct/union flavour not compared");
    }

    @Test
    void floatIsUnsupported() {
        Types l = new Types();
        Types t = new Types();
        int lf = l.b.addFloat("double", 8);
        int tf = t.b.addFloat("double", 8);
        assertEquals(0, compat(l, lf, t, tf));
        assertEquals(0, compat(l, l.b.addPtr(lf), t, t.b.addPtr(tf)));
    }

    @Test
    void otherKindsAreUnexpected() {
        Types l = new Types();
        Types t = new Types();
        int lv = l.b.addVar("x", l.i32, BtfType.Var.GLOBAL_EXTERN);
        int tv = t.b.addVar("x", t.i32, BtfType.Var.GLOBAL_ALLOCATED);
        assertEquals(0, compat(l, lv, t, tv), "VAR is not looked through");
        int lfn = l.b.addFunc("f", l.proto(0), BtfType.Func.EXTERN);
        int tfn = t.b.addFunc("f", t.proto(0), BtfType.Func.GLOBAL);
        assertEquals(0, compat(l, lfn, t, tfn), "callers pass the FUNC_PROTO, not the FUNC");
    }

    @Test
    void enumSizesAndEnum64AreIgnored() {
        Types l = new Types();
        Types t = new Types();
        int e1 = l.b.addEnum("e", 1, false, List.of(new EnumValue("A", 1)));
        int e8 = t.b.addEnum64("e", 8, true, List.of(new EnumValue("B", -1)));
        int e4 = t.b.addEnum("other", 4, false, List.of());
        assertEquals(1, compat(l, e1, t, e8), "ENUM vs ENUM64");
        assertEquals(1, compat(l, e1, t, e4));
        assertEquals(0, compat(l, e1, t, t.i32), "enum vs int");
    }

    @Test
    void typedefsAndModifiersAreSkippedButNotAtTheTop() {
        Types l = new Types();
        Types t = new Types();
        int lTypedef = l.b.addTypedef("pid_t", l.i32);
        int lConstPtr = l.b.addPtr(l.b.addConst(l.b.addVolatile(l.chr)));
        int tTypedef = t.b.addTypedef("s32", t.i32);
        int tCharPtr = t.b.addPtr(t.b.addTypeTag("user", t.chr));
        // Inside parameters and pointers, modifiers and typedefs vanish.
        assertEquals(1, compat(l, l.proto(lTypedef, lConstPtr), t, t.proto(t.i64, tCharPtr)));
        assertEquals(1, compat(l, lConstPtr, t, tCharPtr));
        // At the top, raw kinds are compared before anything is skipped (libbpf quirk).
        assertEquals(0, compat(l, lTypedef, t, t.i32), "TYPEDEF vs INT at the top");
        assertEquals(1, compat(l, lTypedef, t, tTypedef), "TYPEDEF vs TYPEDEF, then INT vs INT");
        int lConst = l.b.addConst(l.i32);
        assertEquals(0, compat(l, lConst, t, tTypedef), "CONST vs TYPEDEF at the top");
    }

    @Test
    void arraysCompareElementsNotLengths() {
        Types l = new Types();
        Types t = new Types();
        int la = l.b.addArray(l.chr, l.i32, 16);
        int ta = t.b.addArray(t.u8, t.i32, 4);
        assertEquals(1, compat(l, la, t, ta));
        int tb = t.b.addArray(t.taskPtr, t.i32, 16);
        assertEquals(0, compat(l, la, t, tb));
    }

    @Test
    void varargsMarkerComparesAsVoid() {
        Types l = new Types();
        Types t = new Types();
        assertEquals(1, compat(l, l.proto(l.i32, l.chr, 0), t, t.proto(t.i32, t.chr, 0)));
        assertEquals(0, compat(l, l.proto(l.i32, l.chr, 0), t, t.proto(t.i32, t.chr, t.i32)));
    }

    @Test
    void functionPointerParametersRecurse() {
        Types l = new Types();
        Types t = new Types();
        int lcb = l.b.addPtr(l.proto(l.i32, l.voidPtr, l.i32));
        int tcb = t.b.addPtr(t.proto(t.i32, t.voidPtr, t.i64));
        int tcbBad = t.b.addPtr(t.proto(t.i32, t.taskPtr, t.i64));
        assertEquals(1, compat(l, l.proto(l.i32, lcb), t, t.proto(t.i32, tcb)));
        assertEquals(0, compat(l, l.proto(l.i32, lcb), t, t.proto(t.i32, tcbBad)));
    }

    @Test
    void levelLimitsParameterNesting() {
        Types l = new Types();
        Types t = new Types();
        // f(int (*)(int)) needs two levels: one for the outer parameter, one for the inner.
        int lf = l.proto(0, l.b.addPtr(l.proto(0, l.i32)));
        int tf = t.proto(0, t.b.addPtr(t.proto(0, t.i32)));
        int lNoArgs = l.proto(l.i32);
        int tNoArgs = t.proto(t.i64);
        Btf lb = l.build();
        Btf tb = t.build();
        assertEquals(1, typesAreCompat(lb, lf, tb, tf, BtfCompat.KERNEL_LEVEL));
        assertEquals(EINVAL, typesAreCompat(lb, lf, tb, tf, 1));
        assertEquals(1, typesAreCompat(lb, lNoArgs, tb, tNoArgs, 0), "no parameters: level unused");
    }

    @Test
    void cyclesAreErrorsNotHangs() {
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            // PTR -> PTR -> itself: runs out of the 32-step depth.
            Types l = new Types();
            int p1 = l.b.nextId();
            l.b.addPtr(p1 + 1);
            l.b.addPtr(p1);
            Types t = new Types();
            int q1 = t.b.nextId();
            t.b.addPtr(q1 + 1);
            t.b.addPtr(q1);
            assertEquals(EINVAL, compat(l, p1, t, q1));

            // typedef cycle: libbpf would spin forever in skip_mods_and_typedefs.
            Types l2 = new Types();
            int td = l2.b.nextId();
            l2.b.addTypedef("a", td + 1);
            l2.b.addConst(td);
            Types t2 = new Types();
            int td2 = t2.b.nextId();
            t2.b.addTypedef("b", td2 + 1);
            t2.b.addConst(td2);
            assertEquals(EINVAL, compat(l2, td, t2, td2));

            // A prototype taking a pointer to itself: recursion bounded by level.
            Types l3 = new Types();
            int fp = l3.b.nextId();
            l3.b.addFuncProto(0, List.of(new Param("", fp + 1)));
            l3.b.addPtr(fp);
            Types t3 = new Types();
            int gp = t3.b.nextId();
            t3.b.addFuncProto(0, List.of(new Param("", gp + 1)));
            t3.b.addPtr(gp);
            assertEquals(EINVAL, compat(l3, fp, t3, gp));
        });
    }

    @Test
    void invalidIdsAreErrors() {
        Types l = new Types();
        Types t = new Types();
        Btf lb = l.build();
        Btf tb = t.build();
        assertEquals(EINVAL, typesAreCompat(lb, 9999, tb, t.i32));
        assertEquals(EINVAL, typesAreCompat(lb, l.i32, tb, -1));
        assertFalse(BtfCompat.isCompatible(lb, 9999, tb, t.i32));
        assertTrue(BtfCompat.isCompatible(lb, l.i32, tb, t.i64));
    }

    @Test
    void kfuncPrototypesAgainstVmlinux() {
        Btf vmlinux = TestKernel.vmlinux();
        int fn = vmlinux.findByNameKind("bpf_task_acquire", BtfKind.FUNC);
        org.junit.jupiter.api.Assumptions.assumeTrue(fn > 0, "kernel without bpf_task_acquire");
        int kproto = ((BtfType.Func) vmlinux.type(fn)).type();

        // What clang writes for the three flavors of the libbpf selftest.
        BtfBuilder b = new BtfBuilder();
        int task = b.addStruct("task_struct", 4, List.of());
        int taskPtr = b.addPtr(task);
        int one = b.addFuncProto(taskPtr, List.of(new Param("", taskPtr)));
        int two = b.addFuncProto(taskPtr, List.of(new Param("", taskPtr), new Param("", b.addPtr(0))));
        int three = b.addFuncProto(taskPtr, List.of(new Param("", b.addPtr(0))));
        int fwdPtr = b.addPtr(b.addFwd("task_struct", false));
        int fwd = b.addFuncProto(fwdPtr, List.of(new Param("", fwdPtr)));
        Btf local = b.build("task_kfunc_flavors.bpf.o");
        assertEquals(1, typesAreCompat(local, one, vmlinux, kproto), "___one resolves");
        assertEquals(0, typesAreCompat(local, two, vmlinux, kproto), "___two: extra parameter");
        assertEquals(0, typesAreCompat(local, three, vmlinux, kproto), "___three: void * parameter");
        assertEquals(0, typesAreCompat(local, fwd, vmlinux, kproto), "forward-declared task_struct");
    }
}
