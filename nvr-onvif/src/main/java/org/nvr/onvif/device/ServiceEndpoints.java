package org.nvr.onvif.device;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.nvr.onvif.soap.Namespaces;

/**
 * Service namespace → XAddr, from GetServices (ONVIF Core Specification, Device management) or, on old cameras,
 * GetCapabilities (ONVIF Core, Device management).
 *
 * @param byNamespace the service addresses keyed by WSDL namespace
 */
public record ServiceEndpoints(Map<String, URI> byNamespace) {
    public ServiceEndpoints {
        byNamespace = Map.copyOf(byNamespace);
    }

    /** The address of the service with this namespace. */
    public Optional<URI> find(String namespace) {
        return Optional.ofNullable(byNamespace.get(namespace));
    }

    /** Media2 (Media2 Service Specification), preferred when present. */
    public Optional<URI> media2() {
        return find(Namespaces.MEDIA2);
    }

    /** Media1 (Media Service Specification). */
    public Optional<URI> media1() {
        return find(Namespaces.MEDIA1);
    }
}
