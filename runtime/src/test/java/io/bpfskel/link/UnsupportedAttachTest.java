package io.bpfskel.link;

import static io.bpfskel.link.LinkTests.u64;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpfskel.BpfCollection;
import io.bpfskel.error.BpfNotSupportedException;
import io.bpfskel.testing.Fixtures;
import io.bpfskel.testing.KernelTests;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Program kinds the running kernel may lack. Where it has them they must work (the event is observed); where it
 * does not, the error must say the kernel lacks them. The project's kernel has no kprobes, no fentry, no lsm.
 */
class UnsupportedAttachTest {
    @TempDir
    Path tmp;

    @BeforeEach
    void kernel() {
        KernelTests.assumeKernel();
    }

    private static boolean kernelHasKprobes() {
        return Files.exists(Path.of("/sys/bus/event_source/devices/kprobe/type"))
                || Files.exists(Path.of("/sys/kernel/tracing/kprobe_events"))
                || Files.exists(Path.of("/sys/kernel/debug/tracing/kprobe_events"));
    }

    private void unlinkAFile() throws IOException {
        Path f = Files.createTempFile(tmp, "unlink", ".tmp");
        Files.delete(f);
    }

    @Test
    void kprobes() throws IOException {
        try (BpfCollection obj = BpfCollection.open(Fixtures.bpfel("attach_kprobe"))) {
            obj.load();
            if (kernelHasKprobes()) {
                obj.attach();
                unlinkAFile();
                assertTrue(u64(obj, "unlink_hits") >= 1);
                return;
            }
            BpfNotSupportedException auto = assertThrows(BpfNotSupportedException.class, obj::attach);
            assertEquals("kprobe", auto.feature());
            assertTrue(auto.getMessage().contains("this kernel has no kprobe support"), auto.getMessage());
            assertTrue(auto.getMessage().contains("CONFIG_KPROBES"), auto.getMessage());
            assertEquals(List.of(), obj.links(), "a failed attach() leaves nothing attached");

            for (ProbeAttachMode mode : ProbeAttachMode.values()) {
                BpfNotSupportedException e = assertThrows(BpfNotSupportedException.class, () -> obj.program("on_unlinkat")
                        .attachKprobe("do_unlinkat", KprobeOptions.defaults().withMode(mode)));
                assertTrue(e.getMessage().startsWith("program 'on_unlinkat' on kprobe do_unlinkat: "), e.getMessage());
                assertTrue(e.getMessage().contains("kprobe"), e.getMessage());
            }
            BpfNotSupportedException ret = assertThrows(BpfNotSupportedException.class,
                    () -> obj.program("on_unlinkat_ret").attachKprobe("do_unlinkat", KprobeOptions.returnProbe()));
            assertTrue(ret.getMessage().contains("kretprobe do_unlinkat"), ret.getMessage());
        }
    }

    @Test
    void fentry() throws IOException {
        try (BpfCollection obj = BpfCollection.open(Fixtures.bpfel("attach_fentry"))) {
            try {
                obj.load();
            } catch (BpfNotSupportedException e) {
                assertEquals("fentry", e.feature());
                assertTrue(e.getMessage().contains("program 'on_unlinkat_entry' (fentry/do_unlinkat): this kernel does not"
                        + " support fentry programs"), e.getMessage());
                assertTrue(e.getMessage().contains("FUNC 'do_unlinkat'"), e.getMessage());
                return;
            }
            obj.attach();
            unlinkAFile();
            assertTrue(u64(obj, "fentry_hits") >= 1);
        }
    }

    @Test
    void lsm() {
        try (BpfCollection obj = BpfCollection.open(Fixtures.bpfel("attach_lsm"))) {
            try {
                obj.load();
            } catch (BpfNotSupportedException e) {
                assertEquals("lsm", e.feature());
                assertTrue(e.getMessage().contains("this kernel does not support lsm programs"), e.getMessage());
                assertTrue(e.getMessage().contains("FUNC 'bpf_lsm_file_open'"), e.getMessage());
                return;
            }
            obj.attach();
            assertTrue(Files.exists(Path.of("/proc/self/status")));
            try {
                Files.readString(Path.of("/proc/self/status"));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            assertTrue(u64(obj, "lsm_hits") >= 1);
        }
    }
}
