package org.certmap.sample.web;

import java.io.IOException;
import java.io.PrintWriter;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * A legacy page that knows nothing about certmap: it shows what the container says about the
 * caller (principal, roles, auth type) and, from the standard TLS request attribute and certmap's
 * plain-string attributes, which certificate was presented and why it did or did not map. It has
 * no security code; the mapping file decides who gets here.
 */
public class WhoAmIServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private static final String[] KNOWN_ROLES = {"staff", "admin", "contractor"};

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"user", req.getRemoteUser() == null ? "(anonymous)" : req.getRemoteUser()});
        rows.add(new String[] {"principal", String.valueOf(req.getUserPrincipal() == null ? null
                : req.getUserPrincipal().getName())});
        rows.add(new String[] {"authType", String.valueOf(req.getAuthType())});
        List<String> roles = new ArrayList<>();
        for (String r : KNOWN_ROLES) {
            if (req.isUserInRole(r)) {
                roles.add(r);
            }
        }
        rows.add(new String[] {"roles", String.join(" ", roles)});
        X509Certificate[] chain = (X509Certificate[]) req.getAttribute("jakarta.servlet.request.X509Certificate");
        if (chain != null && chain.length > 0) {
            rows.add(new String[] {"subject", chain[0].getSubjectX500Principal().getName()});
            rows.add(new String[] {"issuer", chain[0].getIssuerX500Principal().getName()});
        }
        rows.add(new String[] {"sha256", attribute(req, "org.certmap.certificate.sha256")});
        rows.add(new String[] {"mapping", attribute(req, "org.certmap.mapping")});
        rows.add(new String[] {"reason", attribute(req, "org.certmap.reason")});

        String accept = req.getHeader("Accept");
        boolean html = accept != null && accept.contains("text/html");
        resp.setCharacterEncoding("UTF-8");
        resp.setContentType(html ? "text/html" : "text/plain");
        PrintWriter out = resp.getWriter();
        if (html) {
            out.println("<!DOCTYPE html><html><head><title>Who am I</title>"
                    + "<link rel=\"stylesheet\" href=\"" + req.getContextPath() + "/style.css\"></head><body>");
            out.println("<h1>Who am I</h1><p>Page <code>" + escape(req.getRequestURI()) + "</code></p><table>");
            for (String[] r : rows) {
                out.println("<tr><th>" + r[0] + "</th><td id=\"" + r[0] + "\">" + escape(r[1]) + "</td></tr>");
            }
            out.println("</table><p><a href=\"" + req.getContextPath() + "/\">home</a></p></body></html>");
        } else {
            for (String[] r : rows) {
                out.println(r[0] + ": " + r[1]);
            }
        }
    }

    private static String attribute(HttpServletRequest req, String name) {
        Object v = req.getAttribute(name);
        return v == null ? "-" : v.toString();
    }

    static String escape(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
