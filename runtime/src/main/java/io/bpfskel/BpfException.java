package io.bpfskel;

/** Root of every error bpfskel throws. */
public class BpfException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BpfException(String message) {
        super(message);
    }

    public BpfException(String message, Throwable cause) {
        super(message, cause);
    }
}
