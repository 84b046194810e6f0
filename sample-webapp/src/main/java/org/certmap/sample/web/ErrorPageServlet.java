package org.certmap.sample.web;

import java.io.IOException;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The application's own {@code <error-page>} for 400 and 403: certmap refuses with sendError, so
 * the application's error page applies, and certmap's request attribute says why.
 */
public class ErrorPageServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** What a user can do about each reason (the valve's own page shows certmap's hint; this is the app's page). */
    private static final java.util.Map<String, String> HINTS = java.util.Map.of(
            "CERTIFICATE_REQUIRED", "This page needs a client certificate: import one (a .p12 from the demo folder) into your browser.",
            "CERTIFICATE_UNTRUSTED", "Your certificate was not issued by a CA this site trusts.",
            "CERTIFICATE_EXPIRED", "Your certificate is expired or not yet valid.",
            "CERTIFICATE_USAGE", "Your certificate is not meant for client authentication.",
            "MAPPING_DENIED", "Certificates like yours are denied by the site's rules.",
            "NO_MAPPING", "Your certificate is valid but not mapped to a user of this site.",
            "ROLE_REQUIRED", "You are logged in, but this page needs a role you lack.",
            "MALFORMED_HEADER", "The proxy in front of this site sent a certificate header that could not be read.",
            "SSL_REQUIRED", "Use https://.");

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Object status = req.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        Object reason = req.getAttribute("org.certmap.reason");
        boolean html = req.getHeader("Accept") != null && req.getHeader("Accept").contains("text/html");
        resp.setCharacterEncoding("UTF-8");
        resp.setContentType(html ? "text/html" : "text/plain");
        String text = "Access refused (HTTP " + status + ")" + (reason == null ? "" : ": " + reason);
        if (html) {
            resp.getWriter().println("<!DOCTYPE html><html><head><title>Refused</title><link rel=\"stylesheet\" href=\""
                    + req.getContextPath() + "/style.css\"></head><body><h1>" + WhoAmIServlet.escape(text)
                    + "</h1><p id=\"reason\">" + (reason == null ? "" : WhoAmIServlet.escape(reason.toString()))
                    + "</p><p>" + WhoAmIServlet.escape(HINTS.getOrDefault(String.valueOf(reason), ""))
                    + "</p><p>Run <code>certmap explain --config certmap.xml your-certificate.pem</code> to see why."
                    + "</p><p><a href=\"" + req.getContextPath() + "/\">home</a></p></body></html>");
        } else {
            resp.getWriter().println(text);
        }
    }
}
