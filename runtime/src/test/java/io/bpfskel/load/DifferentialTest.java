package io.bpfskel.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.bpfskel.BpfCollection;
import io.bpfskel.BpfOpenOptions;
import io.bpfskel.BpfProgram;
import io.bpfskel.error.BpfException;
import io.bpfskel.object.BpfObject;
import io.bpfskel.object.MapSpec;
import io.bpfskel.object.ProgramSpec;
import io.bpfskel.sys.Bpf;
import io.bpfskel.sys.Fd;
import io.bpfskel.sys.MapInfo;
import io.bpfskel.sys.ProgInfo;
import io.bpfskel.testing.Fixtures;
import io.bpfskel.testing.KernelTests;
import io.bpfskel.uapi.BpfFlags;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Differential test against libbpf: every bpfel fixture is loaded by libbpf and by bpfskel, and per program the
 * load verdict and the kernel's translated instructions ({@code BPF_OBJ_GET_INFO_BY_FD} xlated insns) must be
 * identical after normalising what differs between two loads of the same object (map ids).
 *
 * <p>The libbpf side is {@code bpftool prog loadall OBJ /sys/fs/bpf/bpfskel-diff-NAME pinmaps
 * /sys/fs/bpf/bpfskel-diff-NAME-maps} (bpftool's bundled libbpf 1.5). bpftool cannot pin every object that libbpf
 * loads, so two kinds of object go to {@code scripts/libbpf-ref/bpfrun.c} (system libbpf 1.4) with {@code -P} (pin
 * the programs libbpf loaded) and {@code -M} (pin root for {@code LIBBPF_PIN_BY_NAME} maps) instead:
 * <ul>
 *   <li>objects with a program that is not autoloaded ({@code SEC("?...")}, subprogs, struct_ops programs of a
 *       {@code ?.struct_ops} map): bpftool tries to pin the program libbpf skipped and fails ("can't pin program that
 *       wasn't loaded");</li>
 *   <li>objects with a {@code LIBBPF_PIN_BY_NAME} map (maps): libbpf has pinned it under /sys/fs/bpf during load,
 *       and {@code pinmaps DIR} then fails ("already has pin path ... different from ..."); without {@code pinmaps}
 *       it would pin at /sys/fs/bpf/pinned_counts, a path other tests use.</li>
 * </ul>
 * Both libbpf versions print identical resolution for every fixture (EXPECTED.md).
 *
 * <p>Normalisation. The kernel's xlated dump already turns map pointers back into {@code src_reg =
 * BPF_PSEUDO_MAP_FD/VALUE, imm = map id, insn[1].imm = value offset}; map ids differ between the two loads, so
 * they are replaced by the map's name (the used maps' definitions are compared separately). Everything else is
 * compared raw: helper and kfunc call immediates are offsets from {@code __bpf_call_base} in the same kernel
 * (identical for the same callee), bpf-to-bpf calls carry the subprogram index, and ksym addresses are the same
 * kernel's addresses.
 */
class DifferentialTest {
    private static final Path BPFFS = Path.of("/sys/fs/bpf");
    private static final Path BPFRUN_SRC = Path.of("..", "scripts", "libbpf-ref", "bpfrun.c");
    private static final Path BPFRUN = Path.of("target", "difftest", "bpfrun");

    /**
     * Deliberate differences between bpfskel and libbpf in the loaded instructions, by "fixture/program", with the
     * reason. Each entry is checked to still differ, so a difference that went away has to be removed from here.
     */
    private static final Map<String, String> DELIBERATE = Map.of();

    /**
     * Programs libbpf loads and bpfskel refuses, by "fixture/program", with the reason. bpfskel loads the rest of the
     * object with these set to not autoload; each entry is checked to still be refused.
     */
    private static final Map<String, String> UNSUPPORTED = Map.of();

    @BeforeAll
    static void referenceTools() throws Exception {
        KernelTests.assumeKernel();
        KernelTests.bpffs();
        requireTool("bpftool", "version");
        requireTool("gcc", "--version");
        requireTool("sh", "-c", "test -f /usr/include/bpf/libbpf.h");
        Files.createDirectories(BPFRUN.getParent());
        Run cc = run("gcc", "-O1", "-Wall", "-o", BPFRUN.toString(), BPFRUN_SRC.toString(), "-lbpf");
        assertEquals(0, cc.exit(), "compiling " + BPFRUN_SRC + ":\n" + cc.output());
    }

    static Stream<String> fixtures() {
        return Fixtures.all("bpfel").stream().map(p -> p.getFileName().toString().replace(".bpf.o", ""));
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void sameVerdictAndInstructionsAsLibbpf(String name) throws Exception {
        Path obj = Fixtures.bpfel(name);
        BpfObject spec = BpfObject.open(obj);
        Path progDir = BPFFS.resolve("bpfskel-diff-" + name);
        Path mapDir = BPFFS.resolve("bpfskel-diff-" + name + "-maps");
        Path ownPins = BPFFS.resolve("bpfskel-diff-" + name + "-bpfskel");
        List<Path> dirs = List.of(progDir, mapDir, ownPins);
        Map<String, Fd> reference = new LinkedHashMap<>();
        dirs.forEach(DifferentialTest::deleteTree);
        try {
            boolean bpfrun = needsBpfrun(spec);
            Run ref = bpfrun
                    ? runBpfrun(obj, progDir, mapDir)
                    : run("bpftool", "prog", "loadall", obj.toString(), progDir.toString(), "pinmaps", mapDir.toString());
            boolean refLoaded = ref.exit() == 0;
            String refName = bpfrun ? "libbpf 1.4 (bpfrun)" : "bpftool (libbpf 1.5)";
            assertTrue(refLoaded || !Files.exists(progDir) || isEmpty(progDir),
                    refName + " failed but left pins in " + progDir + ":\n" + ref.output());
            if (refLoaded) {
                try (Stream<Path> pins = Files.list(progDir)) {
                    for (Path pin : pins.sorted().toList()) {
                        reference.put(pin.getFileName().toString(), Bpf.objGet(pin.toString(), 0, "reference program"));
                    }
                }
            }
            // The fds keep the programs (and their maps) alive: the pins can go now.
            dirs.forEach(DifferentialTest::deleteTree);

            Files.createDirectories(ownPins);
            BpfOpenOptions opts = BpfOpenOptions.builder().pinRoot(ownPins).build();
            List<String> unsupported = new ArrayList<>();
            for (ProgramSpec p : spec.programs()) {
                if (UNSUPPORTED.containsKey(name + "/" + p.name())) {
                    unsupported.add(p.name());
                    assertStillRefused(name, p.name(), obj, opts);
                }
            }
            try (BpfCollection own = BpfCollection.open(obj, opts)) {
                unsupported.forEach(p -> own.program(p).setAutoload(false));
                String ownError = null;
                try {
                    own.load();
                } catch (BpfException e) {
                    ownError = e.getMessage();
                }
                if (refLoaded != (ownError == null)) {
                    fail(name + ": " + refName + (refLoaded ? " loads it" : " fails") + ", bpfskel "
                            + (ownError == null ? "loads it" : "fails: " + ownError) + "\n--- reference output:\n" + ref.output());
                }
                if (!refLoaded) {
                    return;
                }
                TreeSet<String> ownLoaded = new TreeSet<>();
                for (BpfProgram p : own.programs()) {
                    if (p.isLoaded()) {
                        ownLoaded.add(p.name());
                    }
                }
                TreeSet<String> expected = new TreeSet<>(reference.keySet());
                expected.removeAll(unsupported);
                assertEquals(expected, ownLoaded, name + ": loaded programs (" + refName + " vs bpfskel)");
                assertTrue(!ownLoaded.isEmpty() || spec.programs().stream().noneMatch(ProgramSpec::autoload),
                        name + ": nothing loaded");
                for (String prog : ownLoaded) {
                    compare(name + "/" + prog, refName, reference.get(prog), Fd.of(own.program(prog).ref().fd()));
                }
            }
        } finally {
            reference.values().forEach(Fd::close);
            dirs.forEach(DifferentialTest::deleteTree);
        }
    }

    private static void assertStillRefused(String fixture, String prog, Path obj, BpfOpenOptions opts) {
        try (BpfCollection c = BpfCollection.open(obj, opts)) {
            c.programs().forEach(p -> p.setAutoload(p.name().equals(prog)));
            c.load();
            fail(fixture + "/" + prog + " is listed as unsupported (" + UNSUPPORTED.get(fixture + "/" + prog)
                    + ") but bpfskel loads it now: remove it from UNSUPPORTED");
        } catch (BpfException e) {
            assertTrue(e.getMessage().contains("not supported"), fixture + "/" + prog + ": " + e.getMessage());
        }
    }

    /** See the class comment: objects bpftool's loadall cannot pin. */
    private static boolean needsBpfrun(BpfObject spec) {
        return spec.programs().stream().anyMatch(p -> !p.autoload())
                || spec.structOps().stream().anyMatch(s -> !s.autocreate())
                || spec.maps().stream().anyMatch(m -> m.pinning() == MapSpec.Pinning.BY_NAME);
    }

    private static Run runBpfrun(Path obj, Path progDir, Path mapDir) throws Exception {
        Files.createDirectories(progDir);
        return run(BPFRUN.toString(), "-P", progDir.toString(), "-M", mapDir.toString(), obj.toString());
    }

    private static void compare(String what, String refName, Fd refFd, Fd ownFd) {
        ProgInfo ref = Bpf.progInfo(refFd, "reference " + what);
        ProgInfo own = Bpf.progInfo(ownFd, "bpfskel " + what);
        assertTrue(ref.xlatedProgInsns().length > 0 && own.xlatedProgInsns().length > 0,
                what + ": the kernel hides translated instructions (kptr_restrict / bpf_jit_harden?)");
        List<String> refInsns = normalize(ref);
        List<String> ownInsns = normalize(own);
        List<String> diffs = new ArrayList<>();
        check(diffs, "program type", ref.type(), own.type());
        check(diffs, "program name", ref.name(), own.name());
        check(diffs, "gpl_compatible", ref.gplCompatible(), own.gplCompatible());
        check(diffs, "has BTF", ref.btfId() != 0, own.btfId() != 0);
        // the kernel type a tracing or struct_ops program was loaded against (struct_ops: the kernel struct's id)
        check(diffs, "attach_btf_id", ref.attachBtfId(), own.attachBtfId());
        check(diffs, "used maps", usedMaps(ref), usedMaps(own));
        if (!refInsns.equals(ownInsns)) {
            diffs.add("translated instructions differ:\n" + firstDifference(refInsns, ownInsns, refName));
        }
        // The verifier's work on identical instructions is identical unless what came with them differs
        // (func_info decides how global functions are verified).
        check(diffs, "verified_insns", ref.verifiedInsns(), own.verifiedInsns());
        String reason = DELIBERATE.get(what);
        if (reason != null) {
            assertTrue(!diffs.isEmpty(), what + " is listed as a deliberate difference (" + reason + ") but is identical now");
            return;
        }
        if (!diffs.isEmpty()) {
            fail(what + ": bpfskel differs from " + refName + ":\n" + String.join("\n", diffs));
        }
    }

    private static void check(List<String> diffs, String field, Object ref, Object own) {
        if (!ref.equals(own)) {
            diffs.add(field + ": libbpf " + ref + ", bpfskel " + own);
        }
    }

    /** Definitions of the maps a program uses, by name: what the kernel created for each loader. */
    private static List<String> usedMaps(ProgInfo info) {
        return mapsById(info).values().stream().map(m -> m.name() + " type " + m.type() + " key " + m.keySize()
                + " value " + m.valueSize() + " max_entries " + m.maxEntries() + " flags 0x" + Integer.toHexString(m.mapFlags())
                + " extra " + m.mapExtra() + " btf " + (m.btfId() != 0) + " key_type " + m.btfKeyTypeId()
                + " value_type " + m.btfValueTypeId()).sorted().toList();
    }

    private static Map<Integer, MapInfo> mapsById(ProgInfo info) {
        Map<Integer, MapInfo> out = new HashMap<>();
        for (int id : info.mapIds()) {
            try (Fd m = Bpf.mapGetFdById(id, 0)) {
                out.put(id, Bpf.mapInfo(m, "map id " + id + " of program " + info.name()));
            }
        }
        return out;
    }

    /** One line per instruction slot, map ids replaced by map names. */
    static List<String> normalize(ProgInfo info) {
        Map<Integer, MapInfo> maps = mapsById(info);
        ByteBuffer b = ByteBuffer.wrap(info.xlatedProgInsns()).order(ByteOrder.nativeOrder());
        boolean little = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
        int n = b.capacity() / 8;
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int code = b.get(i * 8) & 0xff;
            int regs = b.get(i * 8 + 1) & 0xff;
            int dst = little ? regs & 0xf : regs >>> 4;
            int src = little ? regs >>> 4 : regs & 0xf;
            short off = b.getShort(i * 8 + 2);
            int imm = b.getInt(i * 8 + 4);
            String head = String.format("%4d: code %02x dst r%d src %d off %d", i, code, dst, src, off);
            if (code == 0x18 && i + 1 < n) {
                int imm2 = b.getInt(i * 8 + 12);
                String rest2 = String.format("code %02x regs %02x off %d", b.get(i * 8 + 8) & 0xff, b.get(i * 8 + 9) & 0xff,
                        b.getShort(i * 8 + 10));
                if (src == BpfFlags.BPF_PSEUDO_MAP_FD || src == BpfFlags.BPF_PSEUDO_MAP_VALUE) {
                    MapInfo m = maps.get(imm);
                    String map = m == null ? "map id " + imm + " (not among the program's maps)" : "map '" + m.name() + "'";
                    out.add(head + " ld_imm64 " + map + " + " + imm2);
                } else {
                    out.add(head + String.format(" ld_imm64 0x%x", ((long) imm2 << 32) | (imm & 0xffffffffL)));
                }
                out.add(String.format("%4d: (second half) %s", i + 1, rest2));
                i++;
            } else {
                out.add(head + " imm " + imm);
            }
        }
        return out;
    }

    private static String firstDifference(List<String> ref, List<String> own, String refName) {
        int i = 0;
        while (i < ref.size() && i < own.size() && ref.get(i).equals(own.get(i))) {
            i++;
        }
        StringBuilder sb = new StringBuilder("  (" + ref.size() + " vs " + own.size() + " slots; first difference at " + i + ")\n");
        for (int k = Math.max(0, i - 3); k < Math.min(Math.max(ref.size(), own.size()), i + 4); k++) {
            sb.append("  ").append(refName).append(": ").append(k < ref.size() ? ref.get(k) : "-").append('\n');
            sb.append("  bpfskel: ").append(k < own.size() ? own.get(k) : "-").append('\n');
        }
        return sb.toString();
    }

    // ---------------------------------------------------------------- processes and pins

    record Run(int exit, String output) {}

    static Run run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + String.join(" ", cmd));
        }
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    private static void requireTool(String... cmd) {
        boolean ok;
        try {
            ok = run(cmd).exit() == 0;
        } catch (Exception e) {
            ok = false;
        }
        if (!ok) {
            String why = "reference tool missing: `" + String.join(" ", cmd) + "` failed (run scripts/setup.sh)";
            if (KernelTests.kernelRequired()) {
                fail(why);
            }
            Assumptions.abort(why);
        }
    }

    private static boolean isEmpty(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        } catch (IOException e) {
            return true;
        }
    }

    /** Removes pins and directories under a bpffs path; bpffs supports unlink and rmdir like any file system. */
    static void deleteTree(Path p) {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(q);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot remove " + p + ": " + e, e);
        }
    }
}
