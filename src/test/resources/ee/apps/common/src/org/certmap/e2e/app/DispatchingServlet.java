package org.certmap.e2e.app;

import java.io.IOException;

import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * What legacy pages do (protectDispatches): {@code ?forward=}, {@code ?include=} or
 * {@code ?async=} another path of the application, from a public page ({@code /go}) or an
 * accept-only one ({@code /opt/go}, where certmap logs a mapped certificate in).
 */
@WebServlet(urlPatterns = {"/go/*", "/opt/go/*"}, asyncSupported = true)
public class DispatchingServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException, ServletException {
        if (req.getParameter("forward") != null) {
            req.getRequestDispatcher(req.getParameter("forward")).forward(req, resp);
        } else if (req.getParameter("include") != null) {
            resp.setContentType("text/plain;charset=UTF-8");
            resp.getWriter().write("BEFORE|");
            req.getRequestDispatcher(req.getParameter("include")).include(req, resp);
            resp.getWriter().write("|AFTER");
        } else if (req.getParameter("async") != null) {
            req.startAsync().dispatch(req.getParameter("async"));
        } else {
            resp.getWriter().write("DISPATCHING");
        }
    }
}
