package io.bpfskel;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Asks the bpfskel annotation processor to generate a typed skeleton for a compiled BPF object.
 *
 * <pre>{@code
 * @BpfSkeleton("flavors.bpf.o")
 * interface Flavors {}
 * // generates FlavorsSkel in the same package
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.SOURCE)
@Target(ElementType.TYPE)
public @interface BpfSkeleton {
    /** Resource path of the BPF object (ELF), as found on the class path at compile and run time. */
    String value();

    /** Simple name of the generated class; empty means {@code <AnnotatedType>Skel}. */
    String className() default "";
}
