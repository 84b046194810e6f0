package org.certmap.cli;

import java.io.PrintWriter;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.certmap.engine.mapping.CertificateFacts;
import org.certmap.engine.x509.CertificateNames;
import org.certmap.engine.x509.NameException;
import org.certmap.engine.x509.SanType;

/** How the commands print a certificate: names, fingerprints and dates; never its data. */
final class CertificateText {

    private CertificateText() {
    }

    static void print(PrintWriter out, X509Certificate c, Instant at) {
        CertificateFacts facts = new CertificateFacts(c);
        out.println("  subject     " + facts.summary().subject());
        out.println("  issuer      " + facts.summary().issuer());
        out.println("  serial      " + c.getSerialNumber().toString(16));
        out.println("  sha256      " + facts.sha256Hex());
        out.println("  spkiSha256  " + Base64.getEncoder().encodeToString(facts.spkiSha256()));
        out.println("  valid       " + c.getNotBefore().toInstant() + " to " + c.getNotAfter().toInstant()
                + validity(c, at));
        String sans = sans(c);
        if (!sans.isEmpty()) {
            out.println("  SANs        " + sans);
        }
        out.println("  key usage   " + eku(c));
    }

    static String validity(X509Certificate c, Instant at) {
        if (at.isAfter(c.getNotAfter().toInstant())) {
            return " (EXPIRED at " + at + ")";
        }
        if (at.isBefore(c.getNotBefore().toInstant())) {
            return " (NOT YET VALID at " + at + ")";
        }
        return "";
    }

    static String sans(X509Certificate c) {
        try {
            CertificateNames names = CertificateNames.of(c);
            List<String> out = new ArrayList<>();
            for (SanType t : SanType.values()) {
                for (String v : names.subjectAltNames(t)) {
                    out.add(t.name().toLowerCase(java.util.Locale.ROOT) + ":" + v);
                }
            }
            return String.join(", ", out);
        } catch (NameException e) {
            return "(undecodable: " + e.getMessage() + ")";
        }
    }

    static String eku(X509Certificate c) {
        try {
            List<String> eku = c.getExtendedKeyUsage();
            if (eku == null) {
                return "no EKU extension (no restriction)";
            }
            List<String> names = new ArrayList<>();
            for (String oid : eku) {
                names.add(switch (oid) {
                    case "1.3.6.1.5.5.7.3.1" -> "serverAuth";
                    case "1.3.6.1.5.5.7.3.2" -> "clientAuth";
                    case "1.3.6.1.5.5.7.3.4" -> "emailProtection";
                    case "1.3.6.1.5.5.7.3.3" -> "codeSigning";
                    case "2.5.29.37.0" -> "anyExtendedKeyUsage";
                    default -> oid;
                });
            }
            return "EKU " + String.join(", ", names);
        } catch (CertificateParsingException e) {
            return "EKU does not decode";
        }
    }
}
