package dev.ghmm.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the shipped process files (docs/processes) are. */
final class ShippedProcesses {
    private ShippedProcesses() {
    }

    /** A file of docs/processes, found from the module directory the tests run in. */
    static Path shipped(String name) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("docs").resolve("processes").resolve(name);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError("docs/processes/" + name + " not found above " + Path.of("").toAbsolutePath());
    }
}
