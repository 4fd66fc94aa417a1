package org.nvr.onvif.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

class SafeXmlTest {
    private static final String TDS = "http://www.onvif.org/ver10/device/wsdl";

    private static Document parse(String xml) {
        return SafeXml.parse(xml.getBytes(StandardCharsets.UTF_8), 64 * 1024);
    }

    @Test
    void findsElementsByNamespaceWhateverThePrefix() {
        for (String prefix : new String[] {"tds", "ns2", "onvif"}) {
            Document doc = parse("<" + prefix + ":GetDeviceInformationResponse xmlns:" + prefix + "=\"" + TDS + "\">"
                    + "<" + prefix + ":Model> M-1 </" + prefix + ":Model></" + prefix
                    + ":GetDeviceInformationResponse>");
            assertThat(SafeXml.childText(doc.getDocumentElement(), TDS, "Model")).hasValue("M-1");
        }
        Document other = parse("<a:R xmlns:a=\"urn:other\"><a:Model>x</a:Model></a:R>");
        assertThat(SafeXml.childText(other.getDocumentElement(), TDS, "Model")).isEmpty();
    }

    @Test
    void refusesExternalEntities(@TempDir Path dir) throws Exception {
        Path secret = dir.resolve("secret.txt");
        Files.writeString(secret, "TOP-SECRET");
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"" + secret.toUri() + "\">]>"
                + "<r>&x;</r>";
        assertThatThrownBy(() -> parse(xxe)).isInstanceOf(OnvifXmlException.class)
                .hasMessageContaining("DOCTYPE").hasMessageNotContaining("TOP-SECRET");
    }

    @Test
    void refusesEntityExpansion() {
        // "Billion laughs": each entity expands to ten of the previous one.
        StringBuilder dtd = new StringBuilder("<!DOCTYPE r [<!ENTITY l0 \"lol\">");
        for (int i = 1; i < 10; i++) {
            dtd.append("<!ENTITY l").append(i).append(" \"").append(("&l" + (i - 1) + ";").repeat(10)).append("\">");
        }
        dtd.append("]>");
        assertThatThrownBy(() -> parse(dtd + "<r>&l9;</r>")).isInstanceOf(OnvifXmlException.class);
    }

    @Test
    void refusesOversizedDeepAndMalformedDocuments() {
        byte[] big = ("<r>" + "x".repeat(70_000) + "</r>").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> SafeXml.parse(big, 64 * 1024)).isInstanceOf(OnvifXmlException.class)
                .hasMessageContaining("exceeds the limit");
        String deep = "<a>".repeat(SafeXml.MAX_DEPTH + 1) + "</a>".repeat(SafeXml.MAX_DEPTH + 1);
        assertThatThrownBy(() -> parse(deep)).isInstanceOf(OnvifXmlException.class).hasMessageContaining("deeper");
        assertThat(parse("<a>".repeat(SafeXml.MAX_DEPTH) + "</a>".repeat(SafeXml.MAX_DEPTH))).isNotNull();
        assertThatThrownBy(() -> parse("<r><unclosed></r>")).isInstanceOf(OnvifXmlException.class)
                .hasMessageContaining("malformed");
        assertThatThrownBy(() -> parse("")).isInstanceOf(OnvifXmlException.class);
    }
}
