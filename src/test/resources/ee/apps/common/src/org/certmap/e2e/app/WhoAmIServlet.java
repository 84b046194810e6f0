package org.certmap.e2e.app;

import java.io.IOException;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

/** Answers every path with what the container knows about the caller, one key=value per line. */
@WebServlet(urlPatterns = "/")
public class WhoAmIServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        HttpSession session = req.getSession(req.getParameter("session") != null);
        if (session != null && req.getParameter("profile") != null) {
            session.setAttribute("profile", req.getParameter("profile")); // what legacy apps cache
        }
        resp.setContentType("text/plain;charset=UTF-8");
        StringBuilder sb = new StringBuilder();
        sb.append("path=").append(req.getServletPath()).append('\n');
        sb.append("user=").append(req.getRemoteUser()).append('\n');
        sb.append("principal=").append(req.getUserPrincipal() == null ? null : req.getUserPrincipal().getName()).append('\n');
        sb.append("authType=").append(req.getAuthType()).append('\n');
        for (String role : new String[] {"staff", "admin", "auditor"}) {
            sb.append("role.").append(role).append('=').append(req.isUserInRole(role)).append('\n');
        }
        sb.append("reason=").append(req.getAttribute("org.certmap.reason")).append('\n');
        sb.append("mapping=").append(req.getAttribute("org.certmap.mapping")).append('\n');
        sb.append("sha256=").append(req.getAttribute("org.certmap.certificate.sha256")).append('\n');
        sb.append("session=").append(session == null ? null : session.getId()).append('\n');
        sb.append("profile=").append(session == null ? null : session.getAttribute("profile")).append('\n');
        sb.append("securityContext=").append(SecurityContextProbe.describe()).append('\n');
        resp.getWriter().write(sb.toString());
    }
}
