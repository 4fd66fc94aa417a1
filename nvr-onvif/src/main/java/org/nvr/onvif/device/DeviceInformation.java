package org.nvr.onvif.device;

import java.util.Objects;

/**
 * GetDeviceInformation result (ONVIF Core Specification, Device management); every field is mandatory in the WSDL,
 * but some firmware leaves HardwareId empty, so empty strings are kept as they are.
 */
public record DeviceInformation(String manufacturer, String model, String firmwareVersion, String serialNumber,
        String hardwareId) {
    public DeviceInformation {
        Objects.requireNonNull(manufacturer, "manufacturer");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(firmwareVersion, "firmwareVersion");
        Objects.requireNonNull(serialNumber, "serialNumber");
        Objects.requireNonNull(hardwareId, "hardwareId");
    }
}
