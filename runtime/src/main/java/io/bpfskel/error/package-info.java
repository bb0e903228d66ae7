/**
 * The exceptions of bpfskel, below every package that throws them: {@link io.bpfskel.error.BpfException} and its
 * kinds (bad input, a refused load, a verifier rejection, a kernel without a feature), and
 * {@link io.bpfskel.error.BpfSyscallException}: a failed system call with its command, the kernel's errno (compare
 * with {@link io.bpfskel.error.Errno}), what was being done and, for loads, the kernel's log.
 */
package io.bpfskel.error;
