package org.nvr.onvif.xml;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Namespace-aware DOM parsing of what cameras send, hardened the way OWASP's XXE cheat sheet says for the JDK's
 * parser: no DOCTYPE at all (which refuses external entities and entity expansion, "billion laughs", in one
 * rule), no XInclude, no external DTD or schema access, JAXP secure processing on. Size is bounded by the caller
 * before parsing ({@link #parse(byte[], int)}) and depth after. Lookups are by namespace URI and local name,
 * never by prefix: vendors pick their own prefixes ({@code tt:}, {@code onvif:}, {@code ns2:}).
 */
public final class SafeXml {
    /** Deepest element nesting accepted; real ONVIF responses stay under 20. */
    public static final int MAX_DEPTH = 64;

    private SafeXml() {
    }

    /** Parses {@code bytes} (at most {@code maxBytes}) into a namespace-aware document. */
    public static Document parse(byte[] bytes, int maxBytes) {
        if (bytes.length > maxBytes) {
            throw new OnvifXmlException("XML document of " + bytes.length + " bytes exceeds the limit of "
                    + maxBytes);
        }
        try {
            DocumentBuilder builder = factory().newDocumentBuilder();
            builder.setErrorHandler(new Strict());
            builder.setEntityResolver((publicId, systemId) -> {
                throw new SAXException("external entity refused: " + systemId);
            });
            Document doc = builder.parse(new ByteArrayInputStream(bytes));
            checkDepth(doc.getDocumentElement());
            return doc;
        } catch (SAXException e) {
            throw new OnvifXmlException("malformed or refused XML: " + e.getMessage(), e);
        } catch (IOException | ParserConfigurationException e) {
            throw new OnvifXmlException("cannot parse XML: " + e.getMessage(), e);
        }
    }

    /** An empty namespace-aware document, to build a request in (nothing is parsed, so no hardening applies). */
    public static Document newDocument() {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            return f.newDocumentBuilder().newDocument();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's DOM cannot build a document", e);
        }
    }

    /** {@code doc} as UTF-8 bytes, without indentation; {@code what} names it if the JDK's serializer fails. */
    public static byte[] serialize(Document doc, String what) {
        try {
            TransformerFactory tf = TransformerFactory.newInstance();
            tf.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            Transformer t = tf.newTransformer();
            t.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            t.setOutputProperty(OutputKeys.INDENT, "no");
            ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
            t.transform(new DOMSource(doc), new StreamResult(out));
            return out.toByteArray();
        } catch (TransformerException e) {
            throw new IllegalStateException("the JDK's XML serializer failed on " + what, e);
        }
    }

    private static DocumentBuilderFactory factory() throws ParserConfigurationException {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        f.setFeature("http://xml.org/sax/features/external-general-entities", false);
        f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        f.setXIncludeAware(false);
        f.setExpandEntityReferences(false);
        return f;
    }

    private static void checkDepth(Element root) {
        // Iterative walk: a hostile document must not overflow our stack either.
        List<Node> level = List.of(root);
        int depth = 0;
        while (!level.isEmpty()) {
            if (++depth > MAX_DEPTH) {
                throw new OnvifXmlException("XML nested deeper than " + MAX_DEPTH + " elements");
            }
            List<Node> next = new ArrayList<>();
            for (Node node : level) {
                for (Node c = node.getFirstChild(); c != null; c = c.getNextSibling()) {
                    if (c.getNodeType() == Node.ELEMENT_NODE) {
                        next.add(c);
                    }
                }
            }
            level = next;
        }
    }

    /** The first child element of {@code parent} with this namespace and local name. */
    public static Optional<Element> child(Element parent, String namespace, String localName) {
        for (Node c = parent.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c instanceof Element e && localName.equals(e.getLocalName())
                    && namespace.equals(e.getNamespaceURI())) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    /** All child elements of {@code parent} with this namespace and local name, in document order. */
    public static List<Element> children(Element parent, String namespace, String localName) {
        List<Element> out = new ArrayList<>();
        for (Node c = parent.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c instanceof Element e && localName.equals(e.getLocalName())
                    && namespace.equals(e.getNamespaceURI())) {
                out.add(e);
            }
        }
        return out;
    }

    /** The trimmed text of the first child element with this name, if present. */
    public static Optional<String> childText(Element parent, String namespace, String localName) {
        return child(parent, namespace, localName).map(e -> e.getTextContent().strip());
    }

    /** Fails on warnings and errors alike: a camera's document is either well-formed or refused. */
    private static final class Strict implements ErrorHandler {
        @Override
        public void warning(SAXParseException e) throws SAXException {
            throw e;
        }

        @Override
        public void error(SAXParseException e) throws SAXException {
            throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw e;
        }
    }
}
