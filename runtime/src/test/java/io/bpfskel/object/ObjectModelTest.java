package io.bpfskel.object;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpfskel.testing.Fixtures;
import io.bpfskel.uapi.MapType;
import io.bpfskel.uapi.ProgramType;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The object model against libbpf's view of the fixtures, as recorded in src/test/bpf/EXPECTED.md. */
class ObjectModelTest {

    @ParameterizedTest
    @ValueSource(strings = {"bpfel", "bpfeb"})
    void externsAreSortedAndLaidOutAsLibbpfDoes(String target) {
        BpfObject o = BpfObject.open(Fixtures.object(target, "externs"));
        List<String> names = o.externs().stream().map(Extern::name).toList();
        assertEquals(List.of("CONFIG_HZ___v2", "CONFIG_ILLEGAL_POINTER_VALUE", "CONFIG_PHYSICAL_ALIGN", "CONFIG_BPF_LSM",
                "CONFIG_DEFAULT_MMAP_MIN_ADDR", "CONFIG_HZ", "CONFIG_PREEMPT", "LINUX_BPFSKEL_UNKNOWN", "LINUX_KERNEL_VERSION",
                "CONFIG_LOG_BUF_SHIFT", "CONFIG_NR_CPUS", "CONFIG_BPF_JIT", "CONFIG_BPF_SYSCALL", "CONFIG_KALLSYMS_ALL",
                "LINUX_HAS_BPF_COOKIE", "LINUX_HAS_SYSCALL_WRAPPER", "CONFIG_DEFAULT_HOSTNAME", "CONFIG_LOCALVERSION",
                "bpf_bpfskel_no_such_kfunc", "bpf_cpumask_create", "bpf_cpumask_release", "bpf_iter_num_destroy",
                "bpf_iter_num_new", "bpf_iter_num_next", "bpf_prog_fops", "bpf_prog_put", "bpf_strlen____bar",
                "bpf_strlen___new", "bpf_strlen___old", "bpf_strlen___v2___compat", "bpf_task_from_pid", "bpf_task_release",
                "bpfskel_no_such_var"), names);
        int[] offsets = {0, 8, 16, 24, 28, 32, 36, 40, 44, 48, 50, 52, 53, 54, 55, 56, 57, 61};
        int[] sizes = {8, 8, 8, 4, 4, 4, 4, 4, 4, 2, 2, 1, 1, 1, 1, 1, 4, 16};
        for (int i = 0; i < offsets.length; i++) {
            Extern e = o.externs().get(i);
            assertEquals(i, e.index());
            assertEquals(Extern.Kind.KCONFIG, e.kind(), e.name());
            assertEquals(offsets[i], e.kconfig().offset(), e.name());
            assertEquals(sizes[i], e.kconfig().size(), e.name());
        }
        assertEquals(77, o.kconfigSize());
        assertEquals(Extern.KcfgType.TRISTATE, o.extern("CONFIG_BPF_LSM").orElseThrow().kconfig().type());
        assertEquals(Extern.KcfgType.CHAR, o.extern("CONFIG_BPF_JIT").orElseThrow().kconfig().type());
        assertEquals(Extern.KcfgType.BOOL, o.extern("CONFIG_BPF_SYSCALL").orElseThrow().kconfig().type());
        assertEquals(Extern.KcfgType.CHAR_ARR, o.extern("CONFIG_LOCALVERSION").orElseThrow().kconfig().type());
        assertTrue(o.extern("CONFIG_PHYSICAL_ALIGN").orElseThrow().kconfig().signed());
        assertFalse(o.extern("CONFIG_NR_CPUS").orElseThrow().kconfig().signed());
        assertFalse(o.extern("CONFIG_HZ").orElseThrow().weak());

        Extern old = o.extern("bpf_strlen___old").orElseThrow();
        assertEquals(Extern.Kind.KFUNC, old.kind());
        assertEquals("bpf_strlen", old.essentialName());
        assertTrue(old.weak());
        assertEquals(2002000028, old.poisonImm());
        assertEquals("bpf_strlen___v2", o.extern("bpf_strlen___v2___compat").orElseThrow().essentialName());
        assertFalse(o.extern("bpf_strlen____bar").orElseThrow().hasFlavor());
        assertEquals(Extern.Kind.KSYM_TYPELESS, o.extern("bpf_prog_fops").orElseThrow().kind());
        assertEquals(Extern.Kind.KSYM_VAR, o.extern("bpfskel_no_such_var").orElseThrow().kind());
        // bpf_helpers.h redeclares bpf_iter_num_* as __weak, so the ELF symbols are WEAK despite the fixture's plain __ksym.
        for (Extern e : o.externs()) {
            assertEquals(o.elf().symbol(e.symbolIndex()).isWeak(), e.weak(), e.name());
            assertEquals(e.name(), o.elf().symbol(e.symbolIndex()).name());
        }
        assertTrue(o.extern("bpf_iter_num_new").orElseThrow().weak());

        MapSpec kconfig = o.map(".kconfig").orElseThrow();
        assertEquals("externs.kconfig", kconfig.kernelName());
        assertEquals(77, kconfig.valueSize());
        assertEquals(0x480, kconfig.flags());
    }

    @Test
    void mapsMatchLibbpfsParse() {
        BpfObject o = BpfObject.open(Fixtures.bpfel("maps"));
        MapSpec outer = o.map("outer_arr").orElseThrow();
        assertEquals(MapType.ARRAY_OF_MAPS, outer.mapType());
        assertEquals(4, outer.valueSize());
        assertNotNull(outer.inner());
        assertEquals("outer_arr.inner", outer.inner().name());
        assertEquals(List.of(new MapSpec.InitialSlot(0, "inner_a"), new MapSpec.InitialSlot(2, "inner_b")), outer.initialSlots());
        assertEquals(List.of(new MapSpec.InitialSlot(1, "inner_h")), o.map("outer_hash").orElseThrow().initialSlots());
        MapSpec jmp = o.map("jmp_table").orElseThrow();
        assertEquals(MapType.PROG_ARRAY, jmp.mapType());
        assertNull(jmp.inner());
        assertEquals(List.of(new MapSpec.InitialSlot(0, "xdp_tail_0"), new MapSpec.InitialSlot(1, "xdp_tail_1")), jmp.initialSlots());
        MapSpec flows = o.map("flows").orElseThrow();
        assertEquals(16, flows.keySize());
        assertEquals(24, flows.valueSize());
        assertEquals(128, flows.maxEntries());
        assertEquals(1, o.map("sparse").orElseThrow().flags());
        MapSpec raw = o.map("raw_sized").orElseThrow();
        assertEquals(0, raw.keyTypeId());
        assertEquals(24, raw.valueSize());
        assertEquals(MapSpec.Pinning.BY_NAME, o.map("pinned_counts").orElseThrow().pinning());
        assertEquals(3, o.map("seen").orElseThrow().mapExtra());
        assertEquals(MapType.BLOOM_FILTER, o.map("seen").orElseThrow().mapType());
        assertEquals(0, o.map("perf_events").orElseThrow().maxEntries());
        assertEquals(4096, o.map("events").orElseThrow().maxEntries());
        assertEquals(List.of("maps.bss", ".rodata.cst16", "maps.rodata"),
                o.maps().stream().filter(MapSpec::isInternal).map(MapSpec::kernelName).toList());
        assertEquals(40, o.map(".bss").orElseThrow().valueSize());
    }

    @Test
    void globalDataSectionsAndVariables() {
        BpfObject o = BpfObject.open(Fixtures.bpfel("globals"));
        assertEquals(List.of(".rodata", ".data", ".data.foo", ".rodata.bar", ".bss", ".rodata.str1.1"),
                o.dataSections().stream().map(DataSection::name).toList());
        assertEquals(0x480, o.map(".rodata").orElseThrow().flags());
        assertEquals(0x400, o.map(".data.foo").orElseThrow().flags());
        assertEquals(0x80, o.map(".rodata.str1.1").orElseThrow().flags());
        assertEquals("globals.rodata", o.map(".rodata").orElseThrow().kernelName());
        DataSection bss = o.dataSection(".bss").orElseThrow();
        assertEquals(164, bss.size());
        assertEquals(160, bss.variable("count_hits.hits").offset());
        assertTrue(bss.variable("count_hits.hits").isStatic());
        assertEquals(112, bss.variable("b_static_bss").offset());
        assertEquals(88, bss.variable("b_name").offset());
        assertFalse(bss.variable("b_name").isStatic());
        DataSection ro = o.dataSection(".rodata").orElseThrow();
        assertEquals(96, ro.variable("globals_run.____fmt").offset());
        assertEquals(56, ro.variable("ro_point").offset());
        assertEquals(24, ro.variable("ro_point").size());
        assertEquals((byte) 0xfe, ro.initialData()[0]);
        assertEquals(12, o.dataSection(".data.foo").orElseThrow().size());
    }

    @Test
    void programsSubprogramsAndAutoload() {
        BpfObject o = BpfObject.open(Fixtures.bpfel("subprogs"));
        assertEquals(List.of("sub_shared", "add7", "scale", "global_clamp", "loop_cb", "sum_elem"),
                o.functions().stream().filter(ProgramSpec::subprogram).map(ProgramSpec::name).toList());
        assertEquals(List.of(0, 4, 7, 11, 26, 33),
                o.functions().stream().filter(ProgramSpec::subprogram).map(ProgramSpec::insnOffset).toList());
        ProgramSpec disabled = o.program("sub_disabled").orElseThrow();
        assertFalse(disabled.autoload());
        assertEquals("syscall", disabled.sectionName());
        assertEquals(ProgramType.SYSCALL, disabled.type());
        assertTrue(o.program("sub_main").orElseThrow().autoload());
        assertEquals(ProgramType.RAW_TRACEPOINT, o.program("sub_raw_tp").orElseThrow().type());
        assertEquals("sys_enter", o.program("sub_raw_tp").orElseThrow().attachTarget());
        assertEquals(ProgramType.SCHED_CLS, o.program("sub_tc").orElseThrow().type());
        assertEquals(ProgramType.SOCKET_FILTER, o.program("sub_socket").orElseThrow().type());
        ProgramSpec main = o.program("sub_main").orElseThrow();
        assertTrue(main.relocations().stream().anyMatch(r -> r.type() == Relocation.Type.SUBPROG_ADDR));
        assertEquals("GPL", o.license());
    }

    @ParameterizedTest
    @ValueSource(strings = {"bpfel", "bpfeb"})
    void everyFixtureOpens(String target) {
        for (var p : Fixtures.all(target)) {
            BpfObject o = BpfObject.open(p);
            assertFalse(o.programs().isEmpty(), p.toString());
        }
    }
}
