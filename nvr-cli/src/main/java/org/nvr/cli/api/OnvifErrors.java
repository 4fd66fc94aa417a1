package org.nvr.cli.api;

import java.util.Objects;
import org.nvr.cli.camera.OnvifConnector;
import org.nvr.core.admin.AdminJson;
import org.nvr.core.admin.ErrorCode;
import org.nvr.core.admin.RouteHandler;
import org.nvr.onvif.soap.OnvifAuthException;
import org.nvr.onvif.soap.OnvifException;
import org.nvr.onvif.soap.OnvifTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps what a camera did wrong to the API's gateway codes (docs/api.md): refused credentials and other wrong
 * answers are {@code bad_gateway} (502), no answer in time is {@code gateway_timeout} (504). ONVIF exception
 * messages name the endpoint and the operation, never a credential.
 */
final class OnvifErrors {
    private static final Logger log = LoggerFactory.getLogger(OnvifErrors.class);

    private OnvifErrors() {
    }

    /** {@code handler}, with ONVIF failures answered as gateway errors. */
    static RouteHandler guard(AdminJson json, RouteHandler handler) {
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(handler, "handler");
        return request -> {
            try {
                return handler.handle(request);
            } catch (OnvifAuthException e) {
                log.warn("{} {}: camera refused the credentials: {}", request.method(), request.route(),
                        e.getMessage());
                return json.error(ErrorCode.BAD_GATEWAY, "the camera refused the credentials: " + e.getMessage());
            } catch (OnvifTimeoutException e) {
                log.warn("{} {}: camera did not answer: {}", request.method(), request.route(), e.getMessage());
                return json.error(ErrorCode.GATEWAY_TIMEOUT, "the camera did not answer within "
                        + OnvifConnector.DEFAULT_TIMEOUT.toSeconds() + " s: " + e.getMessage());
            } catch (OnvifException e) {
                log.warn("{} {}: camera answered wrongly: {}", request.method(), request.route(), e.getMessage());
                return json.error(ErrorCode.BAD_GATEWAY, "the camera answered wrongly: " + e.getMessage());
            }
        };
    }
}
