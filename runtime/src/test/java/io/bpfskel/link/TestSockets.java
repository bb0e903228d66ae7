package io.bpfskel.link;

import com.sun.jna.Library;
import com.sun.jna.Native;
import io.bpfskel.sys.Fd;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** The libc socket calls the socket-filter test needs (bpfskel itself only attaches to sockets). */
final class TestSockets {
    static final int AF_INET = 2;
    static final int SOCK_DGRAM = 2;
    static final int MSG_DONTWAIT = 0x40;
    private static final int SOCKADDR_IN_SIZE = 16;

    interface C extends Library {
        C INSTANCE = Native.load("c", C.class);

        int socket(int domain, int type, int protocol);

        int bind(int fd, byte[] addr, int len);

        int getsockname(int fd, byte[] addr, int[] len);

        long sendto(int fd, byte[] buf, long len, int flags, byte[] addr, int addrLen);

        long recv(int fd, byte[] buf, long len, int flags);
    }

    private TestSockets() {}

    /** {@code struct sockaddr_in} for 127.0.0.1:port: family in host order, port and address in network order. */
    static byte[] loopback(int port) {
        ByteBuffer b = ByteBuffer.allocate(SOCKADDR_IN_SIZE);
        b.order(ByteOrder.nativeOrder()).putShort(0, (short) AF_INET);
        b.order(ByteOrder.BIG_ENDIAN).putShort(2, (short) port).put(4, (byte) 127).put(7, (byte) 1);
        return b.array();
    }

    /** A UDP socket bound to 127.0.0.1 on a free port. */
    static Fd udpOnLoopback() {
        int fd = C.INSTANCE.socket(AF_INET, SOCK_DGRAM, 0);
        if (fd < 0) {
            throw new IllegalStateException("socket failed: errno " + Native.getLastError());
        }
        Fd socket = Fd.adopt(fd);
        if (C.INSTANCE.bind(fd, loopback(0), SOCKADDR_IN_SIZE) != 0) {
            int errno = Native.getLastError();
            socket.close();
            throw new IllegalStateException("bind failed: errno " + errno);
        }
        return socket;
    }

    static int port(Fd socket) {
        byte[] addr = new byte[SOCKADDR_IN_SIZE];
        int[] len = {SOCKADDR_IN_SIZE};
        if (C.INSTANCE.getsockname(socket.raw(), addr, len) != 0) {
            throw new IllegalStateException("getsockname failed: errno " + Native.getLastError());
        }
        return ByteBuffer.wrap(addr).order(ByteOrder.BIG_ENDIAN).getShort(2) & 0xffff;
    }

    static void sendTo(Fd socket, byte[] data, int port) {
        long n = C.INSTANCE.sendto(socket.raw(), data, data.length, 0, loopback(port), SOCKADDR_IN_SIZE);
        if (n != data.length) {
            throw new IllegalStateException("sendto returned " + n + ", errno " + Native.getLastError());
        }
    }

    /** A datagram if one is queued, else null. */
    static byte[] recvNow(Fd socket) {
        byte[] buf = new byte[2048];
        long n = C.INSTANCE.recv(socket.raw(), buf, buf.length, MSG_DONTWAIT);
        if (n < 0) {
            return null;
        }
        return java.util.Arrays.copyOf(buf, (int) n);
    }
}
