package org.nvr.onvif.xml.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.nvr.onvif.xml.OnvifXmlException;
import org.nvr.onvif.xml.SafeXml;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * {@link SafeXml#parse} (every ONVIF response and WS-Discovery datagram goes through it) on arbitrary bytes.
 * Contract: {@link OnvifXmlException} is the only failure (malformed XML, a DOCTYPE, an entity, too large, too
 * deep); a parsed document has a root element and nests at most {@link SafeXml#MAX_DEPTH} elements deep.
 *
 * <p>Seeds in {@code SafeXmlFuzzTestInputs/}: responses shaped like Axis, Dahua and Hikvision cameras' (the
 * module's {@code fixtures/}), SOAP faults, a ProbeMatch, and hostile documents (billion laughs, an external
 * entity, deep nesting).
 */
class SafeXmlFuzzTest {
    private static final int MAX_BYTES = 64 * 1024;

    @FuzzTest(maxDuration = "30s")
    void xml(byte[] input) {
        Document doc;
        try {
            doc = SafeXml.parse(input, MAX_BYTES);
        } catch (OnvifXmlException expected) {
            return;
        }
        assertThat(input.length).isLessThanOrEqualTo(MAX_BYTES);
        Element root = doc.getDocumentElement();
        assertThat(root).isNotNull();
        assertThat(depth(root)).isLessThanOrEqualTo(SafeXml.MAX_DEPTH);
    }

    private static int depth(Node node) {
        int deepest = 0;
        for (Node c = node.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c.getNodeType() == Node.ELEMENT_NODE) {
                deepest = Math.max(deepest, depth(c));
            }
        }
        return deepest + 1;
    }
}
