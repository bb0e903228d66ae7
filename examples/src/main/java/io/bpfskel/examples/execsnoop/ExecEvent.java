package io.bpfskel.examples.execsnoop;

import io.bpfskel.maps.Codec;
import io.bpfskel.maps.Codecs;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@code struct exec_event} from {@code execsnoop.bpf.c}:
 * <pre>{@code
 * struct exec_event {
 *     __u32 pid, ppid, uid, argc;
 *     char comm[16];
 *     char filename[128];
 *     char args[4][48];
 * };
 * }</pre>
 * Ring-buffer records carry no BTF type, so this codec is written by hand from the C declaration.
 */
public record ExecEvent(int pid, int ppid, int uid, String comm, String filename, List<String> args) {
    private static final int COMM = 16;
    private static final int FILENAME = 128;
    private static final int ARGS = 4;
    private static final int ARG = 48;
    private static final Codec<String> COMM_CODEC = Codecs.string(COMM);
    private static final Codec<String> FILENAME_CODEC = Codecs.string(FILENAME);
    private static final Codec<String> ARG_CODEC = Codecs.string(ARG);

    /** Decodes records (they only travel from the kernel to Java: encoding is not supported). */
    public static final Codec<ExecEvent> CODEC = Codec.of(4 * 4 + COMM + FILENAME + ARGS * ARG,
            (e, b) -> {
                throw new UnsupportedOperationException("exec events are written by the BPF program only");
            },
            ExecEvent::decode);

    private static ExecEvent decode(ByteBuffer b) {
        int pid = b.getInt();
        int ppid = b.getInt();
        int uid = b.getInt();
        int argc = Math.min(b.getInt(), ARGS);
        String comm = COMM_CODEC.decode(b.slice(b.position(), COMM));
        String filename = FILENAME_CODEC.decode(b.slice(b.position() + COMM, FILENAME));
        List<String> args = new ArrayList<>(argc);
        for (int i = 0; i < argc; i++) {
            args.add(ARG_CODEC.decode(b.slice(b.position() + COMM + FILENAME + i * ARG, ARG)));
        }
        return new ExecEvent(pid, ppid, uid, comm, filename, List.copyOf(args));
    }
}
