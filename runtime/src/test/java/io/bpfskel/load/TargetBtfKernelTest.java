package io.bpfskel.load;

import io.bpfskel.CollectionTestAccess;
import io.bpfskel.MemoryView;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpfskel.BpfCollection;
import io.bpfskel.BpfOpenOptions;
import io.bpfskel.btf.Btf;
import io.bpfskel.btf.BtfBuilder;
import io.bpfskel.btf.BtfKind;
import io.bpfskel.btf.BtfType;
import io.bpfskel.btf.KernelBtf;
import io.bpfskel.core.CoreReloKind;
import io.bpfskel.core.CoreRelocation;
import io.bpfskel.core.CoreRelocationReport;
import io.bpfskel.core.CoreRelocator;
import io.bpfskel.error.BpfException;
import io.bpfskel.object.BpfObject;
import io.bpfskel.object.ProgramSpec;
import io.bpfskel.sys.Bpf;
import io.bpfskel.sys.Fd;
import io.bpfskel.testing.Fixtures;
import io.bpfskel.testing.KernelTests;
import io.bpfskel.testing.RingBufferReader;
import io.bpfskel.testing.Tools;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link BpfOpenOptions#targetBtf}: CO-RE against a BTF file instead of {@code /sys/kernel/btf/vmlinux}, as for
 * kernels without it (BTFHub). With a copy of this kernel's BTF the result is the default load's, instruction for
 * instruction; with a synthetic BTF ({@link BtfBuilder}) in which task_struct fields moved, the translated
 * instructions carry the moved offsets and the programs read the memory those offsets name.
 */
class TargetBtfKernelTest {
    @BeforeEach
    void kernel() {
        KernelTests.assumeKernel();
    }

    private static BpfCollection open(String fixture, Path targetBtf) {
        BpfOpenOptions opts = targetBtf == null ? BpfOpenOptions.defaults() : BpfOpenOptions.builder().targetBtf(targetBtf).build();
        return BpfCollection.open(Fixtures.bpfel(fixture), opts);
    }

    private static int var(BpfCollection obj, String section, String name) {
        return CollectionTestAccess.object(obj).dataSection(section).orElseThrow().variable(name).offset();
    }

    private static byte[] ctx(long... args) {
        ByteBuffer b = ByteBuffer.allocate(8 * args.length).order(ByteOrder.nativeOrder());
        for (long a : args) {
            b.putLong(a);
        }
        return b.array();
    }

    /** The translated instructions with map references (ids differ between loads) blanked. */
    private static byte[] xlated(BpfCollection obj, String program) {
        byte[] insns = Bpf.progInfo(Fd.of(obj.program(program).ref().fd()), "program '" + program + "'").xlatedProgInsns();
        assertTrue(insns.length > 0, "the kernel hides translated instructions (kptr_restrict / bpf_jit_harden?)");
        for (int i = 0; i + 16 <= insns.length; i += 8) {
            if ((insns[i] & 0xff) == 0x18) { // ld_imm64: both immediates
                ByteBuffer.wrap(insns).order(ByteOrder.nativeOrder()).putInt(i + 4, 0).putInt(i + 12, 0);
                i += 8;
            }
        }
        return insns;
    }

    /** Runs {@code body} on a new thread, whose thread id differs from the process id. */
    private static void onNewThread(ThrowingRunnable body) throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "corefix-target-btf");
        t.start();
        t.join();
        if (failure.get() instanceof Exception e) {
            throw e;
        } else if (failure.get() instanceof Error e) {
            throw e;
        }
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    void aCopyOfThisKernelsBtfGivesTheDefaultLoad(@TempDir Path dir) throws Exception {
        Path copy = dir.resolve("vmlinux.btf");
        Files.copy(Tools.vmlinuxBtf(), copy);
        for (String fixture : List.of("core_execsnoop", "core_opensnoop", "core_runqlat", "core_tcpconnect")) {
            try (BpfCollection viaFile = open(fixture, copy); BpfCollection viaSysfs = open(fixture, null)) {
                viaFile.load();
                viaSysfs.load();
                for (var p : viaSysfs.programs()) {
                    assertArrayEquals(xlated(viaSysfs, p.name()), xlated(viaFile, p.name()), fixture + " " + p.name());
                }
            }
        }
        onNewThread(() -> {
            ThreadTruth me = ThreadTruth.current();
            try (BpfCollection obj = open("core_execsnoop", copy); RingBufferReader ring = loadWithRing(obj)) {
                ByteBuffer e = execEvent(obj, ring);
                StructView ev = StructView.of(CollectionTestAccess.object(obj), "event");
                assertEquals(me.tgid(), ev.s32(e, "pid"));
                assertEquals(me.tid(), ev.s32(e, "tid"));
                assertEquals(me.ppid(), ev.s32(e, "ppid"));
                assertEquals(me.comm(), ev.string(e, "comm", 16));
            }
        });
    }

    /** Loads the collection and maps its ring buffer 'events'. */
    private static RingBufferReader loadWithRing(BpfCollection obj) {
        obj.load();
        return new RingBufferReader(Fd.of(obj.map("events").handle()), obj.map("events").maxEntries(), "events");
    }

    /** Feeds execsnoop_raw this thread's task and returns the one event. */
    private static ByteBuffer execEvent(BpfCollection obj, RingBufferReader ring) {
        obj.program("task_self").testRun(null);
        long self = obj.dataSection(".bss").getLong(var(obj, ".bss", "self_task"));
        assertEquals(0, obj.program("execsnoop_raw").testRun(ctx(self, 0, 0)).retvalInt());
        List<ByteBuffer> events = ring.drain();
        assertEquals(1, events.size());
        return events.get(0);
    }

    /**
     * This kernel's BTF with task_struct edited: pid and tgid trade places, and {@code __state} becomes the pre-5.14
     * {@code long state}, placed where tgid now is.
     */
    private static Path movedFields(Path dir, Btf vmlinux) throws IOException {
        int task = vmlinux.findByNameKind("task_struct", BtfKind.STRUCT);
        int longInt = vmlinux.findByNameKind("long int", BtfKind.INT);
        assertTrue(task > 0 && longInt > 0);
        BtfType.Struct s = (BtfType.Struct) vmlinux.type(task);
        int pidOff = member(s, "pid").bitOffset();
        int tgidOff = member(s, "tgid").bitOffset();
        List<BtfType.Member> moved = new ArrayList<>();
        for (BtfType.Member m : s.members()) {
            switch (m.name()) {
                case "pid" -> moved.add(new BtfType.Member("pid", m.type(), tgidOff, 0));
                case "tgid" -> moved.add(new BtfType.Member("tgid", m.type(), pidOff, 0));
                case "__state" -> moved.add(new BtfType.Member("state", longInt, pidOff, 0));
                default -> moved.add(m);
            }
        }
        BtfBuilder b = BtfBuilder.copyOf(vmlinux);
        b.set(task, new BtfType.Struct(task, s.name(), s.size(), moved));
        Path file = dir.resolve("moved.btf");
        Files.write(file, b.encode(ByteOrder.nativeOrder()));
        return file;
    }

    private static BtfType.Member member(BtfType.Struct s, String name) {
        return s.members().stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void aSyntheticBtfWithMovedFieldsMovesTheReads(@TempDir Path dir) throws Exception {
        Btf vmlinux = KernelBtf.load(Tools.vmlinuxBtf());
        Path moved = movedFields(dir, vmlinux);
        BtfType.Struct real = (BtfType.Struct) vmlinux.type(vmlinux.findByNameKind("task_struct", BtfKind.STRUCT));
        long pidOff = member(real, "pid").bitOffset() / 8;
        long tgidOff = member(real, "tgid").bitOffset() / 8;

        // the translated instructions: the default load and the synthetic one differ exactly where pid and tgid
        // offsets went, with the two values traded
        BpfObject spec = BpfObject.open(Fixtures.bpfel("core_execsnoop"));
        ProgramSpec raw = spec.program("execsnoop_raw").orElseThrow();
        long relocated = new CoreRelocator(spec.btf(), List.of(vmlinux))
                .relocate(raw.name(), raw.insns(), raw.byteOrder(), CoreRelocation.forProgram(spec, raw)).reports().stream()
                .filter(r -> r.kind() == CoreReloKind.FIELD_BYTE_OFFSET)
                .map(CoreRelocationReport::localSpec)
                .filter(l -> l.contains("struct task_struct.pid ") || l.contains("struct task_struct.tgid "))
                .count();
        assertEquals(3, relocated, "execsnoop_raw reads real_parent->tgid, tgid and pid");
        try (BpfCollection normal = open("core_execsnoop", null); BpfCollection synthetic = open("core_execsnoop", moved)) {
            normal.load();
            synthetic.load();
            byte[] a = xlated(normal, "execsnoop_raw");
            byte[] b = xlated(synthetic, "execsnoop_raw");
            assertEquals(a.length, b.length);
            ByteBuffer x = ByteBuffer.wrap(a).order(ByteOrder.nativeOrder());
            ByteBuffer y = ByteBuffer.wrap(b).order(ByteOrder.nativeOrder());
            int differing = 0;
            for (int i = 0; i < a.length; i += 8) {
                if (x.getLong(i) != y.getLong(i)) {
                    differing++;
                    assertEquals(0x07, a[i] & 0x0f, "insn " + i / 8 + ": ALU64 with an immediate (the offset BPF_CORE_READ adds)");
                    assertEquals(x.getInt(i) & 0xffff, y.getInt(i) & 0xffff, "insn " + i / 8 + ": same opcode and registers");
                    long before = x.getInt(i + 4);
                    long after = y.getInt(i + 4);
                    assertTrue(before == pidOff && after == tgidOff || before == tgidOff && after == pidOff,
                            "insn " + i / 8 + ": " + before + " -> " + after);
                }
            }
            assertEquals(relocated, differing);
        }

        // the values: on a thread whose id is not the process id, "tgid" now reads the thread id and vice versa
        onNewThread(() -> {
            ThreadTruth me = ThreadTruth.current();
            assertNotEquals(me.tid(), me.tgid());
            try (BpfCollection obj = open("core_execsnoop", moved); RingBufferReader ring = loadWithRing(obj)) {
                ByteBuffer e = execEvent(obj, ring);
                StructView ev = StructView.of(CollectionTestAccess.object(obj), "event");
                assertEquals(me.tid(), ev.s32(e, "pid"));
                assertEquals(me.tgid(), ev.s32(e, "tid"));
                assertEquals(me.comm(), ev.string(e, "comm", 16), "comm did not move");
            }
            // runqlat: no __state any more, so the pre-5.14 branch reads 'long state', 8 bytes at the old pid offset
            try (BpfCollection obj = open("core_runqlat", moved)) {
                obj.load();
                obj.program("task_self").testRun(null);
                MemoryView bss = obj.dataSection(".bss");
                assertEquals(0, bss.getInt(var(obj, ".bss", "has_state")));
                long self = bss.getLong(var(obj, ".bss", "self_task"));
                obj.program("handle_sched_switch").testRun(ctx(0, self, self, 0));
                long state = obj.dataSection(".data").getLong(var(obj, ".data", "last_prev_state"));
                assertEquals(Integer.toUnsignedLong(me.tid()) | (long) me.tgid() << 32, state,
                        "pid and tgid of the real task_struct, read as one little-endian long");
            }
        });
    }

    @Test
    void anUnreadableTargetBtfFailsTheLoadNamingTheFile(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("no-such.btf");
        Path garbage = Files.write(dir.resolve("garbage.btf"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        long fds = openFds();
        for (Path bad : List.of(missing, garbage)) {
            try (BpfCollection obj = open("core_execsnoop", bad)) {
                BpfException e = assertThrows(BpfException.class, obj::load);
                assertTrue(e.getMessage().contains(bad.toString()), e.getMessage());
                assertEquals(BpfCollection.State.OPENED, obj.state());
            }
        }
        assertEquals(fds, openFds(), "no fd left behind");
    }

    private static long openFds() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        }
    }
}
