package org.nvr.onvif.soap;

import java.net.URI;
import java.util.List;
import javax.xml.namespace.QName;

/**
 * A SOAP 1.2 Fault (SOAP 1.2 Part 1 §5.4): the code ({@code env:Sender}, {@code env:Receiver}, ...), the subcode
 * chain with prefixes resolved to namespaces (the ONVIF Core Specification's SOAP fault handling puts {@code ter:}
 * codes in {@value Namespaces#ONVIF_ERROR}) and the first reason text.
 */
public final class OnvifFaultException extends OnvifException {
    private final QName code;
    private final List<QName> subcodes;
    private final String reason;

    public OnvifFaultException(URI endpoint, QName code, List<QName> subcodes, String reason) {
        super(endpoint, describe(code, subcodes, reason), null);
        this.code = code;
        this.subcodes = List.copyOf(subcodes);
        this.reason = reason;
    }

    /** "SOAP Fault Sender / NotAuthorized: reason", without the endpoint. */
    static String describe(QName code, List<QName> subcodes, String reason) {
        StringBuilder sb = new StringBuilder("SOAP Fault ").append(code.getLocalPart());
        for (QName q : subcodes) {
            sb.append(" / ").append(q.getLocalPart());
        }
        return sb.append(": ").append(reason).toString();
    }

    /** The top-level fault code, e.g. {@code {http://www.w3.org/2003/05/soap-envelope}Sender}. */
    public QName code() {
        return code;
    }

    /** Subcodes from outermost to innermost. */
    public List<QName> subcodes() {
        return subcodes;
    }

    /** The first {@code Reason/Text}, or empty. */
    public String reason() {
        return reason;
    }

    /** Whether the chain contains the ONVIF error code {@code ter:<localName>} (e.g. "ActionNotSupported"). */
    public boolean hasOnvifSubcode(String localName) {
        return subcodes.contains(new QName(Namespaces.ONVIF_ERROR, localName));
    }
}
