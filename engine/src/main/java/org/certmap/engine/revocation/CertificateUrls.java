package org.certmap.engine.revocation;

import java.net.URI;
import java.net.URISyntaxException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

import org.certmap.engine.x509.DerReader;
import org.certmap.engine.x509.NameException;

/**
 * The revocation URLs one certificate names: the OCSP responders and CA issuers of its Authority
 * Information Access extension (RFC 5280 §4.2.2.1), its CRL Distribution Points (§4.2.1.13) and
 * its Freshest CRL points (§4.2.1.15, delta CRLs), read from the extensions' DER.
 *
 * <p>Why strict, and why never an exception: these URLs are only read for a certificate that
 * already passed trust, so they come from a CA, but a CA's extension can still be malformed. A
 * malformed extension yields no URLs from that extension and a line in {@link #problems()}; the
 * caller then has no source there, which fails closed (DESIGN.md invariant 6) instead of failing
 * the request with an exception. Only {@code http} and {@code https} URLs are usable (DESIGN.md,
 * Revocation rules); {@code ldap://}, {@code file://} and the rest go to {@link #skipped()} so
 * that the caller can log one INFO per URL. Distribution points given only as a
 * {@code nameRelativeToCRLIssuer} or as non-URI general names name no URL and are passed over.
 */
public final class CertificateUrls {

    /** At most this many URLs are kept per extension; a real certificate has one or two. */
    static final int MAX_URLS = 10;

    static final String AIA = "1.3.6.1.5.5.7.1.1";
    static final String CRL_DISTRIBUTION_POINTS = "2.5.29.31";
    static final String FRESHEST_CRL = "2.5.29.46";

    /** id-ad-ocsp 1.3.6.1.5.5.7.48.1 and id-ad-caIssuers 1.3.6.1.5.5.7.48.2, contents octets. */
    private static final byte[] AD_OCSP = {0x2B, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x01};
    private static final byte[] AD_CA_ISSUERS = {0x2B, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x02};


    /**
     * A URL the certificate names but certmap does not fetch (not {@code http}/{@code https}).
     *
     * @param extension {@code authorityInfoAccess}, {@code crlDistributionPoints} or {@code freshestCrl}
     * @param url       the URL as written, with control characters escaped so it is safe in a log line
     */
    public record Skipped(String extension, String url) {
    }

    private final List<URI> ocsp;
    private final List<URI> crlDistributionPoints;
    private final List<URI> freshestCrl;
    private final List<Skipped> skipped;
    private final List<String> problems;

    private CertificateUrls(Collector ocsp, Collector cdp, Collector freshest,
            List<Skipped> skipped, List<String> problems) {
        this.ocsp = List.copyOf(ocsp.urls);
        this.crlDistributionPoints = List.copyOf(cdp.urls);
        this.freshestCrl = List.copyOf(freshest.urls);
        this.skipped = List.copyOf(skipped);
        this.problems = List.copyOf(problems);
    }

    /** Reads the URLs of {@code certificate}; never throws for a malformed extension. */
    public static CertificateUrls of(X509Certificate certificate) {
        Objects.requireNonNull(certificate, "certificate");
        List<Skipped> skipped = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Collector ocsp = new Collector("authorityInfoAccess", skipped, problems);
        // Read for a well-formed AIA only: certmap never fetches a CA certificate (the trust store is the list).
        Collector caIssuers = new Collector("authorityInfoAccess", skipped, problems);
        Collector cdp = new Collector("crlDistributionPoints", skipped, problems);
        Collector freshest = new Collector("freshestCrl", skipped, problems);
        try {
            readAia(certificate.getExtensionValue(AIA), ocsp, caIssuers);
        } catch (NameException e) {
            ocsp.urls.clear();
            caIssuers.urls.clear();
            problems.add("authorityInfoAccess extension is malformed: " + e.getMessage());
        }
        readPoints(certificate.getExtensionValue(CRL_DISTRIBUTION_POINTS), cdp);
        readPoints(certificate.getExtensionValue(FRESHEST_CRL), freshest);
        return new CertificateUrls(ocsp, cdp, freshest, skipped, problems);
    }

    /** AIA OCSP responder URLs ({@code http}/{@code https}), in certificate order, without duplicates. */
    public List<URI> ocsp() {
        return ocsp;
    }


    /** CRL Distribution Points full-name URLs ({@code http}/{@code https}). */
    public List<URI> crlDistributionPoints() {
        return crlDistributionPoints;
    }

    /** Freshest CRL (delta CRL) full-name URLs ({@code http}/{@code https}). */
    public List<URI> freshestCrl() {
        return freshestCrl;
    }

    /** URLs with another scheme ({@code ldap}, {@code file}, ...), for one INFO line each. */
    public List<Skipped> skipped() {
        return skipped;
    }

    /** One line per extension that could not be read (it then contributes no URL). */
    public List<String> problems() {
        return problems;
    }

    /** AuthorityInfoAccessSyntax ::= SEQUENCE SIZE (1..MAX) OF AccessDescription. */
    private static void readAia(byte[] extensionValue, Collector ocsp, Collector caIssuers) throws NameException {
        if (extensionValue == null) {
            return;
        }
        DerReader descriptions = unwrap(extensionValue, "authorityInfoAccess");
        while (descriptions.hasMore()) {
            // AccessDescription ::= SEQUENCE { accessMethod OBJECT IDENTIFIER, accessLocation GeneralName }
            DerReader description = descriptions.read(DerReader.SEQUENCE, "AccessDescription").contents();
            DerReader.Element method = description.read(DerReader.OID, "accessMethod");
            DerReader.Element location = description.read();
            description.expectEnd("AccessDescription");
            if (location.tag() != CrlDer.URI) {
                continue; // a directoryName or another form names no URL
            }
            byte[] oid = method.value();
            if (Arrays.equals(oid, AD_OCSP)) {
                ocsp.add(location);
            } else if (Arrays.equals(oid, AD_CA_ISSUERS)) {
                caIssuers.add(location);
            }
        }
    }

    /**
     * CRLDistributionPoints (and FreshestCRL) ::= SEQUENCE SIZE (1..MAX) OF DistributionPoint: the
     * URIs of every point's fullName, cRLIssuer or not (the CRL's own scope decides whether it
     * applies).
     */
    private static void readPoints(byte[] extensionValue, Collector into) {
        if (extensionValue == null) {
            return;
        }
        try {
            CrlDer.distributionPoints(unwrap(extensionValue, into.extension),
                    (point, indirect) -> CrlDer.distributionPointName(point, (name, relative) -> {
                        if (!relative && name.tag() == CrlDer.URI) {
                            into.add(name);
                        }
                    }));
        } catch (NameException e) {
            into.urls.clear();
            into.problems.add(into.extension + " extension is malformed: " + e.getMessage());
        }
    }

    /** getExtensionValue is an OCTET STRING wrapping the extension's DER: a non-empty SEQUENCE. */
    private static DerReader unwrap(byte[] extensionValue, String what) throws NameException {
        DerReader items = CrlDer.sequence(CrlDer.octets(extensionValue), what);
        if (!items.hasMore()) {
            throw new NameException(what + " is empty");
        }
        return items;
    }

    /** The URLs of one list, and where unusable ones are reported. */
    private static final class Collector {
        final String extension;
        final Set<URI> urls = new LinkedHashSet<>();
        final List<Skipped> skipped;
        final List<String> problems;
        boolean overflowed;

        Collector(String extension, List<Skipped> skipped, List<String> problems) {
            this.extension = extension;
            this.skipped = skipped;
            this.problems = problems;
        }

        /** uniformResourceIdentifier [6] IA5String: ASCII only. */
        void add(DerReader.Element element) throws NameException {
            byte[] value = element.value();
            StringBuilder sb = new StringBuilder(value.length);
            for (byte b : value) {
                if (b < 0) {
                    throw new NameException("uniformResourceIdentifier is not IA5 (byte above 0x7F)");
                }
                sb.append((char) b);
            }
            String text = sb.toString();
            URI uri = usable(text);
            if (uri == null) {
                skipped.add(new Skipped(extension, UrlText.safe(text)));
            } else if (urls.size() >= MAX_URLS && !urls.contains(uri)) {
                if (!overflowed) {
                    overflowed = true;
                    problems.add(extension + ": more than " + MAX_URLS + " URLs, the rest are ignored");
                }
            } else {
                urls.add(uri);
            }
        }

        /** The URL if it is an absolute http or https URL with a host, else null. */
        private static URI usable(String text) {
            URI uri;
            try {
                uri = new URI(text);
            } catch (URISyntaxException e) {
                return null;
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                return null;
            }
            return uri;
        }
    }
}
