package org.nvr.onvif.device;

import static org.nvr.onvif.soap.Namespaces.DEVICE;
import static org.nvr.onvif.soap.Namespaces.SCHEMA;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.DateTimeException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.nvr.onvif.soap.Namespaces;
import org.nvr.onvif.soap.OnvifFaultException;
import org.nvr.onvif.soap.OnvifProtocolException;
import org.nvr.onvif.soap.ResponseReader;
import org.nvr.onvif.soap.SoapClient;
import org.nvr.onvif.soap.XmlNode;
import org.nvr.onvif.xml.SafeXml;
import org.w3c.dom.Element;

/**
 * The ONVIF Device service (ONVIF Core Specification, Device management, WSDL {@value Namespaces#DEVICE}): identity,
 * service addresses, clock, NTP and network interfaces.
 */
public final class DeviceClient {
    private static final System.Logger LOG = System.getLogger(DeviceClient.class.getName());

    private final SoapClient soap;
    private final URI endpoint;
    private final ResponseReader read;

    /** A client for the device service at {@code endpoint} (usually {@code http://host/onvif/device_service}). */
    public DeviceClient(SoapClient soap, URI endpoint) {
        this.soap = Objects.requireNonNull(soap, "soap");
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.read = new ResponseReader(endpoint);
    }

    private Element call(String operation, XmlNode body) {
        return read.expect(soap.call(endpoint, DEVICE + "/" + operation, body), DEVICE, operation + "Response");
    }

    /** GetDeviceInformation (ONVIF Core, Device management). */
    public DeviceInformation deviceInformation() {
        Element r = call("GetDeviceInformation", XmlNode.of(DEVICE, "GetDeviceInformation"));
        return new DeviceInformation(read.text(r, DEVICE, "Manufacturer"), read.text(r, DEVICE, "Model"),
                read.text(r, DEVICE, "FirmwareVersion"), read.text(r, DEVICE, "SerialNumber"),
                SafeXml.childText(r, DEVICE, "HardwareId").orElse(""));
    }

    /** GetServices without capabilities (ONVIF Core, Device management). */
    public ServiceEndpoints services() {
        Element r = call("GetServices", XmlNode.of(DEVICE, "GetServices",
                XmlNode.text(DEVICE, "IncludeCapability", "false")));
        Map<String, URI> out = new LinkedHashMap<>();
        for (Element s : SafeXml.children(r, DEVICE, "Service")) {
            out.putIfAbsent(read.text(s, DEVICE, "Namespace"), xaddr(read.text(s, DEVICE, "XAddr")));
        }
        return new ServiceEndpoints(out);
    }

    /** GetCapabilities, Category All (ONVIF Core, Device management), the pre-GetServices way (ONVIF before 2.0). */
    public ServiceEndpoints capabilities() {
        Element r = call("GetCapabilities", XmlNode.of(DEVICE, "GetCapabilities",
                XmlNode.text(DEVICE, "Category", "All")));
        Element caps = read.child(r, DEVICE, "Capabilities");
        Map<String, URI> out = new LinkedHashMap<>();
        Map<String, String> kinds = Map.of("Device", Namespaces.DEVICE, "Media", Namespaces.MEDIA1,
                "Events", Namespaces.EVENTS, "Imaging", Namespaces.IMAGING, "PTZ", Namespaces.PTZ);
        for (Map.Entry<String, String> k : kinds.entrySet()) {
            SafeXml.child(caps, SCHEMA, k.getKey()).flatMap(c -> read.optText(c, SCHEMA, "XAddr"))
                    .ifPresent(x -> out.put(k.getValue(), xaddr(x)));
        }
        return new ServiceEndpoints(out);
    }

    /** GetServices, or GetCapabilities when the camera faults on GetServices (firmware older than ONVIF 2.0). */
    public ServiceEndpoints discoverServices() {
        try {
            return services();
        } catch (OnvifFaultException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> endpoint + ": GetServices failed (" + e.getMessage()
                    + "), falling back to GetCapabilities");
            return capabilities();
        }
    }

    /**
     * GetSystemDateAndTime (ONVIF Core, Device management), sent without credentials as its PRE_AUTH access class
     * allows. The offset is measured against the middle of the exchange; the camera reports whole seconds, so it is
     * accurate to about one second.
     */
    public ClockReading systemDateAndTime() {
        Instant before = soap.clock().instant();
        Element r = read.expect(soap.callAnonymous(endpoint, DEVICE + "/GetSystemDateAndTime",
                XmlNode.of(DEVICE, "GetSystemDateAndTime")), DEVICE, "GetSystemDateAndTimeResponse");
        Instant after = soap.clock().instant();
        Element sdt = read.child(r, DEVICE, "SystemDateAndTime");
        Element utc = SafeXml.child(sdt, SCHEMA, "UTCDateTime").orElseThrow(() -> new OnvifProtocolException(
                endpoint, "SystemDateAndTime lacks UTCDateTime; cannot learn the camera's clock"));
        Element date = read.child(utc, SCHEMA, "Date");
        Element time = read.child(utc, SCHEMA, "Time");
        Instant cameraUtc;
        try {
            cameraUtc = LocalDateTime.of(read.integer(date, SCHEMA, "Year"), read.integer(date, SCHEMA, "Month"),
                    read.integer(date, SCHEMA, "Day"), read.integer(time, SCHEMA, "Hour"),
                    read.integer(time, SCHEMA, "Minute"), read.integer(time, SCHEMA, "Second"))
                    .toInstant(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            throw new OnvifProtocolException(endpoint, "UTCDateTime is not a valid date: " + e.getMessage(), e);
        }
        Instant middle = before.plus(Duration.between(before, after).dividedBy(2));
        boolean ntp = read.optText(sdt, SCHEMA, "DateTimeType").map("NTP"::equals).orElse(false);
        boolean dst = read.optBoolean(sdt, SCHEMA, "DaylightSavings").orElse(false);
        Optional<String> tz = SafeXml.child(sdt, SCHEMA, "TimeZone").flatMap(z -> read.optText(z, SCHEMA, "TZ"));
        return new ClockReading(cameraUtc, Duration.between(middle, cameraUtc), ntp, dst, tz);
    }

    /** Reads the camera clock and makes the SOAP client's UsernameTokens follow it. */
    public ClockReading synchronizeTokenClock() {
        ClockReading reading = systemDateAndTime();
        soap.setClockOffset(reading.offset());
        if (reading.wrongClock()) {
            LOG.log(System.Logger.Level.WARNING, () -> endpoint + ": camera clock is off by " + reading.offset());
        }
        return reading;
    }

    /**
     * SetSystemDateAndTime Manual with our clock's UTC time (ONVIF Core, Device management); keeps the camera's
     * DaylightSavings flag and time zone. Afterwards the token clock offset is zero.
     */
    public void setClockManualFromOurs() {
        ClockReading current = systemDateAndTime();
        Instant now = soap.clock().instant();
        LocalDateTime t = LocalDateTime.ofInstant(now, ZoneOffset.UTC);
        XmlNode utc = XmlNode.of(DEVICE, "UTCDateTime",
                XmlNode.of(SCHEMA, "Time", XmlNode.text(SCHEMA, "Hour", Integer.toString(t.getHour())),
                        XmlNode.text(SCHEMA, "Minute", Integer.toString(t.getMinute())),
                        XmlNode.text(SCHEMA, "Second", Integer.toString(t.getSecond()))),
                XmlNode.of(SCHEMA, "Date", XmlNode.text(SCHEMA, "Year", Integer.toString(t.getYear())),
                        XmlNode.text(SCHEMA, "Month", Integer.toString(t.getMonthValue())),
                        XmlNode.text(SCHEMA, "Day", Integer.toString(t.getDayOfMonth()))));
        call("SetSystemDateAndTime", setDateTime("Manual", current, Optional.of(utc)));
        soap.setClockOffset(Duration.ZERO);
    }

    /**
     * SetSystemDateAndTime with DateTimeType NTP (ONVIF Core, Device management); configure servers with {@link
     * #setNtp}.
     */
    public void setClockFromNtp() {
        ClockReading current = systemDateAndTime();
        call("SetSystemDateAndTime", setDateTime("NTP", current, Optional.empty()));
    }

    // Element order follows the WSDL sequence: DateTimeType, DaylightSavings, TimeZone?, UTCDateTime?.
    private static XmlNode setDateTime(String type, ClockReading current, Optional<XmlNode> utc) {
        List<XmlNode> c = new ArrayList<>();
        c.add(XmlNode.text(DEVICE, "DateTimeType", type));
        c.add(XmlNode.text(DEVICE, "DaylightSavings", Boolean.toString(current.daylightSavings())));
        current.timeZone().ifPresent(tz -> c.add(XmlNode.of(DEVICE, "TimeZone", XmlNode.text(SCHEMA, "TZ", tz))));
        utc.ifPresent(c::add);
        return XmlNode.of(DEVICE, "SetSystemDateAndTime", c);
    }

    /** GetNTP (ONVIF Core, Device management). */
    public NtpSettings ntp() {
        Element info = read.child(call("GetNTP", XmlNode.of(DEVICE, "GetNTP")), DEVICE, "NTPInformation");
        return new NtpSettings(read.bool(info, SCHEMA, "FromDHCP"), hosts(info, "NTPFromDHCP"),
                hosts(info, "NTPManual"));
    }

    private List<NetworkHost> hosts(Element info, String name) {
        List<NetworkHost> out = new ArrayList<>();
        for (Element h : SafeXml.children(info, SCHEMA, name)) {
            String type = read.text(h, SCHEMA, "Type");
            try {
                switch (type) {
                    case "IPv4":
                        out.add(new NetworkHost(NetworkHost.Type.IPV4, read.text(h, SCHEMA, "IPv4Address")));
                        break;
                    case "IPv6":
                        out.add(new NetworkHost(NetworkHost.Type.IPV6, read.text(h, SCHEMA, "IPv6Address")));
                        break;
                    case "DNS":
                        out.add(new NetworkHost(NetworkHost.Type.DNS, read.text(h, SCHEMA, "DNSname")));
                        break;
                    default:
                        throw new OnvifProtocolException(endpoint, name + " has unknown Type " + type);
                }
            } catch (IllegalArgumentException e) {
                throw new OnvifProtocolException(endpoint, name + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    /** SetNTP (ONVIF Core, Device management): servers from DHCP, or the given manual servers. */
    public void setNtp(boolean fromDhcp, List<NetworkHost> manual) {
        NtpSettings checked = new NtpSettings(fromDhcp, List.of(), manual);
        List<XmlNode> c = new ArrayList<>();
        c.add(XmlNode.text(DEVICE, "FromDHCP", Boolean.toString(fromDhcp)));
        for (NetworkHost h : checked.manual()) {
            String type;
            String element;
            switch (h.type()) {
                case IPV4:
                    type = "IPv4";
                    element = "IPv4Address";
                    break;
                case IPV6:
                    type = "IPv6";
                    element = "IPv6Address";
                    break;
                default:
                    type = "DNS";
                    element = "DNSname";
                    break;
            }
            c.add(XmlNode.of(DEVICE, "NTPManual", XmlNode.text(SCHEMA, "Type", type),
                    XmlNode.text(SCHEMA, element, h.address())));
        }
        call("SetNTP", XmlNode.of(DEVICE, "SetNTP", c));
    }

    /** GetNetworkInterfaces (ONVIF Core, Device management). */
    public List<NetworkInterfaceInfo> networkInterfaces() {
        Element r = call("GetNetworkInterfaces", XmlNode.of(DEVICE, "GetNetworkInterfaces"));
        List<NetworkInterfaceInfo> out = new ArrayList<>();
        for (Element ni : SafeXml.children(r, DEVICE, "NetworkInterfaces")) {
            Optional<Element> info = SafeXml.child(ni, SCHEMA, "Info");
            Optional<Element> ipv4 = SafeXml.child(ni, SCHEMA, "IPv4");
            Optional<Element> config = ipv4.flatMap(v -> SafeXml.child(v, SCHEMA, "Config"));
            List<String> addresses = new ArrayList<>();
            config.ifPresent(cfg -> {
                for (String kind : List.of("Manual", "LinkLocal", "FromDHCP")) {
                    for (Element a : SafeXml.children(cfg, SCHEMA, kind)) {
                        addresses.add(read.text(a, SCHEMA, "Address") + "/"
                                + read.integer(a, SCHEMA, "PrefixLength"));
                    }
                }
            });
            out.add(new NetworkInterfaceInfo(read.requiredAttribute(ni, "token"), read.bool(ni, SCHEMA, "Enabled"),
                    info.flatMap(i -> read.optText(i, SCHEMA, "Name")),
                    info.flatMap(i -> read.optText(i, SCHEMA, "HwAddress")),
                    ipv4.flatMap(v -> read.optBoolean(v, SCHEMA, "Enabled")).orElse(false),
                    config.flatMap(cfg -> read.optBoolean(cfg, SCHEMA, "DHCP")).orElse(false), addresses));
        }
        return out;
    }

    /**
     * An XAddr as a URI. Some cameras advertise {@code http://0.0.0.0/...} (or an address from before DHCP
     * changed it, go2rtc pkg/onvif notes the same); a wildcard host is replaced by the host (and,
     * when the XAddr names none, the port) we reached.
     */
    private URI xaddr(String text) {
        try {
            URI u = new URI(text.strip().split("\\s+")[0]);
            if (!u.isAbsolute() || u.getHost() == null) {
                throw new OnvifProtocolException(endpoint, "XAddr is not an absolute http URI: " + text);
            }
            if ("0.0.0.0".equals(u.getHost())) {
                int port = u.getPort() == -1 ? endpoint.getPort() : u.getPort();
                return new URI(u.getScheme(), u.getUserInfo(), endpoint.getHost(), port, u.getPath(), u.getQuery(),
                        null);
            }
            return u;
        } catch (URISyntaxException e) {
            throw new OnvifProtocolException(endpoint, "XAddr is not a URI: " + text, e);
        }
    }
}
