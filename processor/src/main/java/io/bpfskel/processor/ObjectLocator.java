package io.bpfskel.processor;

import io.bpfskel.error.BpfFormatException;
import io.bpfskel.elf.BoundedRead;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.annotation.processing.Filer;
import javax.tools.FileObject;
import javax.tools.StandardLocation;

/**
 * Finds the BPF object named by {@code @BpfSkeleton} at compile time, in order: {@code CLASS_OUTPUT} (resources
 * copied before compilation), the class path, {@code SOURCE_PATH}, then the directories of
 * {@code -Abpfskel.objectPath=dir:dir}. The name is a class path resource name, relative to the root.
 */
final class ObjectLocator {
    /** Where the object was found (a description for messages) and its bytes. */
    record Found(String where, byte[] bytes) {}

    /** The outcome: {@code found} or, when null, every place searched. */
    record Result(Found found, List<String> searched) {}

    private final Filer filer;
    private final String objectPath;

    ObjectLocator(Filer filer, String objectPath) {
        this.filer = filer;
        this.objectPath = objectPath;
    }

    Result locate(String resource) {
        String name = resource.startsWith("/") ? resource.substring(1) : resource;
        List<String> searched = new ArrayList<>();
        for (StandardLocation loc : new StandardLocation[] {StandardLocation.CLASS_OUTPUT, StandardLocation.CLASS_PATH,
                StandardLocation.SOURCE_PATH}) {
            String where = loc.getName();
            try {
                FileObject fo = filer.getResource(loc, "", name);
                where = loc.getName() + " (" + fo.toUri() + ")";
                try (InputStream in = fo.openInputStream()) {
                    return new Result(new Found(where, BoundedRead.stream(name, in)), searched);
                }
            } catch (IOException | RuntimeException e) {
                searched.add(where);
            }
        }
        if (objectPath == null || objectPath.isBlank()) {
            searched.add("-A" + BpfSkeletonProcessor.OBJECT_PATH_OPTION + " (not set)");
        } else {
            for (String dir : objectPath.split(File.pathSeparator)) {
                if (dir.isBlank()) {
                    continue;
                }
                Path p = Path.of(dir).resolve(name);
                String where = "-A" + BpfSkeletonProcessor.OBJECT_PATH_OPTION + " directory " + dir + " (" + p + ")";
                if (Files.isRegularFile(p)) {
                    try {
                        return new Result(new Found(where, BoundedRead.file(p)), searched);
                    } catch (BpfFormatException e) {
                        searched.add(where + ": " + e.getMessage());
                        continue;
                    }
                }
                searched.add(where);
            }
        }
        return new Result(null, searched);
    }
}
