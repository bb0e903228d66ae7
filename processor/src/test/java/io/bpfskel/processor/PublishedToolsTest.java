package io.bpfskel.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.bpfskel.processor.CompiledClasses.call;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import io.bpfskel.BpfMap;
import io.bpfskel.BpfProgram;
import io.bpfskel.maps.TypedMap;
import io.bpfskel.testing.KernelTests;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Objects shaped like the published BPF tools users bring ({@code tools.bpf.c}, after bcc libbpf-tools): enum
 * members in map key and value structs, {@code __}-prefixed twins among programs, maps, variables, ksyms and struct
 * members, members named like the generated code's own identifiers, many maps and programs. The generated code
 * compiles without a javac warning, every twin gets a stable name with one warning, and the records encode at the
 * BTF offsets. (Golden file: {@link GoldenTest}.)
 */
class PublishedToolsTest {
    private static final String PREFIX = "'tools.bpf.o': ";
    private static final String RULE = " (colliding names keep their runs of underscores, then their C spelling; see "
            + "the naming rule in docs/skeleton-api.md)";

    private static final JavaFileObject USER = JavaFileObjects.forSourceString("test.Tools", """
            package test;

            @io.bpfskel.BpfSkeleton("tools.bpf.o")
            public interface Tools {
                static void use(ToolsSkel skel) {
                    io.bpfskel.BpfProgram kernelFunction = skel.progs().blkAccountIoStart();
                    io.bpfskel.BpfProgram variant = skel.progs().__blkAccountIoStart();
                    io.bpfskel.BpfProgram tpBtf = skel.progs().handle__schedWakeup();
                    io.bpfskel.BpfProgram rawTp = skel.progs().handleSchedWakeup();
                    io.bpfskel.link.BpfLink link = skel.links().__blkAccountIoStart();
                    io.bpfskel.BpfMap start = skel.maps().start();
                    io.bpfskel.BpfMap start2 = skel.maps().__start();
                    io.bpfskel.maps.TypedMap<Long, Long> startTyped = skel.maps().__startTyped();
                    io.bpfskel.BpfMap tasksTypedMap = skel.maps().tasksTyped();
                    io.bpfskel.maps.TypedMap<Long, ToolsSkel.TaskStateValue> tasks = skel.maps().tasksTyped_();
                    io.bpfskel.maps.TypedMap<ToolsSkel.Ipv4FlowKeyValue, ToolsSkel.ConnStatsValue> counts =
                            skel.maps().ipv4CountTyped();
                    io.bpfskel.maps.TypedMap<ToolsSkel.HistKeyValue, ToolsSkel.HistValue> hists = skel.maps().histsTyped();
                    io.bpfskel.maps.PerCpuMap<Long, ToolsSkel.HistValue> cpuHist = skel.maps().cpuHistTyped();
                    io.bpfskel.maps.TypedMap<ToolsSkel.ConnState, ToolsSkel.ShadowingValue> shadows =
                            skel.maps().shadowsTyped();
                    skel.rodata().minUs(1L).__minUs(2L).targPid(3);
                    boolean a = skel.hasPerCpuOffset() && skel.has__perCpuOffset();
                    ToolsSkel.TaskState t = ToolsSkel.TaskState.wrap(java.nio.ByteBuffer.allocate(64), 0);
                    long state = t.state();
                    int newState = t.__state();
                    int taskBytesMember = t.taskBytes();
                    byte[] taskName = t.taskBytes_();
                    String task = t.task();
                }

                static byte[] connStats() {
                    var v = new ToolsSkel.ConnStatsValue(-2L, ToolsSkel.IpFamily.FAMILY_V6,
                            ToolsSkel.ConnState.CONN_ESTABLISHED, "curl");
                    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(ToolsSkel.ConnStatsValue.CODEC.size())
                            .order(java.nio.ByteOrder.LITTLE_ENDIAN);
                    ToolsSkel.ConnStatsValue.CODEC.encode(v, b);
                    if (!ToolsSkel.ConnStatsValue.CODEC.decode(b.rewind()).equals(v)) {
                        throw new AssertionError("decode(encode(v)) != v");
                    }
                    return b.array();
                }

                static byte[] shadowing() {
                    var v = new ToolsSkel.ShadowingValue(1, 2, 3, ToolsSkel.ConnState.CONN_CLOSED, -5L, (short) 6,
                            (short) 7, ToolsSkel.HistUnit.UNIT_MSEC);
                    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(ToolsSkel.ShadowingValue.CODEC.size())
                            .order(java.nio.ByteOrder.LITTLE_ENDIAN);
                    ToolsSkel.ShadowingValue.CODEC.encode(v, b);
                    if (!ToolsSkel.ShadowingValue.CODEC.decode(b.rewind()).equals(v)) {
                        throw new AssertionError("decode(encode(v)) != v");
                    }
                    return b.array();
                }

                static String decodeUnknownState() {
                    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(32).order(java.nio.ByteOrder.LITTLE_ENDIAN);
                    b.put(12, (byte) 3); // no conn_state enumerator has the value 3
                    return String.valueOf(ToolsSkel.ConnStatsValue.CODEC.decode(b).state());
                }
            }
            """);

    @Test
    void generatedCodeCompilesWithoutJavacWarnings() {
        Compilation c = Fixtures.compile(USER);
        assertThat(c).succeeded();
        // -Xlint:all is on: every warning is one of the processor's, none is javac's about the generated code
        for (Diagnostic<? extends JavaFileObject> d : c.diagnostics()) {
            if (d.getKind() == Diagnostic.Kind.WARNING || d.getKind() == Diagnostic.Kind.MANDATORY_WARNING) {
                assertTrue(d.getMessage(null).startsWith(PREFIX), d.toString());
            }
        }
    }

    @Test
    void everyClashIsOneWarningNamingTheCNamesAndTheJavaNames() {
        Compilation c = Fixtures.compile(USER);
        assertThat(c).succeeded();
        List<String> expected = List.of(
                "Java name clash in ToolsSkel: extern '__per_cpu_offset' and extern 'per_cpu_offset' both become "
                        + "'hasPerCpuOffset'; generated 'has__perCpuOffset' for extern '__per_cpu_offset', "
                        + "'hasPerCpuOffset' for extern 'per_cpu_offset'" + RULE,
                "Java name clash in the programs of ToolsSkel: program 'blk_account_io_start' and program "
                        + "'__blk_account_io_start' both become 'blkAccountIoStart'; generated 'blkAccountIoStart' for "
                        + "program 'blk_account_io_start', '__blkAccountIoStart' for program '__blk_account_io_start'"
                        + RULE,
                "Java name clash in the programs of ToolsSkel: program 'handle__sched_wakeup' and program "
                        + "'handle_sched_wakeup' both become 'handleSchedWakeup'; generated 'handle__schedWakeup' for "
                        + "program 'handle__sched_wakeup', 'handleSchedWakeup' for program 'handle_sched_wakeup'" + RULE,
                "Java name clash in section .rodata: variable 'min_us' and variable '__min_us' both become 'minUs'; "
                        + "generated 'minUs' for variable 'min_us', '__minUs' for variable '__min_us'" + RULE,
                "Java name clash in the maps of ToolsSkel: map 'start' and map '__start' both become 'start'; "
                        + "generated 'start' for map 'start', '__start' for map '__start'" + RULE,
                "Java name clash in struct task_state: member 'state' and member '__state' both become 'state'; "
                        + "generated 'state' for member 'state', '__state' for member '__state'" + RULE,
                "Java name clash in struct task_state: the byte[] accessor of member 'task' would be 'taskBytes', "
                        + "which is member 'task_bytes'; generated 'taskBytes_' for the byte[] accessor of member 'task'",
                "Java name clash in the maps of ToolsSkel: the typed accessor of map 'tasks' would be 'tasksTyped', "
                        + "which is map 'tasks_typed'; generated 'tasksTyped_' for the typed accessor of map 'tasks'");
        for (String w : expected) {
            assertThat(c).hadWarningContaining(PREFIX + w).inFile(USER).onLine(3);
        }
        assertThat(c).hadWarningCount(expected.size());
    }

    /** Enum members in map structs, and members named v, b, p, value, encode, decode next to the codec's own. */
    @Test
    void recordsWithEnumMembersEncodeAtTheBtfOffsets() {
        Compilation c = Fixtures.compile(USER);
        assertThat(c).succeeded();
        String src = Fixtures.generated(c, "test.ToolsSkel");
        assertTrue(src.contains("public static record ConnStatsValue(long count, IpFamily family, ConnState state, "
                + "String comm)"), src);
        assertTrue(src.contains("public static final Codec<ShadowingValue> CODEC = Codec.of(32, ShadowingValue::encode_, "
                + "ShadowingValue::decode_);"), src);
        assertTrue(src.contains("private static void encode_(ShadowingValue v, ByteBuffer b)"), src);
        assertTrue(src.contains("Codecs.uint8().map((ConnState v2) -> (int) v2.value(), v2 -> ConnState.of(v2))"
                + ".encode(v.value(), b.slice(p + 12, 1).order(b.order()));"), src);

        Class<?> user = new CompiledClasses(c, Map.of()).load("test.Tools");
        byte[] conn = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(-2L).putInt(10).put((byte) 2) // count at 0, family (enum, 4 bytes) at 8, state (u8 enum) at 12
                .put("curl".getBytes(StandardCharsets.US_ASCII)).array(); // comm[16] at 13, then padding
        assertArrayEquals(conn, (byte[]) call(user, "connStats"));
        byte[] shadow = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN)
                .putInt(1).putInt(2).putInt(3).put((byte) 7).put(new byte[3]) // v, b, p, value (u8 enum) + padding
                .putLong(-5L).putShort((short) 6).putShort((short) 7).putInt(1).array(); // CODEC, encode, decode, unit
        assertArrayEquals(shadow, (byte[]) call(user, "shadowing"));
        assertEquals("null", call(user, "decodeUnknownState"));
    }

    /** Nested classes named like the library and JDK types the generated code uses; flavors named like enum members. */
    @Test
    void nestedClassesNamedLikeReferencedTypesDoNotShadowThem() {
        JavaFileObject src = Fixtures.annotated("Shadowed", "shadowed.bpf.o");
        Compilation c = Fixtures.compile(src);
        assertThat(c).succeeded();
        for (Diagnostic<? extends JavaFileObject> d : c.diagnostics()) {
            if (d.getKind() == Diagnostic.Kind.WARNING || d.getKind() == Diagnostic.Kind.MANDATORY_WARNING) {
                assertTrue(d.getMessage(null).startsWith("'shadowed.bpf.o': "), d.toString());
            }
        }
        assertThat(c).hadWarningCount(1);
        assertThat(c).hadWarningContaining("Java name clash in the flavors of kfunc 'bpf_strlen': extern "
                + "'bpf_strlen___EXTERNNAME' and extern 'bpf_strlen___externName' both become 'EXTERNNAME'; generated "
                + "'EXTERNNAME' for extern 'bpf_strlen___EXTERNNAME', 'externName_' for extern 'bpf_strlen___externName'")
                .inFile(src).onLine(3);
    }

    /**
     * The records with enum members against the kernel: what the codec writes is what the C layout says, found by
     * the raw key bytes, and reads back equal. tp_btf and kprobe programs are switched off (not on every kernel).
     */
    @Test
    @SuppressWarnings("unchecked")
    void recordsWithEnumMembersRoundTripThroughKernelMaps() throws Exception {
        KernelTests.assumeKernel();
        Class<?> type = GeneratedRuntimeTest.skeleton(Fixtures.el(), "tools.bpf.o", "Tools",
                Map.of("tools.bpf.o", Fixtures.bytes(Fixtures.el().resolve("tools.bpf.o"))));
        try (AutoCloseable skel = (AutoCloseable) call(type, "open")) {
            Object progs = call(skel, "progs");
            for (String p : List.of("handle__schedWakeup", "blkAccountIoStart", "__blkAccountIoStart")) {
                ((BpfProgram) call(progs, p)).setAutoload(false);
            }
            call(skel, "load");
            Object maps = call(skel, "maps");

            TypedMap<Object, Object> counts = (TypedMap<Object, Object>) call(maps, "ipv4CountTyped");
            Object key = record(type, "Ipv4FlowKeyValue", 0x0A000001, 0x0A000002, (short) 443,
                    CompiledClasses.constant(type, "IpFamily", "FAMILY_V4"));
            Object value = record(type, "ConnStatsValue", 7L, CompiledClasses.constant(type, "IpFamily", "FAMILY_V6"),
                    CompiledClasses.constant(type, "ConnState", "CONN_CLOSED"), "nginx");
            counts.update(key, value);
            byte[] rawKey = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder()).putInt(0x0A000001).putInt(0x0A000002)
                    .putShort((short) 443).putShort((short) 0).putInt(2).array();
            byte[] got = new byte[32];
            assertTrue(((BpfMap) call(maps, "ipv4Count")).lookup(rawKey, got), "found by the C layout of the key");
            byte[] expected = ByteBuffer.allocate(32).order(ByteOrder.nativeOrder()).putLong(7L).putInt(10)
                    .put((byte) 7).put("nginx".getBytes(StandardCharsets.US_ASCII)).array();
            assertArrayEquals(expected, got);
            assertEquals(value, counts.lookup(key));

            TypedMap<Object, Object> shadows = (TypedMap<Object, Object>) call(maps, "shadowsTyped");
            Object state = CompiledClasses.constant(type, "ConnState", "CONN_ESTABLISHED");
            Object shadow = record(type, "ShadowingValue", 1, 2, 3, state, Long.MIN_VALUE, (short) -1, (short) 9,
                    CompiledClasses.constant(type, "HistUnit", "UNIT_MSEC"));
            shadows.update(state, shadow);
            assertEquals(shadow, shadows.lookup(state));
            byte[] rawShadow = new byte[32];
            assertTrue(((BpfMap) call(maps, "shadows")).lookup(new byte[] {2}, rawShadow), "a one-byte enum key");
            assertEquals(Long.MIN_VALUE, ByteBuffer.wrap(rawShadow).order(ByteOrder.nativeOrder()).getLong(16));

            TypedMap<Long, Object> tasks = (TypedMap<Long, Object>) call(maps, "tasksTyped_");
            Object task = record(type, "TaskStateValue", -1L, 0x402, 5, "kworker/0:1");
            tasks.update(42L, task);
            assertEquals(task, tasks.lookup(42L));
        }
    }

    private static Object record(Class<?> skeleton, String name, Object... components) throws Exception {
        Class<?> r = Class.forName(skeleton.getName() + "$" + name, true, skeleton.getClassLoader());
        return r.getDeclaredConstructors()[0].newInstance(components);
    }

    /** names.bpf.c: C names equal to the generated code's own identifiers. */
    @Test
    void namesOfTheGeneratedCodeItselfStepAside() {
        JavaFileObject src = Fixtures.annotated("Names", "names.bpf.o");
        Compilation c = Fixtures.compile(src);
        assertThat(c).succeeded();
        assertThat(c).hadWarningCount(5);
        assertThat(c).hadWarningContaining("member 'CODEC' and member 'codec' both become 'codec'; generated 'CODEC' for "
                + "member 'CODEC', 'codec' for member 'codec'");
        assertThat(c).hadWarningContaining("the codec of record TrickyValue would be 'CODEC', which is member 'CODEC'; "
                + "generated 'CODEC_' for the codec of record TrickyValue");
        assertThat(c).hadWarningContaining("variable '_' and variable '__' and variable '___' all become '__'; generated "
                + "'__' for variable '_', '__2' for variable '__', '___' for variable '___'");
        String gen = Fixtures.generated(c, "test.NamesSkel");
        for (String expected : List.of("public BpfMap class_()", "public TypedMap<Odd, TrickyValue> classTyped()",
                "public int hashCode_()", "public int wait_()", "public Tricky wrap_(int value)",
                "public int i(int i, int j)", "public Tricky i(int i, int j, int value)",
                "public static record TrickyValue(int mem, int base, int size, int wrap_, int value, byte[] i,",
                "public static final Codec<TrickyValue> CODEC_ = Codec.of(60, TrickyValue::encode_, TrickyValue::decode);",
                "cValue_(1L)", "public BpfProgram __open()")) {
            assertTrue(gen.contains(expected), expected);
        }
    }
}
