package io.bpfskel.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@code /proc} says about the calling thread: the ground truth for programs that read the current task's
 * {@code task_struct} through CO-RE. Read on the thread the programs run on (BPF_PROG_TEST_RUN runs them in the
 * caller's context).
 */
record ThreadTruth(int tid, int tgid, int ppid, int uid, String comm, int pgid, int sid, long loginuid, long pidNamespace) {

    static ThreadTruth current() {
        try {
            List<String> status = Files.readAllLines(Path.of("/proc/thread-self/status"));
            String comm = Files.readString(Path.of("/proc/thread-self/comm"), StandardCharsets.UTF_8);
            comm = comm.endsWith("\n") ? comm.substring(0, comm.length() - 1) : comm;
            String stat = Files.readString(Path.of("/proc/thread-self/stat"));
            // after "pid (comm) ": state ppid pgrp session ...; comm may contain spaces and parentheses
            String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            Path loginuidFile = Path.of("/proc/self/loginuid"); // only with CONFIG_AUDIT, like task_struct.loginuid
            long loginuid = Files.exists(loginuidFile) ? Long.parseLong(Files.readString(loginuidFile).trim()) : 0xffffffffL;
            String ns = Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString(); // pid:[4026531836]
            long pidNs = Long.parseLong(ns.substring(ns.indexOf('[') + 1, ns.indexOf(']')));
            return new ThreadTruth(field(status, "Pid"), field(status, "Tgid"), field(status, "PPid"), field(status, "Uid"),
                    comm, Integer.parseInt(after[2]), Integer.parseInt(after[3]), loginuid, pidNs);
        } catch (IOException e) {
            throw new UncheckedIOException("reading /proc/thread-self", e);
        }
    }

    /** The first number of a {@code Name:\tvalue ...} line of a status file. */
    static int field(List<String> status, String name) {
        for (String line : status) {
            if (line.startsWith(name + ":")) {
                return Integer.parseInt(line.substring(name.length() + 1).trim().split("\\s+")[0]);
            }
        }
        throw new IllegalStateException("no " + name + " in status");
    }

    /** A field of another process's {@code /proc/PID/status}. */
    static int processField(long pid, String name) {
        try {
            return field(Files.readAllLines(Path.of("/proc/" + pid + "/status")), name);
        } catch (IOException e) {
            throw new UncheckedIOException("reading /proc/" + pid + "/status", e);
        }
    }
}
