package io.bpfskel.examples.uprobe;

import io.bpfskel.BpfSkeleton;

/** Generates {@link UprobeSkel} from {@code src/main/bpf/uprobe.bpf.c}. */
@BpfSkeleton("uprobe.bpf.o")
interface Uprobe {}
