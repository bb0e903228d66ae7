package io.bpfskel.processor;

import static com.google.testing.compile.Compiler.javac;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import io.bpfskel.elf.ElfFile;
import io.bpfskel.elf.ElfSection;
import io.bpfskel.error.BpfFormatException;
import io.bpfskel.object.BpfObject;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;

/**
 * Coverage-guided fuzzing of the names the skeleton is made of: the fuzzer rewrites the fixtures' BTF and ELF
 * string tables (letters, digits and underscores, one name copied over another, names cut short), which renames
 * maps, programs, variables, types, members and externs, and makes them collide in C or after the snake-to-camel
 * conversion. Every object the model accepts must give a skeleton that compiles: a collision is resolved with a
 * warning, never with Java that javac refuses. Slow (one javac run per input), so fuzz it on purpose:
 * {@code JAZZER_FUZZ=1 mvn -pl processor surefire:test -Dtest=NamesFuzzTest}; a plain run replays saved inputs.
 */
class NamesFuzzTest {
    private static final List<String> FIXTURES = List.of("kitchen", "typedmaps", "flavors", "sops", "tools", "names",
            "clash", "shadowed");
    private static final List<byte[]> OBJECTS = FIXTURES.stream()
            .map(n -> Fixtures.bytes(Fixtures.el().resolve(n + ".bpf.o"))).toList();
    private static final String NAME_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_____";

    @FuzzTest(maxDuration = "5m")
    void everySkeletonTheModelAcceptsCompiles(FuzzedDataProvider data) {
        int which = data.consumeInt(0, OBJECTS.size() - 1);
        byte[] m = OBJECTS.get(which).clone();
        List<int[]> tables = stringTables(m);
        int edits = data.consumeInt(1, 8);
        for (int i = 0; i < edits && data.remainingBytes() > 0; i++) {
            int[] t = tables.get(data.consumeInt(0, tables.size() - 1));
            int at = data.consumeInt(t[0] + 1, t[1] - 1);
            switch (data.consumeInt(0, 3)) {
                case 0 -> { // one name over another, up to and including its NUL: a collision in C
                    int from = data.consumeInt(t[0] + 1, t[1] - 1);
                    for (int k = 0; at + k < t[1] - 1 && from + k < t[1]; k++) {
                        m[at + k] = m[from + k];
                        if (m[from + k] == 0) {
                            break;
                        }
                    }
                }
                case 1 -> m[at] = 0; // a name cut short
                default -> m[at] = (byte) NAME_CHARS.charAt(data.consumeInt(0, NAME_CHARS.length() - 1));
            }
        }
        BpfObject obj;
        try {
            obj = BpfObject.parse(FIXTURES.get(which) + ".bpf.o", m);
        } catch (BpfFormatException e) {
            return;
        }
        if (obj.btf() == null) {
            return;
        }
        ModelBuilder.Result result = ModelBuilder.build(obj, "test", "FuzzSkel", "fuzz.bpf.o", "0");
        StructOpsModel.Result structOps = StructOpsModel.build(obj, "FuzzSkel");
        if (result.hasErrors() || structOps.model() == null) {
            return;
        }
        String source = new SkeletonWriter(result.model(), true).withStructOps(structOps.model()).write(null).toString();
        Compilation c = javac().compile(JavaFileObjects.forSourceString("test.FuzzSkel", source));
        if (c.status() != Compilation.Status.SUCCESS) {
            throw new AssertionError("the skeleton of a mutant of " + FIXTURES.get(which) + " does not compile:\n"
                    + c.diagnostics().stream().filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
                            .map(d -> "line " + d.getLineNumber() + ": " + d.getMessage(null))
                            .collect(Collectors.joining("\n")));
        }
    }

    /** [start, end) of the ELF string tables and the BTF string section. */
    private static List<int[]> stringTables(byte[] m) {
        ElfFile elf = ElfFile.parse("fixture", m);
        List<int[]> out = new java.util.ArrayList<>();
        for (ElfSection s : elf.sections()) {
            if (s.type() == ElfSection.SHT_STRTAB && s.size() > 2) {
                out.add(new int[] {(int) s.offset(), (int) (s.offset() + s.size())});
            }
        }
        ElfSection btf = elf.section(".BTF").orElseThrow();
        ByteBuffer h = ByteBuffer.wrap(m).order(ByteOrder.LITTLE_ENDIAN);
        int start = (int) btf.offset() + h.getInt((int) btf.offset() + 4) + h.getInt((int) btf.offset() + 16);
        out.add(new int[] {start, start + h.getInt((int) btf.offset() + 20)});
        return out;
    }
}
