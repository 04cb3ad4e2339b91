package dev.ghmm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.net.URI;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The published library modules' descriptors (module-info) export every API package and nothing else: each package
 * holding classes is exported to everyone, except {@code dev.ghmm.internal} (argument checks shared by ghmm's own
 * modules), which is exported only to them. The descriptors and the classes are read from the test class path, where
 * each module's classes lie beside its module-info.class.
 */
class ModuleDescriptorsTest {
    static final Set<String> LIBRARY = Set.of("dev.ghmm.core", "dev.ghmm.factored", "dev.ghmm.io", "dev.ghmm.probe");

    @Test
    void everyLibraryModuleExportsItsApiPackagesAndOnlyThem() throws IOException {
        Map<String, Path> roots = new TreeMap<>();
        Map<String, ModuleDescriptor> descriptors = new TreeMap<>();
        Enumeration<URL> found = getClass().getClassLoader().getResources("module-info.class");
        for (URL url : Collections.list(found)) {
            ModuleDescriptor d;
            try (InputStream in = url.openStream()) {
                d = ModuleDescriptor.read(in);
            }
            if (d.name().startsWith("dev.ghmm.")) {
                descriptors.put(d.name(), d);
                roots.put(d.name(), root(url));
            }
        }
        assertEquals(new TreeSet<>(LIBRARY), descriptors.keySet());
        for (ModuleDescriptor d : descriptors.values()) {
            Set<String> packages = packagesWithClasses(roots.get(d.name()));
            Set<String> everyone = d.exports().stream().filter(e -> !e.isQualified()).map(ModuleDescriptor.Exports::source)
                    .collect(Collectors.toCollection(TreeSet::new));
            Set<String> api = new TreeSet<>(packages);
            api.remove("dev.ghmm.internal");
            assertEquals(api, everyone, d.name() + " exports to everyone exactly its packages but dev.ghmm.internal");
            for (ModuleDescriptor.Exports e : d.exports()) {
                if (e.isQualified()) {
                    assertEquals("dev.ghmm.internal", e.source(), d.name() + ": only the internal package is exported to ghmm's modules only");
                    assertTrue(e.targets().stream().allMatch(t -> t.startsWith("dev.ghmm.")), d.name() + " exports helpers to " + e.targets());
                }
            }
        }
        assertTrue(descriptors.get("dev.ghmm.core").exports().stream().anyMatch(e -> e.source().equals("dev.ghmm.internal") && e.isQualified()),
                "ghmm-core holds the internal package");
    }

    /** The directory or jar file system root that holds a module-info.class. */
    private static Path root(URL url) throws IOException {
        String s = url.toString();
        if (s.startsWith("jar:")) {
            URI jar = URI.create(s.substring(0, s.indexOf("!/")));
            FileSystem fs;
            try {
                fs = FileSystems.newFileSystem(jar, Map.of());
            } catch (java.nio.file.FileSystemAlreadyExistsException e) {
                fs = FileSystems.getFileSystem(jar);
            }
            return fs.getPath("/");
        }
        return Path.of(URI.create(s)).getParent();
    }

    /** The packages (dotted) of the .class files under root, module-info excepted. */
    private static Set<String> packagesWithClasses(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> f.toString().endsWith(".class") && !f.getFileName().toString().equals("module-info.class"))
                    .map(f -> root.relativize(f.getParent()).toString().replace(f.getFileSystem().getSeparator(), "."))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }
}
