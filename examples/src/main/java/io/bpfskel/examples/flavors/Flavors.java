package io.bpfskel.examples.flavors;

import io.bpfskel.BpfSkeleton;

/** Generates {@link FlavorsSkel} from {@code src/main/bpf/flavors.bpf.c} (compiled to {@code flavors.bpf.o}). */
@BpfSkeleton("flavors.bpf.o")
interface Flavors {}
