package io.bpfskel.btf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.bpfskel.btf.BtfType.Member;
import io.bpfskel.btf.BtfType.Param;
import io.bpfskel.error.BpfException;
import io.bpfskel.error.BpfFormatException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelBtfTest {
    private static final String RELEASE = "6.1.0-bpfskel-test";

    @Test
    void loadsSysfsVmlinux() throws Exception {
        Btf vmlinux = TestKernel.vmlinux();
        assertEquals(KernelBtf.SYSFS_VMLINUX.toString(), vmlinux.source());
        assertTrue(vmlinux.findByNameKind("task_struct", BtfKind.STRUCT) > 0);
        assertEquals(Files.size(KernelBtf.SYSFS_VMLINUX), vmlinux.bytes().length);
        assertEquals(vmlinux.typeCount(), KernelBtf.load(KernelBtf.SYSFS_VMLINUX).typeCount());
    }

    @Test
    void kernelReleaseLooksLikeUname() {
        String r = KernelBtf.kernelRelease();
        assertFalse(r.isBlank());
        assertFalse(r.contains("/"));
    }

    @Test
    void fallsBackToVmlinuxElfFilesInLibbpfOrder(@TempDir Path root) throws Exception {
        byte[] elf = elfWithBtf(root);
        // first candidate is garbage (skipped, like libbpf), third is a good ELF; second is missing
        Path boot = root.resolve("boot/vmlinux-" + RELEASE);
        Files.createDirectories(boot.getParent());
        Files.write(boot, new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0});
        Path build = root.resolve("lib/modules/" + RELEASE + "/build/vmlinux");
        Files.createDirectories(build.getParent());
        Files.write(build, elf);
        Btf btf = KernelBtf.loadVmlinux(root, RELEASE);
        assertEquals(build + ": .BTF", btf.source());
        assertTrue(btf.findByNameKind("counter", BtfKind.VAR) > 0);
    }

    @Test
    void errorListsEveryPathTried(@TempDir Path root) {
        BpfException e = assertThrows(BpfException.class, () -> KernelBtf.loadVmlinux(root, RELEASE));
        String msg = e.getMessage();
        assertTrue(msg.contains(root.resolve("sys/kernel/btf/vmlinux") + ": missing"), msg);
        for (Path p : KernelBtf.vmlinuxCandidates(root, RELEASE)) {
            assertTrue(msg.contains(p + ": missing"), msg);
        }
        assertEquals(List.of(
                root.resolve("boot/vmlinux-" + RELEASE),
                root.resolve("lib/modules/" + RELEASE + "/vmlinux-" + RELEASE),
                root.resolve("lib/modules/" + RELEASE + "/build/vmlinux"),
                root.resolve("usr/lib/modules/" + RELEASE + "/kernel/vmlinux"),
                root.resolve("usr/lib/debug/boot/vmlinux-" + RELEASE),
                root.resolve("usr/lib/debug/boot/vmlinux-" + RELEASE + ".debug"),
                root.resolve("usr/lib/debug/lib/modules/" + RELEASE + "/vmlinux")),
                KernelBtf.vmlinuxCandidates(root, RELEASE));
    }

    @Test
    void brokenSysfsBtfIsAnErrorNotAFallback(@TempDir Path root) throws Exception {
        Path sysfs = root.resolve("sys/kernel/btf/vmlinux");
        Files.createDirectories(sysfs.getParent());
        Files.write(sysfs, new byte[] {(byte) 0x9f, (byte) 0xeb, 1, 0});
        Path boot = root.resolve("boot/vmlinux-" + RELEASE);
        Files.createDirectories(boot.getParent());
        Files.write(boot, elfWithBtf(root));
        BpfFormatException e = assertThrows(BpfFormatException.class, () -> KernelBtf.loadVmlinux(root, RELEASE));
        assertEquals(sysfs.toString(), e.source());
    }

    @Test
    void loadsRawAndSplitFiles(@TempDir Path dir) throws Exception {
        BtfBuilder b = new BtfBuilder();
        int i = b.addInt("int", 4, BtfType.Int.SIGNED);
        int s = b.addStruct("task_struct", 4, List.of(new Member("pid", i, 0, 0)));
        Path base = dir.resolve("vmlinux.btf");
        Files.write(base, b.encode(ByteOrder.BIG_ENDIAN)); // BTFHub files may come from other architectures
        Btf vm = KernelBtf.load(base);
        assertEquals(b.types(), vm.ownTypes());

        BtfBuilder m = new BtfBuilder(vm);
        int fn = m.addFunc("mod_fn", m.addFuncProto(i, List.of(new Param("t", m.addPtr(s)))), BtfType.Func.GLOBAL);
        Path mod = dir.resolve("my_mod");
        Files.write(mod, m.encode(ByteOrder.BIG_ENDIAN));
        Btf split = KernelBtf.loadSplit(mod, vm);
        assertEquals(fn, split.findOwnByNameKind("mod_fn", BtfKind.FUNC));
        assertEquals(vm, split.base());
    }

    @Test
    void badFilesGiveFormatErrorsNamingThem(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("nope.btf");
        BpfFormatException e = assertThrows(BpfFormatException.class, () -> KernelBtf.load(missing));
        assertEquals(missing.toString(), e.source());

        Path noBtf = dir.resolve("nobtf.o");
        assumeTrue(TestKernel.hasTool("clang", "--version"), "clang not installed");
        Files.writeString(dir.resolve("x.c"), "int x;\n");
        TestKernel.Result r = TestKernel.run("clang", "-target", "bpf", "-c", dir.resolve("x.c").toString(), "-o", noBtf.toString());
        assertEquals(0, r.exit(), r.output());
        e = assertThrows(BpfFormatException.class, () -> KernelBtf.load(noBtf));
        assertTrue(e.getMessage().contains("no .BTF section"), e.getMessage());

        BtfBuilder one = new BtfBuilder();
        one.addInt("int", 4, 1);
        byte[] good = one.encode(ByteOrder.LITTLE_ENDIAN);
        for (int len : new int[] {0, 3, 23, good.length - 1}) {
            Path cut = dir.resolve("cut" + len);
            Files.write(cut, Arrays.copyOf(good, len));
            assertThrows(BpfFormatException.class, () -> KernelBtf.load(cut), "truncated to " + len);
        }
    }

    @Test
    void moduleNamesAreChecked() {
        Btf fake = new BtfBuilder().build("fake vmlinux");
        assertThrows(IllegalArgumentException.class, () -> KernelBtf.loadModule("../vmlinux", fake));
        assertThrows(IllegalArgumentException.class, () -> KernelBtf.loadModule("", fake));
        assertThrows(IllegalArgumentException.class, () -> KernelBtf.loadModule("..", fake));
        BpfFormatException e = assertThrows(BpfFormatException.class, () -> KernelBtf.loadModule("no_such_module_bpfskel", fake));
        assertTrue(e.getMessage().contains("/sys/kernel/btf/no_such_module_bpfskel"), e.getMessage());
        assertFalse(KernelBtf.moduleNames().contains("vmlinux"));
    }

    /**
     * Every module BTF the running kernel exposes parses as split BTF on top of vmlinux. A kernel without modules
     * (like the CI machine's) still checks the listing and the error for a module that is not there.
     */
    @Test
    void loadsTheRunningKernelsModuleBtfs() throws Exception {
        List<String> mods = KernelBtf.moduleNames();
        List<String> listed;
        try (var s = Files.list(KernelBtf.SYSFS_BTF_DIR)) {
            listed = s.map(p -> p.getFileName().toString()).filter(n -> !n.equals("vmlinux")).sorted().toList();
        }
        assertEquals(listed, mods.stream().sorted().toList());
        Btf vmlinux = TestKernel.vmlinux();
        for (String m : mods) {
            Btf mod = KernelBtf.loadModule(m, vmlinux);
            assertEquals(vmlinux.typeCount(), mod.firstOwnId(), m);
            mod.ownTypes();
        }
        io.bpfskel.error.BpfFormatException e = org.junit.jupiter.api.Assertions.assertThrows(io.bpfskel.error.BpfFormatException.class,
                () -> KernelBtf.loadModule("bpfskel_no_such_module", vmlinux));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("bpfskel_no_such_module"), e.getMessage());
    }

    /** A small ELF with a .BTF section, compiled by clang (as a stand-in for a vmlinux image). */
    private static byte[] elfWithBtf(Path dir) throws Exception {
        assumeTrue(TestKernel.hasTool("clang", "--version"), "clang not installed");
        Path c = dir.resolve("fake_vmlinux.c");
        Path o = dir.resolve("fake_vmlinux.o");
        Files.writeString(c, "int counter;\nstruct task_struct { int pid; } t;\n");
        TestKernel.Result r = TestKernel.run("clang", "-g", "-target", "bpf", "-c", c.toString(), "-o", o.toString());
        assertEquals(0, r.exit(), r.output());
        byte[] bytes = Files.readAllBytes(o);
        Files.delete(o);
        Files.delete(c);
        return bytes;
    }
}
