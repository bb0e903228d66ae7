package io.bpfskel.examples.kconfig;

import io.bpfskel.BpfSkeleton;

/** Generates {@link KconfigSkel} from {@code src/main/bpf/kconfig.bpf.c}. */
@BpfSkeleton("kconfig.bpf.o")
interface Kconfig {}
