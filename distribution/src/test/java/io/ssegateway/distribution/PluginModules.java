package io.ssegateway.distribution;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/** The plugin modules listed in plugins/pom.xml, read from their poms. */
final class PluginModules {
    private PluginModules() {
    }

    /**
     * One plugin module.
     *
     * @param artifactId its artifactId ({@code sse-gateway-plugin-<dir>}); its jar is {@code <artifactId>.jar}
     * @param pluginName its {@code plugin.name}: its folder in the zip's plugins/
     * @param shipped    false when it sets {@code plugin.staging.skip=true}
     */
    record Module(String artifactId, String pluginName, boolean shipped) {
    }

    /** Every module of {@code sse.gateway.plugins.pom} (set by the pom). */
    static List<Module> all() throws IOException {
        Path parentPom = Path.of(System.getProperty("sse.gateway.plugins.pom"));
        List<Module> modules = new ArrayList<>();
        for (String folder : texts(parse(parentPom).getDocumentElement(), "modules", "module")) {
            Element pom = parse(parentPom.resolveSibling(folder).resolve("pom.xml")).getDocumentElement();
            String artifactId = texts(pom, "artifactId").getFirst();
            List<String> name = texts(pom, "properties", "plugin.name");
            List<String> skip = texts(pom, "properties", "plugin.staging.skip");
            modules.add(new Module(artifactId, name.isEmpty() ? "" : name.getFirst(),
                                   skip.isEmpty() || !skip.getFirst().equals("true")));
        }
        return modules;
    }

    private static Document parse(Path pom) throws IOException {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder().parse(pom.toFile());
        } catch (ParserConfigurationException | SAXException e) {
            throw new IOException("cannot read " + pom, e);
        }
    }

    /** The trimmed texts of the elements at {@code path} (child names) below {@code parent}. */
    private static List<String> texts(Element parent, String... path) {
        List<Element> level = List.of(parent);
        for (String name : path) {
            List<Element> next = new ArrayList<>();
            for (Element element : level) {
                NodeList children = element.getChildNodes();
                for (int i = 0; i < children.getLength(); i++) {
                    Node child = children.item(i);
                    if (child instanceof Element e && e.getTagName().equals(name)) {
                        next.add(e);
                    }
                }
            }
            level = next;
        }
        return level.stream().map(e -> e.getTextContent().strip()).toList();
    }
}
