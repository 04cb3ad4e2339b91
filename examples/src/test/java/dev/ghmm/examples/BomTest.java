package dev.ghmm.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/**
 * ghmm-bom manages every published module, and nothing else, at the project's version; the README imports it and
 * names every module it manages. A module is published unless it is a pom or its pom sets maven.deploy.skip.
 */
class BomTest {
    static final Path ROOT = Path.of("..");
    static final Path BOM = ROOT.resolve("ghmm-bom").resolve("pom.xml");

    private static Document read(Path pom) throws Exception {
        // not namespace-aware, so the XPaths below need no prefixes
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
    }

    private static List<String> texts(Document pom, String xpath) throws Exception {
        NodeList nodes = (NodeList) XPathFactory.newInstance().newXPath().evaluate(xpath, pom, XPathConstants.NODESET);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            texts.add(nodes.item(i).getTextContent().strip());
        }
        return texts;
    }

    private static String text(Document pom, String xpath) throws Exception {
        return XPathFactory.newInstance().newXPath().evaluate(xpath, pom).strip();
    }

    /** The artifactIds ghmm-bom manages, in its order. */
    static List<String> managedArtifacts() throws Exception {
        return texts(read(BOM), "/project/dependencyManagement/dependencies/dependency/artifactId");
    }

    private static List<String> publishedModules() throws Exception {
        List<String> published = new ArrayList<>();
        for (String module : texts(read(ROOT.resolve("pom.xml")), "/project/modules/module")) {
            Document pom = read(ROOT.resolve(module).resolve("pom.xml"));
            if (!text(pom, "/project/packaging").equals("pom") && !text(pom, "/project/properties/maven.deploy.skip").equals("true")) {
                published.add(text(pom, "/project/artifactId"));
            }
        }
        return published;
    }

    @Test
    void bomManagesEveryPublishedModule() throws Exception {
        assertEquals(new TreeSet<>(publishedModules()), new TreeSet<>(managedArtifacts()));
    }

    @Test
    void bomManagesGhmmArtifactsOnlyAtTheProjectVersion() throws Exception {
        Document bom = read(BOM);
        // no parent: importing the BOM must not bring the build's own dependency versions (JUnit, Jackson, ...) along
        assertEquals("", text(bom, "/project/parent"));
        assertEquals("pom", text(bom, "/project/packaging"));
        assertEquals(text(read(ROOT.resolve("pom.xml")), "/project/version"), text(bom, "/project/version"));
        int n = managedArtifacts().size();
        assertEquals(List.of("dev.ghmm"), new ArrayList<>(new TreeSet<>(texts(bom, "/project/dependencyManagement/dependencies/dependency/groupId"))));
        assertEquals(n, texts(bom, "/project/dependencyManagement/dependencies/dependency[version='${project.version}']").size());
    }

    @Test
    void readmeImportsTheBomAndNamesEveryArtifact() throws Exception {
        String readme = Files.readString(ROOT.resolve("README.md"));
        assertTrue(readme.contains("<artifactId>ghmm-bom</artifactId>"), "README does not import ghmm-bom");
        for (String artifact : managedArtifacts()) {
            assertTrue(readme.contains("<artifactId>" + artifact + "</artifactId>"), () -> "README does not name " + artifact);
        }
    }
}
