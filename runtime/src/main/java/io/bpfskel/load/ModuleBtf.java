package io.bpfskel.load;

import io.bpfskel.btf.Btf;

/**
 * A kernel module's BTF, split on top of vmlinux.
 *
 * @param fd the module BTF object's fd, kept open until the programs are loaded (it goes into {@code fd_array}
 *     and into {@code ld_imm64}); -1 for BTF read from a file that is not loaded in this kernel
 */
public record ModuleBtf(String name, Btf btf, int fd) {}
