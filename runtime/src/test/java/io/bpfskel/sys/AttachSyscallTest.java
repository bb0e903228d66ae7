package io.bpfskel.sys;

import io.bpfskel.error.Errno;
import io.bpfskel.error.BpfSyscallException;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpfskel.testing.KernelTests;
import io.bpfskel.uapi.AttachType;
import io.bpfskel.uapi.BpfFlags;
import io.bpfskel.uapi.LinkType;
import io.bpfskel.uapi.MapType;
import io.bpfskel.uapi.ProgramType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AttachSyscallTest {

    @BeforeEach
    void kernel() {
        KernelTests.assumeKernel();
    }

    private static long read(Fd map) {
        byte[] v = new byte[8];
        assertTrue(Bpf.mapLookupElem(map, Bytes.u32(0), v, "map 'hits'"));
        return Bytes.u64(v);
    }

    @Test
    void rawTracepointRunsUntilTheLinkIsClosed() {
        try (Fd map = MapSyscallTest.array("hits", 8, 1, 0)) {
            ProgLoadAttr attr = ProgLoadAttr.builder(ProgramType.RAW_TRACEPOINT)
                    .insns(TestPrograms.writeToArray(map, 0, 1, 0)).license("GPL").progName("on_sys_enter").build();
            try (Fd prog = Bpf.progLoad(attr, "program 'on_sys_enter'")) {
                try (Fd link = Bpf.rawTracepointOpen(prog, "sys_enter", 0, "program 'on_sys_enter'")) {
                    Syscalls.getpid();
                    assertEquals(1, read(map), "the program ran on a syscall");
                    LinkInfo info = Bpf.linkInfo(link, "raw_tp link");
                    assertEquals(LinkType.RAW_TRACEPOINT.number(), info.type());
                    assertEquals(Bpf.progInfo(prog, "prog").id(), info.progId());
                }
                Bpf.mapUpdateElem(map, Bytes.u32(0), Bytes.u64(0), BpfFlags.BPF_ANY, "map 'hits'");
                Syscalls.getpid();
                assertEquals(0, read(map), "closing the link detached the program");
            }
            BpfSyscallException e = assertThrows(BpfSyscallException.class, () -> {
                try (Fd prog = Bpf.progLoad(ProgLoadAttr.builder(ProgramType.RAW_TRACEPOINT)
                        .insns(TestPrograms.returnConstant(0)).license("GPL").build(), "anonymous program")) {
                    Bpf.rawTracepointOpen(prog, "no_such_tracepoint_xyz", 0, "tracepoint 'no_such_tracepoint_xyz'");
                }
            });
            assertEquals(Errno.ENOENT, e.errno());
            assertTrue(e.getMessage().contains("BPF_RAW_TRACEPOINT_OPEN for tracepoint 'no_such_tracepoint_xyz'"));
        }
    }

    @Test
    void perfEventLinkPassesTheCookie() {
        long cookie = 0x0123456789abcdefL;
        try (Fd map = MapSyscallTest.array("cookie", 8, 1, 0);
                Fd prog = Bpf.progLoad(ProgLoadAttr.builder(ProgramType.PERF_EVENT)
                        .insns(TestPrograms.storeAttachCookie(map)).license("GPL").progName("on_sample").build(),
                        "program 'on_sample'")) {
            PerfEventAttr clock = new PerfEventAttr(PerfEventAttr.TYPE_SOFTWARE, PerfEventAttr.SW_CPU_CLOCK,
                    100_000, 0, 0, 0, 0, 0, null, 0, 0, 0);
            Fd event;
            try {
                event = Syscalls.perfEventOpen(clock, 0, -1, null, 0, "cpu-clock sampling of this thread");
            } catch (BpfSyscallException e) {
                Assumptions.abort("perf events unavailable: " + e.getMessage());
                return;
            }
            try (event;
                    Fd link = Bpf.linkCreate(new LinkCreateAttr(prog, event, 0, AttachType.PERF_EVENT, 0,
                            new LinkCreateAttr.PerfEvent(cookie)), "program 'on_sample'")) {
                long deadline = System.nanoTime() + 2_000_000_000L;
                long spin = 0;
                while (read(map) != cookie && System.nanoTime() < deadline) {
                    for (int i = 0; i < 1_000_000; i++) {
                        spin += i ^ spin;
                    }
                }
                assertEquals(cookie, read(map), "sampling ran the program with our cookie (" + spin + ")");
                assertEquals(LinkType.PERF_EVENT.number(), Bpf.linkInfo(link, "perf link").type());
            }
        }
    }

    @Test
    void cgroupAttachDetachAndLinkDetach() throws IOException {
        Optional<Path> cgroup2 = cgroup2Mount();
        Assumptions.assumeTrue(cgroup2.isPresent(), "no cgroup2 mount");
        Path dir = Files.createDirectory(cgroup2.get().resolve("bpfskel-test-" + ProcessHandle.current().pid()
                + "-" + System.nanoTime()));
        try (Fd cg = Syscalls.open(dir.toString(), Syscalls.O_RDONLY, "cgroup " + dir);
                Fd prog = Bpf.progLoad(ProgLoadAttr.builder(ProgramType.CGROUP_SKB).insns(TestPrograms.returnConstant(1))
                        .license("GPL").progName("allow_all")
                        .expectedAttachType(AttachType.CGROUP_INET_INGRESS).build(), "program 'allow_all'")) {
            ProgAttachAttr attach = ProgAttachAttr.of(cg, prog, AttachType.CGROUP_INET_INGRESS, 0);
            Bpf.progAttach(attach, "program 'allow_all'");
            Bpf.progDetach(attach, "program 'allow_all'");
            BpfSyscallException notAttached = assertThrows(BpfSyscallException.class,
                    () -> Bpf.progDetach(attach, "program 'allow_all'"));
            assertEquals(Errno.ENOENT, notAttached.errno());

            try (Fd link = Bpf.linkCreate(LinkCreateAttr.of(prog, cg, AttachType.CGROUP_INET_INGRESS),
                    "program 'allow_all'")) {
                assertEquals(LinkType.CGROUP.number(), Bpf.linkInfo(link, "cgroup link").type());
                assertTrue(Bpf.linkGetNextId(0).isPresent());
                // An exclusive (flags 0) attach conflicts with the link's multi-attach ...
                assertThrows(BpfSyscallException.class, () -> Bpf.progAttach(attach, "exclusive attach"));
                Bpf.linkDetach(link, "cgroup link");
                // ... and succeeds once the link no longer holds the hook.
                Bpf.progAttach(attach, "exclusive attach");
                Bpf.progDetach(attach, "exclusive attach");
            }
        } finally {
            Files.delete(dir);
        }
    }

    private static Optional<Path> cgroup2Mount() throws IOException {
        List<String> mounts = Files.readAllLines(Path.of("/proc/self/mounts"));
        for (String line : mounts) {
            String[] f = line.split(" ");
            if (f.length > 2 && f[2].equals("cgroup2")) {
                return Optional.of(Path.of(f[1]));
            }
        }
        return Optional.empty();
    }

    @Test
    void epollOnARingBuffer() {
        MapCreateAttr rb = MapCreateAttr.builder(MapType.RINGBUF).maxEntries((int) Syscalls.pageSize())
                .mapName("events").build();
        try (Fd ring = Bpf.mapCreate(rb, "map 'events'"); Fd ep = Syscalls.epollCreate("ring buffer poller")) {
            Syscalls.epollCtl(ep, Syscalls.EPOLL_CTL_ADD, ring, EpollEvent.EPOLLIN, 42, "map 'events'");
            assertEquals(List.of(), Syscalls.epollWait(ep, 4, 0, "ring buffer poller"), "nothing submitted yet");
        }
    }
}
