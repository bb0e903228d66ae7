package io.bpfskel.sys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CpuListTest {
    @Test
    void cpuListsExpand() {
        assertArrayEquals(new int[] {0}, Syscalls.parseCpuList("0"));
        assertArrayEquals(new int[] {0, 1, 2, 3, 8, 10, 11}, Syscalls.parseCpuList("0-3,8,10-11"));
        int[] online = Syscalls.onlineCpus();
        assertTrue(online.length >= 1 && online.length <= Syscalls.possibleCpus());
    }
}
