package io.bpfskel.examples.uprobe;

import io.bpfskel.maps.Codec;
import io.bpfskel.maps.Codecs;
import java.nio.ByteBuffer;

/**
 * One {@code struct mkdir_event} from {@code uprobe.bpf.c}:
 * {@code { __u32 pid; __u32 mode; __s32 ret; char comm[16]; char path[128]; }}.
 */
public record MkdirEvent(int pid, int mode, int ret, String comm, String path) {
    private static final Codec<String> COMM = Codecs.string(16);
    private static final Codec<String> PATH = Codecs.string(128);

    /** Decodes records (they only travel from the kernel to Java: encoding is not supported). */
    public static final Codec<MkdirEvent> CODEC = Codec.of(12 + 16 + 128,
            (e, b) -> {
                throw new UnsupportedOperationException("mkdir events are written by the BPF program only");
            },
            MkdirEvent::decode);

    private static MkdirEvent decode(ByteBuffer b) {
        int at = b.position();
        return new MkdirEvent(b.getInt(at), b.getInt(at + 4), b.getInt(at + 8), COMM.decode(b.slice(at + 12, 16)),
                PATH.decode(b.slice(at + 28, 128)));
    }
}
