package io.bpfskel.btf;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpfskel.error.BpfFormatException;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Corrupted BTF must give BpfFormatException (or, for the writer, IllegalArgumentException about the
 * records), never IndexOutOfBounds, NPE, ClassCast or a hang, from any of the tools in this package.
 */
class BtfToolsFuzzTest {

    @Test
    void corruptedBlobsFailCleanly() {
        byte[] good = BtfEncoderTest.everyKind().encode(ByteOrder.LITTLE_ENDIAN);
        Random rnd = new Random(0x5eed);
        int parsed = 0;
        for (int round = 0; round < 2000; round++) {
            byte[] bad = good.clone();
            int flips = 1 + rnd.nextInt(4);
            for (int f = 0; f < flips; f++) {
                // mostly the type section, where ids, kinds and counts live
                int at = 24 + rnd.nextInt(bad.length - 24);
                bad[at] = (byte) (rnd.nextBoolean() ? rnd.nextInt(256) : bad[at] ^ (1 << rnd.nextInt(8)));
            }
            Btf btf;
            try {
                btf = Btf.parse("fuzz#" + round, bad);
            } catch (BpfFormatException e) {
                continue;
            }
            parsed++;
            Btf b = btf;
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> exercise(b), "round " + round);
        }
        assertTrue(parsed > 100, "too few mutants parsed to exercise the tools: " + parsed);
    }

    private static void exercise(Btf btf) {
        for (int id = 0; id < btf.typeCount(); id++) {
            try {
                BtfFormat.typeName(btf, id);
            } catch (BpfFormatException e) {
                // fine
            }
            for (int other = 0; other < btf.typeCount(); other += 3) {
                BtfCompat.typesAreCompat(btf, id, btf, other);
            }
        }
        try {
            BtfDump.toHeader(btf);
        } catch (BpfFormatException e) {
            // fine
        }
        try {
            BtfBuilder.copyOf(btf).encode(ByteOrder.BIG_ENDIAN);
        } catch (BpfFormatException | IllegalArgumentException e) {
            // fine: a dangling reference discovered while decoding, or a field the records cannot re-encode
        }
    }
}
