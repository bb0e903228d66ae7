/**
 * The exceptions of bpfskel, below every package that throws them: {@link io.bpfskel.error.BpfException} and its
 * kinds (bad input, a refused load, a verifier rejection, a kernel without a feature). The syscall layer's
 * {@code BpfSyscallException}, which carries the errno, is a {@code BpfException} too.
 */
package io.bpfskel.error;
