package io.bpfskel.link;

import static io.bpfskel.link.LinkTests.awaitAtLeast;
import static io.bpfskel.link.LinkTests.u64;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpfskel.BpfCollection;
import io.bpfskel.CollectionTestAccess;
import io.bpfskel.error.BpfNotSupportedException;
import io.bpfskel.BpfProgram;
import io.bpfskel.uapi.LinkType;
import io.bpfskel.sys.Syscalls;
import io.bpfskel.testing.Fixtures;
import io.bpfskel.testing.KernelTests;
import io.bpfskel.testing.UsdtTargets;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** uprobe.multi links (cookies, pid filter, return probes, patterns, auto-attach) and kprobe.multi refusal. */
class MultiAttachTest {
    static UsdtTargets.Built built;

    @BeforeAll
    static void build() throws IOException {
        UsdtAttachTest.build();
        built = UsdtAttachTest.built;
    }

    @BeforeEach
    void kernel() {
        KernelTests.assumeKernel();
        if (!LinkFeatures.uprobeMultiLink()) {
            String why = "this kernel has no uprobe.multi links";
            if (KernelTests.kernelRequired()) {
                throw new AssertionError(why);
            }
            org.junit.jupiter.api.Assumptions.abort(why);
        }
    }

    private static long cookieHits(BpfCollection obj, int slot) {
        int base = CollectionTestAccess.object(obj).dataSection(".bss").orElseThrow().variable("cookie_hits").offset();
        return obj.dataSection(".bss").getLong(base + slot * 8);
    }

    @Test
    void cookiesPerFunctionAndPidFilter() {
        try (UsdtTargets.Running target = UsdtTargets.start(built, 60);
                BpfCollection obj = BpfCollection.open(Fixtures.bpfel("attach_multi"))) {
            obj.program("on_fire_pattern").setAutoattach(false);
            obj.load();
            BpfProgram p = obj.program("on_multi");
            Path exe = built.executable();
            BpfLink byName = p.attachUprobeMulti(exe,
                    UprobeMultiOptions.symbols("bpfskel_fire_regs", "bpfskel_fire_consts").withCookies(3, 5));
            assertEquals(AttachKind.UPROBE_MULTI, byName.kind());
            assertEquals(LinkType.UPROBE_MULTI.number(), byName.info().linkType());
            long globals = UprobeTarget.functionOffset(exe, "bpfskel_fire_globals");
            p.attachUprobeMulti(exe, UprobeMultiOptions.offsets(globals).withCookies(7).withPid(target.pid()));
            // Only this JVM may trigger it, and the JVM never runs usdt_target.
            p.attachUprobeMulti(exe, UprobeMultiOptions.offsets(globals).withCookies(8).withPid(Syscalls.getpid()));
            awaitAtLeast("cookie 3", 5, () -> cookieHits(obj, 3), () -> { });
            awaitAtLeast("cookie 5", 5, () -> cookieHits(obj, 5), () -> { });
            awaitAtLeast("cookie 7 (pid filter: the target)", 5, () -> cookieHits(obj, 7), () -> { });
            assertEquals(0, cookieHits(obj, 8), "pid filter: another process");
            for (int slot : new int[] {0, 1, 2, 4, 6}) {
                assertEquals(0, cookieHits(obj, slot), "slot " + slot);
            }
            BpfLink ret = obj.program("on_multi_ret").attachUprobeMulti(exe, "bpfskel_fire_c*",
                    UprobeMultiOptions.defaults().withRetprobe(true));
            assertTrue(ret.target().startsWith("uretprobe.multi "), ret.target());
            awaitAtLeast("uretprobe.multi", 3, () -> u64(obj, "ret_hits"), () -> { });
        }
    }

    @Test
    void autoAttachWithAPattern() {
        Map<String, Long> fns = UprobeTarget.functionOffsets(built.executable(), "bpfskel_fire_*");
        assertEquals(5, fns.size(), fns.toString());
        try (UsdtTargets.Running target = UsdtTargets.start(built, 60);
                BpfCollection obj = BpfCollection.open(Fixtures.bpfel("attach_multi"))) {
            obj.load();
            assertEquals(1, obj.attach().size(), "only the program whose section names a binary");
            long first = awaitAtLeast("pattern hits", 10, () -> u64(obj, "pattern_hits"), () -> { });
            assertTrue(first > 0);
        }
    }

    @Test
    void kprobeMultiIsRefusedAsNotSupportedHere() {
        try (BpfCollection obj = BpfCollection.open(Fixtures.bpfel("attach_multi"))) {
            obj.load();
            BpfProgram p = obj.program("on_kmulti");
            if (Path.of("/sys/bus/event_source/devices/kprobe").toFile().exists()) {
                org.junit.jupiter.api.Assumptions.abort("this kernel has kprobes; the refusal is for kernels without");
            }
            BpfNotSupportedException e = assertThrows(BpfNotSupportedException.class,
                    () -> p.attachKprobeMulti(KprobeMultiOptions.symbols("do_nanosleep")));
            assertTrue(e.getMessage().contains("kprobe.multi"), e.getMessage());
            assertThrows(BpfNotSupportedException.class,
                    () -> p.attachKprobeMulti("do_nano*", KprobeMultiOptions.defaults()));
            assertTrue(obj.links().isEmpty());
        }
    }
}
