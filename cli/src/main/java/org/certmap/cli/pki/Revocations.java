package org.certmap.cli.pki;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509CRL;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import org.bouncycastle.asn1.x509.CRLReason;
import org.certmap.pki.CrlBuilder;
import org.certmap.pki.IssuedCertificate;
import org.certmap.pki.Pem;

/**
 * What a demo CA has revoked, and the CRLs it signs from that: the state {@code certmap pki revoke}
 * and {@code certmap pki crl} share, in a text file beside the CA ({@code pki/ca} →
 * {@code pki/ca-revocations.txt}):
 *
 * <pre>
 * # comments and blank lines are ignored
 * next-crl-number 3          the number the next CRL gets; full and delta CRLs share it (RFC 5280, 5.2.3)
 * last-full-crl 2            the number of the last full CRL: the base of a delta CRL (0: none yet)
 * revoked SERIAL TIME REASON FIRST-CRL SUBJECT
 * </pre>
 *
 * One {@code revoked} line per certificate: the serial in hex, the revocation time (ISO-8601 UTC),
 * the RFC 5280 reason name, the number of the first CRL that lists it (a delta CRL on base B lists
 * the lines whose FIRST-CRL is above B), and the subject for people ({@code -} when revoked by serial).
 */
public final class Revocations {

    /** RFC 5280 CRLReason names (5.3.1); removeFromCRL (8) belongs to delta CRLs and is not offered. */
    public enum Reason {
        UNSPECIFIED("unspecified", CRLReason.unspecified),
        KEY_COMPROMISE("keyCompromise", CRLReason.keyCompromise),
        CA_COMPROMISE("cACompromise", CRLReason.cACompromise),
        AFFILIATION_CHANGED("affiliationChanged", CRLReason.affiliationChanged),
        SUPERSEDED("superseded", CRLReason.superseded),
        CESSATION_OF_OPERATION("cessationOfOperation", CRLReason.cessationOfOperation),
        CERTIFICATE_HOLD("certificateHold", CRLReason.certificateHold),
        PRIVILEGE_WITHDRAWN("privilegeWithdrawn", CRLReason.privilegeWithdrawn),
        AA_COMPROMISE("aACompromise", CRLReason.aACompromise);

        private final String rfcName;
        private final int code;

        Reason(String rfcName, int code) {
            this.rfcName = rfcName;
            this.code = code;
        }

        /** The RFC 5280 name, e.g. {@code keyCompromise}. */
        public String rfcName() {
            return rfcName;
        }

        /** The CRLReason code (unspecified is written as no reasonCode extension, as RFC 5280 asks). */
        public int code() {
            return code;
        }

        /** By RFC name, any case, {@code -} and {@code _} ignored: keyCompromise, key-compromise, KEY_COMPROMISE. */
        public static Reason parse(String value) {
            String v = value.trim().replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
            for (Reason r : values()) {
                if (r.rfcName.toLowerCase(Locale.ROOT).equals(v)) {
                    return r;
                }
            }
            List<String> names = new ArrayList<>();
            for (Reason r : values()) {
                names.add(r.rfcName);
            }
            throw new IllegalArgumentException("'" + value + "' is not an RFC 5280 revocation reason: use one of "
                    + String.join(", ", names));
        }
    }

    /** One revoked certificate. */
    public record Entry(BigInteger serial, Instant revoked, Reason reason, long firstCrl, String subject) {
    }

    /** What {@link #revoke} did. */
    public enum Outcome { REVOKED, CHANGED, ALREADY }

    private final Path file;
    private long nextCrlNumber = 1;
    private long lastFullCrl;
    private final List<Entry> entries = new ArrayList<>();

    private Revocations(Path file) {
        this.file = file;
    }

    /** The state file of the CA whose files are {@code base.pem} and {@code base.key}. */
    public static Path stateFile(Path caBase) {
        return Path.of(caBase + "-revocations.txt");
    }

    /** Reads the state file; a missing file is a CA that has revoked nothing and issued no CRL. */
    public static Revocations read(Path file) throws IOException {
        Revocations r = new Revocations(file);
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return r;
        }
        int n = 0;
        for (String raw : lines) {
            n++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\\s+", 6);
            try {
                switch (f[0]) {
                    case "next-crl-number" -> r.nextCrlNumber = Long.parseLong(f[1]);
                    case "last-full-crl" -> r.lastFullCrl = Long.parseLong(f[1]);
                    case "revoked" -> r.entries.add(new Entry(new BigInteger(f[1], 16), Instant.parse(f[2]),
                            Reason.parse(f[3]), Long.parseLong(f[4]), f.length > 5 ? f[5] : "-"));
                    default -> throw new IllegalArgumentException("unknown keyword " + f[0]);
                }
            } catch (ArrayIndexOutOfBoundsException | NumberFormatException | DateTimeParseException e) {
                throw new IOException(file + ":" + n + ": not a line certmap wrote (" + e.getMessage() + ")", e);
            } catch (IllegalArgumentException e) {
                throw new IOException(file + ":" + n + ": " + e.getMessage(), e);
            }
        }
        return r;
    }

    public Path file() {
        return file;
    }

    public List<Entry> entries() {
        return Collections.unmodifiableList(entries);
    }

    public long nextCrlNumber() {
        return nextCrlNumber;
    }

    public long lastFullCrl() {
        return lastFullCrl;
    }

    /** The entry of this serial, or null. */
    public Entry find(BigInteger serial) {
        for (Entry e : entries) {
            if (e.serial().equals(serial)) {
                return e;
            }
        }
        return null;
    }

    /**
     * Records a revocation. A certificate on hold may be revoked again with a final reason (RFC
     * 5280 allows certificateHold to become permanent); any other second revocation changes nothing.
     */
    public Outcome revoke(BigInteger serial, Instant when, Reason reason, String subject) {
        Entry old = find(serial);
        Entry e = new Entry(serial, when, reason, nextCrlNumber, subject == null || subject.isBlank() ? "-" : subject);
        if (old == null) {
            entries.add(e);
            return Outcome.REVOKED;
        }
        if (old.reason() == Reason.CERTIFICATE_HOLD && reason != Reason.CERTIFICATE_HOLD) {
            entries.set(entries.indexOf(old), new Entry(serial, old.revoked(), reason, nextCrlNumber,
                    old.subject().equals("-") ? e.subject() : old.subject()));
            return Outcome.CHANGED;
        }
        return Outcome.ALREADY;
    }

    /**
     * Signs the next CRL with the CA's key and counts it in the state (call {@link #write} after).
     *
     * @param delta a delta CRL (deltaCRLIndicator = the last full CRL's number) listing what was
     *              revoked since that base; needs a full CRL first
     */
    public X509CRL sign(IssuedCertificate ca, Instant thisUpdate, Instant nextUpdate, boolean delta) {
        if (delta && lastFullCrl == 0) {
            throw new IllegalArgumentException("a delta CRL needs a full CRL to be based on: run certmap pki crl"
                    + " without --delta first");
        }
        long number = nextCrlNumber;
        CrlBuilder b = CrlBuilder.of(ca).times(thisUpdate, nextUpdate).number(BigInteger.valueOf(number));
        for (Entry e : entries) {
            if (!delta || e.firstCrl() > lastFullCrl) {
                b.revoke(e.serial(), e.revoked(), e.reason().code());
            }
        }
        if (delta) {
            b.deltaOf(BigInteger.valueOf(lastFullCrl));
        }
        X509CRL crl = b.build();
        nextCrlNumber = number + 1;
        if (!delta) {
            lastFullCrl = number;
        }
        return crl;
    }

    /** Writes the state file (a temporary file moved over it, so a reader never sees half of it). */
    public void write(String caSubject) throws IOException {
        StringBuilder sb = new StringBuilder();
        sb.append("# certmap pki: what ").append(caSubject).append(" has revoked (docs/cli.md, \"certmap pki revoke\")\n");
        sb.append("# revoked SERIAL REVOCATION-TIME REASON FIRST-CRL SUBJECT\n");
        sb.append("next-crl-number ").append(nextCrlNumber).append('\n');
        sb.append("last-full-crl ").append(lastFullCrl).append('\n');
        for (Entry e : entries) {
            sb.append("revoked ").append(e.serial().toString(16)).append(' ').append(e.revoked()).append(' ')
                    .append(e.reason().rfcName()).append(' ').append(e.firstCrl()).append(' ')
                    .append(e.subject().replace('\n', ' ').replace('\r', ' ')).append('\n');
        }
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            Files.writeString(tmp, sb, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** A CRL as PEM ({@code X509 CRL}, as openssl writes it). */
    public static String pem(X509CRL crl) {
        try {
            return Pem.crl(crl.getEncoded());
        } catch (java.security.cert.CRLException e) {
            throw new IllegalStateException(e);
        }
    }
}
