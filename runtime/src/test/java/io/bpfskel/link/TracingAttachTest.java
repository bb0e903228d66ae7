package io.bpfskel.link;

import static io.bpfskel.link.LinkTests.awaitAtLeast;
import static io.bpfskel.link.LinkTests.putI32;
import static io.bpfskel.link.LinkTests.putU64;
import static io.bpfskel.link.LinkTests.u64;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpfskel.BpfCollection;
import io.bpfskel.BpfProgram;
import io.bpfskel.TestRunResult;
import io.bpfskel.error.BpfException;
import io.bpfskel.sys.Syscalls;
import io.bpfskel.testing.Commands;
import io.bpfskel.testing.Fixtures;
import io.bpfskel.testing.KernelTests;
import io.bpfskel.uapi.LinkType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tracing attachments on the running kernel, observed through the attach_trace fixture's .bss counters. */
class TracingAttachTest {
    private static final String TARGET_C = String.join("\n",
            "#include <stdio.h>",
            "#include <stdlib.h>",
            "__attribute__((noinline)) int bpfskel_uprobe_target(int a, int b)",
            "{",
            "    __asm__ volatile(\"\" ::: \"memory\");",
            "    return a * b + 1;",
            "}",
            "int main(int argc, char **argv)",
            "{",
            "    printf(\"%d\\n\", bpfskel_uprobe_target(atoi(argv[1]), atoi(argv[2])));",
            "    return 0;",
            "}",
            "");

    /** A non-PIE executable: .text's address differs from its file offset, which the uprobe offset must undo. */
    @TempDir
    static Path tmp;
    private static Path target;

    @BeforeAll
    static void compileTarget() throws IOException {
        Path src = tmp.resolve("uprobe_target.c");
        Files.writeString(src, TARGET_C);
        target = tmp.resolve("uprobe_target");
        Commands.run("gcc", "-O1", "-no-pie", "-o", target.toString(), src.toString());
    }

    @BeforeEach
    void kernel() {
        KernelTests.assumeKernel();
    }

    private static BpfCollection load() {
        BpfCollection obj = BpfCollection.open(Fixtures.bpfel("attach_trace"));
        try {
            obj.load();
            putI32(obj, "target_tgid", Syscalls.getpid());
            return obj;
        } catch (RuntimeException e) {
            obj.close();
            throw e;
        }
    }

    private static void getpid(int times) {
        for (int i = 0; i < times; i++) {
            Syscalls.getpid();
        }
    }

    @Test
    void collectionAttachesWhatItsSectionsNameAndDetachStopsIt() {
        try (BpfCollection obj = load()) {
            List<BpfLink> links = obj.attach();
            // perf_event, syscall and the bare uprobe/uretprobe cannot say where: skipped, as libbpf does.
            Set<String> attached = links.stream().map(BpfLink::program).collect(Collectors.toSet());
            assertEquals(Set.of("on_getpid_tp", "on_sys_enter", "on_sys_enter_btf", "on_libc_getpid"), attached);
            assertEquals(4, obj.links().size());
            for (BpfLink l : links) {
                assertEquals(l, obj.program(l.program()).link(), "link() of " + l.program());
            }
            assertEquals(null, obj.program("on_sample").link(), "perf_event: not attachable from its section");
            assertEquals(List.of(), obj.attach(), "attached programs are not attached twice");
            for (BpfLink l : links) {
                assertTrue(l.isKernelLink(), l + " is a BPF link");
                assertTrue(l.info().linkId() > 0);
                assertEquals(obj.program(l.program()).id(), l.info().programId());
            }
            BpfLink tp = links.stream().filter(l -> l.program().equals("on_getpid_tp")).findFirst().orElseThrow();
            assertEquals(AttachKind.TRACEPOINT, tp.kind());
            assertEquals("tracepoint syscalls/sys_enter_getpid", tp.target());
            assertEquals(LinkType.PERF_EVENT.number(), tp.info().linkType());

            getpid(5);
            assertTrue(u64(obj, "tp_hits") >= 5, "tracepoint hits " + u64(obj, "tp_hits"));
            assertTrue(u64(obj, "raw_tp_hits") >= 5, "raw_tp hits " + u64(obj, "raw_tp_hits"));
            assertTrue(u64(obj, "tp_btf_hits") >= 5, "tp_btf hits " + u64(obj, "tp_btf_hits"));
            assertTrue(u64(obj, "libc_getpid_hits") >= 5, "uprobe on libc getpid hits " + u64(obj, "libc_getpid_hits"));

            obj.detach();
            assertEquals(List.of(), obj.links());
            assertTrue(links.stream().allMatch(BpfLink::isClosed));
            assertEquals(null, obj.program("on_getpid_tp").link(), "detach() clears link()");
            for (String c : List.of("tp_hits", "raw_tp_hits", "tp_btf_hits", "libc_getpid_hits")) {
                putU64(obj, c, 0);
            }
            getpid(5);
            for (String c : List.of("tp_hits", "raw_tp_hits", "tp_btf_hits", "libc_getpid_hits")) {
                assertEquals(0, u64(obj, c), c + " after detach");
            }

            obj.program("on_libc_getpid").setAutoattach(false);
            List<BpfLink> again = obj.attach();
            assertEquals(3, again.size(), "autoattach off skips on_libc_getpid");
            BpfLink raw = again.stream().filter(l -> l.program().equals("on_sys_enter")).findFirst().orElseThrow();
            raw.close();
            assertEquals(null, obj.program("on_sys_enter").link(), "a closed link is not the program's link");
            assertEquals(2, obj.links().size());
            List<BpfLink> reattached = obj.attach();
            assertEquals(List.of("on_sys_enter"), reattached.stream().map(BpfLink::program).toList(),
                    "only the program whose link was closed");
            again = new ArrayList<>(again);
            again.addAll(reattached);
            obj.close();
            assertTrue(again.stream().allMatch(BpfLink::isClosed), "close() detaches");
        }
    }

    @Test
    void explicitTracepointWithLinkAndWithIoctl() {
        try (BpfCollection obj = load()) {
            BpfProgram p = obj.program("on_getpid_tp");
            try (BpfLink link = p.attachTracepoint("syscalls", "sys_enter_getpid")) {
                getpid(3);
                assertTrue(u64(obj, "tp_hits") >= 3);
                assertEquals(List.of(link), obj.links());
                assertEquals(link, p.link(), "an explicit attachment is the program's link too");
            }
            assertEquals(null, p.link());
            assertEquals(List.of(), obj.links(), "a closed link leaves the collection's list");
            putU64(obj, "tp_hits", 0);
            getpid(3);
            assertEquals(0, u64(obj, "tp_hits"));

            try (BpfLink legacy = Links.tracepoint(p.ref(), "syscalls", "sys_enter_getpid", 0, ProbeAttachMode.PERF)) {
                assertFalse(legacy.isKernelLink());
                assertEquals(0, legacy.info().linkId());
                assertEquals(p.id(), legacy.info().programId());
                getpid(3);
                assertTrue(u64(obj, "tp_hits") >= 3, "PERF_EVENT_IOC_SET_BPF attachment runs the program");
                BpfException e = assertThrows(BpfException.class, () -> legacy.pin(Path.of("/sys/fs/bpf/x")));
                assertTrue(e.getMessage().contains("PERF_EVENT_IOC_SET_BPF"), e.getMessage());
            }
            putU64(obj, "tp_hits", 0);
            getpid(3);
            assertEquals(0, u64(obj, "tp_hits"), "closing the perf event detached it");

            BpfException missing = assertThrows(BpfException.class,
                    () -> p.attachTracepoint("syscalls", "sys_enter_no_such_call"));
            assertTrue(missing.getMessage().contains("no tracepoint 'syscalls/sys_enter_no_such_call'"), missing.getMessage());
        }
    }

    @Test
    void pinnedRawTracepointOutlivesItsFdUntilUnpinned() throws IOException {
        Path pin = KernelTests.bpffs().resolve("bpfskel-link-rawtp-" + Syscalls.getpid());
        Files.deleteIfExists(pin);
        try (BpfCollection obj = load()) {
            BpfLink link = obj.program("on_sys_enter").attachRawTracepoint("sys_enter");
            assertEquals(AttachKind.RAW_TRACEPOINT, link.kind());
            assertEquals("RAW_TRACEPOINT", link.info().linkTypeName());
            int id = link.info().linkId();
            link.pin(pin);
            assertEquals(pin, link.pinnedPath().orElseThrow());
            link.close();

            putU64(obj, "raw_tp_hits", 0);
            getpid(3);
            assertTrue(u64(obj, "raw_tp_hits") >= 3, "the pin keeps the program attached");

            try (BpfLink reopened = Links.pinned(pin)) {
                assertEquals(id, reopened.info().linkId());
                assertEquals(AttachKind.RAW_TRACEPOINT, reopened.kind());
                assertEquals("on_sys_enter", reopened.program());
                reopened.unpin();
                assertFalse(Files.exists(pin));
            }
            putU64(obj, "raw_tp_hits", 0);
            getpid(3);
            assertEquals(0, u64(obj, "raw_tp_hits"), "unpinned and closed: detached");
        } finally {
            Files.deleteIfExists(pin);
        }
    }

    @Test
    void tpBtfIsLoadedAgainstItsBtfIdAndAttached() {
        try (BpfCollection obj = load(); BpfLink link = obj.program("on_sys_enter_btf").attachTrace()) {
            assertEquals(AttachKind.TRACING, link.kind());
            getpid(3);
            assertTrue(u64(obj, "tp_btf_hits") >= 3);
        }
    }

    @Test
    void uprobeAndUretprobeOnACompiledProgram() {
        try (BpfCollection obj = load()) {
            BpfProgram entry = obj.program("on_target");
            BpfProgram exit = obj.program("on_target_ret");
            BpfException bare = assertThrows(BpfException.class, entry::attach);
            assertTrue(bare.getMessage().contains("does not say where"), bare.getMessage());

            try (BpfLink in = entry.attachUprobe(target, "bpfskel_uprobe_target", UprobeOptions.defaults().withCookie(0xc0ffee));
                    BpfLink out = exit.attachUprobe(target, "bpfskel_uprobe_target", UprobeOptions.returnProbe())) {
                assertEquals(AttachKind.UPROBE, in.kind());
                assertTrue(in.target().startsWith("uprobe " + target.toAbsolutePath() + ":bpfskel_uprobe_target"), in.target());
                assertEquals("43", Commands.run(target.toString(), "6", "7").strip());
                assertEquals(1, u64(obj, "target_hits"));
                assertEquals(6, u64(obj, "target_a"));
                assertEquals(7, u64(obj, "target_b"));
                assertEquals(43, u64(obj, "target_ret"));
                assertEquals(0xc0ffee, u64(obj, "target_cookie"));
            }
            Commands.run(target.toString(), "2", "3");
            assertEquals(1, u64(obj, "target_hits"), "detached");

            // A pid filter for this JVM: the child process does not trigger it.
            try (BpfLink filtered = entry.attachUprobe(target, "bpfskel_uprobe_target",
                    UprobeOptions.defaults().withPid(Syscalls.getpid()))) {
                Commands.run(target.toString(), "2", "3");
                assertEquals(1, u64(obj, "target_hits"), "the probe fires only in the filtered process");
            }
        }
    }

    @Test
    void uprobeThroughTracefsAndWithIoctl() throws IOException {
        Path uprobeEvents = Path.of("/sys/kernel/tracing/uprobe_events");
        try (BpfCollection obj = load()) {
            BpfProgram entry = obj.program("on_target");
            try (BpfLink legacy = entry.attachUprobe(target, "bpfskel_uprobe_target",
                    UprobeOptions.defaults().withMode(ProbeAttachMode.LEGACY))) {
                assertFalse(legacy.isKernelLink());
                String event = "bpfskel_" + Syscalls.getpid() + "_uprobe_target_";
                assertTrue(Files.readString(uprobeEvents).contains(event), "tracefs has the probe while attached");
                Commands.run(target.toString(), "4", "5");
                assertEquals(1, u64(obj, "target_hits"));
                assertEquals(5, u64(obj, "target_b"));
            }
            assertFalse(Files.readString(uprobeEvents).contains("bpfskel_" + Syscalls.getpid() + "_"),
                    "closing removed the tracefs probe");

            try (BpfLink perf = entry.attachUprobe(target, "bpfskel_uprobe_target",
                    UprobeOptions.defaults().withMode(ProbeAttachMode.PERF))) {
                assertFalse(perf.isKernelLink());
                Commands.run(target.toString(), "8", "9");
                assertEquals(2, u64(obj, "target_hits"));
            }
            BpfException cookieWithoutLink = assertThrows(BpfException.class, () -> entry.attachUprobe(target,
                    "bpfskel_uprobe_target", UprobeOptions.defaults().withMode(ProbeAttachMode.PERF).withCookie(1)));
            assertTrue(cookieWithoutLink.getMessage().contains("cookie"), cookieWithoutLink.getMessage());
            assertEquals(List.of(), obj.links());

            BpfException noSymbol = assertThrows(BpfException.class,
                    () -> entry.attachUprobe(target, "no_such_function", UprobeOptions.defaults()));
            assertTrue(noSymbol.getMessage().contains("no function 'no_such_function'"), noSymbol.getMessage());
        }
    }

    @Test
    void perfEventSamplingOnEachCpu() {
        try (BpfCollection obj = load()) {
            PerfEvent cpuClock = PerfEvent.software(PerfEvent.SW_CPU_CLOCK, 100_000, false);
            try (LinkGroup group = obj.program("on_sample").attachPerfEvent(cpuClock)) {
                assertEquals(Syscalls.onlineCpus().length, group.members().size());
                assertEquals(LinkType.PERF_EVENT.number(), group.members().get(0).info().linkType());
                long[] sink = new long[1];
                awaitAtLeast("perf_event samples", 1, () -> u64(obj, "sample_hits"), () -> {
                    for (int i = 0; i < 5_000_000; i++) {
                        sink[0] += i ^ sink[0];
                    }
                });
            }
        }
    }

    @Test
    void syscallProgramRunsWithItsArguments() {
        try (BpfCollection obj = load()) {
            byte[] args = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putInt(6).putInt(7).array();
            TestRunResult r = obj.program("run_syscall").testRun(args);
            assertEquals(42, r.retvalInt());
            assertEquals(13, u64(obj, "syscall_sum"));
        }
    }
}
