package io.bpfskel.examples.xdp;

import io.bpfskel.BpfSkeleton;

/** Generates {@link XdpCounterSkel} from {@code src/main/bpf/xdp_counter.bpf.c}. */
@BpfSkeleton("xdp_counter.bpf.o")
interface XdpCounter {}
