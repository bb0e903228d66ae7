/**
 * The file descriptors of kernel objects as the public API hands them out ({@link io.bpfskel.fd.BpfFd}); the
 * lifetime-guarded implementation behind them is internal.
 */
package io.bpfskel.fd;
