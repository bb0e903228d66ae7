package io.bpfskel.sys;

/**
 * Stand-in for the {@code java.lang.foreign} backend on Java 17–21: the real class is compiled with
 * {@code --release 22} into {@code META-INF/versions/22} of the runtime jar, where the JVM picks it up on
 * 22+ in place of this one.
 */
final class FfmNativeAccess {
    private FfmNativeAccess() {}

    /** A method, not a constant: javac would copy a constant into the callers, past the versioned class. */
    static boolean available() {
        return false;
    }

    static NativeAccess create() {
        throw new IllegalStateException("the java.lang.foreign backend needs Java 22+");
    }
}
