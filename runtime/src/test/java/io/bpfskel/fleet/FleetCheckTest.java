package io.bpfskel.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpfskel.btf.Btf;
import io.bpfskel.btf.BtfBuilder;
import io.bpfskel.btf.BtfKind;
import io.bpfskel.btf.BtfType;
import io.bpfskel.btf.KernelBtf;
import io.bpfskel.object.BpfObject;
import io.bpfskel.testing.Fixtures;
import io.bpfskel.testing.FleetKernels;
import io.bpfskel.testing.KernelTests;
import java.nio.ByteOrder;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The fleet check on real kernels: Debian's 6.1 and 6.12 (BTF and config from their packages, see
 * {@link FleetKernels}) and, where a kernel-specific answer is needed without them, this host's BTF with parts cut out.
 */
class FleetCheckTest {

    private static KernelCheck check(String fixture, FleetKernel k) {
        return FleetCheck.check(BpfObject.open(Fixtures.bpfel(fixture)), k);
    }

    private static boolean any(KernelCheck c, Finding.Effect e, Predicate<Finding> p) {
        return c.findings(e).stream().anyMatch(p);
    }

    @Test
    void coreRelocationThatOnlyNewerKernelsSatisfyFailsOnDebianKernels() {
        // core_probed reads task_struct's init_private_fork_class bitfield unguarded: 6.18 has it, 6.1 and 6.12 do not
        for (String series : List.of("6.1", "6.12")) {
            KernelCheck c = check("core_engine", FleetKernels.kernel(series));
            Verdict v = c.verdict();
            assertInstanceOf(Verdict.Fails.class, v, series + ": " + v.text());
            assertTrue(any(c, Finding.Effect.FAILS, f -> f.category() == Finding.Category.CORE
                    && f.program().equals("core_probed") && f.detail().contains("init_private_fork_class")
                    && f.detail().contains("reachable")), series + ": " + v.text());
            // the guarded read of a field no kernel has is poisoned but unreachable: only a note
            assertTrue(any(c, Finding.Effect.NOTE, f -> f.category() == Finding.Category.CORE
                    && f.detail().contains("no_such_field") && f.detail().contains("unreachable")), series + ": " + c.findings());
        }
    }

    @Test
    void tcxAttachTypesAreMissingOn61() {
        KernelCheck old = check("attach_net", FleetKernels.kernel("6.1"));
        assertInstanceOf(Verdict.Fails.class, old.verdict());
        assertTrue(old.verdict().reason().contains("attach type BPF_TCX_INGRESS: the kernel has no such attach type"),
                old.verdict().text());
        KernelCheck newer = check("attach_net", FleetKernels.kernel("6.12"));
        assertInstanceOf(Verdict.Loads.class, newer.verdict(), newer.verdict().text());
    }

    @Test
    void unguardedCallOfAKfuncThat61LacksFails() {
        // bpf_iter_num_new (6.4) is declared weak by bpf_helpers.h and called without a bpf_ksym_exists() guard
        KernelCheck c = check("externs", FleetKernels.kernel("6.1"));
        assertInstanceOf(Verdict.Fails.class, c.verdict());
        assertTrue(any(c, Finding.Effect.FAILS, f -> f.what().startsWith("call of kfunc bpf_iter_num_new")), c.verdict().text());
        // the guarded ones are notes, and so is what only the verifier knows
        assertTrue(any(c, Finding.Effect.NOTE, f -> f.what().equals("kfuncs for BPF_PROG_TYPE_SYSCALL")), c.findings().toString());
        // the guarded ones are notes
        assertTrue(any(c, Finding.Effect.NOTE, f -> f.what().startsWith("call of kfunc") && f.detail().contains("unreachable")),
                c.findings().toString());
    }

    @Test
    void configDecidesTypedKsymsAndKprobes() {
        FleetKernel k61 = FleetKernels.kernel("6.1");
        // Debian builds with CONFIG_KALLSYMS_ALL=y: typed variable ksyms get their address
        KernelCheck typed = check("ksym_typed", k61);
        assertInstanceOf(Verdict.Loads.class, typed.verdict(), typed.verdict().text());
        KernelCheck kprobe = check("attach_kprobe", k61);
        assertEquals("ok", kprobe.attach());
        // without a config the same questions are unknown, with the reason
        FleetKernel noConfig = FleetKernel.ofFiles("6.1-without-config", FleetKernels.btf("6.1"), null, null);
        KernelCheck typedUnknown = check("ksym_typed", noConfig);
        assertInstanceOf(Verdict.Unknown.class, typedUnknown.verdict());
        assertTrue(typedUnknown.verdict().reason().contains("CONFIG_KALLSYMS_ALL"), typedUnknown.verdict().text());
        KernelCheck fentry = check("attach_fentry", noConfig);
        assertInstanceOf(Verdict.Unknown.class, fentry.verdict());
        assertTrue(fentry.verdict().reason().contains("CONFIG_DYNAMIC_FTRACE_WITH_DIRECT_CALLS"), fentry.verdict().text());
    }

    /** The config's {@code CONFIG_X=value} lines, as the kernel's scripts/kconfig writes them; nothing else. */
    @Test
    void configLinesParsed() {
        String text = "#\n# Automatically generated file; DO NOT EDIT.\n# Linux/x86 6.1.0 Kernel Configuration\n"
                + "CONFIG_BPF=y\nCONFIG_HZ=250\r\nCONFIG_LOCALVERSION=\"-amd64\"\n# CONFIG_KPROBES is not set\n"
                + "  CONFIG_INDENTED=y\nCONFIG_=y\nCONFIG_NOVALUE\nCONFIG_EMPTY=\nCONFIG_MODULES=m";
        assertEquals(java.util.Map.of("CONFIG_BPF", "y", "CONFIG_HZ", "250", "CONFIG_LOCALVERSION", "\"-amd64\"",
                "CONFIG_EMPTY", "", "CONFIG_MODULES", "m"), FleetKernel.parseConfig(text));
        FleetKernel k = FleetKernel.of("cfg", BpfObject.open(Fixtures.bpfel("flavors")).btf().bytes(), text, null);
        assertEquals(java.util.Optional.of(true), k.configEnabled("CONFIG_MODULES"));
        assertEquals(java.util.Optional.of("n"), k.config("CONFIG_KPROBES"));
        assertEquals(6 << 16 | 1 << 8, k.kernelVersion());
    }

    @Test
    void kallsymsAnswersKprobeTargetsWithoutBtf() throws Exception {
        // reader_many_sections probes fn_0..fn_127, which no kernel has; kallsyms that list fn_10 make that one ok
        byte[] btf = java.nio.file.Files.readAllBytes(FleetKernels.btf("6.12"));
        String config = "CONFIG_KPROBES=y\nCONFIG_BPF_EVENTS=y\n";
        FleetKernel withSyms = FleetKernel.of("6.12-with-kallsyms", btf, config,
                "ffffffff81000000 T _stext\nffffffff81234560 t fn_10\n");
        KernelCheck c = check("reader_many_sections", withSyms);
        assertTrue(any(c, Finding.Effect.OK, f -> f.what().equals("kprobe fn_10") && f.detail().contains("kallsyms")),
                c.programs().toString());
        assertTrue(any(c, Finding.Effect.ATTACH_FAILS, f -> f.what().equals("kprobe fn_11")
                && f.detail().equals("neither in BTF nor in kallsyms")), c.attach());
        assertTrue(c.attach().startsWith("fails: "), c.attach());
    }

    @Test
    void attachTargetsFromBtf() {
        FleetKernel k = FleetKernels.kernel("6.12");
        KernelCheck trace = check("attach_trace", k);
        assertEquals("ok", trace.attach(), trace.programs().toString());
        assertTrue(any(trace, Finding.Effect.OK, f -> f.category() == Finding.Category.ATTACH_TARGET
                && f.what().startsWith("raw tracepoint")), trace.findings().toString());
        KernelCheck fentry = check("attach_fentry", k);
        assertInstanceOf(Verdict.Loads.class, fentry.verdict(), fentry.verdict().text());
        assertTrue(any(fentry, Finding.Effect.OK, f -> f.what().equals("FUNC do_unlinkat")), fentry.findings().toString());
    }

    /**
     * An "older kernel" made from this host's BTF: enum bpf_func_id cut before the ring buffer helpers, enum
     * bpf_map_type before BPF_MAP_TYPE_RINGBUF, and FUNC do_unlinkat removed (renamed).
     */
    @Test
    void missingHelpersMapTypesAndBtfTargetsFail() {
        KernelTests.assumeKernel();
        Btf host = KernelBtf.load(KernelBtf.SYSFS_VMLINUX);
        BtfBuilder b = BtfBuilder.copyOf(host);
        cutEnum(host, b, "bpf_func_id", "BPF_FUNC_ringbuf_output");
        cutEnum(host, b, "bpf_map_type", "BPF_MAP_TYPE_RINGBUF");
        int fn = host.findByNameKind("do_unlinkat", BtfKind.FUNC);
        BtfType.Func f = (BtfType.Func) host.type(fn);
        b.set(fn, new BtfType.Func(fn, "bpfskel_renamed_do_unlinkat", f.type(), f.linkage()));
        FleetKernel old = FleetKernel.of("cut.btf", b.encode(ByteOrder.nativeOrder()), null, null);

        KernelCheck ring = check("ringbuf", old);
        assertInstanceOf(Verdict.Fails.class, ring.verdict());
        assertTrue(any(ring, Finding.Effect.FAILS, x -> x.category() == Finding.Category.MAP_TYPE
                && x.detail().contains("BPF_MAP_TYPE_RINGBUF")), ring.verdict().text());
        assertTrue(any(ring, Finding.Effect.FAILS, x -> x.category() == Finding.Category.HELPER
                && x.what().startsWith("helper #")), ring.verdict().text());
        // named from another kernel of the fleet when one knows the id
        KernelCheck named = FleetCheck.check(BpfObject.open(Fixtures.bpfel("ringbuf")), old,
                FleetCheck.helperNames(List.of(old, FleetKernel.running())));
        assertTrue(any(named, Finding.Effect.FAILS, x -> x.what().startsWith("helper ringbuf_")), named.verdict().text());

        KernelCheck fentry = check("attach_fentry", old);
        assertTrue(any(fentry, Finding.Effect.UNKNOWN, x -> x.category() == Finding.Category.ATTACH_TARGET
                && x.what().equals("FUNC do_unlinkat")), fentry.findings().toString());
    }

    /** struct_ops maps are checked by the load's own struct_ops step against each kernel's BTF. */
    @Test
    void structOpsMapsAreCheckedAgainstTheKernelStruct() {
        KernelCheck ok = check("struct_ops", FleetKernels.kernel("6.1"));
        assertInstanceOf(Verdict.Loads.class, ok.verdict(), ok.verdict().text());
        assertTrue(any(ok, Finding.Effect.OK, x -> x.what().equals("struct_ops map 'sops_link'")), ok.findings().toString());
        assertTrue(ok.programs().stream().anyMatch(p -> p.name().equals("sops_cong_avoid_opt") && !p.autoload()),
                "the program only the ?.struct_ops map uses does not load: " + ok.programs());

        KernelCheck unknown = check("struct_ops_unknown_member", FleetKernel.running());
        assertInstanceOf(Verdict.Fails.class, unknown.verdict());
        assertTrue(unknown.verdict().reason().contains("member 'future_op'"), unknown.verdict().text());

        Btf host = KernelBtf.load(KernelBtf.SYSFS_VMLINUX);
        BtfBuilder b = BtfBuilder.copyOf(host);
        int w = host.findByNameKind("bpf_struct_ops_tcp_congestion_ops", BtfKind.STRUCT);
        BtfType.Struct ws = (BtfType.Struct) host.type(w);
        b.set(w, new BtfType.Struct(w, "bpfskel_renamed_wrapper", ws.size(), ws.members()));
        KernelCheck noTcpCc = check("struct_ops", FleetKernel.of("no-bpf-tcp-cc.btf", b.encode(ByteOrder.nativeOrder()), null, null));
        assertInstanceOf(Verdict.Fails.class, noTcpCc.verdict());
        assertTrue(noTcpCc.verdict().reason().contains("no struct_ops type 'tcp_congestion_ops'"), noTcpCc.verdict().text());
    }

    private static void cutEnum(Btf btf, BtfBuilder b, String name, String firstRemoved) {
        int id = btf.findByNameKind(name, BtfKind.ENUM);
        BtfType.Enum e = (BtfType.Enum) btf.type(id);
        int cut = 0;
        while (!e.values().get(cut).name().equals(firstRemoved)) {
            cut++;
        }
        b.set(id, new BtfType.Enum(id, e.name(), e.size(), e.signed(), List.copyOf(e.values().subList(0, cut))));
    }

    @Test
    void userSpaceDecides() {
        KernelTests.assumeKernel();
        // subprogs has a SEC("?syscall") program: off by default; it would load if enabled, so the object loads
        KernelCheck sub = check("subprogs", FleetKernel.running());
        assertTrue(sub.programs().stream().anyMatch(p -> !p.autoload()), sub.programs().toString());
        assertInstanceOf(Verdict.Loads.class, sub.verdict(), sub.verdict().text());
    }

    @Test
    void sharedAcrossObjectsAndThreads() {
        KernelTests.assumeKernel();
        List<FleetKernel> ks = List.of(FleetKernel.running(), FleetKernels.kernel("6.1"));
        List<BpfObject> objs = Fixtures.all("bpfel").stream().map(BpfObject::open).toList();
        List<List<KernelCheck>> seq = FleetCheck.checkAll(objs, ks, 1);
        List<List<KernelCheck>> par = FleetCheck.checkAll(objs, ks, 2);
        for (int i = 0; i < objs.size(); i++) {
            for (int j = 0; j < ks.size(); j++) {
                assertEquals(seq.get(i).get(j).verdict(), par.get(i).get(j).verdict(), objs.get(i).source());
            }
        }
    }
}
