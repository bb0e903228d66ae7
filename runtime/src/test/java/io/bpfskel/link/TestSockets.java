package io.bpfskel.link;

import com.sun.jna.Library;
import com.sun.jna.Native;
import io.bpfskel.sys.Fd;

/** The libc socket calls the socket-filter test needs (bpfskel itself only attaches to sockets). */
final class TestSockets {
    static final int AF_UNIX = 1;
    static final int SOCK_DGRAM = 2;
    static final int MSG_DONTWAIT = 0x40;

    interface C extends Library {
        C INSTANCE = Native.load("c", C.class);

        int socketpair(int domain, int type, int protocol, int[] sv);

        long send(int fd, byte[] buf, long len, int flags);

        long recv(int fd, byte[] buf, long len, int flags);
    }

    private TestSockets() {}

    static Fd[] unixDatagramPair() {
        int[] sv = new int[2];
        if (C.INSTANCE.socketpair(AF_UNIX, SOCK_DGRAM, 0, sv) != 0) {
            throw new IllegalStateException("socketpair failed: errno " + Native.getLastError());
        }
        return new Fd[] {Fd.adopt(sv[0]), Fd.adopt(sv[1])};
    }

    static void send(Fd fd, byte[] data) {
        long n = C.INSTANCE.send(fd.raw(), data, data.length, 0);
        if (n != data.length) {
            throw new IllegalStateException("send returned " + n + ", errno " + Native.getLastError());
        }
    }

    /** A datagram if one is queued, else null. */
    static byte[] recvNow(Fd fd) {
        byte[] buf = new byte[2048];
        long n = C.INSTANCE.recv(fd.raw(), buf, buf.length, MSG_DONTWAIT);
        if (n < 0) {
            return null;
        }
        return java.util.Arrays.copyOf(buf, (int) n);
    }
}
