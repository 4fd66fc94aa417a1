package org.nvr.onvif.media;

import static org.nvr.onvif.soap.Namespaces.MEDIA1;
import static org.nvr.onvif.soap.Namespaces.SCHEMA;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.nvr.onvif.soap.OnvifFaultException;
import org.nvr.onvif.soap.ResponseReader;
import org.nvr.onvif.soap.SoapClient;
import org.nvr.onvif.soap.XmlNode;
import org.nvr.onvif.xml.SafeXml;
import org.w3c.dom.Element;

/** The ONVIF Media service, version 1 (Media Service Specification; WSDL ver10/media/wsdl). */
public final class Media1Client implements MediaClient {
    private static final System.Logger LOG = System.getLogger(Media1Client.class.getName());
    // tt:VideoEncoderConfiguration sequence after RateControl and after H264 (onvif.xsd).
    private static final List<String> AFTER_RATE_CONTROL = List.of("MPEG4", "H264", "Multicast", "SessionTimeout");
    private static final List<String> AFTER_H264 = List.of("Multicast", "SessionTimeout");

    private final SoapClient soap;
    private final URI endpoint;
    private final ResponseReader read;

    public Media1Client(SoapClient soap, URI endpoint) {
        this.soap = Objects.requireNonNull(soap, "soap");
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.read = new ResponseReader(endpoint);
    }

    @Override
    public URI endpoint() {
        return endpoint;
    }

    private Element call(String operation, XmlNode body) {
        return call(operation, body.toDom());
    }

    private Element call(String operation, Element body) {
        return read.expect(soap.call(endpoint, MEDIA1 + "/" + operation, body), MEDIA1, operation + "Response");
    }

    @Override
    public List<MediaProfile> profiles() {
        Element r = call("GetProfiles", XmlNode.of(MEDIA1, "GetProfiles"));
        List<MediaProfile> out = new ArrayList<>();
        for (Element p : SafeXml.children(r, MEDIA1, "Profiles")) {
            Optional<String> source = SafeXml.child(p, SCHEMA, "VideoSourceConfiguration")
                    .flatMap(v -> read.optText(v, SCHEMA, "SourceToken"));
            Optional<VideoEncoderConfig> enc = SafeXml.child(p, SCHEMA, "VideoEncoderConfiguration")
                    .map(this::encoder);
            out.add(new MediaProfile(read.requiredAttribute(p, "token"), read.text(p, SCHEMA, "Name"), source, enc));
        }
        return out;
    }

    @Override
    public URI streamUri(String profileToken, StreamTransport transport) {
        EncoderChecks.token("profileToken", profileToken);
        // Media Service Specification, GetStreamUri / onvif.xsd tt:TransportProtocol: RTSP = RTP interleaved over the
        // RTSP TCP connection, UDP = RTP over UDP set up by RTSP.
        String protocol = transport == StreamTransport.RTSP_TCP ? "RTSP" : "UDP";
        Element r = call("GetStreamUri", XmlNode.of(MEDIA1, "GetStreamUri",
                XmlNode.of(MEDIA1, "StreamSetup", XmlNode.text(SCHEMA, "Stream", "RTP-Unicast"),
                        XmlNode.of(SCHEMA, "Transport", XmlNode.text(SCHEMA, "Protocol", protocol))),
                XmlNode.text(MEDIA1, "ProfileToken", profileToken)));
        return read.uri(read.child(r, MEDIA1, "MediaUri"), SCHEMA, "Uri");
    }

    @Override
    public URI snapshotUri(String profileToken) {
        EncoderChecks.token("profileToken", profileToken);
        Element r = call("GetSnapshotUri", XmlNode.of(MEDIA1, "GetSnapshotUri",
                XmlNode.text(MEDIA1, "ProfileToken", profileToken)));
        return read.uri(read.child(r, MEDIA1, "MediaUri"), SCHEMA, "Uri");
    }

    @Override
    public List<VideoEncoderConfig> videoEncoderConfigurations() {
        Element r = call("GetVideoEncoderConfigurations", XmlNode.of(MEDIA1, "GetVideoEncoderConfigurations"));
        List<VideoEncoderConfig> out = new ArrayList<>();
        for (Element c : SafeXml.children(r, MEDIA1, "Configurations")) {
            out.add(encoder(c));
        }
        return out;
    }

    @Override
    public VideoEncoderConfig videoEncoderConfiguration(String configurationToken) {
        return encoder(rawConfiguration(configurationToken));
    }

    private Element rawConfiguration(String configurationToken) {
        EncoderChecks.token("configurationToken", configurationToken);
        Element r = call("GetVideoEncoderConfiguration", XmlNode.of(MEDIA1, "GetVideoEncoderConfiguration",
                XmlNode.text(MEDIA1, "ConfigurationToken", configurationToken)));
        return read.child(r, MEDIA1, "Configuration");
    }

    private VideoEncoderConfig encoder(Element c) {
        Optional<Element> rc = SafeXml.child(c, SCHEMA, "RateControl");
        Optional<Element> h264 = SafeXml.child(c, SCHEMA, "H264");
        return new VideoEncoderConfig(read.requiredAttribute(c, "token"), read.text(c, SCHEMA, "Name"),
                VideoEncoding.fromWire(read.text(c, SCHEMA, "Encoding")), resolution(read.child(c, SCHEMA,
                        "Resolution")),
                rc.flatMap(r -> read.optDecimal(r, SCHEMA, "FrameRateLimit")),
                rc.flatMap(r -> read.optInteger(r, SCHEMA, "BitrateLimit")),
                h264.flatMap(h -> read.optInteger(h, SCHEMA, "GovLength")),
                h264.flatMap(h -> read.optText(h, SCHEMA, "H264Profile")));
    }

    private Resolution resolution(Element r) {
        try {
            return new Resolution(read.integer(r, SCHEMA, "Width"), read.integer(r, SCHEMA, "Height"));
        } catch (IllegalArgumentException e) {
            throw new org.nvr.onvif.soap.OnvifProtocolException(endpoint, e.getMessage(), e);
        }
    }

    @Override
    public List<EncodingOptions> videoEncoderOptions(String configurationToken) {
        EncoderChecks.token("configurationToken", configurationToken);
        Element r = call("GetVideoEncoderConfigurationOptions", XmlNode.of(MEDIA1,
                "GetVideoEncoderConfigurationOptions", XmlNode.text(MEDIA1, "ConfigurationToken",
                        configurationToken)));
        Element o = read.child(r, MEDIA1, "Options");
        List<EncodingOptions> out = new ArrayList<>();
        Optional<Element> ext = SafeXml.child(o, SCHEMA, "Extension");
        SafeXml.child(o, SCHEMA, "H264").ifPresent(h -> {
            // Media Service Spec: BitrateRange sits in Options/Extension/H264 (added in ONVIF 2.0).
            Optional<IntRange> bitrate = ext.flatMap(e -> SafeXml.child(e, SCHEMA, "H264"))
                    .flatMap(eh -> range(eh, "BitrateRange"));
            out.add(new EncodingOptions(VideoEncoding.H264, resolutions(h), range(h, "FrameRateRange"), List.of(),
                    bitrate, range(h, "GovLengthRange")));
        });
        SafeXml.child(o, SCHEMA, "JPEG").ifPresent(j -> out.add(new EncodingOptions(VideoEncoding.JPEG,
                resolutions(j), range(j, "FrameRateRange"), List.of(), Optional.empty(), Optional.empty())));
        return out;
    }

    private List<Resolution> resolutions(Element options) {
        List<Resolution> out = new ArrayList<>();
        for (Element r : SafeXml.children(options, SCHEMA, "ResolutionsAvailable")) {
            out.add(resolution(r));
        }
        return out;
    }

    private Optional<IntRange> range(Element parent, String name) {
        return SafeXml.child(parent, SCHEMA, name).map(r -> {
            try {
                return new IntRange(read.integer(r, SCHEMA, "Min"), read.integer(r, SCHEMA, "Max"));
            } catch (IllegalArgumentException e) {
                throw new org.nvr.onvif.soap.OnvifProtocolException(endpoint, name + ": " + e.getMessage(), e);
            }
        });
    }

    @Override
    public void setVideoEncoderConfiguration(String configurationToken, VideoEncoderChange change) {
        EncoderChecks.token("configurationToken", configurationToken);
        Objects.requireNonNull(change, "change");
        if (change.encoding().filter(e -> e != VideoEncoding.H264).isPresent()) {
            throw new IllegalArgumentException("'encoding' " + change.encoding().get()
                    + " cannot be set through Media1 (its tt:VideoEncoding has JPEG, MPEG4, H264); use Media2");
        }
        Element current = rawConfiguration(configurationToken);
        VideoEncoding target = change.encoding().orElse(encoder(current).encoding());
        try {
            EncoderChecks.against(videoEncoderOptions(configurationToken), target, change);
        } catch (OnvifFaultException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> endpoint + ": no encoder options (" + e.getMessage()
                    + "); relying on the camera's own checks");
        }
        Element config = DomEdit.copyAs(current, MEDIA1, "Configuration");
        change.encoding().ifPresent(e -> DomEdit.setText(read.child(config, SCHEMA, "Encoding"), e.name()));
        change.resolution().ifPresent(r -> {
            Element res = read.child(config, SCHEMA, "Resolution");
            DomEdit.setText(read.child(res, SCHEMA, "Width"), Integer.toString(r.width()));
            DomEdit.setText(read.child(res, SCHEMA, "Height"), Integer.toString(r.height()));
        });
        if (change.frameRateLimitFps().isPresent() || change.bitrateLimitKbps().isPresent()) {
            Element rc = DomEdit.ensureChild(config, SCHEMA, "RateControl", AFTER_RATE_CONTROL);
            // tt:VideoRateControl requires all three, in this order; fill what the camera did not give.
            Element fps = DomEdit.ensureChild(rc, SCHEMA, "FrameRateLimit", List.of("EncodingInterval",
                    "BitrateLimit"));
            Element interval = DomEdit.ensureChild(rc, SCHEMA, "EncodingInterval", List.of("BitrateLimit"));
            Element bitrate = DomEdit.ensureChild(rc, SCHEMA, "BitrateLimit", List.of());
            change.frameRateLimitFps().ifPresent(f -> DomEdit.setText(fps, Integer.toString((int) Math.round(f))));
            change.bitrateLimitKbps().ifPresent(b -> DomEdit.setText(bitrate, Integer.toString(b)));
            requireFilled(fps, "frameRateLimitFps");
            requireFilled(bitrate, "bitrateLimitKbps");
            if (interval.getTextContent().isBlank()) {
                DomEdit.setText(interval, "1");
            }
        }
        if (change.govLength().isPresent()) {
            Element h264 = DomEdit.ensureChild(config, SCHEMA, "H264", AFTER_H264);
            Element gov = DomEdit.ensureChild(h264, SCHEMA, "GovLength", List.of("H264Profile"));
            DomEdit.setText(gov, Integer.toString(change.govLength().get()));
            Element profile = DomEdit.ensureChild(h264, SCHEMA, "H264Profile", List.of());
            if (profile.getTextContent().isBlank()) {
                DomEdit.setText(profile, "Main");
            }
        }
        Element request = DomEdit.newRoot(MEDIA1, "SetVideoEncoderConfiguration");
        request.appendChild(request.getOwnerDocument().importNode(config, true));
        Element force = request.getOwnerDocument().createElementNS(MEDIA1, "ForcePersistence");
        force.setTextContent("true"); // Media Service Spec: persist across reboots
        request.appendChild(force);
        call("SetVideoEncoderConfiguration", request);
    }

    private static void requireFilled(Element e, String field) {
        if (e.getTextContent().isBlank()) {
            throw new IllegalArgumentException("'" + field + "' is required: the camera's configuration has no "
                    + e.getLocalName() + " to keep");
        }
    }
}
