package io.bpfskel.examples.execsnoop;

import io.bpfskel.BpfSkeleton;

/** Generates {@link ExecsnoopSkel} from {@code src/main/bpf/execsnoop.bpf.c}. */
@BpfSkeleton("execsnoop.bpf.o")
interface Execsnoop {}
