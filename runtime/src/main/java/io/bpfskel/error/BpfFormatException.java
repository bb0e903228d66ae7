package io.bpfskel.error;

/**
 * A BPF object or BTF blob is malformed. The message always names the file (or blob) and what is wrong
 * with it, e.g. {@code "flavors.bpf.o: section 7 '.BTF': type 12: member type id 9999 out of range"}.
 */
public class BpfFormatException extends BpfException {
    private final String source;

    public BpfFormatException(String source, String problem) {
        super(source + ": " + problem);
        this.source = source;
    }

    public BpfFormatException(String source, String problem, Throwable cause) {
        super(source + ": " + problem, cause);
        this.source = source;
    }

    /** The file name or description of the blob that is malformed. */
    public String source() {
        return source;
    }
}
