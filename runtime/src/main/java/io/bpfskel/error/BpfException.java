package io.bpfskel.error;

/** Root of every error bpfskel reports. Unchecked: a BPF object that cannot be read or loaded is a programming or deployment error. */
public class BpfException extends RuntimeException {
    public BpfException(String message) {
        super(message);
    }

    public BpfException(String message, Throwable cause) {
        super(message, cause);
    }
}
