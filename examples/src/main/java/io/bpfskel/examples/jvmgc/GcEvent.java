package io.bpfskel.examples.jvmgc;

import io.bpfskel.maps.Codec;
import io.bpfskel.maps.Codecs;
import java.nio.ByteBuffer;

/**
 * One {@code struct gc_event} from {@code jvm_gc.bpf.c}: {@code { __u32 pid; __u32 full; __u64 duration_ns;
 * __u64 used_before; __u64 used_after; __u32 pools; char manager[32]; }}.
 */
public record GcEvent(int pid, boolean full, long durationNs, long usedBefore, long usedAfter, int pools,
        String manager) {
    private static final Codec<String> NAME = Codecs.string(32);

    public static final Codec<GcEvent> CODEC = Codec.of(36 + 32,
            (e, b) -> {
                throw new UnsupportedOperationException("GC events are written by the BPF program only");
            },
            GcEvent::decode);

    private static GcEvent decode(ByteBuffer b) {
        int at = b.position();
        return new GcEvent(b.getInt(at), b.getInt(at + 4) != 0, b.getLong(at + 8), b.getLong(at + 16),
                b.getLong(at + 24), b.getInt(at + 32), NAME.decode(b.slice(at + 36, 32)));
    }
}
