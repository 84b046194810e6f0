package org.certmap.servlet;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.certmap.engine.Decision;

/**
 * The one place where the portable front doors turn a {@link Decision} into request attributes
 * and refusal responses. The engine has already logged the refusal (reason, SHA-256, subject,
 * issuer, mapping); the client gets a generic page through {@code sendError}, so the application's
 * {@code <error-page>} applies.
 */
public final class DecisionResponses {

    private DecisionResponses() {
    }

    /** Sets the engine's request attributes ({@link Decision#attributes()}). */
    public static void setAttributes(HttpServletRequest request, Decision decision) {
        decision.attributes().forEach(request::setAttribute);
    }

    /**
     * Answers a refusal: 403 (400 for {@code MALFORMED_HEADER}, 503 for {@code DIRECTORY_UNAVAILABLE}), never 401, because no
     * {@code WWW-Authenticate} scheme exists for TLS client certificates.
     *
     * @param showReason whether the engine lets this client see the reason ({@code showReason}, see
     *                   {@code CertmapEngine.showsReason}): the page then names the reason code and a hint
     */
    public static void refuse(HttpServletResponse response, Decision decision, boolean showReason) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        String text = decision.pageText(showReason);
        if (text != null) {
            response.sendError(decision.httpStatus(), text);
        } else {
            response.sendError(decision.httpStatus());
        }
    }
}
