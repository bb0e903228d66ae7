/**
 * The fleet check: whether an object loads on kernels described only by their files (BTF, config, kallsyms),
 * predicted with the loader's own extern resolution and CO-RE engine and the kernels' own enums and functions.
 * {@link io.bpfskel.fleet.FleetCheck} checks, {@link io.bpfskel.fleet.FleetKernel} is one kernel parsed once and
 * shared, {@link io.bpfskel.fleet.KernelCheck} and {@link io.bpfskel.fleet.Verdict} are the answers.
 */
package io.bpfskel.fleet;
