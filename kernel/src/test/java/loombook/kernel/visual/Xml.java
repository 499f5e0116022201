package loombook.kernel.visual;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/** Test support: SVG through a real XML parser. */
final class Xml {
    private Xml() {}

    /** Parses {@code xml} (namespace-aware, no DTDs); throws if it is not well-formed. */
    static Document parse(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    /** The content of every {@code <text>} element, in document order. */
    static List<String> texts(Document doc) {
        List<String> out = new ArrayList<>();
        NodeList nodes = doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", "text");
        for (int i = 0; i < nodes.getLength(); i++) out.add(nodes.item(i).getTextContent());
        return out;
    }

    /** How many elements called {@code tag} there are. */
    static int count(Document doc, String tag) {
        return doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", tag).getLength();
    }
}
