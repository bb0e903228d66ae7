package io.bpfskel.error;

/**
 * Linux errno values the loader meets, with their symbolic names.
 *
 * <p>The numbers are the asm-generic ones shared by x86_64, aarch64 and riscv64. {@link #ENOTSUPP}
 * (524) is kernel-internal but leaks out of bpf() for features a program type or JIT lacks.
 */
public final class Errno {
    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int ESRCH = 3;
    public static final int EINTR = 4;
    public static final int EIO = 5;
    public static final int ENXIO = 6;
    public static final int E2BIG = 7;
    public static final int ENOEXEC = 8;
    public static final int EBADF = 9;
    public static final int EAGAIN = 11;
    public static final int ENOMEM = 12;
    public static final int EACCES = 13;
    public static final int EFAULT = 14;
    public static final int EBUSY = 16;
    public static final int EEXIST = 17;
    public static final int EXDEV = 18;
    public static final int ENODEV = 19;
    public static final int ENOTDIR = 20;
    public static final int EISDIR = 21;
    public static final int EINVAL = 22;
    public static final int ENFILE = 23;
    public static final int EMFILE = 24;
    public static final int ENOTTY = 25;
    public static final int EFBIG = 27;
    public static final int ENOSPC = 28;
    public static final int EROFS = 30;
    public static final int ERANGE = 34;
    public static final int EDEADLK = 35;
    public static final int ENAMETOOLONG = 36;
    public static final int ENOSYS = 38;
    public static final int ENOTEMPTY = 39;
    public static final int ELOOP = 40;
    public static final int ENODATA = 61;
    public static final int EOVERFLOW = 75;
    public static final int EBADFD = 77;
    public static final int EOPNOTSUPP = 95;
    public static final int EADDRINUSE = 98;
    public static final int ETIMEDOUT = 110;
    public static final int EALREADY = 114;
    public static final int EINPROGRESS = 115;
    public static final int ENOTSUPP = 524;

    private Errno() {}

    /** Symbolic name such as {@code "ENOENT"}, or {@code "errno 123"} for numbers not listed here. */
    public static String name(int errno) {
        switch (errno) {
            case EPERM: return "EPERM";
            case ENOENT: return "ENOENT";
            case ESRCH: return "ESRCH";
            case EINTR: return "EINTR";
            case EIO: return "EIO";
            case ENXIO: return "ENXIO";
            case E2BIG: return "E2BIG";
            case ENOEXEC: return "ENOEXEC";
            case EBADF: return "EBADF";
            case EAGAIN: return "EAGAIN";
            case ENOMEM: return "ENOMEM";
            case EACCES: return "EACCES";
            case EFAULT: return "EFAULT";
            case EBUSY: return "EBUSY";
            case EEXIST: return "EEXIST";
            case EXDEV: return "EXDEV";
            case ENODEV: return "ENODEV";
            case ENOTDIR: return "ENOTDIR";
            case EISDIR: return "EISDIR";
            case EINVAL: return "EINVAL";
            case ENFILE: return "ENFILE";
            case EMFILE: return "EMFILE";
            case ENOTTY: return "ENOTTY";
            case EFBIG: return "EFBIG";
            case ENOSPC: return "ENOSPC";
            case EROFS: return "EROFS";
            case ERANGE: return "ERANGE";
            case EDEADLK: return "EDEADLK";
            case ENAMETOOLONG: return "ENAMETOOLONG";
            case ENOSYS: return "ENOSYS";
            case ENOTEMPTY: return "ENOTEMPTY";
            case ELOOP: return "ELOOP";
            case ENODATA: return "ENODATA";
            case EOVERFLOW: return "EOVERFLOW";
            case EBADFD: return "EBADFD";
            case EOPNOTSUPP: return "EOPNOTSUPP";
            case EADDRINUSE: return "EADDRINUSE";
            case ETIMEDOUT: return "ETIMEDOUT";
            case EALREADY: return "EALREADY";
            case EINPROGRESS: return "EINPROGRESS";
            case ENOTSUPP: return "ENOTSUPP";
            default: return "errno " + errno;
        }
    }

    /** The strerror(3)-style description; ours rather than libc's so messages do not depend on locale. */
    public static String description(int errno) {
        switch (errno) {
            case EPERM: return "Operation not permitted";
            case ENOENT: return "No such file or directory";
            case ESRCH: return "No such process";
            case EINTR: return "Interrupted system call";
            case EIO: return "Input/output error";
            case ENXIO: return "No such device or address";
            case E2BIG: return "Argument list too long";
            case ENOEXEC: return "Exec format error";
            case EBADF: return "Bad file descriptor";
            case EAGAIN: return "Resource temporarily unavailable";
            case ENOMEM: return "Cannot allocate memory";
            case EACCES: return "Permission denied";
            case EFAULT: return "Bad address";
            case EBUSY: return "Device or resource busy";
            case EEXIST: return "File exists";
            case EXDEV: return "Invalid cross-device link";
            case ENODEV: return "No such device";
            case ENOTDIR: return "Not a directory";
            case EISDIR: return "Is a directory";
            case EINVAL: return "Invalid argument";
            case ENFILE: return "Too many open files in system";
            case EMFILE: return "Too many open files";
            case ENOTTY: return "Inappropriate ioctl for device";
            case EFBIG: return "File too large";
            case ENOSPC: return "No space left on device";
            case EROFS: return "Read-only file system";
            case ERANGE: return "Numerical result out of range";
            case EDEADLK: return "Resource deadlock avoided";
            case ENAMETOOLONG: return "File name too long";
            case ENOSYS: return "Function not implemented";
            case ENOTEMPTY: return "Directory not empty";
            case ELOOP: return "Too many levels of symbolic links";
            case ENODATA: return "No data available";
            case EOVERFLOW: return "Value too large for defined data type";
            case EBADFD: return "File descriptor in bad state";
            case EOPNOTSUPP: return "Operation not supported";
            case EADDRINUSE: return "Address already in use";
            case ETIMEDOUT: return "Connection timed out";
            case EALREADY: return "Operation already in progress";
            case EINPROGRESS: return "Operation now in progress";
            case ENOTSUPP: return "Operation not supported (kernel-internal ENOTSUPP)";
            default: return "Unknown error " + errno;
        }
    }
}
