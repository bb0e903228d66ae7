package io.bpfskel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpfskel.testing.Fixtures;
import io.bpfskel.testing.KernelTests;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Global variables by name, without a skeleton: what code that opens objects it was not compiled against uses. */
class GlobalVariableTest {
    @Test
    void variablesAreTheNonStaticOnesOfEveryDataSectionWithTheirPlaces() {
        try (BpfCollection obj = BpfCollection.open(Fixtures.bpfel("globals"))) {
            List<GlobalVariable> vars = obj.variables();
            assertTrue(vars.contains(new GlobalVariable("ro_u32", ".rodata", 12, 4)), vars.toString());
            assertTrue(vars.contains(new GlobalVariable("b_runs", ".bss", 0, 8)), vars.toString());
            assertTrue(vars.contains(new GlobalVariable("foo_counter", ".data.foo", 0, 4)), vars.toString());
            assertTrue(vars.contains(new GlobalVariable("bar_mask", ".rodata.bar", 8, 8)), vars.toString());
            List<String> names = vars.stream().map(GlobalVariable::name).toList();
            // static globals are left out, as bpftool's skeletons leave them out
            assertFalse(names.contains("d_static") || names.contains("b_static_bss") || names.contains("count_hits.hits"),
                    names.toString());
            assertEquals(".rodata", vars.get(0).section());
            assertEquals(0, vars.get(0).offset());

            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> obj.variable("nope"));
            assertTrue(e.getMessage().contains("no global variable 'nope'") && e.getMessage().contains("ro_u32"),
                    e.getMessage());
        }
    }

    @Test
    void aVariableIsReadAndWrittenInPlaceBeforeAndAfterLoad() {
        KernelTests.assumeKernel();
        MemoryView kept;
        try (BpfCollection obj = BpfCollection.open(Fixtures.bpfel("globals"))) {
            MemoryView roU32 = obj.variable("ro_u32");
            assertEquals(4, roU32.capacity());
            assertEquals(0xdeadbeef, roU32.getInt(0));
            roU32.putInt(0, 0x0badcafe); // a const volatile, set before load
            assertThrows(IndexOutOfBoundsException.class, () -> roU32.getInt(1), "the view is the variable's 4 bytes");
            obj.load();
            IllegalStateException stale = assertThrows(IllegalStateException.class, () -> roU32.putInt(0, 1),
                    "a view of the initial image kept past load must not swallow writes");
            assertTrue(stale.getMessage().contains("ro_u32") && stale.getMessage().contains("get the view again"),
                    stale.getMessage());
            obj.program("globals_run").testRun(null);
            kept = obj.variable("b_u32");
            assertEquals(0x0badcafe, kept.getInt(0), "globals_run copies ro_u32 into b_u32");
            assertEquals(1L, obj.variable("b_runs").getLong(0));
            obj.variable("b_runs").putLong(0, 41); // live: the program's next increment starts here
            obj.program("globals_run").testRun(null);
            assertEquals(42L, obj.variable("b_runs").getLong(0));
            assertTrue(obj.variable("ro_u32").isReadOnly(), ".rodata is frozen after load");
            assertTrue(kept.name().contains("b_u32") && kept.name().contains(".bss"), kept.name());
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> kept.getInt(0));
        assertTrue(e.getMessage().contains("b_u32"), e.getMessage());
    }
}
