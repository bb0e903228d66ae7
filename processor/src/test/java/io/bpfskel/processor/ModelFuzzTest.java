package io.bpfskel.processor;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.bpfskel.error.BpfFormatException;
import io.bpfskel.object.BpfObject;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Coverage-guided fuzzing of the processor's path after the object parsed: the model, the struct_ops model and the
 * writer, on fixture objects edited by the fuzzer (mostly BTF: names, ids, sizes, member offsets). What the
 * processor does with an object is report {@link ModelBuilder.Problem}s to the Messager or write a skeleton; an
 * exception here would reach the user as javac's "annotation processor threw an uncaught exception" with a stack
 * trace. A plain test run replays the inputs saved under {@code src/test/resources/io/bpfskel/processor/
 * ModelFuzzTestInputs/}; to fuzz: {@code JAZZER_FUZZ=1 mvn -pl processor surefire:test -Dtest=ModelFuzzTest}.
 */
class ModelFuzzTest {
    private static final List<String> FIXTURES = List.of("kitchen", "typedmaps", "flavors", "sops", "tools", "names",
            "clash", "probes", "shadowed", "warnings");
    private static final List<byte[]> OBJECTS = FIXTURES.stream()
            .map(n -> Fixtures.bytes(Fixtures.el().resolve(n + ".bpf.o"))).toList();

    @FuzzTest(maxDuration = "5m")
    void anObjectThatParsesGivesProblemsOrASkeletonNeverAnException(FuzzedDataProvider data) {
        int which = data.consumeInt(0, OBJECTS.size() - 1);
        byte[] m = OBJECTS.get(which).clone();
        int[] btf = btfRange(m);
        ByteBuffer b = ByteBuffer.wrap(m).order(ByteOrder.LITTLE_ENDIAN);
        int edits = data.consumeInt(1, 4);
        for (int i = 0; i < edits && data.remainingBytes() > 0; i++) {
            boolean inBtf = btf != null && data.consumeInt(0, 3) > 0;
            int from = inBtf ? btf[0] : 0;
            int to = inBtf ? btf[1] : m.length;
            int at = data.consumeInt(from, to - 1);
            if (data.consumeBoolean() && at <= m.length - 4) {
                b.putInt(at, data.consumeInt());
            } else {
                m[at] = data.consumeByte();
            }
        }
        BpfObject obj;
        try {
            obj = BpfObject.parse(FIXTURES.get(which) + ".bpf.o", m);
        } catch (BpfFormatException e) {
            return; // the processor reports it on the annotation
        }
        if (obj.btf() == null) {
            return;
        }
        ModelBuilder.Result result = ModelBuilder.build(obj, "test", "FuzzSkel", "fuzz.bpf.o", "0");
        StructOpsModel.Result structOps = StructOpsModel.build(obj, "FuzzSkel");
        if (!result.hasErrors() && structOps.model() != null) {
            new SkeletonWriter(result.model(), true).withStructOps(structOps.model()).write(null).toString();
        }
    }

    /** Where the .BTF section's bytes are, or null. */
    private static int[] btfRange(byte[] m) {
        io.bpfskel.elf.ElfFile elf = io.bpfskel.elf.ElfFile.parse("fixture", m);
        return elf.section(".BTF").map(s -> new int[] {(int) s.offset(), (int) (s.offset() + s.size())}).orElse(null);
    }
}
