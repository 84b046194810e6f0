package org.certmap.engine.config;

import org.certmap.engine.base.Messages;

/**
 * Whom refusal pages tell the reason code and its hint ({@code showReason}). Never mapping names or
 * certificate data, whatever the setting.
 */
public enum ShowReason {
    /** Every client. */
    TRUE,
    /** No client: the status only. */
    FALSE,
    /**
     * IIS's DetailedLocalOnly, the default: only a client connected directly from a loopback
     * address, never one whose request came through a proxy (a trusted one, or any request with a
     * forwarding header), since a proxy on the same host would otherwise make every client "local".
     */
    LOCAL;

    static ShowReason parse(String value) {
        return switch (value) {
            case "true" -> TRUE;
            case "false" -> FALSE;
            case "local" -> LOCAL;
            default -> throw new IllegalArgumentException(Messages.format("config.value.showReason", value));
        };
    }
}
