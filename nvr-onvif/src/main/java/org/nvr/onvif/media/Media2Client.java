package org.nvr.onvif.media;

import static org.nvr.onvif.soap.Namespaces.MEDIA2;
import static org.nvr.onvif.soap.Namespaces.SCHEMA;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.nvr.onvif.soap.OnvifFaultException;
import org.nvr.onvif.soap.OnvifProtocolException;
import org.nvr.onvif.soap.ResponseReader;
import org.nvr.onvif.soap.SoapClient;
import org.nvr.onvif.soap.XmlNode;
import org.nvr.onvif.xml.SafeXml;
import org.w3c.dom.Element;

/** The ONVIF Media2 service (Media2 Service Specification; WSDL ver20/media/wsdl), needed for H.265. */
public final class Media2Client implements MediaClient {
    private static final System.Logger LOG = System.getLogger(Media2Client.class.getName());
    // tt:VideoEncoder2Configuration sequence after RateControl (onvif.xsd).
    private static final List<String> AFTER_RATE_CONTROL = List.of("Multicast", "Quality");

    private final SoapClient soap;
    private final URI endpoint;
    private final ResponseReader read;

    public Media2Client(SoapClient soap, URI endpoint) {
        this.soap = Objects.requireNonNull(soap, "soap");
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.read = new ResponseReader(endpoint);
    }

    @Override
    public URI endpoint() {
        return endpoint;
    }

    private Element call(String operation, Element body) {
        return read.expect(soap.call(endpoint, MEDIA2 + "/" + operation, body), MEDIA2, operation + "Response");
    }

    private Element call(String operation, XmlNode body) {
        return call(operation, body.toDom());
    }

    @Override
    public List<MediaProfile> profiles() {
        // Media2 Service Specification, GetProfiles: without Type the device returns no configurations; All asks for
        // every configuration of each profile.
        Element r = call("GetProfiles", XmlNode.of(MEDIA2, "GetProfiles", XmlNode.text(MEDIA2, "Type", "All")));
        List<MediaProfile> out = new ArrayList<>();
        for (Element p : SafeXml.children(r, MEDIA2, "Profiles")) {
            Optional<Element> configs = SafeXml.child(p, MEDIA2, "Configurations");
            Optional<String> source = configs.flatMap(c -> SafeXml.child(c, MEDIA2, "VideoSource"))
                    .flatMap(v -> read.optText(v, SCHEMA, "SourceToken"));
            Optional<VideoEncoderConfig> enc = configs.flatMap(c -> SafeXml.child(c, MEDIA2, "VideoEncoder"))
                    .map(this::encoder);
            out.add(new MediaProfile(read.requiredAttribute(p, "token"), read.text(p, MEDIA2, "Name"), source, enc));
        }
        return out;
    }

    @Override
    public URI streamUri(String profileToken, StreamTransport transport) {
        EncoderChecks.token("profileToken", profileToken);
        // Media2 Service Specification, GetStreamUri / tt:TransportProtocol: RtspUnicast = RTP/UDP unicast set up by
        // RTSP, RTSP = RTP interleaved over the RTSP TCP connection.
        String protocol = transport == StreamTransport.RTSP_TCP ? "RTSP" : "RtspUnicast";
        Element r = call("GetStreamUri", XmlNode.of(MEDIA2, "GetStreamUri", XmlNode.text(MEDIA2, "Protocol", protocol),
                XmlNode.text(MEDIA2, "ProfileToken", profileToken)));
        return read.uri(r, MEDIA2, "Uri");
    }

    @Override
    public URI snapshotUri(String profileToken) {
        EncoderChecks.token("profileToken", profileToken);
        Element r = call("GetSnapshotUri", XmlNode.of(MEDIA2, "GetSnapshotUri",
                XmlNode.text(MEDIA2, "ProfileToken", profileToken)));
        return read.uri(r, MEDIA2, "Uri");
    }

    @Override
    public List<VideoEncoderConfig> videoEncoderConfigurations() {
        List<VideoEncoderConfig> out = new ArrayList<>();
        for (Element c : rawConfigurations(Optional.empty())) {
            out.add(encoder(c));
        }
        return out;
    }

    @Override
    public VideoEncoderConfig videoEncoderConfiguration(String configurationToken) {
        return encoder(rawConfiguration(configurationToken));
    }

    private List<Element> rawConfigurations(Optional<String> token) {
        XmlNode body = XmlNode.of(MEDIA2, "GetVideoEncoderConfigurations");
        if (token.isPresent()) {
            body = body.with(XmlNode.text(MEDIA2, "ConfigurationToken", token.get()));
        }
        return SafeXml.children(call("GetVideoEncoderConfigurations", body), MEDIA2, "Configurations");
    }

    // Media2 has no GetVideoEncoderConfiguration; GetVideoEncoderConfigurations takes a ConfigurationToken.
    private Element rawConfiguration(String configurationToken) {
        EncoderChecks.token("configurationToken", configurationToken);
        for (Element c : rawConfigurations(Optional.of(configurationToken))) {
            if (configurationToken.equals(c.getAttributeNS(null, "token"))) {
                return c;
            }
        }
        throw new OnvifProtocolException(endpoint, "no video encoder configuration with token "
                + configurationToken + " in the response");
    }

    private VideoEncoderConfig encoder(Element c) {
        Optional<Element> rc = SafeXml.child(c, SCHEMA, "RateControl");
        return new VideoEncoderConfig(read.requiredAttribute(c, "token"), read.text(c, SCHEMA, "Name"),
                VideoEncoding.fromWire(read.text(c, SCHEMA, "Encoding")),
                resolution(read.child(c, SCHEMA, "Resolution")),
                rc.flatMap(r -> read.optDecimal(r, SCHEMA, "FrameRateLimit")),
                rc.flatMap(r -> read.optInteger(r, SCHEMA, "BitrateLimit")),
                read.attribute(c, "GovLength").map(g -> read.parseInt("GovLength", g)),
                read.attribute(c, "Profile"));
    }

    private Resolution resolution(Element r) {
        try {
            return new Resolution(read.integer(r, SCHEMA, "Width"), read.integer(r, SCHEMA, "Height"));
        } catch (IllegalArgumentException e) {
            throw new OnvifProtocolException(endpoint, e.getMessage(), e);
        }
    }

    @Override
    public List<EncodingOptions> videoEncoderOptions(String configurationToken) {
        EncoderChecks.token("configurationToken", configurationToken);
        Element r = call("GetVideoEncoderConfigurationOptions", XmlNode.of(MEDIA2,
                "GetVideoEncoderConfigurationOptions", XmlNode.text(MEDIA2, "ConfigurationToken",
                        configurationToken)));
        List<EncodingOptions> out = new ArrayList<>();
        for (Element o : SafeXml.children(r, MEDIA2, "Options")) {
            List<Resolution> res = new ArrayList<>();
            for (Element ra : SafeXml.children(o, SCHEMA, "ResolutionsAvailable")) {
                res.add(resolution(ra));
            }
            Optional<IntRange> bitrate = SafeXml.child(o, SCHEMA, "BitrateRange").map(b -> range("BitrateRange",
                    read.integer(b, SCHEMA, "Min"), read.integer(b, SCHEMA, "Max")));
            // GovLengthRange and FrameRatesSupported are xs:list attributes ("1 250", "30 25 15 12.5").
            Optional<IntRange> gov = read.attribute(o, "GovLengthRange").map(this::govRange);
            List<Double> rates = new ArrayList<>();
            read.attribute(o, "FrameRatesSupported").ifPresent(list -> {
                for (String f : list.split("\\s+")) {
                    if (rates.size() < 256) {
                        rates.add(read.parseDecimal("FrameRatesSupported", f));
                    }
                }
            });
            out.add(new EncodingOptions(VideoEncoding.fromWire(read.text(o, SCHEMA, "Encoding")), res,
                    Optional.empty(), rates, bitrate, gov));
        }
        return out;
    }

    private IntRange govRange(String list) {
        String[] parts = list.strip().split("\\s+");
        if (parts.length != 2) {
            throw new OnvifProtocolException(endpoint, "GovLengthRange is not 'min max': " + list);
        }
        return range("GovLengthRange", read.parseInt("GovLengthRange", parts[0]),
                read.parseInt("GovLengthRange", parts[1]));
    }

    private IntRange range(String name, int min, int max) {
        try {
            return new IntRange(min, max);
        } catch (IllegalArgumentException e) {
            throw new OnvifProtocolException(endpoint, name + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void setVideoEncoderConfiguration(String configurationToken, VideoEncoderChange change) {
        EncoderChecks.token("configurationToken", configurationToken);
        Objects.requireNonNull(change, "change");
        Element current = rawConfiguration(configurationToken);
        VideoEncoding target = change.encoding().orElse(encoder(current).encoding());
        try {
            EncoderChecks.against(videoEncoderOptions(configurationToken), target, change);
        } catch (OnvifFaultException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> endpoint + ": no encoder options (" + e.getMessage()
                    + "); relying on the camera's own checks");
        }
        Element config = DomEdit.copyAs(current, MEDIA2, "Configuration");
        change.encoding().ifPresent(e -> DomEdit.setText(read.child(config, SCHEMA, "Encoding"), e.name()));
        change.resolution().ifPresent(r -> {
            Element res = read.child(config, SCHEMA, "Resolution");
            DomEdit.setText(read.child(res, SCHEMA, "Width"), Integer.toString(r.width()));
            DomEdit.setText(read.child(res, SCHEMA, "Height"), Integer.toString(r.height()));
        });
        if (change.frameRateLimitFps().isPresent() || change.bitrateLimitKbps().isPresent()) {
            Element rc = DomEdit.ensureChild(config, SCHEMA, "RateControl", AFTER_RATE_CONTROL);
            Element fps = DomEdit.ensureChild(rc, SCHEMA, "FrameRateLimit", List.of("BitrateLimit"));
            Element bitrate = DomEdit.ensureChild(rc, SCHEMA, "BitrateLimit", List.of());
            change.frameRateLimitFps().ifPresent(f -> DomEdit.setText(fps, DomEdit.number(f)));
            change.bitrateLimitKbps().ifPresent(b -> DomEdit.setText(bitrate, Integer.toString(b)));
            if (fps.getTextContent().isBlank() || bitrate.getTextContent().isBlank()) {
                throw new IllegalArgumentException("'frameRateLimitFps' and 'bitrateLimitKbps' are both required:"
                        + " the camera's configuration has no RateControl to keep");
            }
        }
        change.govLength().ifPresent(g -> config.setAttributeNS(null, "GovLength", Integer.toString(g)));
        Element request = DomEdit.newRoot(MEDIA2, "SetVideoEncoderConfiguration");
        // Media2 Service Specification, SetVideoEncoderConfiguration: configuration changes are persistent; there is
        // no ForcePersistence.
        request.appendChild(request.getOwnerDocument().importNode(config, true));
        call("SetVideoEncoderConfiguration", request);
    }
}
