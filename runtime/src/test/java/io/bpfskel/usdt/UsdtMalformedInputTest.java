package io.bpfskel.usdt;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.bpfskel.error.BpfFormatException;
import io.bpfskel.elf.ElfFile;
import io.bpfskel.elf.ElfSection;
import io.bpfskel.testing.UsdtTargets;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged USDT input fails the way the readers promise: a note section, program header table or argument string
 * with random damage gives a {@link BpfFormatException} naming the file (notes) or an
 * {@link IllegalArgumentException} naming the argument (specs), never another exception or a hang. Seeded; override
 * with {@code -Dbpfskel.fuzz.seed=S} and {@code -Dbpfskel.fuzz.flips=N}.
 */
class UsdtMalformedInputTest {
    static final long SEED = Long.getLong("bpfskel.fuzz.seed", 0x05D7L);
    static final int FLIPS = Integer.getInteger("bpfskel.fuzz.flips", 3_000);

    @TempDir
    static Path tmp;
    static byte[] exe;

    @BeforeAll
    static void build() throws IOException {
        UsdtTargets.requireSdt();
        exe = Files.readAllBytes(UsdtTargets.build(tmp, "-O2").executable());
    }

    @Test
    void damagedNotesAndSegmentsGiveFormatErrors() {
        ElfFile clean = ElfFile.parse("clean", exe);
        ElfSection notes = clean.section(UsdtNotes.NOTE_SECTION).orElseThrow();
        ByteBuffer h = ByteBuffer.wrap(exe).order(ByteOrder.LITTLE_ENDIAN);
        long phoff = h.getLong(32);
        int phsize = 56 * (h.getShort(56) & 0xffff);
        Random r = new Random(SEED);
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            int formatErrors = 0;
            for (int i = 0; i < FLIPS; i++) {
                byte[] bytes = exe.clone();
                boolean inNotes = r.nextInt(4) != 0;
                long start = inNotes ? notes.offset() : phoff;
                int len = inNotes ? (int) notes.size() : phsize;
                int flips = 1 + r.nextInt(4);
                for (int f = 0; f < flips; f++) {
                    int at = (int) start + r.nextInt(len);
                    bytes[at] = r.nextInt(3) == 0 ? (byte) 0xff : (byte) r.nextInt(256);
                }
                String source = "case-" + i;
                try {
                    // What survives the damage must still be usable: every parsed argument describes itself.
                    for (UsdtProbe p : UsdtNotes.read(ElfFile.parse(source, bytes))) {
                        p.args().forEach(UsdtArg::describe);
                    }
                } catch (BpfFormatException e) {
                    formatErrors++;
                    assertTrue(e.getMessage().startsWith(source), e.getMessage());
                } catch (RuntimeException e) {
                    fail("case " + i + " (seed " + SEED + "): " + e, e);
                }
            }
            assertTrue(formatErrors > FLIPS / 20, "damage is noticed: " + formatErrors + " of " + FLIPS);
        });
    }

    @Test
    void damagedArgumentStringsNameTheArgument() {
        String[] seeds = {"-4@%eax 8@-16(%rbp) -4@$5", "-8@8(%rdi,%rsi,8) 2@%ax", "-4@bpfskel_x(%rip) 1@%r15b",
            "-4@[sp, 96] 8@x0 -4@5"};
        String alphabet = "@%$()[],+-0123456789xabcdeilprs_ \t#:";
        Random r = new Random(SEED);
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (int i = 0; i < FLIPS * 4; i++) {
                StringBuilder sb = new StringBuilder(seeds[r.nextInt(seeds.length)]);
                int edits = 1 + r.nextInt(3);
                for (int e = 0; e < edits && sb.length() > 0; e++) {
                    int at = r.nextInt(sb.length());
                    switch (r.nextInt(3)) {
                        case 0 -> sb.setCharAt(at, alphabet.charAt(r.nextInt(alphabet.length())));
                        case 1 -> sb.deleteCharAt(at);
                        default -> sb.insert(at, alphabet.charAt(r.nextInt(alphabet.length())));
                    }
                }
                for (UsdtArch arch : UsdtArch.values()) {
                    try {
                        for (UsdtArg a : UsdtArgParser.parse(sb.toString(), arch)) {
                            assertTrue(a.size() == 1 || a.size() == 2 || a.size() == 4 || a.size() == 8, a.text());
                            assertTrue(a.scaleShift() >= 0 && a.scaleShift() <= 3, a.text());
                        }
                    } catch (IllegalArgumentException e) {
                        assertTrue(e.getMessage().startsWith("argument ") || e.getMessage().startsWith("more than"),
                                sb + ": " + e.getMessage());
                    } catch (RuntimeException e) {
                        fail("'" + sb + "' (" + arch + ", seed " + SEED + "): " + e, e);
                    }
                }
            }
        });
    }
}
