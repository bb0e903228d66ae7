/**
 * The {@code @BpfSkeleton} annotation processor: generates a typed Java skeleton for a compiled BPF object.
 *
 * <p>Pipeline: {@link io.bpfskel.processor.ObjectLocator} finds the object (CLASS_OUTPUT, class path, SOURCE_PATH,
 * then {@code -Abpfskel.objectPath=dir:dir}); {@code BpfObject.parse} reads it; {@code ModelBuilder} builds and
 * validates a {@code SkeletonModel} (every Java name, type, record and codec, and the Javadoc); {@code SkeletonWriter}
 * renders it with JavaPoet and decides nothing. Every problem becomes a diagnostic on the annotation. C names that
 * collide in camel case are told apart by one rule ({@code JavaNames.assign}, docs/skeleton-api.md), with a warning.
 *
 * <p>Type mapping choices: integers map to the Java primitive of the same width ({@code u8}→byte,
 * {@code u16}→short, {@code u32}→int, {@code u64}→long); unsigned ones are documented on the accessor (the bits
 * are exact, read them with {@code Integer.toUnsignedLong} and friends). {@code _Bool}→boolean, pointers→long
 * (the address), {@code char[N]}→String and {@code byte[]}, other arrays→indexed accessors, structs and unions→
 * nested view classes, enums→Java enums ({@code null} for values no enumerator has), anything else→byte[].
 * Views read and write in the object's ELF byte order ({@code BYTE_ORDER} of the generated class).
 *
 * <p>Registered through AutoService, and declared {@code isolating} for Gradle's incremental annotation processing
 * ({@code META-INF/gradle/incremental.annotation.processors}): each skeleton has exactly one originating element,
 * the annotated type. The BPF object itself is a resource the build tool does not track: a changed object is
 * caught at run time by the SHA-256 check in {@code open()}.
 */
package io.bpfskel.processor;
