package io.bpfskel.link;

import static io.bpfskel.link.LinkTests.awaitAtLeast;
import static io.bpfskel.link.LinkTests.u64;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpfskel.BpfCollection;
import io.bpfskel.CollectionTestAccess;
import io.bpfskel.MemoryView;
import io.bpfskel.error.BpfException;
import io.bpfskel.BpfProgram;
import io.bpfskel.sys.Fd;
import io.bpfskel.uapi.AttachType;
import io.bpfskel.uapi.LinkType;
import io.bpfskel.testing.Fixtures;
import io.bpfskel.testing.KernelTests;
import io.bpfskel.testing.UsdtTargets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * USDT probes of runtime/src/test/c/usdt_target.c, read by a program written against libbpf's usdt.bpf.h: every
 * argument form, a semaphore, a probe inlined twice, a probe in a shared library, auto-attach from the section.
 */
class UsdtAttachTest {
    /** Fixed, because usdt.bpf.c's auto-attach section names it. */
    static final Path DIR = Path.of("/tmp/bpfskel-usdt-autoattach");
    static final long NO_ARG = 0x7eadbeefL;
    static UsdtTargets.Built built;

    @BeforeAll
    static void build() throws IOException {
        UsdtTargets.requireSdt();
        if (Files.exists(DIR)) {
            try (Stream<Path> s = Files.walk(DIR)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        built = UsdtTargets.build(Files.createDirectories(DIR), "-O2");
    }

    @BeforeEach
    void kernel() {
        KernelTests.assumeKernel();
    }

    /** recs[slot] of usdt.bpf.c: hits, cnt, args[12]. */
    record Rec(long hits, long cnt, long[] args) {}

    static Rec rec(BpfCollection obj, int slot) {
        MemoryView bss = obj.dataSection(".bss");
        int base = CollectionTestAccess.object(obj).dataSection(".bss").orElseThrow().variable("recs").offset() + slot * 14 * 8;
        long[] args = new long[12];
        for (int i = 0; i < 12; i++) {
            args[i] = bss.getLong(base + 16 + i * 8);
        }
        return new Rec(bss.getLong(base), bss.getLong(base + 8), args);
    }

    private static void assertArgs(BpfCollection obj, int slot, long... expected) {
        Rec r = rec(obj, slot);
        assertEquals(expected.length, r.cnt(), "slot " + slot + " bpf_usdt_arg_cnt");
        for (int i = 0; i < 12; i++) {
            assertEquals(i < expected.length ? expected[i] : NO_ARG, r.args()[i], "slot " + slot + " arg " + i);
        }
    }

    @Test
    void argumentsReadByTheBpfSideEqualWhatTheBinaryPassed() {
        try (UsdtTargets.Running target = UsdtTargets.start(built, 60);
                BpfCollection obj = BpfCollection.open(Fixtures.bpfel("usdt"))) {
            obj.program("on_consts").setAutoattach(false);
            obj.load();
            BpfProgram p = obj.program("on_usdt");
            assertEquals(LinkFeatures.uprobeMultiLink() ? AttachType.TRACE_UPROBE_MULTI : null,
                    p.expectedAttachType(), "libbpf's load-time attach type for usdt programs");
            Path exe = built.executable();
            String[] probes = {null, "regs64_32_16_8", "legacy_regs", "mem", "consts", "globals", "guarded", "twice"};
            for (int slot = 1; slot < probes.length; slot++) {
                BpfLink l = p.attachUsdt(exe, "bpfskel", probes[slot], UsdtOptions.defaults().withCookie(slot));
                assertEquals(AttachKind.USDT, l.kind());
                if (LinkFeatures.uprobeMultiLink()) {
                    assertEquals(LinkType.UPROBE_MULTI.number(), l.info().linkType(), "one uprobe.multi link per probe");
                }
            }
            // The library by file name: found among the process's mappings.
            BpfLink lib = p.attachUsdt(Path.of("libbpfskelusdt.so"), "bpfskel_lib", "fire",
                    UsdtOptions.defaults().withPid(target.pid()).withCookie(8));
            assertTrue(lib.target().contains(built.library().toString()), lib.target());

            for (int slot = 1; slot <= 8; slot++) {
                int s = slot;
                awaitAtLeast("hits of slot " + slot, 3, () -> rec(obj, s).hits(), () -> { });
            }
            assertArgs(obj, 1, -0x1122334455667788L, -100000, -300, -7);
            assertArgs(obj, 2, -100000, -300, 200);
            assertArgs(obj, 3, -1234, 5678, 30);
            assertArgs(obj, 4, 42, -9, 0x123456789L);
            assertArgs(obj, 5, -77, 222);
            // The guarded probe fires only while the kernel holds its semaphore up, and reports the counter: 1.
            assertArgs(obj, 6, 1);
            assertArgs(obj, 8, 0x5eed);
            Rec twice = rec(obj, 7);
            assertEquals(1, twice.cnt());
            assertTrue(twice.args()[0] == 1 || twice.args()[0] == 2, "twice: " + twice.args()[0]);
            // Both inlined sites fire per loop, 'consts' (one site) once: twice the hits, give or take the loop
            // iteration in flight at either snapshot.
            long c0 = rec(obj, 4).hits();
            long t0 = rec(obj, 7).hits();
            long c1 = awaitAtLeast("consts hits", c0 + 10, () -> rec(obj, 4).hits(), () -> { });
            long t1 = rec(obj, 7).hits();
            assertTrue(t1 - t0 >= 2 * (c1 - c0) - 2, "two sites, one link: " + (t1 - t0) + " vs " + (c1 - c0));
        }
    }

    @Test
    void perSitePerfUprobesWhenTheProgramIsNoUprobeMultiOne() {
        try (UsdtTargets.Running target = UsdtTargets.start(built, 60);
                BpfCollection obj = BpfCollection.open(Fixtures.bpfel("usdt"))) {
            obj.program("on_consts").setAutoattach(false);
            obj.load();
            BpfProgram p = obj.program("on_usdt_perf");
            assertEquals(null, p.expectedAttachType());
            BpfLink twice = p.attachUsdt(built.executable(), "bpfskel", "twice", UsdtOptions.defaults().withCookie(7));
            assertTrue(twice instanceof LinkGroup, twice.toString());
            assertEquals(2, ((LinkGroup) twice).members().size(), "one perf uprobe per site");
            assertEquals(AttachKind.USDT, twice.kind());
            p.attachUsdt(built.executable(), "bpfskel", "guarded", UsdtOptions.defaults().withCookie(6)
                    .withPid(target.pid()));
            p.attachUsdt(built.executable(), "bpfskel", "regs64_32_16_8", UsdtOptions.defaults().withCookie(1));
            for (int slot : new int[] {1, 6, 7}) {
                awaitAtLeast("hits of slot " + slot, 3, () -> rec(obj, slot).hits(), () -> { });
            }
            assertArgs(obj, 1, -0x1122334455667788L, -100000, -300, -7);
            assertArgs(obj, 6, 1);
            twice.close();
            assertTrue(((LinkGroup) twice).members().stream().allMatch(BpfLink::isClosed));
        }
    }

    /**
     * Loaded as for a kernel without BPF cookies (LINUX_HAS_BPF_COOKIE = 0), usdt.bpf.h finds the spec id by the
     * probe's run-time address in __bpf_usdt_ip_to_spec_id: for the (PIE) executable and the library, the address
     * in the traced process from /proc/PID/maps; closing the links removes the entries again.
     */
    @Test
    void withoutBpfCookiesSpecIdsGoThroughTheIpMap() {
        try (UsdtTargets.Running target = UsdtTargets.start(built, 60);
                BpfCollection obj = BpfCollection.open(Fixtures.bpfel("usdt"))) {
            obj.program("on_consts").setAutoattach(false);
            io.bpfskel.CollectionTestAccess.load(obj, new NoCookies(new io.bpfskel.load.LiveKernel(null, (vmlinux, warnings) -> java.util.List.of())));
            BpfProgram p = obj.program("on_usdt_perf");
            // gcc builds position-independent executables: like the library, their run-time address needs the pid.
            BpfException needsPid = assertThrows(BpfException.class, () -> p.attachUsdt(built.library(), "bpfskel_lib",
                    "fire", UsdtOptions.defaults().withCookie(8)));
            BpfLink consts = p.attachUsdt(built.executable(), "bpfskel", "consts",
                    UsdtOptions.defaults().withCookie(4).withPid(target.pid()));
            assertTrue(needsPid.getMessage().contains("needs a pid"), needsPid.getMessage());
            BpfLink lib = p.attachUsdt(built.library(), "bpfskel_lib", "fire",
                    UsdtOptions.defaults().withCookie(8).withPid(target.pid()));
            awaitAtLeast("hits of consts", 3, () -> rec(obj, 4).hits(), () -> { });
            awaitAtLeast("hits of the library probe", 3, () -> rec(obj, 8).hits(), () -> { });
            assertArgs(obj, 4, 42, -9, 0x123456789L);
            assertArgs(obj, 8, 0x5eed);
            assertEquals(2, ipMapEntries(obj), "one address per site");
            // The same address again in this object: usdt.bpf.h could not tell the two apart.
            BpfException collision = assertThrows(BpfException.class, () -> p.attachUsdt(built.executable(), "bpfskel",
                    "consts", UsdtOptions.defaults().withPid(target.pid())));
            assertTrue(collision.getMessage().contains("already attached"), collision.getMessage());
            consts.close();
            lib.close();
            assertEquals(0, ipMapEntries(obj), "closing removes the addresses");
        }
    }

    private static int ipMapEntries(BpfCollection obj) {
        io.bpfskel.sys.Fd fd = Fd.of(obj.map(UsdtManager.IP_MAP).handle());
        int n = 0;
        byte[] key = null;
        byte[] next = new byte[8];
        while (io.bpfskel.sys.Bpf.mapGetNextKey(fd, key, next, "keys of " + UsdtManager.IP_MAP)) {
            n++;
            key = next.clone();
        }
        return n;
    }

    /** The running kernel, except that it claims to have no BPF cookies. */
    private record NoCookies(io.bpfskel.load.KernelEnvironment live) implements io.bpfskel.load.KernelEnvironment {
        @Override
        public io.bpfskel.btf.Btf vmlinux() {
            return live.vmlinux();
        }

        @Override
        public java.util.List<io.bpfskel.load.ModuleBtf> modules() {
            return live.modules();
        }

        @Override
        public String kernelConfig() {
            return live.kernelConfig();
        }

        @Override
        public String kernelConfigSources() {
            return live.kernelConfigSources();
        }

        @Override
        public String kallsyms() {
            return live.kallsyms();
        }

        @Override
        public int kernelVersion() {
            return live.kernelVersion();
        }

        @Override
        public boolean hasBpfCookie() {
            return false;
        }

        @Override
        public boolean hasSyscallWrapper() {
            return live.hasSyscallWrapper();
        }

        @Override
        public java.util.List<String> warnings() {
            return live.warnings();
        }
    }

    @Test
    void baseIndexArgumentsNeedTheNewerSpecLayout() {
        try (BpfCollection obj = BpfCollection.open(Fixtures.bpfel("usdt"))) {
            obj.load();
            BpfException e = assertThrows(BpfException.class, () -> obj.program("on_usdt")
                    .attachUsdt(built.executable(), "bpfskel", "sib", UsdtOptions.defaults()));
            assertTrue(e.getMessage().contains("libbpf >= 1.7"), e.getMessage());
            assertTrue(obj.links().isEmpty());
            // Its spec id went back: all 256 can still be used.
            for (int i = 0; i < 300; i++) {
                obj.program("on_usdt").attachUsdt(built.executable(), "bpfskel", "consts", UsdtOptions.defaults()).close();
            }
        }
    }

    /** recs[slot] of usdt_v2.bpf.c: hits, cnt, args[4] (0x7eadbeef past cnt). */
    private static long[] recV2(BpfCollection obj, int slot) {
        MemoryView bss = obj.dataSection(".bss");
        int base = CollectionTestAccess.object(obj).dataSection(".bss").orElseThrow().variable("recs").offset() + slot * 6 * 8;
        long[] r = new long[6];
        for (int i = 0; i < 6; i++) {
            r[i] = bss.getLong(base + i * 8);
        }
        return r;
    }

    @Test
    void baseIndexArgumentsThroughTheLibbpf17SpecLayout() {
        try (UsdtTargets.Running target = UsdtTargets.start(built, 60);
                BpfCollection obj = BpfCollection.open(Fixtures.bpfel("usdt_v2"))) {
            obj.load();
            BpfProgram p = obj.program("on_usdt_v2");
            Path exe = built.executable();
            String[] probes = {null, "sib", "mem", "regs64_32_16_8", "globals"};
            for (int slot = 1; slot < probes.length; slot++) {
                p.attachUsdt(exe, "bpfskel", probes[slot], UsdtOptions.defaults().withCookie(slot));
            }
            for (int slot = 1; slot < probes.length; slot++) {
                int s = slot;
                awaitAtLeast("hits of slot " + slot, 3, () -> recV2(obj, s)[0], () -> { });
            }
            long n = NO_ARG;
            assertArrayEquals(new long[] {1, -20, n, n, n}, java.util.Arrays.copyOfRange(recV2(obj, 1), 1, 6),
                    "r->arr[i] as -8@8(%rdi,%rsi,8)");
            assertArrayEquals(new long[] {3, -1234, 5678, 30, n}, java.util.Arrays.copyOfRange(recV2(obj, 2), 1, 6));
            assertArrayEquals(new long[] {4, -0x1122334455667788L, -100000, -300, -7},
                    java.util.Arrays.copyOfRange(recV2(obj, 3), 1, 6));
            assertArrayEquals(new long[] {2, -77, 222, n, n}, java.util.Arrays.copyOfRange(recV2(obj, 4), 1, 6));
        }
    }

    @Test
    void autoAttachFromTheSection() {
        try (UsdtTargets.Running target = UsdtTargets.start(built, 60);
                BpfCollection obj = BpfCollection.open(Fixtures.bpfel("usdt"))) {
            obj.load();
            assertEquals(1, obj.attach().size(), "on_consts; bare SEC(\"usdt\") says nowhere");
            awaitAtLeast("auto-attached usdt hits", 3, () -> u64(obj, "auto_hits"), () -> { });
            assertEquals(42 - 9 + 0x123456789L, u64(obj, "auto_arg"));
        }
    }

    @Test
    void errorsNameTheProbeAndTheBinary() {
        try (BpfCollection obj = BpfCollection.open(Fixtures.bpfel("usdt"))) {
            obj.load();
            BpfProgram p = obj.program("on_usdt");
            BpfException none = assertThrows(BpfException.class,
                    () -> p.attachUsdt(built.executable(), "bpfskel", "nope", UsdtOptions.defaults()));
            assertTrue(none.getMessage().contains("has no USDT probe bpfskel:nope"), none.getMessage());
            assertTrue(none.getMessage().contains("on_usdt"), none.getMessage());
            assertTrue(none.getMessage().contains("bpfskel usdt"), none.getMessage());
            BpfException missing = assertThrows(BpfException.class,
                    () -> p.attachUsdt(DIR.resolve("missing"), "bpfskel", "consts", UsdtOptions.defaults()));
            assertTrue(missing.getMessage().contains("no such file"), missing.getMessage());
            BpfException gone = assertThrows(BpfException.class,
                    () -> p.attachUsdt(Path.of("libbpfskelusdt.so"), "bpfskel_lib", "fire",
                            UsdtOptions.defaults().withPid(999_999_999)));
            assertTrue(gone.getMessage().contains("no process 999999999"), gone.getMessage());
        }
    }

    @Test
    void withoutUsdtMapsTheObjectIsToldToIncludeTheHeader() {
        try (BpfCollection obj = BpfCollection.open(Fixtures.bpfel("attach_multi"))) {
            obj.load();
            BpfException e = assertThrows(BpfException.class, () -> obj.program("on_multi")
                    .attachUsdt(built.executable(), "bpfskel", "consts", UsdtOptions.defaults()));
            assertTrue(e.getMessage().contains("usdt.bpf.h"), e.getMessage());
        }
    }
}
