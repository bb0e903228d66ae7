package io.bpfskel.cli;

/** {@code java -jar bpfskel.jar <command> ...}. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        int code;
        try {
            code = BpfskelCommand.commandLine().execute(args);
        } catch (OutOfMemoryError | StackOverflowError e) {
            // Inputs are bounded before anything is allocated; this is the backstop that keeps a stack trace
            // away from the user if some input still gets through.
            System.err.println("bpfskel: " + (e instanceof OutOfMemoryError ? "out of memory" : "input nested too deeply")
                    + " (" + e.getMessage() + "); is the input damaged? Give the JVM more memory with -Xmx if not");
            code = 1;
        }
        System.exit(code);
    }
}
