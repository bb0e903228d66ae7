package io.bpfskel.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.bpfskel.BpfCollection;
import io.bpfskel.GlobalVariable;
import io.bpfskel.error.BpfException;
import io.bpfskel.object.BpfObject;
import io.bpfskel.testing.Fixtures;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Coverage-guided fuzzing of everything that reads an object before the kernel sees it: ELF, BTF, BTF.ext, the
 * object model and the collection's views. Mutants of the compiled fixtures (whole headers and fields written
 * with fuzzer-chosen values, most often the section headers' sizes, offsets and links) may only fail with a
 * {@link BpfException} whose message is one line; anything else is a finding.
 *
 * <p>A plain test run replays the inputs saved under {@code src/test/resources/io/bpfskel/fuzz/
 * ObjectReaderFuzzTestInputs/} (a finding goes there once fixed); to fuzz, after {@code mvn install -DskipTests}:
 * {@code JAZZER_FUZZ=1 mvn -pl runtime surefire:test -Dtest=ObjectReaderFuzzTest}. An input is a list of edits of
 * a fixture, so it replays the same mutation of whatever this build's clang produced.
 */
class ObjectReaderFuzzTest {
    private static final List<String> FIXTURES = List.of("minimal", "globals", "maps", "core", "flavors", "ringbuf",
            "subprogs", "externs", "reader_kitchen_sink", "core_runqlat", "struct_ops", "usdt", "attach_multi",
            "reader_many_sections");
    private static final List<byte[]> OBJECTS = FIXTURES.stream().map(n -> Fixtures.bytes(Fixtures.bpfel(n))).toList();
    /** Section header fields: type, flags, offset, size, link, info, addralign, entsize. */
    private static final int[][] SHDR_FIELDS = {{4, 4}, {8, 8}, {24, 8}, {32, 8}, {40, 4}, {44, 4}, {48, 8}, {56, 8}};

    @FuzzTest(maxDuration = "5m")
    void hostileObjectsFailWithOneLineBpfExceptions(FuzzedDataProvider data) {
        int which = data.consumeInt(0, OBJECTS.size() - 1);
        byte[] m = OBJECTS.get(which).clone();
        ByteBuffer b = ByteBuffer.wrap(m).order(ByteOrder.LITTLE_ENDIAN);
        int edits = data.consumeInt(1, 6);
        for (int i = 0; i < edits && data.remainingBytes() > 0; i++) {
            switch (data.consumeInt(0, 3)) {
                case 0 -> { // a section header field
                    int shnum = Short.toUnsignedInt(b.getShort(60));
                    long at = b.getLong(40) + 64L * data.consumeInt(0, Math.max(0, shnum - 1));
                    int[] f = SHDR_FIELDS[data.consumeInt(0, SHDR_FIELDS.length - 1)];
                    put(b, at + f[0], f[1], data.consumeLong());
                }
                case 1 -> put(b, data.consumeInt(0, 63), 2, data.consumeShort()); // the ELF header
                case 2 -> put(b, data.consumeInt(0, m.length - 1), 4, data.consumeInt()); // anywhere: a word
                default -> m[data.consumeInt(0, m.length - 1)] = data.consumeByte();
            }
        }
        String what = "mutant of " + FIXTURES.get(which);
        try {
            BpfObject.parse(what, m);
            try (BpfCollection c = BpfCollection.open(what, m, null)) {
                for (GlobalVariable v : c.variables()) {
                    c.variable(v.name()).toByteArray();
                }
                c.programs().forEach(p -> p.name());
                c.maps().forEach(map -> map.valueSize());
            }
        } catch (BpfException e) {
            if (e.getMessage() == null || e.getMessage().contains("\n") || e.getMessage().isBlank()) {
                throw new AssertionError(what + ": not a one-line message: " + e.getMessage(), e);
            }
        }
    }

    private static void put(ByteBuffer b, long at, int width, long value) {
        if (at < 0 || at > b.capacity() - width) {
            return;
        }
        switch (width) {
            case 2 -> b.putShort((int) at, (short) value);
            case 4 -> b.putInt((int) at, (int) value);
            default -> b.putLong((int) at, value);
        }
    }
}
