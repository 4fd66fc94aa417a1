package org.nvr.onvif.ptz;

import static org.nvr.onvif.soap.Namespaces.PTZ;
import static org.nvr.onvif.soap.Namespaces.SCHEMA;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.nvr.onvif.device.ServiceEndpoints;
import org.nvr.onvif.soap.Namespaces;
import org.nvr.onvif.soap.OnvifFaultException;
import org.nvr.onvif.soap.OnvifProtocolException;
import org.nvr.onvif.soap.OnvifUnsupportedException;
import org.nvr.onvif.soap.ResponseReader;
import org.nvr.onvif.soap.SoapClient;
import org.nvr.onvif.soap.XmlNode;
import org.nvr.onvif.xml.SafeXml;
import org.w3c.dom.Element;

/**
 * The ONVIF PTZ service (PTZ Service Specification, WSDL {@value Namespaces#PTZ}).
 *
 * <p>Before a move, preset or home operation the client consults the camera's {@link PtzCapabilities}, loaded
 * once (GetConfigurations, then GetNodes for the node of the first configuration) on first use, and refuses with
 * {@link OnvifUnsupportedException} naming the operation what the node cannot do, and with {@link
 * IllegalArgumentException} naming the field values outside the node's space ranges: neither sends a request.
 * A {@code ter:ActionNotSupported} answer also becomes {@link OnvifUnsupportedException}. Multi-node cameras are
 * driven through the first configuration's node. Thread-safe.
 */
public final class PtzClient {
    private static final System.Logger LOG = System.getLogger(PtzClient.class.getName());
    /** Most presets kept from one GetPresets; cameras offer up to 256 (some 300). */
    public static final int MAX_PRESETS = 1024;
    /** Most configurations or nodes read from one response. */
    static final int MAX_NODES = 64;
    /** Longest ContinuousMove timeout we send: a lost Stop must not leave a camera turning for long. */
    public static final Duration MAX_MOVE_TIMEOUT = Duration.ofMinutes(5);

    private final SoapClient soap;
    private final URI endpoint;
    private final boolean serviceAdvertised;
    private final ResponseReader read;
    private final Object lock = new Object();
    private PtzCapabilities capabilities;
    private List<PtzConfiguration> configurations;

    /** A client for the PTZ service at {@code endpoint} (from {@link ServiceEndpoints#find} with PTZ). */
    public PtzClient(SoapClient soap, URI endpoint) {
        this(soap, endpoint, true);
    }

    private PtzClient(SoapClient soap, URI endpoint, boolean serviceAdvertised) {
        this.soap = Objects.requireNonNull(soap, "soap");
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.serviceAdvertised = serviceAdvertised;
        this.read = new ResponseReader(endpoint);
    }

    /**
     * The PTZ client for a device: on the advertised PTZ service, or, when the device lists none (a fixed
     * camera), a client whose capabilities are {@link PtzCapabilities#none()} and which refuses every operation
     * without sending anything; errors then name {@code deviceEndpoint}.
     */
    public static PtzClient forDevice(SoapClient soap, ServiceEndpoints services, URI deviceEndpoint) {
        Optional<URI> ptz = services.find(PTZ);
        return ptz.map(u -> new PtzClient(soap, u, true)).orElseGet(() -> new PtzClient(soap, deviceEndpoint,
                false));
    }

    /** The service address (the device address for a camera without PTZ service). */
    public URI endpoint() {
        return endpoint;
    }

    private Element call(String operation, XmlNode body) {
        try {
            return read.expect(soap.call(endpoint, PTZ + "/" + operation, body), PTZ, operation + "Response");
        } catch (OnvifFaultException e) {
            if (e.hasOnvifSubcode("ActionNotSupported")) {
                throw new OnvifUnsupportedException(endpoint, "camera answered ActionNotSupported: " + operation
                        + " unsupported", e);
            }
            throw e;
        }
    }

    /** GetConfigurations (PTZ Service Specification), loaded once; empty for a camera without PTZ service. */
    public List<PtzConfiguration> configurations() {
        load();
        synchronized (lock) {
            return configurations;
        }
    }

    /** The capabilities of the node this client drives, loaded once. */
    public PtzCapabilities capabilities() {
        load();
        synchronized (lock) {
            return capabilities;
        }
    }

    private void load() {
        synchronized (lock) {
            if (capabilities != null) {
                return;
            }
            if (!serviceAdvertised) {
                configurations = List.of();
                capabilities = PtzCapabilities.none();
                return;
            }
            List<PtzConfiguration> configs = readConfigurations();
            List<Element> nodes = readNodes();
            Optional<Element> node = configs.isEmpty() ? Optional.empty() : nodes.stream()
                    .filter(n -> configs.get(0).nodeToken().equals(n.getAttributeNS(null, "token").strip()))
                    .findFirst().or(() -> nodes.stream().findFirst());
            configurations = configs;
            capabilities = node.map(this::capabilitiesOf).orElseGet(PtzCapabilities::none);
            LOG.log(System.Logger.Level.DEBUG, () -> endpoint + ": PTZ capabilities " + capabilities);
        }
    }

    private List<PtzConfiguration> readConfigurations() {
        Element r;
        try {
            r = call("GetConfigurations", XmlNode.of(PTZ, "GetConfigurations"));
        } catch (OnvifUnsupportedException e) {
            return List.of();
        }
        List<PtzConfiguration> out = new ArrayList<>();
        for (Element c : SafeXml.children(r, PTZ, "PTZConfiguration")) {
            if (out.size() == MAX_NODES) {
                break;
            }
            Optional<Duration> timeout = read.optText(c, SCHEMA, "DefaultPTZTimeout").map(t -> duration(
                    "DefaultPTZTimeout", t));
            try {
                out.add(new PtzConfiguration(read.requiredAttribute(c, "token"),
                        SafeXml.childText(c, SCHEMA, "Name").orElse(""), read.text(c, SCHEMA, "NodeToken"),
                        timeout));
            } catch (IllegalArgumentException e) {
                throw new OnvifProtocolException(endpoint, "PTZConfiguration: " + e.getMessage(), e);
            }
        }
        return List.copyOf(out);
    }

    private List<Element> readNodes() {
        try {
            List<Element> nodes = SafeXml.children(call("GetNodes", XmlNode.of(PTZ, "GetNodes")), PTZ, "PTZNode");
            return nodes.size() > MAX_NODES ? nodes.subList(0, MAX_NODES) : nodes;
        } catch (OnvifUnsupportedException e) {
            return List.of();
        }
    }

    private PtzCapabilities capabilitiesOf(Element node) {
        String token = read.requiredAttribute(node, "token");
        Optional<Element> spaces = SafeXml.child(node, SCHEMA, "SupportedPTZSpaces");
        int maxPresets = read.optInteger(node, SCHEMA, "MaximumNumberOfPresets").orElse(0);
        boolean home = read.optBoolean(node, SCHEMA, "HomeSupported").orElse(false);
        try {
            return new PtzCapabilities(token, space(spaces, "AbsolutePanTiltPositionSpace"),
                    space(spaces, "AbsoluteZoomPositionSpace"), space(spaces, "RelativePanTiltTranslationSpace"),
                    space(spaces, "RelativeZoomTranslationSpace"), space(spaces, "ContinuousPanTiltVelocitySpace"),
                    space(spaces, "ContinuousZoomVelocitySpace"), space(spaces, "PanTiltSpeedSpace"),
                    space(spaces, "ZoomSpeedSpace"), Math.max(0, maxPresets), home);
        } catch (IllegalArgumentException e) {
            throw new OnvifProtocolException(endpoint, "PTZNode " + token + ": " + e.getMessage(), e);
        }
    }

    private Optional<PtzSpace> space(Optional<Element> spaces, String kind) {
        return spaces.flatMap(s -> PtzXml.space(read, s, kind));
    }

    private Duration duration(String what, String text) {
        try {
            return Duration.parse(text);
        } catch (DateTimeParseException e) {
            throw new OnvifProtocolException(endpoint, what + " is not an xs:duration we read: " + text, e);
        }
    }

    private OnvifUnsupportedException unsupported(String what, String operation) {
        return new OnvifUnsupportedException(endpoint, "camera has no " + what + ": " + operation + " unsupported");
    }

    /**
     * ContinuousMove (PTZ Service Specification): moves at {@code velocity} until Stop, another move, or {@code
     * timeout} (at most {@link #MAX_MOVE_TIMEOUT}; absent: the configuration's DefaultPTZTimeout). An axis with
     * velocity 0 is left out of the request, so a zoom-only camera can zoom.
     */
    public void continuousMove(String profileToken, PtzVelocity velocity, Optional<Duration> timeout) {
        PtzChecks.token("profileToken", profileToken);
        Objects.requireNonNull(velocity, "velocity");
        Objects.requireNonNull(timeout, "timeout");
        timeout.ifPresent(t -> {
            if (t.isNegative() || t.isZero() || t.compareTo(MAX_MOVE_TIMEOUT) > 0) {
                throw new IllegalArgumentException("'timeout' must be in (0, " + MAX_MOVE_TIMEOUT + "]: " + t);
            }
        });
        PtzCapabilities caps = capabilities();
        List<XmlNode> v = new ArrayList<>();
        if (velocity.movesPanTilt()) {
            PtzSpace s = caps.continuousPanTilt().orElseThrow(() -> unsupported("continuous pan/tilt velocity space",
                    "ContinuousMove"));
            within(s, "pan", velocity.pan(), "tilt", velocity.tilt());
            v.add(PtzXml.vector2d(SCHEMA, "PanTilt", velocity.pan(), velocity.tilt(), s));
        }
        if (velocity.movesZoom()) {
            PtzSpace s = caps.continuousZoom().orElseThrow(() -> unsupported("continuous zoom velocity space",
                    "ContinuousMove"));
            within(s, "zoom", velocity.zoom());
            v.add(PtzXml.vector1d(SCHEMA, "Zoom", velocity.zoom(), s));
        }
        if (v.isEmpty()) {
            if (caps.continuousPanTilt().isEmpty() && caps.continuousZoom().isEmpty()) {
                throw unsupported("continuous velocity space", "ContinuousMove");
            }
            throw new IllegalArgumentException("'velocity' is zero on every axis; use stop()");
        }
        List<XmlNode> body = new ArrayList<>();
        body.add(XmlNode.text(PTZ, "ProfileToken", profileToken));
        body.add(XmlNode.of(PTZ, "Velocity", v));
        timeout.ifPresent(t -> body.add(XmlNode.text(PTZ, "Timeout", t.toString())));
        call("ContinuousMove", XmlNode.of(PTZ, "ContinuousMove", body));
    }

    /** Stop (PTZ Service Specification) of pan/tilt, zoom, or both. */
    public void stop(String profileToken, boolean panTilt, boolean zoom) {
        PtzChecks.token("profileToken", profileToken);
        if (!panTilt && !zoom) {
            throw new IllegalArgumentException("'panTilt' and 'zoom' are both false: nothing to stop");
        }
        if (!capabilities().canMove()) {
            throw unsupported("PTZ node", "Stop");
        }
        call("Stop", XmlNode.of(PTZ, "Stop", XmlNode.text(PTZ, "ProfileToken", profileToken),
                XmlNode.text(PTZ, "PanTilt", Boolean.toString(panTilt)),
                XmlNode.text(PTZ, "Zoom", Boolean.toString(zoom))));
    }

    /** AbsoluteMove (PTZ Service Specification) to {@code position} in the node's absolute spaces. */
    public void absoluteMove(String profileToken, PtzPosition position, Optional<PtzSpeed> speed) {
        PtzChecks.token("profileToken", profileToken);
        Objects.requireNonNull(position, "position");
        PtzCapabilities caps = capabilities();
        XmlNode vector = vector("Position", position, caps.absolutePanTilt(), caps.absoluteZoom(),
                "absolute pan/tilt position space", "absolute zoom position space", "AbsoluteMove");
        call("AbsoluteMove", withSpeed(XmlNode.of(PTZ, "AbsoluteMove", XmlNode.text(PTZ, "ProfileToken",
                profileToken), vector), speed, caps));
    }

    /** RelativeMove (PTZ Service Specification) by {@code translation} in the node's translation spaces. */
    public void relativeMove(String profileToken, PtzPosition translation, Optional<PtzSpeed> speed) {
        PtzChecks.token("profileToken", profileToken);
        Objects.requireNonNull(translation, "translation");
        PtzCapabilities caps = capabilities();
        XmlNode vector = vector("Translation", translation, caps.relativePanTilt(), caps.relativeZoom(),
                "relative pan/tilt translation space", "relative zoom translation space", "RelativeMove");
        call("RelativeMove", withSpeed(XmlNode.of(PTZ, "RelativeMove", XmlNode.text(PTZ, "ProfileToken",
                profileToken), vector), speed, caps));
    }

    private XmlNode vector(String name, PtzPosition p, Optional<PtzSpace> panTiltSpace, Optional<PtzSpace> zoomSpace,
            String panTiltWhat, String zoomWhat, String operation) {
        List<XmlNode> c = new ArrayList<>();
        if (p.panTilt().isPresent()) {
            PtzSpace s = panTiltSpace.orElseThrow(() -> unsupported(panTiltWhat, operation));
            PanTilt pt = p.panTilt().get();
            within(s, "pan", pt.pan(), "tilt", pt.tilt());
            c.add(PtzXml.vector2d(SCHEMA, "PanTilt", pt.pan(), pt.tilt(), s));
        }
        if (p.zoom().isPresent()) {
            PtzSpace s = zoomSpace.orElseThrow(() -> unsupported(zoomWhat, operation));
            within(s, "zoom", p.zoom().get());
            c.add(PtzXml.vector1d(SCHEMA, "Zoom", p.zoom().get(), s));
        }
        return XmlNode.of(PTZ, name, c);
    }

    private static void within(PtzSpace s, String xField, double x, String yField, double y) {
        within(s, xField, x);
        s.y().filter(r -> !r.contains(y)).ifPresent(r -> {
            throw new IllegalArgumentException("'" + yField + "' " + PtzXml.number(y) + " is outside the camera's "
                    + "range " + r + " of " + s.uri());
        });
    }

    private static void within(PtzSpace s, String field, double x) {
        if (!s.x().contains(x)) {
            throw new IllegalArgumentException("'" + field + "' " + PtzXml.number(x) + " is outside the camera's "
                    + "range " + s.x() + " of " + s.uri());
        }
    }

    /** Adds a Speed element for the axes the node has speed spaces for; the camera's default otherwise. */
    private static XmlNode withSpeed(XmlNode request, Optional<PtzSpeed> speed, PtzCapabilities caps) {
        if (speed.isEmpty()) {
            return request;
        }
        List<XmlNode> c = new ArrayList<>();
        caps.panTiltSpeed().ifPresent(s -> {
            within(s, "panTilt speed", speed.get().panTilt());
            c.add(PtzXml.vector2d(SCHEMA, "PanTilt", speed.get().panTilt(), speed.get().panTilt(), s));
        });
        caps.zoomSpeed().ifPresent(s -> {
            within(s, "zoom speed", speed.get().zoom());
            c.add(PtzXml.vector1d(SCHEMA, "Zoom", speed.get().zoom(), s));
        });
        return c.isEmpty() ? request : request.with(XmlNode.of(PTZ, "Speed", c));
    }

    /** GetStatus (PTZ Service Specification). */
    public PtzStatus status(String profileToken) {
        PtzChecks.token("profileToken", profileToken);
        if (!capabilities().canMove()) {
            throw unsupported("PTZ node", "GetStatus");
        }
        Element r = call("GetStatus", XmlNode.of(PTZ, "GetStatus", XmlNode.text(PTZ, "ProfileToken",
                profileToken)));
        Element s = read.child(r, PTZ, "PTZStatus");
        Optional<PtzPosition> position = SafeXml.child(s, SCHEMA, "Position").flatMap(p -> PtzXml.vector(read, p));
        Optional<Element> move = SafeXml.child(s, SCHEMA, "MoveStatus");
        MoveStatus pt = move.flatMap(m -> read.optText(m, SCHEMA, "PanTilt")).map(MoveStatus::parse)
                .orElse(MoveStatus.UNKNOWN);
        MoveStatus zoom = move.flatMap(m -> read.optText(m, SCHEMA, "Zoom")).map(MoveStatus::parse)
                .orElse(MoveStatus.UNKNOWN);
        Optional<Instant> utc = read.optText(s, SCHEMA, "UtcTime").map(t -> {
            try {
                return Instant.parse(t);
            } catch (DateTimeParseException e) {
                throw new OnvifProtocolException(endpoint, "PTZStatus/UtcTime is not an xs:dateTime in UTC: " + t,
                        e);
            }
        });
        return new PtzStatus(position, pt, zoom, read.optText(s, SCHEMA, "Error"), utc);
    }

    private void requirePresets(String operation) {
        if (!capabilities().presetsSupported()) {
            throw unsupported("presets (MaximumNumberOfPresets is 0)", operation);
        }
    }

    /** GetPresets (PTZ Service Specification), at most {@link #MAX_PRESETS}. */
    public List<PtzPreset> presets(String profileToken) {
        PtzChecks.token("profileToken", profileToken);
        requirePresets("GetPresets");
        Element r = call("GetPresets", XmlNode.of(PTZ, "GetPresets", XmlNode.text(PTZ, "ProfileToken",
                profileToken)));
        List<PtzPreset> out = new ArrayList<>();
        for (Element p : SafeXml.children(r, PTZ, "Preset")) {
            if (out.size() == MAX_PRESETS) {
                break;
            }
            try {
                out.add(new PtzPreset(read.requiredAttribute(p, "token"), read.optText(p, SCHEMA, "Name"),
                        SafeXml.child(p, SCHEMA, "PTZPosition").flatMap(v -> PtzXml.vector(read, v))));
            } catch (IllegalArgumentException e) {
                throw new OnvifProtocolException(endpoint, "Preset: " + e.getMessage(), e);
            }
        }
        return out;
    }

    /**
     * SetPreset (PTZ Service Specification): stores the current position as a new preset named {@code name}, or
     * overwrites {@code presetToken}; returns the preset's token.
     */
    public String setPreset(String profileToken, String name, Optional<String> presetToken) {
        PtzChecks.token("profileToken", profileToken);
        PtzChecks.name("name", name);
        Objects.requireNonNull(presetToken, "presetToken").ifPresent(t -> PtzChecks.token("presetToken", t));
        requirePresets("SetPreset");
        List<XmlNode> c = new ArrayList<>();
        c.add(XmlNode.text(PTZ, "ProfileToken", profileToken));
        c.add(XmlNode.text(PTZ, "PresetName", name));
        presetToken.ifPresent(t -> c.add(XmlNode.text(PTZ, "PresetToken", t)));
        Element r = call("SetPreset", XmlNode.of(PTZ, "SetPreset", c));
        String token = read.text(r, PTZ, "PresetToken");
        try {
            return PtzChecks.token("PresetToken", token);
        } catch (IllegalArgumentException e) {
            throw new OnvifProtocolException(endpoint, "SetPresetResponse: " + e.getMessage(), e);
        }
    }

    /** GotoPreset (PTZ Service Specification), at {@code speed} or the camera's default. */
    public void gotoPreset(String profileToken, String presetToken, Optional<PtzSpeed> speed) {
        PtzChecks.token("profileToken", profileToken);
        PtzChecks.token("presetToken", presetToken);
        Objects.requireNonNull(speed, "speed");
        requirePresets("GotoPreset");
        call("GotoPreset", withSpeed(XmlNode.of(PTZ, "GotoPreset", XmlNode.text(PTZ, "ProfileToken", profileToken),
                XmlNode.text(PTZ, "PresetToken", presetToken)), speed, capabilities()));
    }

    /** RemovePreset (PTZ Service Specification). */
    public void removePreset(String profileToken, String presetToken) {
        PtzChecks.token("profileToken", profileToken);
        PtzChecks.token("presetToken", presetToken);
        requirePresets("RemovePreset");
        call("RemovePreset", XmlNode.of(PTZ, "RemovePreset", XmlNode.text(PTZ, "ProfileToken", profileToken),
                XmlNode.text(PTZ, "PresetToken", presetToken)));
    }

    /** GotoHomePosition (PTZ Service Specification), when the node has HomeSupported. */
    public void gotoHome(String profileToken, Optional<PtzSpeed> speed) {
        PtzChecks.token("profileToken", profileToken);
        Objects.requireNonNull(speed, "speed");
        if (!capabilities().homeSupported()) {
            throw unsupported("home position (HomeSupported is false)", "GotoHomePosition");
        }
        call("GotoHomePosition", withSpeed(XmlNode.of(PTZ, "GotoHomePosition", XmlNode.text(PTZ, "ProfileToken",
                profileToken)), speed, capabilities()));
    }
}
