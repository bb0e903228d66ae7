package io.bpfskel.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.bpfskel.processor.CompiledClasses.call;
import static io.bpfskel.processor.CompiledClasses.constant;
import static io.bpfskel.processor.CompiledClasses.path;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import io.bpfskel.error.BpfException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs generated skeletons (before load: the loader is not there yet): reading the object from the class path,
 * the stale-object check, typed accessors over initial data, rodata writes, state checks.
 */
class GeneratedRuntimeTest {
    static Class<?> skeleton(Path dir, String object, String name, Map<String, byte[]> resources) {
        Compilation c = Fixtures.compile(List.of(dir), Fixtures.annotated(name, object));
        assertThat(c).succeeded();
        return new CompiledClasses(c, resources).load("test." + name + "Skel");
    }

    private static Class<?> flavors() {
        return skeleton(Fixtures.el(), "flavors.bpf.o", "Flavors",
                Map.of("flavors.bpf.o", Fixtures.bytes(Fixtures.el().resolve("flavors.bpf.o"))));
    }

    @Test
    void rodataBeforeLoadAndExternsOnlyAfter() {
        Class<?> type = flavors();
        try (AutoCloseable skel = (AutoCloseable) call(type, "open")) {
            Object rodata = call(skel, "rodata");
            assertEquals(0, call(rodata, "targetPid"));
            assertEquals(rodata, call(rodata, "targetPid", 1234), "setters chain");
            assertEquals(1234, call(rodata, "targetPid"));
            io.bpfskel.MemoryView raw = (io.bpfskel.MemoryView) call(call(skel, "object"), "dataSection", ".rodata");
            assertEquals(1234, raw.order(ByteOrder.LITTLE_ENDIAN).getInt(0), "written into the section image");
            assertEquals("hello, flavors!", call(rodata, "input"));
            call(rodata, "input", "abc");
            assertEquals("abc", call(rodata, "input"));
            byte[] bytes = (byte[]) call(rodata, "inputBytes");
            assertEquals(64, bytes.length);
            assertEquals(0, bytes[3]);
            assertEquals(0, bytes[20], "rest zero-filled");
            call(rodata, "input", "x".repeat(63));
            assertThrows(IllegalArgumentException.class, () -> call(rodata, "input", "x".repeat(64)));
            assertEquals(-1, path(skel, "data", "length"));
            assertEquals(0L, path(skel, "bss", "counter"));

            for (String m : new String[] {"hasBpfStrlenNew", "hasSomeKfuncOld", "hasRunqueues", "hasBpfLinkFops",
                    "bpfStrlenFlavors", "someKfuncFlavors", "externs"}) {
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> call(skel, m), m);
                assertTrue(e.getMessage().contains("after load"), e.getMessage());
            }
            Object strlenNew = constant(type, "BpfStrlenFlavor", "NEW");
            assertEquals("bpf_strlen___new", call(strlenNew, "externName"));
            assertEquals("some_kfunc___old", call(constant(type, "SomeKfuncFlavor", "OLD"), "externName"));
            assertEquals("flavors_run", call(path(skel, "progs", "flavorsRun"), "name"));
            assertEquals(".bss", call(path(skel, "maps", "bss"), "name"));
            assertEquals("flavors.bpf.o", type.getField("OBJECT_RESOURCE").get(null));
            call(skel, "close");
            assertThrows(IllegalStateException.class, () -> call(rodata, "targetPid"), "closed");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void staleObjectIsRefused() {
        byte[] changed = Fixtures.bytes(Fixtures.el().resolve("flavors.bpf.o"));
        changed[changed.length - 1] ^= 1;
        Class<?> type = skeleton(Fixtures.el(), "flavors.bpf.o", "Flavors", Map.of("flavors.bpf.o", changed));
        BpfException e = assertThrows(BpfException.class, () -> call(type, "open"));
        assertTrue(e.getMessage().contains("FlavorsSkel is stale"), e.getMessage());
        assertTrue(e.getMessage().contains(io.bpfskel.skel.SkeletonSupport.sha256(changed)), e.getMessage());
    }

    @Test
    void missingObjectIsReported() {
        Class<?> type = skeleton(Fixtures.el(), "flavors.bpf.o", "Flavors", Map.of());
        BpfException e = assertThrows(BpfException.class, () -> call(type, "open"));
        assertTrue(e.getMessage().contains("'flavors.bpf.o' is not on the class path"), e.getMessage());
    }

    /** Initial data written by clang, read through every accessor kind, for both byte orders. */
    @ParameterizedTest
    @ValueSource(strings = {"bpfel", "bpfeb"})
    void kitchenInitialValues(String target) throws Exception {
        Path dir = Fixtures.root().resolve(target);
        Class<?> type = skeleton(dir, "kitchen.bpf.o", "Kitchen",
                Map.of("kitchen.bpf.o", Fixtures.bytes(dir.resolve("kitchen.bpf.o"))));
        try (AutoCloseable skel = (AutoCloseable) call(type, "open")) {
            Object data = call(skel, "data");
            Object cfg = call(data, "initCfg");
            assertEquals(77, call(cfg, "pid"));
            assertEquals("init", call(cfg, "comm"));
            assertEquals((byte) 5, call(cfg, "mode"));
            assertEquals((byte) 1, call(cfg, "verbose"));
            assertEquals((byte) 9, call(cfg, "level"));
            assertEquals((short) -3, call(cfg, "delta"));
            assertEquals(0x01020304, call(cfg, "asU32"));
            assertEquals(target.equals("bpfel") ? (byte) 4 : (byte) 1, call(cfg, "bytes", 0));
            assertEquals(-1, path(cfg, "origin", "x"));
            assertEquals(2, path(cfg, "origin", "y"));
            assertEquals(10L, path(cfg, "stats", "hits"));
            assertEquals(20L, path(cfg, "stats", "misses"));
            assertEquals(constant(type, "Color", "GREEN"), call(cfg, "tint"));
            assertEquals(5L, call(call(cfg, "tint"), "value"));
            assertEquals(3, path(data, "lst", "n"));
            assertEquals("kitchen", call(data, "comm"));
            assertEquals((byte) 2, call(data, "raw", 1));
            assertEquals(42, call(data, "dataInt"));
            assertEquals(0.5f, call(data, "ratio"));
            assertEquals(0.25, call(data, "precise"));
            assertEquals(7, path(skel, "dataFoo", "fooHits"));
            assertEquals(100L, path(skel, "rodataBar", "barLimit"));
            assertEquals(true, path(skel, "rodata", "enabled"));
            assertEquals("hello", path(skel, "rodata", "greeting"));

            // bitfield writes leave the neighbours alone, sign extension works at the edges
            call(cfg, "mode", (byte) 2);
            call(cfg, "delta", (short) -16);
            assertEquals((byte) 2, call(cfg, "mode"));
            assertEquals((byte) 1, call(cfg, "verbose"));
            assertEquals((byte) 9, call(cfg, "level"));
            assertEquals((short) -16, call(cfg, "delta"));
            call(cfg, "delta", (short) 15);
            assertEquals((short) 15, call(cfg, "delta"));
            call(cfg, "level", (byte) 0xff);
            assertEquals((byte) 15, call(cfg, "level"), "only the low 4 bits are stored");
            assertEquals((byte) 1, call(cfg, "verbose"));
            assertEquals(77, call(cfg, "pid"));

            Object bss = call(skel, "bss");
            call(bss, "matrix", 1, 2, 99);
            assertEquals(99, call(bss, "matrix", 1, 2));
            assertEquals(0, call(bss, "matrix", 1, 1));
            assertThrows(IndexOutOfBoundsException.class, () -> call(bss, "matrix", 2, 0));
            assertThrows(IndexOutOfBoundsException.class, () -> call(bss, "matrix", 0, 3));
            call(bss, "names", 2, "seven77");
            assertEquals("seven77", call(bss, "names", 2));
            assertEquals("", call(bss, "names", 1));
            call(call(bss, "points", 3), "y", 5);
            assertEquals(5, path(call(bss, "points", 3), "y"));
            call(bss, "color", constant(type, "Color", "BLUE"));
            assertEquals(constant(type, "Color", "BLUE"), call(bss, "color"));
            call(bss, "u32v", -1);
            assertEquals(0xffffffffL, Integer.toUnsignedLong((Integer) call(bss, "u32v")));
            call(path(bss, "anon"), "kind", constant(type, "BssAnonKind", "ANON_B"));
            assertEquals(constant(type, "BssAnonKind", "ANON_B"), path(bss, "anon", "kind"));
            assertEquals(0L, call(bss, "callback"));

            call(path(bss, "val"), "i", -1L);
            assertEquals(-1L, path(bss, "val", "u"));

            IllegalStateException e = assertThrows(IllegalStateException.class, () -> path(skel, "kconfig", "configHz"));
            assertTrue(e.getMessage().contains(".kconfig is readable only after load()"), e.getMessage());
        }
    }

    @Test
    void viewsWrapPlainBuffers() throws Exception {
        Class<?> type = skeleton(Fixtures.el(), "kitchen.bpf.o", "Kitchen", Map.of());
        Class<?> point = null;
        for (Class<?> c : type.getClasses()) {
            if (c.getSimpleName().equals("Point")) {
                point = c;
            }
        }
        assertEquals(8, point.getField("SIZE").get(null));
        ByteBuffer buf = ByteBuffer.allocate(16);
        Object p = call(point, "wrap", buf, 8);
        call(p, "x", 0x11223344);
        assertEquals(0x11223344, buf.order(ByteOrder.LITTLE_ENDIAN).getInt(8));
        assertArrayEquals(new byte[] {0x44, 0x33, 0x22, 0x11}, java.util.Arrays.copyOfRange(buf.array(), 8, 12));
    }

    @Test
    void unknownEnumValueReadsAsNull() throws Exception {
        Class<?> type = skeleton(Fixtures.el(), "kitchen.bpf.o", "Kitchen",
                Map.of("kitchen.bpf.o", Fixtures.bytes(Fixtures.el().resolve("kitchen.bpf.o"))));
        try (AutoCloseable skel = (AutoCloseable) call(type, "open")) {
            Object bss = call(skel, "bss");
            call(bss, "color", constant(type, "Color", "GREEN"));
            // .bss starts zeroed: the only int 5 is the color just written
            io.bpfskel.MemoryView raw = ((io.bpfskel.MemoryView) call(call(skel, "object"), "dataSection", ".bss")).order(ByteOrder.LITTLE_ENDIAN);
            int colorOff = -1;
            for (int i = 0; i + 4 <= raw.capacity(); i += 4) {
                if (raw.getInt(i) == 5) {
                    colorOff = i;
                }
            }
            assertTrue(colorOff >= 0);
            raw.putInt(colorOff, 42);
            assertEquals(null, call(bss, "color"));
        }
    }
}
