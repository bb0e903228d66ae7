package io.bpfskel.ringbuf;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the consumer loops compiled on their own. C2 does not inline a hot method larger than
 * {@code FreqInlineSize} (325 bytes of bytecode by default), and the loops rely on that to be compilation
 * roots: inlined into their callers, their Java 22+ segment accesses ended up deeper than C2's
 * {@code MaxInlineLevel} and some of their helpers became calls, halving the throughput (docs/performance.md,
 * "Ring buffer"). A refactoring that shrinks a loop below the limit must fail here rather than in a benchmark.
 */
class RingBufferShapeTest {
    private static final int FREQ_INLINE_SIZE = 325;

    @Test
    void theRingBufferLoopIsTooLargeForC2ToInline() throws IOException {
        int size = codeLength(RingBuffer.class, "consume", "(Lio/bpfskel/ringbuf/RingRecordHandler;I)I");
        assertTrue(size > FREQ_INLINE_SIZE, "RingBuffer.consume(handler, max) has " + size + " bytes of bytecode");
    }

    /** The length of the bytecode of one method, read from the class file. */
    static int codeLength(Class<?> type, String name, String descriptor) throws IOException {
        try (InputStream raw = type.getResourceAsStream(type.getSimpleName() + ".class");
                DataInputStream in = new DataInputStream(raw)) {
            in.readInt(); // magic
            in.readInt(); // versions
            int count = in.readUnsignedShort();
            String[] utf8 = new String[count];
            for (int i = 1; i < count; i++) {
                int tag = in.readUnsignedByte();
                switch (tag) {
                    case 1 -> utf8[i] = in.readUTF();
                    case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipNBytes(4);
                    case 5, 6 -> {
                        in.skipNBytes(8);
                        i++;
                    }
                    case 7, 8, 16, 19, 20 -> in.skipNBytes(2);
                    case 15 -> in.skipNBytes(3);
                    default -> throw new IOException("constant pool tag " + tag);
                }
            }
            in.skipNBytes(6); // access, this, super
            in.skipNBytes(2L * in.readUnsignedShort()); // interfaces
            skipMembers(in);
            int methods = in.readUnsignedShort();
            for (int m = 0; m < methods; m++) {
                in.skipNBytes(2);
                String n = utf8[in.readUnsignedShort()];
                String d = utf8[in.readUnsignedShort()];
                int attributes = in.readUnsignedShort();
                for (int a = 0; a < attributes; a++) {
                    String attribute = utf8[in.readUnsignedShort()];
                    int length = in.readInt();
                    if (n.equals(name) && d.equals(descriptor) && attribute.equals("Code")) {
                        in.skipNBytes(4); // max_stack, max_locals
                        return in.readInt();
                    }
                    in.skipNBytes(length);
                }
            }
            throw new AssertionError(type.getName() + "." + name + descriptor + " not found");
        }
    }

    private static void skipMembers(DataInputStream in) throws IOException {
        int members = in.readUnsignedShort();
        for (int m = 0; m < members; m++) {
            in.skipNBytes(6);
            int attributes = in.readUnsignedShort();
            for (int a = 0; a < attributes; a++) {
                in.skipNBytes(2);
                in.skipNBytes(in.readInt());
            }
        }
    }
}
