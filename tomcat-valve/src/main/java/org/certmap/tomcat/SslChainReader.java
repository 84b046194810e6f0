package org.certmap.tomcat;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.security.cert.X509Certificate;

import org.apache.coyote.AbstractProcessor;
import org.apache.tomcat.util.net.SSLSupport;

/**
 * Reads the client's certificate chain straight from the connection's {@link SSLSupport}.
 *
 * <p>Why: the public way, {@code ActionCode.REQ_SSL_ATTRIBUTE}, fills all seven TLS request
 * attributes on every request, and one of them (the client's offered cipher list, rebuilt as a
 * string) alone cost about 10% of a keep-alive request's server CPU in certmap's HTTP benchmark.
 * The chain itself is the same object the TLS session holds, so certmap's decision cache hits.
 *
 * <p>Tomcat keeps the processor in {@code org.apache.coyote.Request.hook} (private) and its
 * {@link SSLSupport} in {@code AbstractProcessor.sslSupport} (protected). Both exist in Tomcat 10.1
 * and 11; if a version lacks them, or a connector has no SSLSupport (AJP), callers fall back to
 * the public action, so this can only ever be faster, never different.
 */
final class SslChainReader {

    private static final VarHandle HOOK = find(org.apache.coyote.Request.class, "hook");
    private static final VarHandle SSL_SUPPORT = find(AbstractProcessor.class, "sslSupport");

    private SslChainReader() {
    }

    private static VarHandle find(Class<?> owner, String field) {
        try {
            MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(owner, MethodHandles.lookup());
            return lookup.findVarHandle(owner, field, owner.getDeclaredField(field).getType());
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** Whether the fast path is available in this Tomcat. */
    static boolean usable() {
        return HOOK != null && SSL_SUPPORT != null;
    }

    /**
     * The peer's chain, an empty array when the TLS client sent none, or null when this path cannot
     * tell (no SSLSupport, another Tomcat): then use {@code REQ_SSL_ATTRIBUTE}.
     */
    static X509Certificate[] chain(org.apache.coyote.Request coyote) {
        if (!usable()) {
            return null;
        }
        try {
            Object hook = HOOK.getVolatile(coyote);
            if (!(hook instanceof AbstractProcessor)) {
                return null;
            }
            SSLSupport ssl = (SSLSupport) SSL_SUPPORT.getVolatile(hook);
            if (ssl == null) {
                return null;
            }
            X509Certificate[] chain = ssl.getPeerCertificateChain();
            return chain == null ? new X509Certificate[0] : chain;
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }
}
