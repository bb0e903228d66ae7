package io.bpfskel.examples.jvmgc;

import io.bpfskel.maps.Codec;
import io.bpfskel.maps.Codecs;
import java.nio.ByteBuffer;

/** One {@code struct class_event} from {@code jvm_gc.bpf.c}: {@code { __u32 pid; __u32 shared; char name[128]; }}. */
public record ClassEvent(int pid, boolean shared, String name) {
    private static final Codec<String> NAME = Codecs.string(128);

    public static final Codec<ClassEvent> CODEC = Codec.of(8 + 128,
            (e, b) -> {
                throw new UnsupportedOperationException("class events are written by the BPF program only");
            },
            ClassEvent::decode);

    private static ClassEvent decode(ByteBuffer b) {
        int at = b.position();
        return new ClassEvent(b.getInt(at), b.getInt(at + 4) != 0, NAME.decode(b.slice(at + 8, 128)));
    }
}
