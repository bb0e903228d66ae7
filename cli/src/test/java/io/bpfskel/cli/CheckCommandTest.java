package io.bpfskel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.bpfskel.testing.FleetKernels;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bpfskel check} over a fleet directory holding Debian's 6.1 kernel as a BTFHub-style {@code .btf.tar.xz}
 * (with its config beside it) and 6.12 as a raw {@code .btf} in a subdirectory.
 */
class CheckCommandTest {
    @TempDir
    Path fleet;

    private void layOut() throws Exception {
        Path k61 = FleetKernels.btf("6.1");
        Path k612 = FleetKernels.btf("6.12");
        Path hub = Files.createDirectories(fleet.resolve("debian/12/x86_64"));
        String name61 = k61.getFileName().toString();
        try (OutputStream f = Files.newOutputStream(hub.resolve(name61 + ".tar.xz"));
                XZCompressorOutputStream xz = new XZCompressorOutputStream(f);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(xz)) {
            TarArchiveEntry e = new TarArchiveEntry(name61);
            e.setSize(Files.size(k61));
            tar.putArchiveEntry(e);
            Files.copy(k61, tar);
            tar.closeArchiveEntry();
        }
        String stem61 = name61.substring(0, name61.length() - 4);
        Files.copy(k61.resolveSibling(stem61 + ".config"), hub.resolve(stem61 + ".config"));
        Path bp = Files.createDirectories(fleet.resolve("debian/12-backports"));
        Files.copy(k612, bp.resolve(k612.getFileName()));
        Files.writeString(fleet.resolve("README.md"), "not a kernel\n");
    }

    @Test
    void tableOverADirectoryTreeWithAnArchive() throws Exception {
        layOut();
        Cli.Result r = Cli.run("check", Cli.fixture("core_engine"), Cli.fixture("attach_net"), Cli.fixture("minimal"),
                "--btf", fleet).expectExit(BpfskelCommand.EXIT_WOULD_FAIL);
        String out = r.out();
        assertTrue(out.contains("3 objects on 2 kernels"), out);
        // 6.1 lacks the tcx attach types and core_engine's bitfield; 6.12 has tcx but not the bitfield
        assertTrue(out.lines().anyMatch(l -> l.matches("\\s+attach_net\\.bpf\\.o\\s+loads\\s+FAILS\\s*")), out);
        assertTrue(out.lines().anyMatch(l -> l.matches("\\s+core_engine\\.bpf\\.o\\s+FAILS\\s+FAILS\\s*")), out);
        assertTrue(out.lines().anyMatch(l -> l.matches("\\s+minimal\\.bpf\\.o\\s+loads\\s+loads\\s*")), out);
        assertTrue(out.contains("attach type BPF_TCX_INGRESS: the kernel has no such attach type"), out);
        assertTrue(out.contains("init_private_fork_class"), out);
    }

    @Test
    void jsonAndCsv() throws Exception {
        layOut();
        Cli.Result j = Cli.run("check", Cli.fixture("core_runqlat"), "--btf", fleet, "--json").expectExit(0);
        JsonObject root = j.json().getAsJsonObject();
        JsonArray kernels = root.getAsJsonArray("kernels");
        assertEquals(2, kernels.size());
        JsonObject k61 = kernels.get(1).getAsJsonObject();
        assertTrue(k61.get("btf").getAsString().endsWith(".btf.tar.xz"), k61.toString());
        assertTrue(k61.get("config").getAsString().endsWith(".config"), k61.toString());
        JsonObject onK = root.getAsJsonArray("objects").get(0).getAsJsonObject().getAsJsonArray("kernels").get(0)
                .getAsJsonObject();
        assertEquals("loads", onK.get("verdict").getAsString());
        JsonArray programs = onK.getAsJsonArray("programs");
        assertTrue(programs.size() > 0);
        boolean someCore = false;
        for (var p : programs) {
            someCore |= p.getAsJsonObject().getAsJsonArray("core_relocations").size() > 0;
            assertTrue(p.getAsJsonObject().getAsJsonArray("helpers").size() > 0, p.toString());
        }
        assertTrue(someCore, programs.toString());

        Cli.Result c = Cli.run("check", Cli.fixture("attach_net"), "--btf", fleet, "--csv").expectExit(BpfskelCommand.EXIT_WOULD_FAIL);
        List<String> lines = c.out().lines().toList();
        assertEquals("object,kernel,verdict,reason,attach", lines.get(0));
        assertEquals(3, lines.size(), c.out());
        assertTrue(lines.stream().anyMatch(l -> l.contains("debian/12/x86_64/" + FleetFiles.stem(FleetKernels.btf("6.1")
                .getFileName().toString()) + ",fails,")), c.out());
    }

    @Test
    void archivesDecompressOnceIntoTheCache(@TempDir Path cache) throws Exception {
        layOut();
        String first = Cli.run("check", Cli.fixture("attach_net"), "--btf", fleet, "--btf-cache", cache, "--csv")
                .expectExit(BpfskelCommand.EXIT_WOULD_FAIL).out();
        List<Path> entries;
        try (var s = Files.list(cache)) {
            entries = s.toList();
        }
        assertEquals(1, entries.size(), entries.toString());
        assertEquals(Files.size(FleetKernels.btf("6.1")), Files.size(entries.get(0)));
        // the second run reads the cache: same answer, same entry
        String second = Cli.run("check", Cli.fixture("attach_net"), "--btf", fleet, "--btf-cache", cache, "--csv")
                .expectExit(BpfskelCommand.EXIT_WOULD_FAIL).out();
        assertEquals(first, second);
        try (var s = Files.list(cache)) {
            assertEquals(1, s.count());
        }
    }

    @Test
    void unreadableKernelIsReportedAndExitsOne() throws Exception {
        Files.write(fleet.resolve("broken.btf"), new byte[] {1, 2, 3});
        Cli.Result r = Cli.run("check", Cli.fixture("minimal"), "--btf", fleet).expectExit(1);
        assertTrue(r.out().contains("broken: cannot read:"), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("\\s+minimal\\.bpf\\.o\\s+error\\s*")), r.out());
    }
}
