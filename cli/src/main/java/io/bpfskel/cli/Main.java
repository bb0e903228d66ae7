package io.bpfskel.cli;

/** {@code java -jar bpfskel.jar <command> ...}. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(BpfskelCommand.commandLine().execute(args));
    }
}
