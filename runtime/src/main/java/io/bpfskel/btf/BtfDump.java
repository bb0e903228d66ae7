package io.bpfskel.btf;

import io.bpfskel.error.BpfFormatException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;

/**
 * A compilable C header from BTF, the {@code vmlinux.h} that {@code bpftool btf dump file … format c}
 * writes: every named struct, union, enum and typedef (and anonymous top-level enums) in an order C
 * accepts, forward declarations where pointers close a cycle, bitfields and explicit padding that
 * reproduce BTF's offsets, anonymous nested types inline, all inside
 * {@code #pragma clang attribute push (__attribute__((preserve_access_index)), apply_to = record)},
 * followed by {@code extern … __weak __ksym;} prototypes of the kernel's kfuncs.
 *
 * <p>The ordering and emission follow libbpf's {@code btf_dump.c} step for step (its comments explain
 * the strong/weak link rules), so the output matches bpftool's for the same BTF and type clashes get
 * the same {@code name___2} renames.
 */
public final class BtfDump {
    private static final byte NOT_ORDERED = 0;
    private static final byte ORDERING = 1;
    private static final byte ORDERED = 2;
    private static final byte NOT_EMITTED = 0;
    private static final byte EMITTING = 1;
    private static final byte EMITTED = 2;

    private final Btf btf;
    private final StringBuilder out;
    private final CDeclWriter w;
    private final byte[] orderState;
    private final byte[] emitState;
    private final BitSet fwdEmitted;
    private final BitSet referenced;
    private final List<Integer> emitQueue = new ArrayList<>();
    private int depth;
    /**
     * Calls of orderType/emitType still allowed. Like libbpf, pointers, prototypes and arrays are walked
     * again on every use; a crafted BTF that shares them as a deep DAG would take exponential time, so
     * the walk has a budget far above what real BTF needs (a kernel uses about 3 calls per type).
     */
    private long budget;

    private BtfDump(Btf btf, StringBuilder out) {
        this.btf = btf;
        this.out = out;
        this.w = CDeclWriter.forHeader(btf, out);
        int n = btf.typeCount();
        orderState = new byte[n];
        emitState = new byte[n];
        fwdEmitted = new BitSet(n);
        referenced = new BitSet(n);
        budget = 64L * n + 1_000_000;
        orderState[0] = ORDERED;
        emitState[0] = EMITTED;
        markReferenced();
    }

    /**
     * The whole header for {@code btf} (all types, base types included for split BTF), with top-level
     * types in bpftool's default sorted order, which keeps a regenerated vmlinux.h stable across kernels.
     */
    public static String toHeader(Btf btf) {
        return toHeader(btf, true);
    }

    /**
     * The header with roots taken in bpftool's sorted order ({@code sorted}) or in type id order
     * ({@code format c unsorted}); dependencies are written before their users either way.
     */
    public static String toHeader(Btf btf, boolean sorted) {
        StringBuilder out = new StringBuilder(1 << 20);
        out.append("#ifndef __VMLINUX_H__\n");
        out.append("#define __VMLINUX_H__\n\n");
        out.append("#ifndef BPF_NO_PRESERVE_ACCESS_INDEX\n");
        out.append("#pragma clang attribute push (__attribute__((preserve_access_index)), apply_to = record)\n");
        out.append("#endif\n\n");
        out.append("#ifndef __ksym\n#define __ksym __attribute__((section(\".ksyms\")))\n#endif\n\n");
        out.append("#ifndef __weak\n#define __weak __attribute__((weak))\n#endif\n\n");
        out.append("#ifndef __bpf_fastcall\n#if __has_attribute(bpf_fastcall)\n");
        out.append("#define __bpf_fastcall __attribute__((bpf_fastcall))\n#else\n#define __bpf_fastcall\n#endif\n#endif\n\n");
        BtfDump d = new BtfDump(btf, out);
        if (sorted) {
            for (int id : BtfDumpOrder.sortedRoots(btf)) {
                d.dumpType(id);
            }
        } else {
            for (int id = 1; id < btf.typeCount(); id++) {
                d.dumpType(id);
            }
        }
        d.dumpKfuncs();
        out.append("#ifndef BPF_NO_PRESERVE_ACCESS_INDEX\n#pragma clang attribute pop\n#endif\n\n");
        out.append("#endif /* __VMLINUX_H__ */\n");
        return out.toString();
    }

    /** {@code btf_dump__dump_type}: {@code id} and whatever it needs that was not written yet. */
    private void dumpType(int id) {
        emitQueue.clear();
        if (orderType(id, false) < 0) {
            throw new BpfFormatException(btf.source(), "unsatisfiable type cycle through type " + id);
        }
        for (int q : emitQueue) {
            emitType(q, 0);
        }
    }

    /**
     * Anonymous enums used by no other type are top-level constant definitions and must be written out;
     * the referenced ones are written inline where used.
     */
    private void markReferenced() {
        for (int id = 1; id < btf.typeCount(); id++) {
            BtfType t = btf.type(id);
            if (t instanceof BtfType.Ref r) {
                referenced.set(r.type());
            } else if (t instanceof BtfType.Func f) {
                referenced.set(f.type());
            } else if (t instanceof BtfType.Var v) {
                referenced.set(v.type());
            } else if (t instanceof BtfType.DeclTag dt) {
                referenced.set(dt.type());
            } else if (t instanceof BtfType.Array a) {
                referenced.set(a.indexType());
                referenced.set(a.elemType());
            } else if (t instanceof BtfType.Composite c) {
                for (BtfType.Member m : c.members()) {
                    referenced.set(m.type());
                }
            } else if (t instanceof BtfType.FuncProto p) {
                for (BtfType.Param prm : p.params()) {
                    referenced.set(prm.type());
                }
            } else if (t instanceof BtfType.DataSec ds) {
                for (BtfType.VarSecinfo v : ds.vars()) {
                    referenced.set(v.type());
                }
            }
        }
    }

    /**
     * Topological ordering (btf_dump_order_type). Returns 1 when {@code id} is part of a strong link (must
     * be fully defined first), 0 for a weak one (a forward declaration will do), negative for a cycle
     * that no forward declaration can break.
     */
    private int orderType(int id, boolean throughPtr) {
        if (orderState[id] == ORDERED) {
            return 1;
        }
        BtfType t = btf.type(id);
        if (orderState[id] == ORDERING) {
            if (t instanceof BtfType.Composite && throughPtr && !t.name().isEmpty()) {
                return 0;
            }
            return -1;
        }
        enter(id);
        try {
            switch (t.kind()) {
                case INT:
                case FLOAT:
                    orderState[id] = ORDERED;
                    return 0;
                case PTR: {
                    int err = orderType(((BtfType.Ptr) t).type(), true);
                    orderState[id] = ORDERED;
                    return err;
                }
                case ARRAY:
                    return orderType(((BtfType.Array) t).elemType(), false);
                case STRUCT:
                case UNION: {
                    // Strong only when embedded (no pointer on the way) or anonymous (defined inline).
                    if (throughPtr && !t.name().isEmpty()) {
                        return 0;
                    }
                    orderState[id] = ORDERING;
                    for (BtfType.Member m : ((BtfType.Composite) t).members()) {
                        if (orderType(m.type(), false) < 0) {
                            return -1;
                        }
                    }
                    if (!t.name().isEmpty()) {
                        emitQueue.add(id);
                    }
                    orderState[id] = ORDERED;
                    return 1;
                }
                case ENUM:
                case ENUM64:
                case FWD:
                    if (!t.name().isEmpty() || !referenced.get(id)) {
                        emitQueue.add(id);
                    }
                    orderState[id] = ORDERED;
                    return 1;
                case TYPEDEF: {
                    int strong = orderType(((BtfType.Typedef) t).type(), throughPtr);
                    if (strong < 0) {
                        return strong;
                    }
                    if (throughPtr && strong == 0) {
                        return 0;
                    }
                    emitQueue.add(id);
                    orderState[id] = ORDERED;
                    return 1;
                }
                case VOLATILE:
                case CONST:
                case RESTRICT:
                case TYPE_TAG:
                    return orderType(((BtfType.Ref) t).type(), throughPtr);
                case FUNC_PROTO: {
                    BtfType.FuncProto p = (BtfType.FuncProto) t;
                    int err = orderType(p.returnType(), throughPtr);
                    if (err < 0) {
                        return err;
                    }
                    boolean strong = err > 0;
                    for (BtfType.Param prm : p.params()) {
                        err = orderType(prm.type(), throughPtr);
                        if (err < 0) {
                            return err;
                        }
                        strong |= err > 0;
                    }
                    return strong ? 1 : 0;
                }
                case FUNC:
                case VAR:
                case DATASEC:
                case DECL_TAG:
                    orderState[id] = ORDERED;
                    return 0;
                default:
                    return -1;
            }
        } finally {
            depth--;
        }
    }

    /**
     * Writes one queued type (btf_dump_emit_type). {@code contId} is the struct being defined around
     * this reference (0 at top level): a struct referring to itself needs no forward declaration.
     */
    private void emitType(int id, int contId) {
        if (emitState[id] == EMITTED) {
            return;
        }
        BtfType t = btf.type(id);
        BtfKind kind = t.kind();
        boolean topLevel = contId == 0;
        if (emitState[id] == EMITTING) {
            if (fwdEmitted.get(id)) {
                return;
            }
            if (kind == BtfKind.STRUCT || kind == BtfKind.UNION) {
                if (id == contId || t.name().isEmpty()) {
                    return; // anonymous loops are reported by libbpf and skipped
                }
                w.emitStructFwd(id);
                out.append(";\n\n");
                fwdEmitted.set(id);
            } else if (kind == BtfKind.TYPEDEF) {
                // The typedef works as its own forward declaration for uses through pointers.
                if (!isBlacklisted(id)) {
                    w.emitTypedefDef(id, 0);
                    out.append(";\n\n");
                }
                fwdEmitted.set(id);
            }
            return;
        }
        enter(id);
        try {
            switch (kind) {
                case INT:
                    w.emitMissingAliases(id);
                    emitState[id] = EMITTED;
                    break;
                case ENUM:
                case ENUM64:
                    if (topLevel) {
                        w.emitEnumDef(id, 0);
                        out.append(";\n\n");
                    }
                    emitState[id] = EMITTED;
                    break;
                case PTR:
                case VOLATILE:
                case CONST:
                case RESTRICT:
                case TYPE_TAG:
                    emitType(((BtfType.Ref) t).type(), contId);
                    break;
                case ARRAY:
                    emitType(((BtfType.Array) t).elemType(), contId);
                    break;
                case FWD:
                    w.emitFwdDef(id);
                    out.append(";\n\n");
                    emitState[id] = EMITTED;
                    break;
                case TYPEDEF:
                    emitState[id] = EMITTING;
                    emitType(((BtfType.Typedef) t).type(), id);
                    if (!fwdEmitted.get(id) && !isBlacklisted(id)) {
                        w.emitTypedefDef(id, 0);
                        out.append(";\n\n");
                    }
                    emitState[id] = EMITTED;
                    break;
                case STRUCT:
                case UNION: {
                    emitState[id] = EMITTING;
                    // A definition (top level, or anonymous and so inline) spells out its members, whose
                    // types need their forward declarations first.
                    if (topLevel || t.name().isEmpty()) {
                        int newCont = t.name().isEmpty() ? contId : id;
                        for (BtfType.Member m : ((BtfType.Composite) t).members()) {
                            emitType(m.type(), newCont);
                        }
                    } else if (!fwdEmitted.get(id) && id != contId) {
                        w.emitStructFwd(id);
                        out.append(";\n\n");
                        fwdEmitted.set(id);
                    }
                    if (topLevel) {
                        w.emitStructDef(id, 0);
                        out.append(";\n\n");
                        emitState[id] = EMITTED;
                    } else {
                        emitState[id] = NOT_EMITTED;
                    }
                    break;
                }
                case FUNC_PROTO: {
                    BtfType.FuncProto p = (BtfType.FuncProto) t;
                    emitType(p.returnType(), contId);
                    for (BtfType.Param prm : p.params()) {
                        emitType(prm.type(), contId);
                    }
                    break;
                }
                default:
                    break;
            }
        } finally {
            depth--;
        }
    }

    /** {@code __builtin_va_list} is a compiler built-in; redefining it breaks the build. */
    private boolean isBlacklisted(int id) {
        return btf.name(id).equals("__builtin_va_list");
    }

    /** bpftool's kfunc section: every FUNC tagged {@code bpf_kfunc}, sorted by name. */
    private void dumpKfuncs() {
        out.append("\n/* BPF kfuncs */\n#ifndef BPF_NO_KFUNC_PROTOTYPES\n");
        List<Integer> kfuncs = new ArrayList<>();
        BitSet fastcalls = new BitSet();
        for (int id = 1; id < btf.typeCount(); id++) {
            if (btf.kind(id) != BtfKind.DECL_TAG) {
                continue;
            }
            BtfType.DeclTag tag = (BtfType.DeclTag) btf.type(id);
            if (tag.componentIdx() != -1 || btf.kind(tag.type()) != BtfKind.FUNC) {
                continue;
            }
            if (tag.name().equals("bpf_kfunc")) {
                kfuncs.add(tag.type());
            } else if (tag.name().equals("bpf_fastcall")) {
                fastcalls.set(tag.type());
            }
        }
        // Stable order (by name, ties by id as qsort happened to leave them) keeps vmlinux.h diffs small.
        kfuncs.sort(Comparator.comparing((Integer f) -> btf.name(f)).thenComparing(Comparator.naturalOrder()));
        for (int f : kfuncs) {
            out.append("extern ");
            if (fastcalls.get(f)) {
                out.append("__bpf_fastcall ");
            }
            w.emitTypeDecl(((BtfType.Func) btf.type(f)).type(), btf.name(f), 0);
            out.append(" __weak __ksym;\n");
        }
        out.append("#endif\n\n");
    }

    private void enter(int id) {
        if (--budget < 0) {
            throw new BpfFormatException(btf.source(), "type " + id + ": type graph too costly to walk (pathologically shared prototypes or arrays?)");
        }
        if (++depth > CDeclWriter.MAX_NESTING) {
            throw new BpfFormatException(btf.source(), "type " + id + ": types nested deeper than " + CDeclWriter.MAX_NESTING);
        }
    }
}
