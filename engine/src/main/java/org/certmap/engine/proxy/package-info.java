/**
 * Client certificates forwarded by TLS-terminating proxies (httpd, nginx, Envoy, HAProxy, AWS ALB,
 * RFC 9440): {@link org.certmap.engine.proxy.TrustedProxies} decides whether the TCP peer may speak
 * for the client, {@link org.certmap.engine.proxy.CertificateHeaderDecoder} reads the header it
 * sends. A header alone never establishes trust: decoded certificates are validated like any
 * other (DESIGN.md, {@code <proxy>}).
 */
package org.certmap.engine.proxy;
