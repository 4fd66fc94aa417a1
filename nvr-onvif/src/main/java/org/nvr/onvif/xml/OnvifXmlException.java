package org.nvr.onvif.xml;

/** A document a camera sent that we refuse to read: not XML, too large, too deep, or with a DTD or entities. */
public final class OnvifXmlException extends RuntimeException {
    public OnvifXmlException(String message) {
        super(message);
    }

    public OnvifXmlException(String message, Throwable cause) {
        super(message, cause);
    }
}
