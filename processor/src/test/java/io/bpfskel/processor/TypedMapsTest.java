package io.bpfskel.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.bpfskel.processor.CompiledClasses.call;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import io.bpfskel.BpfMap;
import io.bpfskel.BpfOpenOptions;
import io.bpfskel.maps.BloomFilter;
import io.bpfskel.maps.Codec;
import io.bpfskel.maps.PerCpuMap;
import io.bpfskel.maps.QueueMap;
import io.bpfskel.maps.TypedMap;
import io.bpfskel.testing.KernelTests;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** Typed map accessors generated from BTF key/value types, over the runtime's {@code maps} fixture. */
class TypedMapsTest {
    /** The runtime module's compiled fixtures: one of every map kind lives in its {@code maps.bpf.c}. */
    private static Path runtimeEl() {
        return Path.of(System.getProperty("bpfskel.runtimeFixtures", "../runtime/target/test-classes/bpf/bpfel"));
    }

    @Test
    void userCodeCompilesAgainstTypedAccessors() {
        JavaFileObject user = JavaFileObjects.forSourceString("test.Maps", """
                package test;

                import io.bpfskel.BpfMap;
                import io.bpfskel.maps.*;

                @io.bpfskel.BpfSkeleton("maps.bpf.o")
                interface Maps {
                    static void use(MapsSkel skel) {
                        TypedMap<Long, Long> counters = skel.maps().countersTyped();
                        TypedMap<Long, Long> lru = skel.maps().lruTyped();
                        TypedMap<MapsSkel.FlowKeyValue, MapsSkel.FlowStatsValue> flows = skel.maps().flowsTyped();
                        MapsSkel.FlowKeyValue k = new MapsSkel.FlowKeyValue(1, 2, (short) 3, (short) 4, (byte) 6,
                                new byte[3]);
                        MapsSkel.FlowStatsValue s = flows.lookup(k);
                        long packets = s.packets();
                        String tag = s.tag();
                        PerCpuMap<Long, Long> pcpu = skel.maps().pcpuHashTyped();
                        PerCpuMap<Long, MapsSkel.FlowStatsValue> pcpuArray = skel.maps().pcpuArrayTyped();
                        QueueMap<Long> fifo = skel.maps().fifoTyped();
                        QueueMap<MapsSkel.EventValue> lifo = skel.maps().lifoTyped();
                        BloomFilter<Long> seen = skel.maps().seenTyped();
                        BpfMap events = skel.maps().events();
                        BpfMap raw = skel.maps().rawSized();
                    }
                }
                """);
        Compilation c = Fixtures.compile(List.of(runtimeEl()), user);
        assertThat(c).succeeded();
        String src = Fixtures.generated(c, "test.MapsSkel");
        assertTrue(src.contains("return obj.map(\"counters\").typed(Codecs.uint32(), Codecs.uint64());"), src);
        assertTrue(src.contains("return obj.map(\"lru\").typed(Codecs.uint64(), Codecs.uint32());"), src);
        assertTrue(src.contains("return obj.map(\"seen\").bloomFilter(Codecs.uint32());"), src);
        // ring buffers, perf arrays, map-in-map, prog arrays and maps without BTF types keep only the plain accessor
        for (String plainOnly : List.of("eventsTyped", "perfEventsTyped", "outerArrTyped", "rawSizedTyped")) {
            assertFalse(src.contains(plainOnly + "("), plainOnly);
        }
    }

    /** Enum keys, nested structs, bools, strings and arrays in records; unions stay bytes. */
    @Test
    void recordsEncodeAtTheBtfOffsets() throws Exception {
        JavaFileObject user = JavaFileObjects.forSourceString("test.Typed", """
                package test;

                import io.bpfskel.maps.*;
                import java.nio.*;

                @io.bpfskel.BpfSkeleton("typedmaps.bpf.o")
                public interface Typed {
                    static TypedMap<TypedSkel.Color, TypedSkel.OuterValue> byColor(TypedSkel skel) {
                        return skel.maps().byColorTyped();
                    }

                    static TypedMap<Long, byte[]> unions(TypedSkel skel) {
                        return skel.maps().unionsTyped();
                    }

                    static byte[] encode() {
                        var v = new TypedSkel.OuterValue(new TypedSkel.InnerValue((short) 0x1234, (byte) -2), true,
                                "hello", new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, -3L);
                        ByteBuffer b = ByteBuffer.allocate(TypedSkel.OuterValue.CODEC.size())
                                .order(ByteOrder.LITTLE_ENDIAN);
                        TypedSkel.OuterValue.CODEC.encode(v, b);
                        TypedSkel.OuterValue back = TypedSkel.OuterValue.CODEC.decode(b.rewind());
                        if (!back.in().equals(v.in()) || !back.name().equals("hello") || back.big() != -3L
                                || !back.on() || !java.util.Arrays.equals(back.nums(), v.nums())) {
                            throw new AssertionError("decode(encode(v)) != v: " + back);
                        }
                        return b.array();
                    }

                    static String decodeKey(int raw) {
                        ByteBuffer b = ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(0, raw);
                        return String.valueOf(Codecs.int32().map((TypedSkel.Color c) -> (int) c.value(),
                                v -> TypedSkel.Color.of(v)).decode(b));
                    }
                }
                """);
        Compilation c = Fixtures.compile(user);
        assertThat(c).succeeded();
        String src = Fixtures.generated(c, "test.TypedSkel");
        assertTrue(src.contains("return obj.map(\"by_color\").typed(Codecs.uint32().map((Color v) -> v.value(), "
                + "v -> Color.of(v)), OuterValue.CODEC);"), src);
        assertTrue(src.contains("public static record OuterValue(InnerValue in, boolean on, String name, byte[] nums, "
                + "long big)"), src);
        assertTrue(src.contains("return obj.map(\"unions\").typed(Codecs.uint32(), Codecs.bytes(4));"), src);
        Class<?> user2 = new CompiledClasses(c, Map.of()).load("test.Typed");
        byte[] b = (byte[]) call(user2, "encode");
        ByteBuffer expected = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN)
                .putShort((short) 0x1234).put((byte) -2).put((byte) 0) // struct inner: 4 bytes with padding
                .put((byte) 1).put("hello".getBytes()).put((byte) 0).put((byte) 0) // on at 4, name[6] at 5
                .put(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}).putInt(0).putLong(-3L); // nums at 12, big at 24
        assertArrayEquals(expected.array(), b);
        assertEquals("BLUE", call(user2, "decodeKey", 40000));
        assertEquals("null", call(user2, "decodeKey", 3));
    }

    @Test
    void typedAccessorsReadAndWriteTheKernelMaps() throws Exception {
        KernelTests.assumeKernel();
        Class<?> type = GeneratedRuntimeTest.skeleton(runtimeEl(), "maps.bpf.o", "Maps",
                Map.of("maps.bpf.o", Fixtures.bytes(runtimeEl().resolve("maps.bpf.o"))));
        Path pinRoot = KernelTests.bpffs().resolve("bpfskel-proc-typedmaps-" + ProcessHandle.current().pid());
        Files.createDirectories(pinRoot);
        try (AutoCloseable skel = (AutoCloseable) call(type, "openAndLoad",
                BpfOpenOptions.builder().pinRoot(pinRoot).build())) {
            Object maps = call(skel, "maps");

            @SuppressWarnings("unchecked")
            TypedMap<Long, Long> counters = (TypedMap<Long, Long>) call(maps, "countersTyped");
            counters.update(3L, 0xFFFF_FFFF_0000_0001L);
            byte[] raw = new byte[8];
            assertTrue(((BpfMap) call(maps, "counters")).lookup(le32(3), raw));
            assertEquals(0xFFFF_FFFF_0000_0001L, ByteBuffer.wrap(raw).order(ByteOrder.nativeOrder()).getLong());

            @SuppressWarnings("unchecked")
            TypedMap<Long, Long> lru = (TypedMap<Long, Long>) call(maps, "lruTyped");
            lru.update(-1L, 0xFFFF_FFFFL);
            assertEquals(0xFFFF_FFFFL, lru.lookup(-1L), "a __u32 value reads back unsigned");

            @SuppressWarnings("unchecked")
            PerCpuMap<Long, Long> pcpu = (PerCpuMap<Long, Long>) call(maps, "pcpuHashTyped");
            pcpu.updateAll(7L, 9L);
            List<Long> perCpu = pcpu.lookup(7L);
            assertEquals(pcpu.cpus(), perCpu.size());
            assertTrue(perCpu.stream().allMatch(v -> v == 9L), perCpu.toString());

            @SuppressWarnings("unchecked")
            QueueMap<Long> fifo = (QueueMap<Long>) call(maps, "fifoTyped");
            fifo.push(1L);
            fifo.push(2L);
            assertEquals(1L, fifo.pop());
            assertEquals(2L, fifo.pop());
            assertNull(fifo.pop());

            @SuppressWarnings("unchecked")
            BloomFilter<Long> seen = (BloomFilter<Long>) call(maps, "seenTyped");
            seen.add(42L);
            assertTrue(seen.mightContain(42L));

            // struct flow_key -> struct flow_stats through the generated records, checked against the raw bytes
            @SuppressWarnings("unchecked")
            TypedMap<Object, Object> flows = (TypedMap<Object, Object>) call(maps, "flowsTyped");
            Object key = codec(type, "FlowKeyValue").decode(ByteBuffer.wrap(flowKeyBytes()).order(ByteOrder.nativeOrder()));
            assertEquals("FlowKeyValue[saddr=167772161, daddr=167772162, sport=80, dport=-1, proto=6, pad=",
                    key.toString().substring(0, key.toString().indexOf("pad=") + 4));
            byte[] statsRaw = ByteBuffer.allocate(24).order(ByteOrder.nativeOrder())
                    .putLong(10).putLong(1500).putInt(-7).put("ab".getBytes()).array();
            Object stats = codec(type, "FlowStatsValue").decode(ByteBuffer.wrap(statsRaw).order(ByteOrder.nativeOrder()));
            assertEquals("FlowStatsValue[packets=10, bytes=1500, lastLen=-7, tag=ab]", stats.toString());
            flows.update(key, stats);
            byte[] got = new byte[24];
            assertTrue(((BpfMap) call(maps, "flows")).lookup(flowKeyBytes(), got), "found by the C layout of the key");
            assertArrayEquals(statsRaw, got);
            assertEquals(stats, flows.lookup(key));
        } finally {
            try (Stream<Path> files = Files.walk(pinRoot)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Codec<Object> codec(Class<?> skeleton, String record) throws ReflectiveOperationException {
        Class<?> r = Class.forName(skeleton.getName() + "$" + record, true, skeleton.getClassLoader());
        return (Codec<Object>) r.getField("CODEC").get(null);
    }

    private static byte[] flowKeyBytes() {
        return ByteBuffer.allocate(16).order(ByteOrder.nativeOrder()).putInt(0x0A000001).putInt(0x0A000002)
                .putShort((short) 80).putShort((short) 0xFFFF).put((byte) 6).array();
    }

    private static byte[] le32(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(v).array();
    }
}
