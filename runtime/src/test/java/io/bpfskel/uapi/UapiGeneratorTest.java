package io.bpfskel.uapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpfskel.btf.Btf;
import io.bpfskel.btf.BtfKind;
import io.bpfskel.btf.BtfType;
import io.bpfskel.btf.KernelBtf;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The checked-in {@code io.bpfskel.uapi} sources are what the generator makes from the pinned headers. */
class UapiGeneratorTest {
    private static final Path HEADERS = UapiGenerator.HEADERS;

    @Test
    void checkedInSourcesAreTheGeneratorsOutput() throws IOException {
        Map<String, String> generated = UapiGenerator.generate(HEADERS);
        List<String> checkedIn;
        try (Stream<Path> s = Files.list(UapiGenerator.SOURCES)) {
            checkedIn = s.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertEquals(generated.keySet().stream().sorted().toList(), checkedIn,
                "io.bpfskel.uapi holds only generated sources");
        for (Map.Entry<String, String> e : generated.entrySet()) {
            assertEquals(e.getValue(), Files.readString(UapiGenerator.SOURCES.resolve(e.getKey())),
                    e.getKey() + " differs from the generator's output: run UapiGenerator (see runtime/src/main/uapi/README.md)");
        }
    }

    @Test
    void headersAreThePinnedOnes() throws IOException {
        String readme = Files.readString(HEADERS.getParent().resolve("README.md"));
        for (String f : UapiGenerator.HEADER_FILES) {
            String sha = UapiGenerator.sha256(Files.readAllBytes(HEADERS.resolve(f)));
            assertTrue(readme.contains("`linux/" + f + "` |") && readme.contains(sha),
                    "README.md records linux/" + f + " with sha256 " + sha);
        }
    }

    /** Each Java enum lists exactly the header's members ({@code __MAX} sentinels aside), with their values. */
    @Test
    void enumsEqualTheHeader() throws IOException {
        UapiGenerator.Header h = header();
        check(h, "bpf_cmd", "BPF_", BpfCommand.values(), BpfCommand::number);
        check(h, "bpf_map_type", "BPF_MAP_TYPE_", MapType.values(), MapType::number);
        check(h, "bpf_prog_type", "BPF_PROG_TYPE_", ProgramType.values(), ProgramType::number);
        check(h, "bpf_attach_type", "BPF_", AttachType.values(), AttachType::number);
        check(h, "bpf_link_type", "BPF_LINK_TYPE_", LinkType.values(), LinkType::number);
        assertEquals(MapType.HASH, MapType.of(1));
        assertEquals(MapType.CGROUP_STORAGE, MapType.of(MapType.CGROUP_STORAGE_DEPRECATED.number()), "the newer name");
        assertEquals(null, MapType.of(100_000));
        assertEquals(null, MapType.of(-1));
        assertEquals("BPF_PROG_TYPE_XDP", ProgramType.XDP.uapiName());
    }

    @Test
    void constantsEqualTheHeader() throws IOException {
        UapiGenerator.Header h = header();
        assertEquals(h.value("BPF_F_MMAPABLE"), BpfFlags.BPF_F_MMAPABLE);
        assertEquals(1 << 10, BpfFlags.BPF_F_MMAPABLE);
        assertEquals(h.value("BPF_F_SLEEPABLE"), BpfFlags.BPF_F_SLEEPABLE);
        assertEquals(h.value("BPF_PSEUDO_KFUNC_CALL"), BpfFlags.BPF_PSEUDO_KFUNC_CALL);
        assertEquals(0x18, Opcodes.BPF_LD | Opcodes.BPF_IMM | Opcodes.BPF_DW);
        assertEquals(0x85, Opcodes.BPF_JMP | Opcodes.BPF_CALL);
        assertEquals(0xe1, Opcodes.BPF_XCHG);
        assertEquals(h.value("BPF_JCOND"), Opcodes.BPF_JCOND);
    }

    /** Where the running kernel's BTF has these enums, they agree with the header (the pin is the right one). */
    @Test
    void runningKernelAgrees() {
        Assumptions.assumeTrue(Files.isReadable(KernelBtf.SYSFS_VMLINUX), "no kernel BTF");
        Btf vmlinux = KernelBtf.loadVmlinux();
        for (String name : List.of("bpf_cmd", "bpf_map_type", "bpf_prog_type", "bpf_attach_type", "bpf_link_type")) {
            int id = vmlinux.findByNameKind(name, BtfKind.ENUM);
            assertTrue(id > 0, name);
            Map<String, Long> kernel = new LinkedHashMap<>();
            for (BtfType.EnumValue v : ((BtfType.AnyEnum) vmlinux.type(id)).values()) {
                kernel.put(v.name(), v.value());
            }
            Map<String, Long> header = new LinkedHashMap<>();
            for (UapiGenerator.Member m : headerOrThrow().enums.get(name)) {
                header.put(m.name(), m.value());
            }
            for (Map.Entry<String, Long> e : header.entrySet()) {
                if (kernel.containsKey(e.getKey())) {
                    assertEquals(e.getValue(), kernel.get(e.getKey()), name + "." + e.getKey());
                }
            }
        }
    }

    private static UapiGenerator.Header headerOrThrow() {
        try {
            return header();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static UapiGenerator.Header header() throws IOException {
        List<String> texts = new ArrayList<>();
        for (String f : UapiGenerator.HEADER_FILES) {
            texts.add(Files.readString(HEADERS.resolve(f)));
        }
        return UapiGenerator.parse(texts);
    }

    private static <E extends Enum<E>> void check(UapiGenerator.Header h, String cEnum, String prefix, E[] values,
            ToIntFunction<E> number) {
        Map<String, Long> expected = new LinkedHashMap<>();
        for (UapiGenerator.Member m : h.enums.get(cEnum)) {
            if (!m.name().startsWith("__")) {
                expected.put(m.name(), m.value());
            }
        }
        Map<String, Long> actual = new LinkedHashMap<>();
        for (E v : values) {
            actual.put(prefix + v.name(), (long) number.applyAsInt(v));
        }
        assertEquals(expected, actual, cEnum);
    }
}
