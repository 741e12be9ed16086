package io.geotier.deploy;

import java.io.InputStream;
import java.io.StringReader;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/** The shared caches of an Infinispan configuration, compared without their backups (which differ per site). */
final class InfinispanCaches {

    private InfinispanCaches() {}

    /** The local cluster's, from the harness that runs it. */
    static Map<String, String> local() throws Exception {
        try (InputStream in =
                InfinispanCaches.class.getResourceAsStream("/io/geotier/harness/infinispan/infinispan.xml")) {
            return of(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    /** Cache name → its definition, canonical: no comments, no backups, attributes sorted, no blank text. */
    static Map<String, String> of(String xml) throws Exception {
        Map<String, String> caches = new TreeMap<>();
        NodeList list = parse(xml).getElementsByTagNameNS("*", "replicated-cache");
        for (int i = 0; i < list.getLength(); i++) {
            Element cache = (Element) list.item(i);
            caches.put(cache.getAttribute("name"), canonical(cache));
        }
        return caches;
    }

    /** The sites a cache backs up to. */
    static Set<String> backups(String xml, String cache) throws Exception {
        Set<String> sites = new TreeSet<>();
        NodeList list = parse(xml).getElementsByTagNameNS("*", "backup");
        for (int i = 0; i < list.getLength(); i++) {
            Element backup = (Element) list.item(i);
            Element owner = (Element) backup.getParentNode().getParentNode();
            if (owner.getAttribute("name").equals(cache)) {
                sites.add(backup.getAttribute("site"));
            }
        }
        return sites;
    }

    static Document parse(String xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
    }

    private static String canonical(Element element) {
        StringBuilder out = new StringBuilder("<" + element.getLocalName());
        Map<String, String> attributes = new TreeMap<>();
        for (int i = 0; i < element.getAttributes().getLength(); i++) {
            Node a = element.getAttributes().item(i);
            if (!a.getNodeName().startsWith("xmlns")) {
                attributes.put(a.getNodeName(), a.getNodeValue());
            }
        }
        attributes.forEach(
                (k, v) -> out.append(' ').append(k).append("=\"").append(v).append('"'));
        out.append('>');
        NodeList children = element.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            Node child = children.item(i);
            if (child instanceof Element e && !e.getLocalName().equals("backups")) {
                out.append(canonical(e));
            } else if (child.getNodeType() == Node.TEXT_NODE
                    && !child.getTextContent().isBlank()) {
                out.append(child.getTextContent().strip());
            }
        }
        return out.append("</").append(element.getLocalName()).append('>').toString();
    }
}
