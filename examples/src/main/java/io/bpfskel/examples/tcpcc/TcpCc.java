package io.bpfskel.examples.tcpcc;

import io.bpfskel.BpfSkeleton;

/** Generates {@link TcpCcSkel} from {@code src/main/bpf/tcp_cc.bpf.c}. */
@BpfSkeleton("tcp_cc.bpf.o")
interface TcpCc {}
