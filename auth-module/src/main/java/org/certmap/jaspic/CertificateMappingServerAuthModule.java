package org.certmap.jaspic;

import java.io.IOException;
import java.security.Principal;
import java.util.Map;

import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.UnsupportedCallbackException;

import jakarta.security.auth.message.AuthException;
import jakarta.security.auth.message.AuthStatus;
import jakarta.security.auth.message.MessageInfo;
import jakarta.security.auth.message.MessagePolicy;
import jakarta.security.auth.message.callback.CallerPrincipalCallback;
import jakarta.security.auth.message.callback.GroupPrincipalCallback;
import jakarta.security.auth.message.module.ServerAuthModule;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.certmap.engine.CertmapEngine;
import org.certmap.engine.Decision;
import org.certmap.servlet.DecisionResponses;
import org.certmap.servlet.DispatchFilter;
import org.certmap.servlet.MappedUserPrincipal;
import org.certmap.servlet.ServletCertmapRequest;
import org.certmap.servlet.SessionBinding;

/**
 * certmap as a Jakarta Authentication {@link ServerAuthModule} (Servlet Container Profile), for
 * one application. Every request is decided afresh by the engine (through its cache), never from
 * a principal cached in the HTTP session:
 * <ul>
 * <li>mapped: {@link CallerPrincipalCallback} with a {@link MappedUserPrincipal} and
 * {@link GroupPrincipalCallback} with its roles, auth type {@code CLIENT_CERT}, {@code SUCCESS};</li>
 * <li>refused: 403 (400 for {@code MALFORMED_HEADER}) through {@code sendError}, {@code SEND_FAILURE};</li>
 * <li>not covered or anonymous: the "no caller" {@link CallerPrincipalCallback}, {@code SUCCESS}
 * (the profile's way to go on unauthenticated; a mandatory request never gets here, the engine
 * requires a certificate for it).</li>
 * </ul>
 * It never answers 401: no {@code WWW-Authenticate} scheme exists for TLS client certificates.
 *
 * <p>{@code jakarta.servlet.http.registerSession} is deliberately not set. On Tomcat, "true" would
 * create a session for every API client; "false" would stop caching and so change the session id
 * on every request while {@code changeSessionIdOnAuthentication} is on. Unset, Tomcat caches the
 * principal in an existing session and re-registers (and changes the id) only when the reported
 * principal differs, which {@link MappedUserPrincipal#equals} makes mean "another user or other roles".
 */
public final class CertificateMappingServerAuthModule implements ServerAuthModule {

    /** MessageInfo key: whether a security constraint requires authentication for this request. */
    static final String IS_MANDATORY = "jakarta.security.auth.message.MessagePolicy.isMandatory";
    /** MessageInfo key: what {@code getAuthType()} returns after a login. */
    static final String AUTH_TYPE = "jakarta.servlet.http.authType";

    private static final Class<?>[] SUPPORTED = {HttpServletRequest.class, HttpServletResponse.class};

    private final CertmapEngine engine;
    private CallbackHandler handler;

    public CertificateMappingServerAuthModule(CertmapEngine engine) {
        this.engine = engine;
    }

    @Override
    public void initialize(MessagePolicy requestPolicy, MessagePolicy responsePolicy, CallbackHandler handler,
            @SuppressWarnings("rawtypes") Map options) {
        this.handler = handler;
    }

    @Override
    public Class<?>[] getSupportedMessageTypes() {
        return SUPPORTED.clone();
    }

    @Override
    public AuthStatus validateRequest(MessageInfo messageInfo, Subject clientSubject, Subject serviceSubject)
            throws AuthException {
        HttpServletRequest request = (HttpServletRequest) messageInfo.getRequestMessage();
        HttpServletResponse response = (HttpServletResponse) messageInfo.getResponseMessage();
        Decision decision = engine.decide(new ServletCertmapRequest(request), isMandatory(messageInfo));
        DecisionResponses.setAttributes(request, decision);
        DispatchFilter.recordLogin(request, decision);
        try {
            switch (decision.status()) {
                case AUTHENTICATED -> {
                    SessionBinding.bind(request, decision.user());
                    handle(new CallerPrincipalCallback(clientSubject,
                            new MappedUserPrincipal(decision.user(), decision.roles())),
                            new GroupPrincipalCallback(clientSubject, decision.roles().toArray(new String[0])));
                    @SuppressWarnings("unchecked")
                    Map<String, Object> map = messageInfo.getMap();
                    map.put(AUTH_TYPE, HttpServletRequest.CLIENT_CERT_AUTH);
                    return AuthStatus.SUCCESS;
                }
                case REFUSED -> {
                    DecisionResponses.refuse(response, decision, engine.showsReason(new ServletCertmapRequest(request)));
                    return AuthStatus.SEND_FAILURE;
                }
                default -> {
                    handle(new CallerPrincipalCallback(clientSubject, (Principal) null));
                    return AuthStatus.SUCCESS;
                }
            }
        } catch (IOException | UnsupportedCallbackException e) {
            AuthException failure = new AuthException("certmap: " + e);
            failure.initCause(e);
            throw failure;
        }
    }

    private static boolean isMandatory(MessageInfo messageInfo) {
        Object value = messageInfo.getMap().get(IS_MANDATORY);
        return value != null && Boolean.parseBoolean(value.toString());
    }

    /** Caller and groups in one call: Tomcat merges groups only into a principal of the same call. */
    private void handle(Callback... callbacks) throws IOException, UnsupportedCallbackException {
        handler.handle(callbacks);
    }

    @Override
    public AuthStatus secureResponse(MessageInfo messageInfo, Subject serviceSubject) {
        return AuthStatus.SEND_SUCCESS;
    }

    @Override
    public void cleanSubject(MessageInfo messageInfo, Subject subject) {
        if (subject != null) {
            subject.getPrincipals().clear();
        }
    }
}
