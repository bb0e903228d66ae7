package io.bpfskel.sys;

/**
 * A loaded program or BTF object together with the kernel's log.
 *
 * @param log the verifier / BTF log; empty unless a log level was requested
 */
public record LoadResult(Fd fd, String log) {}
