package io.bpfskel.examples.jvmgc;

import io.bpfskel.BpfSkeleton;

/** Generates {@link JvmGcSkel} from {@code src/main/bpf/jvm_gc.bpf.c}. */
@BpfSkeleton("jvm_gc.bpf.o")
interface JvmGc {}
