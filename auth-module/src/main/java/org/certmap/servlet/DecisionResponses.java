package org.certmap.servlet;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.certmap.engine.Decision;
import org.certmap.engine.Messages;

/**
 * The one place where the portable front doors turn a {@link Decision} into request attributes
 * and refusal responses. The engine has already logged the refusal (reason, SHA-256, subject,
 * issuer, mapping); the client gets a generic page through {@code sendError}, so the application's
 * {@code <error-page>} applies.
 */
public final class DecisionResponses {

    private DecisionResponses() {
    }

    /** Sets {@code org.certmap.reason}, {@code org.certmap.mapping} and {@code org.certmap.certificate.sha256} where known. */
    public static void setAttributes(HttpServletRequest request, Decision decision) {
        if (decision.reason() != null) {
            request.setAttribute(Decision.ATTRIBUTE_REASON, decision.reason().name());
        }
        if (decision.mapping() != null) {
            request.setAttribute(Decision.ATTRIBUTE_MAPPING, decision.mapping());
        }
        if (decision.certificate() != null) {
            request.setAttribute(Decision.ATTRIBUTE_SHA256, decision.certificate().sha256());
        }
    }

    /**
     * Answers a refusal: 403 (400 for {@code MALFORMED_HEADER}), never 401, because no
     * {@code WWW-Authenticate} scheme exists for TLS client certificates.
     *
     * @param showReason whether the engine lets this client see the reason ({@code showReason}, see
     *                   {@code CertmapEngine.showsReason}): the page then names the reason code and a hint
     */
    public static void refuse(HttpServletResponse response, Decision decision, boolean showReason) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        if (showReason && decision.reason() != null) {
            response.sendError(decision.httpStatus(), decision.reason().name() + ": " + Messages.hint(decision.reason()));
        } else {
            response.sendError(decision.httpStatus());
        }
    }
}
