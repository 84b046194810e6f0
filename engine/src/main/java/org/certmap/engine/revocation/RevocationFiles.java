package org.certmap.engine.revocation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The CRLs of {@code crlFiles}, read and verified when the configuration loads: each file's CRL must
 * be signed by a CA of the trust store (anchors and known intermediates), delta CRLs go on top of
 * the complete CRL of the same CA and key, and at a reload a CRL older than the one in force for
 * that file is refused (a restored backup must not bring back a revoked certificate). Immutable.
 */
public final class RevocationFiles {

    /** One CA's complete CRL (and delta), with the files they came from. */
    record Entry(CrlSet crls, Path base, Path delta) {
    }

    private final List<Entry> entries;
    private final Map<Path, Crl> byFile;

    private RevocationFiles(List<Entry> entries, Map<Path, Crl> byFile) {
        this.entries = List.copyOf(entries);
        this.byFile = Map.copyOf(byFile);
    }

    static final RevocationFiles NONE = new RevocationFiles(List.of(), Map.of());

    /**
     * Reads and verifies every file.
     *
     * @param inForce the CRLs in force from the last good load, by file (empty at start)
     * @throws IOException with "FILE: why" for the first file that cannot be used
     */
    public static RevocationFiles load(List<Path> files, List<X509Certificate> storeCas, Map<Path, Crl> inForce)
            throws IOException {
        Map<Path, Crl> byFile = new LinkedHashMap<>();
        for (Path file : files) {
            Crl crl;
            try {
                crl = Crl.read(Files.readAllBytes(file), storeCas);
            } catch (CrlException e) {
                String hint = e.getMessage().startsWith("not signed by any CA it names")
                        ? "; certmap verifies each CRL file against the CAs of <validation trustStore> when it loads,"
                                + " so the CA that signs it must be there (as a known intermediate below its root)" : "";
                throw new IOException(file + ": " + e.getMessage() + hint, e);
            } catch (IOException e) {
                throw new IOException(file + ": cannot be read (" + e.getMessage() + ")", e);
            }
            Crl old = inForce.get(file);
            if (old != null && old != crl) {
                Optional<String> refusal = sameData(crl, old) ? Optional.empty() : crl.refusalToReplace(old);
                if (refusal.isPresent()) {
                    throw new IOException(file + ": refused, because " + refusal.get()
                            + "; the CRL in force stays (publish a newer CRL)");
                }
            }
            byFile.put(file, crl);
        }
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<Path, Crl> e : byFile.entrySet()) {
            Crl crl = e.getValue();
            if (crl.isDelta()) {
                continue;
            }
            for (Entry other : entries) {
                if (sameCa(other.crls().base(), crl)) {
                    throw new IOException(e.getKey() + ": a second complete CRL of " + crl.describe() + " (the first is "
                            + other.base() + "): list one complete CRL per CA, and its delta CRL");
                }
            }
            try {
                entries.add(new Entry(CrlSet.of(crl), e.getKey(), null));
            } catch (CrlException x) {
                throw new IOException(e.getKey() + ": " + x.getMessage(), x);
            }
        }
        for (Map.Entry<Path, Crl> e : byFile.entrySet()) {
            Crl delta = e.getValue();
            if (!delta.isDelta()) {
                continue;
            }
            int at = -1;
            for (int i = 0; i < entries.size(); i++) {
                if (sameCa(entries.get(i).crls().base(), delta)) {
                    at = i;
                }
            }
            if (at < 0) {
                throw new IOException(e.getKey() + ": a delta CRL of " + delta.describe()
                        + " without that CA's complete CRL in crlFiles: add the complete CRL too");
            }
            Entry base = entries.get(at);
            if (base.delta() != null) {
                throw new IOException(e.getKey() + ": a second delta CRL of " + delta.describe() + " (the first is "
                        + base.delta() + ")");
            }
            try {
                entries.set(at, new Entry(CrlSet.of(base.crls().base(), delta), base.base(), e.getKey()));
            } catch (CrlException x) {
                throw new IOException(e.getKey() + ": " + x.getMessage(), x);
            }
        }
        return new RevocationFiles(entries, byFile);
    }

    /** The CRLs read, by file: what is in force once this load is applied. */
    public Map<Path, Crl> byFile() {
        return byFile;
    }

    List<Entry> entries() {
        return entries;
    }

    /** The CRLs for {@code issuer} (its subject and key), or null. */
    Entry of(X509Certificate issuer) {
        for (Entry e : entries) {
            Crl base = e.crls().base();
            if (base.issuer().equals(issuer.getSubjectX500Principal())
                    && base.issuerCertificate().getPublicKey().equals(issuer.getPublicKey())) {
                return e;
            }
        }
        return null;
    }

    private static boolean sameCa(Crl a, Crl b) {
        return java.util.Arrays.equals(a.issuerDer(), b.issuerDer())
                && a.issuerCertificate().getPublicKey().equals(b.issuerCertificate().getPublicKey());
    }

    /** The same CRL read again (the mapping file changed, not the CRL): not "older". */
    private static boolean sameData(Crl a, Crl b) {
        return java.util.Objects.equals(a.crlNumber(), b.crlNumber()) && a.thisUpdate().equals(b.thisUpdate())
                && a.size() == b.size() && java.util.Arrays.equals(a.issuerDer(), b.issuerDer());
    }
}
