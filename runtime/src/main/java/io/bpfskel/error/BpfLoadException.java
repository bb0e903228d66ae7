package io.bpfskel.error;

/** Loading an object failed for a reason other than the verifier: an extern, a map, the kernel's answer. */
public class BpfLoadException extends BpfException {
    public BpfLoadException(String message) {
        super(message);
    }

    public BpfLoadException(String message, Throwable cause) {
        super(message, cause);
    }

    BpfLoadException(String message, boolean keepLineBreaks) {
        super(message, null, keepLineBreaks);
    }
}
