package io.bpfskel.fleet;

/**
 * One observation of a check: what was checked, on which program (or the whole object), and its effect on the
 * verdict.
 *
 * @param program the program's name, or null for the object (externs, maps)
 * @param what a short subject, e.g. {@code helper ringbuf_output}, {@code map type RINGBUF}, {@code relo #3}
 */
public record Finding(Category category, Effect effect, String program, String what, String detail) {

    public enum Category { EXTERN, CORE, HELPER, MAP_TYPE, PROG_TYPE, ATTACH_TYPE, ATTACH_TARGET, CONFIG, USER_SPACE }

    /** How the finding bears on the load. */
    public enum Effect {
        /** Present / resolved: nothing stops the load. */
        OK,
        /** Worth knowing, does not change the verdict (a guarded poisoned relocation, a weak extern that reads 0). */
        NOTE,
        /** The load fails. */
        FAILS,
        /** The load succeeds only if user space sets something first. */
        USER_SPACE,
        /** The files cannot tell. */
        UNKNOWN,
        /** The load succeeds but attaching where the section says fails. */
        ATTACH_FAILS,
        /** The load succeeds; whether attaching where the section says works, the files cannot tell. */
        ATTACH_UNKNOWN
    }

    /** {@code <what>: <detail>}, with the program when there is one. */
    public String text() {
        return (program != null ? "program '" + program + "': " : "") + what + (detail.isEmpty() ? "" : ": " + detail);
    }
}
