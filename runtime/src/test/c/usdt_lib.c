#include <sys/sdt.h>
void bpfskel_lib_fire(long v)
{
    DTRACE_PROBE1(bpfskel_lib, fire, v);
}
