package io.bpfskel.load;

import io.bpfskel.MemoryView;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpfskel.BpfCollection;
import io.bpfskel.ExternStatus;
import io.bpfskel.LoadReport;
import io.bpfskel.error.BpfLoadException;
import io.bpfskel.error.BpfVerifierException;
import io.bpfskel.sys.Fd;
import io.bpfskel.testing.Fixtures;
import io.bpfskel.testing.KernelTests;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Loads the fixtures into the running kernel and checks what their programs observe (values from EXPECTED.md). */
class LoaderKernelTest {
    @BeforeEach
    void kernel() {
        KernelTests.assumeKernel();
    }

    private static BpfCollection open(String name) {
        return BpfCollection.open(Fixtures.bpfel(name));
    }

    @Test
    void minimalCountsThroughTheMmap() {
        try (BpfCollection obj = open("minimal")) {
            obj.load();
            MemoryView bss = obj.dataSection(".bss");
            assertEquals(0, bss.getInt(0));
            obj.program("bump").testRun(null);
            obj.program("bump").testRun(null);
            assertEquals(2, bss.getInt(0));
            bss.putInt(0, 40);
            obj.program("bump").testRun(null);
            assertEquals(41, bss.getInt(0));
        }
    }

    @Test
    void globalsSeeInitialImagesAndRodataSetBeforeLoad() {
        try (BpfCollection obj = open("globals")) {
            MemoryView ro = obj.dataSection(".rodata");
            assertEquals((byte) 0xfe, ro.get(0));
            obj.load();
            assertEquals(0, obj.program("globals_run").testRun(null).retvalInt());
            MemoryView bss = obj.dataSection(".bss");
            MemoryView data = obj.dataSection(".data");
            assertEquals(-2, data.get(0)); // d_s8 -1 → -2
            assertEquals((byte) 0x80, data.get(1));
            assertEquals(0x89abcdf2, data.getInt(12));
            assertEquals(-8L, data.getLong(16));
            assertEquals(78, bss.getInt(104)); // b_static_copy
            assertEquals(1, bss.get(40)); // b_bool
            assertEquals(66280, bss.getInt(132)); // b_bar_copy
            assertEquals(1, bss.getInt(136)); // strncmp against the .rodata.str1.1 literal
            assertEquals("bpfskel", cString(bss, 88));
            assertThrows(java.nio.ReadOnlyBufferException.class, () -> obj.dataSection(".rodata").put(0, (byte) 1));
            assertEquals(-15, obj.program("globals_ctx").testRun(new byte[] {3, 0, 0, 0, (byte) 0xfb, -1, -1, -1}).retvalInt());
            assertEquals(-2, bss.getLong(152));
        }
    }

    @Test
    void rodataWrittenBeforeLoadIsWhatTheProgramSees() {
        try (BpfCollection obj = open("globals")) {
            obj.dataSection(".rodata").put(0, (byte) 5); // ro_s8
            obj.load();
            obj.program("globals_run").testRun(null);
            assertEquals(5, obj.dataSection(".bss").get(8)); // b_s8 copies ro_s8
            assertThrows(IllegalStateException.class, () -> obj.program("globals_run").setAutoload(false));
        }
    }

    @Test
    void subprogramsAreAppendedAndCalled() {
        try (BpfCollection obj = open("subprogs")) {
            obj.load();
            assertFalse(obj.program("sub_disabled").isLoaded());
            LoadReport report = obj.report();
            assertEquals(obj.programs().size(), report.programs().size());
            LoadReport.ProgramStatus disabled = report.programs().stream().filter(p -> p.name().equals("sub_disabled")).findFirst().orElseThrow();
            assertFalse(disabled.loaded());
            assertEquals(0, disabled.id());
            LoadReport.ProgramStatus main = report.programs().stream().filter(p -> p.name().equals("sub_main")).findFirst().orElseThrow();
            assertTrue(main.loaded());
            assertEquals(obj.program("sub_main").id(), main.id());
            assertEquals(42, obj.program("sub_main").testRun(null).retvalInt());
            MemoryView bss = obj.dataSection(".bss");
            assertEquals(45, bss.getLong(0));
            assertEquals(10, bss.getLong(8));
            assertEquals(22, bss.getLong(16));
            assertEquals(10, obj.program("sub_other").testRun(null).retvalInt());
        }
        try (BpfCollection obj = open("subprogs")) {
            obj.program("sub_disabled").setAutoload(true);
            obj.load();
            assertEquals(13, obj.program("sub_disabled").testRun(null).retvalInt());
            assertEquals(1, obj.dataSection(".bss").getInt(48));
        }
    }

    @Test
    void mapsOfEveryKindAreCreatedAndInitialized() throws Exception {
        Path pin = KernelTests.bpffs().resolve("pinned_counts");
        Files.deleteIfExists(pin);
        try (BpfCollection obj = open("maps")) {
            obj.load();
            obj.program("maps_syscall").testRun(null);
            MemoryView bss = obj.dataSection(".bss");
            assertEquals(1, bss.getLong(0));
            assertEquals(1, bss.getInt(8));
            assertEquals(1, bss.getInt(12));
            assertEquals(1, bss.getInt(16));
            assertEquals(1, bss.getInt(24));
            assertEquals(1000, bss.getInt(32));
            assertEquals(7, bss.getInt(36));
            byte[] pkt = new byte[64];
            for (int slot = 0; slot < 3; slot++) {
                pkt[0] = (byte) slot;
                assertEquals(new int[] {2, 1, 0}[slot], obj.program("xdp_dispatch").testRun(pkt, 0, 1).retvalInt(), "slot " + slot);
            }
            assertTrue(Files.exists(pin));
            assertEquals(io.bpfskel.sys.Syscalls.possibleCpus(),
                    io.bpfskel.sys.Bpf.mapInfo(Fd.of(obj.map("perf_events").handle()), "test").maxEntries());
        }
        // A second load reuses the compatible pin.
        try (BpfCollection obj = open("maps")) {
            obj.load();
            assertTrue(obj.report().pinned().isEmpty());
        } finally {
            Files.deleteIfExists(pin);
        }
    }

    @Test
    void externsResolveLikeLibbpf() throws Exception {
        try (BpfCollection obj = open("externs")) {
            obj.load();
            assertTrue(obj.extern("bpf_strlen___new").resolved());
            assertEquals(io.bpfskel.btf.KernelBtf.loadVmlinux().findByNameKind("bpf_strlen", io.bpfskel.btf.BtfKind.FUNC),
                    obj.extern("bpf_strlen___new").kernelBtfId());
            ExternStatus old = obj.extern("bpf_strlen___old");
            assertFalse(old.resolved());
            assertTrue(old.reason().contains("incompatible"), old.reason());
            assertFalse(obj.extern("bpf_strlen___v2___compat").resolved());
            assertFalse(obj.extern("bpf_strlen____bar").resolved());
            assertFalse(obj.extern("bpf_cpumask_create").resolved(), "FWD vs STRUCT is a silent mismatch");
            assertTrue(obj.extern("bpf_task_from_pid").resolved());
            assertTrue(obj.extern("bpf_prog_put").resolved());
            assertEquals(kallsymsAddress("bpf_prog_put"), obj.extern("bpf_prog_put").address());
            assertTrue(obj.extern("CONFIG_HZ").resolved());
            assertFalse(obj.extern("CONFIG_PREEMPT").resolved());
            assertEquals(15, obj.program("ext_kfuncs").testRun(null).retvalInt());
            obj.program("ext_kconfig").testRun(null);
            MemoryView kc = obj.dataSection(".kconfig");
            assertEquals(250, kc.getInt(32)); // CONFIG_HZ
            assertEquals(LiveKernel.versionCode(LiveKernel.release()), kc.getInt(44)); // LINUX_KERNEL_VERSION
            assertEquals('y', kc.get(52)); // CONFIG_BPF_JIT as char
            assertEquals(1, kc.get(55)); // LINUX_HAS_BPF_COOKIE
            assertEquals(0, kc.get(56)); // LINUX_HAS_SYSCALL_WRAPPER: no kprobes on this kernel
            assertEquals("(no", cString(kc, 57));
        }
    }

    @Test
    void flavorsTakeTheBranchTheLoaderResolved() {
        try (BpfCollection obj = open("flavors")) {
            obj.load();
            boolean hasNew = obj.extern("bpf_strlen___new").resolved();
            boolean hasOld = obj.extern("bpf_strlen___old").resolved();
            assertTrue(hasNew);
            assertFalse(hasOld);
            obj.program(obj.programs().get(0).name()).testRun(null);
            MemoryView bss = obj.dataSection(".bss");
            assertEquals(hasNew ? 1 : 0, bss.getInt(8));
            assertEquals(hasOld ? 1 : 0, bss.getInt(12));
            assertEquals(1, bss.getInt(16));
        }
    }

    @Test
    void strongExternFailuresNameTheExtern() {
        BpfLoadException missing = assertThrows(BpfLoadException.class, () -> {
            try (BpfCollection obj = open("extern_strong_missing")) {
                obj.load();
            }
        });
        assertTrue(missing.getMessage().contains("not found in kernel or module BTFs"), missing.getMessage());
        BpfLoadException mismatch = assertThrows(BpfLoadException.class, () -> {
            try (BpfCollection obj = open("extern_strong_mismatch")) {
                obj.load();
            }
        });
        assertTrue(mismatch.getMessage().contains("incompatible with vmlinux"), mismatch.getMessage());
        BpfVerifierException unguarded = assertThrows(BpfVerifierException.class, () -> {
            try (BpfCollection obj = open("extern_unguarded")) {
                obj.load();
            }
        });
        assertTrue(unguarded.log().contains("is referenced but wasn't resolved"), unguarded.log());
        assertTrue(unguarded.getMessage().contains("is referenced but wasn't resolved"), unguarded.getMessage());
    }

    private static long kallsymsAddress(String name) throws java.io.IOException {
        for (String line : Files.readAllLines(Path.of("/proc/kallsyms"))) {
            String[] f = line.split("\\s+");
            if (f.length >= 3 && f[2].equals(name)) {
                return Long.parseUnsignedLong(f[0], 16);
            }
        }
        return -1;
    }

    private static String cString(MemoryView b, int off) {
        int n = 0;
        while (b.get(off + n) != 0) {
            n++;
        }
        byte[] s = new byte[n];
        b.get(off, s);
        return new String(s, StandardCharsets.UTF_8);
    }

}
