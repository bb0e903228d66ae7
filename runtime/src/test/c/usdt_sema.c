/* A probe guarded by its semaphore: the kernel increments bpfskel_guarded_semaphore while a uprobe with
 * ref_ctr_offset is attached, and the probe reports the counter itself. */
#define _SDT_HAS_SEMAPHORES 1
#include <sys/sdt.h>

unsigned short bpfskel_guarded_semaphore __attribute__((unused)) __attribute__((section(".probes")));

__attribute__((noinline)) void guarded(void)
{
    if (bpfskel_guarded_semaphore)
        DTRACE_PROBE1(bpfskel, guarded, bpfskel_guarded_semaphore);
}
