package io.bpfskel.maven;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.stream.Stream;

/**
 * When an object needs compiling again. Headers are not parsed for dependencies: any header under the source
 * directory counts for every source, which costs a rebuild now and then but never misses a change.
 */
final class Staleness {
    private Staleness() {}

    /**
     * The newest modification time of the {@code *.h} files under {@code sourceDir} (recursively), or null when
     * there are none.
     */
    static FileTime newestHeader(Path sourceDir) {
        if (!Files.isDirectory(sourceDir)) {
            return null;
        }
        try (Stream<Path> s = Files.walk(sourceDir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".h") && Files.isRegularFile(p))
                    .map(Staleness::mtime)
                    .max(FileTime::compareTo)
                    .orElse(null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list headers under " + sourceDir, e);
        }
    }

    /**
     * Whether {@code object} exists and is strictly newer than {@code source} and than {@code newestHeader}
     * (null: no headers). Strictly: on file systems with coarse timestamps an edit in the same tick as the
     * compilation then rebuilds rather than being missed.
     */
    static boolean upToDate(Path object, Path source, FileTime newestHeader) {
        if (!Files.isRegularFile(object)) {
            return false;
        }
        FileTime o = mtime(object);
        if (o.compareTo(mtime(source)) <= 0) {
            return false;
        }
        return newestHeader == null || o.compareTo(newestHeader) > 0;
    }

    private static FileTime mtime(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the modification time of " + p, e);
        }
    }
}
