package io.bpfskel.error;

/**
 * Root of every error bpfskel reports. Unchecked: a BPF object that cannot be read or loaded is a programming or
 * deployment error.
 *
 * <p>A message is one line of printable text: names in it come from the object (section, symbol and BTF names are
 * whatever bytes the file holds), so control characters are shown escaped ({@code \n}, {@code \x1b}) rather than
 * breaking a log line or driving the terminal. Only the kernel's log, appended by {@link BpfVerifierException} and
 * {@link BpfSyscallException}, keeps its line breaks.
 */
public class BpfException extends RuntimeException {
    public BpfException(String message) {
        super(oneLine(message));
    }

    public BpfException(String message, Throwable cause) {
        super(oneLine(message), cause);
    }

    /** For a message whose line breaks are its own (the verifier's log) and whose other parts are already escaped. */
    BpfException(String message, Throwable cause, boolean keepLineBreaks) {
        super(keepLineBreaks ? message : oneLine(message), cause);
    }

    /** {@code text} with every control or format character escaped, so that it prints as one inert line. */
    static String oneLine(String text) {
        if (text == null) {
            return null;
        }
        int i = 0;
        while (i < text.length() && !needsEscape(text.charAt(i))) {
            i++;
        }
        if (i == text.length()) {
            return text;
        }
        StringBuilder sb = new StringBuilder(text.length() + 16).append(text, 0, i);
        for (; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!needsEscape(c)) {
                sb.append(c);
            } else if (c == '\n') {
                sb.append("\\n");
            } else if (c == '\r') {
                sb.append("\\r");
            } else if (c == '\t') {
                sb.append("\\t");
            } else if (c <= 0xff) {
                sb.append("\\x").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xf, 16));
            } else {
                sb.append(String.format("\\u%04x", (int) c));
            }
        }
        return sb.toString();
    }

    private static boolean needsEscape(char c) {
        if (c >= 0x20 && c < 0x7f) {
            return false;
        }
        // Control characters, and format characters such as the bidirectional overrides that make a line read as
        // something it is not.
        return Character.isISOControl(c) || Character.getType(c) == Character.FORMAT;
    }
}
