package io.bpfskel.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.bpfskel.btf.Btf;
import io.bpfskel.btf.BtfBuilder;
import io.bpfskel.btf.BtfCompat;
import io.bpfskel.btf.BtfDump;
import io.bpfskel.btf.BtfExt;
import io.bpfskel.btf.BtfFormat;
import io.bpfskel.elf.ElfFile;
import io.bpfskel.error.BpfException;
import io.bpfskel.testing.Fixtures;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Coverage-guided fuzzing of the BTF tools on their own: the fixtures' {@code .BTF} and {@code .BTF.ext} blobs,
 * edited by the fuzzer, through parse, type names, compatibility, the C dump, re-encoding and BTF.ext. Only a
 * {@link BpfException} with a one-line message (or, from the encoder, an {@link IllegalArgumentException} about
 * records it cannot encode) may come out. See {@link ObjectReaderFuzzTest} for how to run and replay.
 */
class BtfFuzzTest {
    private static final List<String> FIXTURES = List.of("core", "flavors", "reader_kitchen_sink", "core_runqlat",
            "globals", "subprogs");
    private static final List<byte[][]> BLOBS = FIXTURES.stream().map(BtfFuzzTest::blobs).toList();

    private static byte[][] blobs(String fixture) {
        ElfFile elf = ElfFile.parse(fixture, Fixtures.bytes(Fixtures.bpfel(fixture)));
        return new byte[][] {elf.bytes(elf.section(".BTF").orElseThrow()), elf.bytes(elf.section(".BTF.ext").orElseThrow())};
    }

    @FuzzTest(maxDuration = "5m")
    void hostileBtfFailsWithOneLineBpfExceptions(FuzzedDataProvider data) {
        int which = data.consumeInt(0, BLOBS.size() - 1);
        byte[] btfBytes = BLOBS.get(which)[0].clone();
        byte[] extBytes = BLOBS.get(which)[1].clone();
        int edits = data.consumeInt(1, 6);
        for (int i = 0; i < edits && data.remainingBytes() > 0; i++) {
            byte[] target = data.consumeBoolean() ? btfBytes : extBytes;
            ByteBuffer b = ByteBuffer.wrap(target).order(ByteOrder.LITTLE_ENDIAN);
            int at = data.consumeBoolean() ? 4 * data.consumeInt(0, 7) : data.consumeInt(0, target.length - 1);
            if (data.consumeBoolean() && at <= target.length - 4) {
                b.putInt(at, data.consumeInt()); // a header field, a count, an id, a name offset
            } else {
                target[at] = data.consumeByte();
            }
        }
        String what = "mutant BTF of " + FIXTURES.get(which);
        try {
            Btf btf = Btf.parse(what, btfBytes);
            int n = btf.typeCount();
            for (int id = 0; id < n; id++) {
                BtfFormat.typeName(btf, id);
            }
            for (int k = 0; k < 16 && data.remainingBytes() > 0; k++) {
                BtfCompat.typesAreCompat(btf, data.consumeInt(0, n - 1), btf, data.consumeInt(0, n - 1));
            }
            BtfDump.toHeader(btf);
            BtfExt.parse(what, extBytes, btf);
            try {
                BtfBuilder.copyOf(btf).encode(ByteOrder.BIG_ENDIAN);
            } catch (IllegalArgumentException e) {
                // a field the records cannot re-encode: the encoder's documented refusal
            }
        } catch (BpfException e) {
            if (e.getMessage() == null || e.getMessage().contains("\n") || e.getMessage().isBlank()) {
                throw new AssertionError(what + ": not a one-line message: " + e.getMessage(), e);
            }
        }
    }
}
