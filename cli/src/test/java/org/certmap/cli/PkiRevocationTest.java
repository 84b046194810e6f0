package org.certmap.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CRLReason;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** certmap pki revoke and certmap pki crl on a two-tier demo PKI, read back by the JDK and by openssl. */
class PkiRevocationTest {

    @TempDir
    Path dir;

    Path pki;

    @BeforeEach
    void twoTier() {
        pki = dir.resolve("pki");
        ok("pki", "ca", "--out", pki.toString(), "--password", "pw", "--subject", "CN=Rev Root CA,O=certmap test");
        ok("pki", "intermediate", "--out", pki.toString(), "--password", "pw", "--issuer", pki.resolve("ca").toString(),
                "--subject", "CN=Rev Issuing CA,O=certmap test");
        for (String cn : new String[] {"ann", "ben"}) {
            ok("pki", "client", "--out", pki.toString(), "--password", "pw", "--issuer",
                    pki.resolve("intermediate").toString(), "--subject", "CN=" + cn + ",O=certmap test",
                    "--crl-url", "http://localhost:8081/intermediate.crl",
                    "--delta-crl-url", "http://localhost:8081/intermediate-delta.crl",
                    "--ocsp-url", "http://localhost:8082/ocsp");
        }
    }

    private static Cli.Result ok(String... args) {
        Cli.Result r = Cli.exec(args);
        assertThat(r.exit()).as(r.toString()).isZero();
        return r;
    }

    private static X509Certificate cert(Path file) throws Exception {
        try (InputStream in = Files.newInputStream(file)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    private static X509CRL crl(Path file) throws Exception {
        try (InputStream in = Files.newInputStream(file)) {
            return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(in);
        }
    }

    private static BigInteger number(X509CRL crl, String oid) throws Exception {
        byte[] v = crl.getExtensionValue(oid);
        return v == null ? null : ASN1Integer.getInstance(JcaX509ExtensionUtils.parseExtensionValue(v)).getValue();
    }

    private static BigInteger crlNumber(X509CRL crl) throws Exception {
        return number(crl, "2.5.29.20");
    }

    private String intermediate() {
        return pki.resolve("intermediate").toString();
    }

    @Test
    void clientWhenAskedThenCarriesCrlDeltaAndOcspUrls() throws Exception {
        X509Certificate ann = cert(pki.resolve("ann.pem"));
        CRLDistPoint cdp = CRLDistPoint.getInstance(JcaX509ExtensionUtils.parseExtensionValue(
                ann.getExtensionValue("2.5.29.31")));
        GeneralName cdpName = GeneralNames.getInstance(cdp.getDistributionPoints()[0].getDistributionPoint().getName())
                .getNames()[0];
        assertThat(cdpName.getTagNo()).isEqualTo(GeneralName.uniformResourceIdentifier);
        assertThat(cdpName.getName().toString()).isEqualTo("http://localhost:8081/intermediate.crl");
        assertThat(ann.getExtensionValue("2.5.29.46")).as("freshestCRL").isNotNull();
        AccessDescription ocsp = AuthorityInformationAccess.getInstance(JcaX509ExtensionUtils.parseExtensionValue(
                ann.getExtensionValue("1.3.6.1.5.5.7.1.1"))).getAccessDescriptions()[0];
        assertThat(ocsp.getAccessMethod()).isEqualTo(AccessDescription.id_ad_ocsp);
        assertThat(ocsp.getAccessLocation().getName().toString()).isEqualTo("http://localhost:8082/ocsp");

        String text = Openssl.run(pki, "x509", "-in", "ann.pem", "-noout", "-text");
        assertThat(text).contains("X509v3 CRL Distribution Points", "URI:http://localhost:8081/intermediate.crl",
                "X509v3 Freshest CRL", "OCSP - URI:http://localhost:8082/ocsp");

        Cli.Result bad = Cli.exec("pki", "client", "--out", pki.toString(), "--password", "pw", "--issuer",
                intermediate(), "--subject", "CN=x", "--crl-url", "intermediate.crl");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("--crl-url 'intermediate.crl' is not an absolute URL");
    }

    @Test
    void revokeThenCrlListsItWithReasonNumberAndTheCaSignature() throws Exception {
        Cli.Result r = ok("pki", "revoke", "--issuer", intermediate(), "--reason", "keyCompromise",
                pki.resolve("ann.pem").toString());
        assertThat(r.out()).contains("revoked serial", "subject     CN=ann,O=certmap test", "reason      keyCompromise",
                "certmap pki crl --issuer " + intermediate());
        Cli.Result c = ok("pki", "crl", "--issuer", intermediate());
        assertThat(c.out()).contains("made CRL number 1 of CN=Rev Issuing CA,O=certmap test", "revoked     1");

        X509Certificate issuing = cert(pki.resolve("intermediate.pem"));
        X509Certificate ann = cert(pki.resolve("ann.pem"));
        X509Certificate ben = cert(pki.resolve("ben.pem"));
        X509CRL der = crl(pki.resolve("intermediate.crl"));
        X509CRL pem = crl(pki.resolve("intermediate-crl.pem"));
        assertThat(pem).isEqualTo(der);
        der.verify(issuing.getPublicKey());
        assertThat(der.getIssuerX500Principal()).isEqualTo(issuing.getSubjectX500Principal());
        assertThat(der.isRevoked(ann)).isTrue();
        assertThat(der.isRevoked(ben)).isFalse();
        X509CRLEntry entry = der.getRevokedCertificate(ann.getSerialNumber());
        assertThat(entry.getRevocationReason()).isEqualTo(CRLReason.KEY_COMPROMISE);
        assertThat(entry.getRevocationDate().toInstant()).isCloseTo(Instant.now(), within(2, ChronoUnit.MINUTES));
        assertThat(crlNumber(der)).isEqualTo(1);
        assertThat(der.getExtensionValue("2.5.29.35")).as("authorityKeyIdentifier").isNotNull();
        assertThat(Duration.between(der.getThisUpdate().toInstant(), der.getNextUpdate().toInstant()))
                .isEqualTo(Duration.ofDays(7));

        // openssl reads both forms, checks the signature, and refuses the revoked certificate
        String text = Openssl.run(pki, "crl", "-in", "intermediate-crl.pem", "-noout", "-text");
        assertThat(text).contains("X509v3 CRL Number", "Key Compromise",
                ann.getSerialNumber().toString(16).toUpperCase(java.util.Locale.ROOT));
        assertThat(Openssl.run(pki, "crl", "-in", "intermediate.crl", "-inform", "DER", "-CAfile", "intermediate.pem",
                "-noout")).contains("verify OK");
        Files.writeString(pki.resolve("root.pem"), Files.readString(pki.resolve("ca.pem")));
        Openssl.Result annVerify = Openssl.runAny(pki, "verify", "-crl_check", "-CAfile", "root.pem", "-untrusted",
                "intermediate.pem", "-CRLfile", "intermediate-crl.pem", "ann.pem");
        assertThat(annVerify.exit()).isNotZero();
        assertThat(annVerify.output()).contains("certificate revoked");
        assertThat(Openssl.run(pki, "verify", "-crl_check", "-CAfile", "root.pem", "-untrusted", "intermediate.pem",
                "-CRLfile", "intermediate-crl.pem", "ben.pem")).contains("ben.pem: OK");

        // each CRL gets the next number
        ok("pki", "crl", "--issuer", intermediate(), "--next-update", "12h");
        X509CRL second = crl(pki.resolve("intermediate.crl"));
        assertThat(crlNumber(second)).isEqualTo(2);
        assertThat(Duration.between(second.getThisUpdate().toInstant(), second.getNextUpdate().toInstant()))
                .isEqualTo(Duration.ofHours(12));
        assertThat(second.isRevoked(ann)).isTrue();
    }

    @Test
    void twoTierThenOneCrlPerCaEachSignedByItsOwnCa() throws Exception {
        ok("pki", "revoke", "--issuer", pki.resolve("ca").toString(), "--reason", "cACompromise",
                pki.resolve("intermediate.pem").toString());
        ok("pki", "revoke", "--issuer", intermediate(), "--reason", "superseded", pki.resolve("ben.pem").toString());
        Cli.Result wrongCa = Cli.exec("pki", "revoke", "--issuer", pki.resolve("ca").toString(),
                pki.resolve("ann.pem").toString());
        assertThat(wrongCa.exit()).isEqualTo(2);
        assertThat(wrongCa.err()).contains("was not issued by CN=Rev Root CA", "give --issuer for the CA that issued it");

        Cli.Result c = ok("pki", "crl", "--issuer", pki.resolve("ca").toString(), "--issuer", intermediate(),
                "--out", dir.resolve("published").toString());
        assertThat(c.out()).contains("of CN=Rev Root CA", "of CN=Rev Issuing CA");
        X509Certificate root = cert(pki.resolve("ca.pem"));
        X509Certificate issuing = cert(pki.resolve("intermediate.pem"));
        X509CRL rootCrl = crl(dir.resolve("published/ca.crl"));
        X509CRL issuingCrl = crl(dir.resolve("published/intermediate-crl.pem"));
        rootCrl.verify(root.getPublicKey());
        issuingCrl.verify(issuing.getPublicKey());
        assertThat(rootCrl.isRevoked(issuing)).isTrue();
        assertThat(rootCrl.getRevokedCertificate(issuing.getSerialNumber()).getRevocationReason())
                .isEqualTo(CRLReason.CA_COMPROMISE);
        assertThat(issuingCrl.getRevokedCertificates()).hasSize(1);
        assertThat(issuingCrl.getRevokedCertificate(cert(pki.resolve("ben.pem")).getSerialNumber())
                .getRevocationReason()).isEqualTo(CRLReason.SUPERSEDED);
        assertThat(pki.resolve("ca-revocations.txt")).exists();
        assertThat(pki.resolve("intermediate-revocations.txt")).exists();
    }

    @Test
    void revokeBySerialPastedFromWindowsThenListed() throws Exception {
        X509Certificate ben = cert(pki.resolve("ben.pem"));
        String hex = ben.getSerialNumber().toString(16);
        String pasted = "\u200e" + (hex.length() % 2 == 1 ? "0" + hex : hex).replaceAll("(..)(?!$)", "$1 ");
        Cli.Result r = ok("pki", "revoke", "--issuer", intermediate(), "--serial", pasted, "--reason", "superseded",
                "--date", "2026-01-15T10:00:00Z");
        assertThat(r.out()).contains("revoked serial " + hex, "date        2026-01-15T10:00:00Z");
        ok("pki", "crl", "--issuer", intermediate());
        X509CRLEntry e = crl(pki.resolve("intermediate.crl")).getRevokedCertificate(ben.getSerialNumber());
        assertThat(e.getRevocationReason()).isEqualTo(CRLReason.SUPERSEDED);
        assertThat(e.getRevocationDate().toInstant()).isEqualTo(Instant.parse("2026-01-15T10:00:00Z"));

        assertThat(Cli.exec("pki", "revoke", "--issuer", intermediate(), "--serial", "12 zz").err())
                .contains("--serial: 'z'", "not a hex digit");
        assertThat(Cli.exec("pki", "revoke", "--issuer", intermediate()).err()).contains("or --serial HEX");
    }

    @Test
    void revokeTwiceThenUnchangedUnlessOnHold() throws Exception {
        String ann = pki.resolve("ann.pem").toString();
        ok("pki", "revoke", "--issuer", intermediate(), "--reason", "certificateHold", ann);
        String state = Files.readString(pki.resolve("intermediate-revocations.txt"));
        assertThat(Cli.exec("pki", "revoke", "--issuer", intermediate(), "--reason", "certificateHold", ann).out())
                .contains("already revoked", "not changed");
        assertThat(Files.readString(pki.resolve("intermediate-revocations.txt"))).isEqualTo(state);
        assertThat(ok("pki", "revoke", "--issuer", intermediate(), "--reason", "key-compromise", ann).out())
                .contains("revoked (was on hold)", "keyCompromise");
        assertThat(Cli.exec("pki", "revoke", "--issuer", intermediate(), "--reason", "superseded", ann).out())
                .contains("already revoked", "keyCompromise");
        ok("pki", "crl", "--issuer", intermediate());
        assertThat(crl(pki.resolve("intermediate.crl")).getRevokedCertificate(cert(Path.of(ann)).getSerialNumber())
                .getRevocationReason()).isEqualTo(CRLReason.KEY_COMPROMISE);

        Cli.Result badReason = Cli.exec("pki", "revoke", "--issuer", intermediate(), "--reason", "lost", ann);
        assertThat(badReason.exit()).isEqualTo(2);
        assertThat(badReason.err()).contains("'lost' is not an RFC 5280 revocation reason", "keyCompromise",
                "cessationOfOperation", "certificateHold");
    }

    @Test
    void unspecifiedReasonThenNoReasonCodeAndTheStateFileIsReadable() throws Exception {
        ok("pki", "revoke", "--issuer", intermediate(), pki.resolve("ann.pem").toString());
        ok("pki", "crl", "--issuer", intermediate());
        X509Certificate ann = cert(pki.resolve("ann.pem"));
        X509CRLEntry e = crl(pki.resolve("intermediate.crl")).getRevokedCertificate(ann.getSerialNumber());
        assertThat(e.getRevocationReason()).isNull();
        assertThat(e.hasExtensions()).isFalse();
        assertThat(Files.readAllLines(pki.resolve("intermediate-revocations.txt"))).contains(
                "next-crl-number 2", "last-full-crl 1").anyMatch(l -> l.matches("revoked " + ann.getSerialNumber()
                .toString(16) + " \\S+Z unspecified 1 CN=ann,O=certmap test"));
    }

    @Test
    void deltaThenListsOnlyWhatWasRevokedSinceTheBase() throws Exception {
        Cli.Result early = Cli.exec("pki", "crl", "--issuer", intermediate(), "--delta");
        assertThat(early.exit()).isEqualTo(2);
        assertThat(early.err()).contains("a delta CRL needs a full CRL", "without --delta first");

        X509Certificate ann = cert(pki.resolve("ann.pem"));
        X509Certificate ben = cert(pki.resolve("ben.pem"));
        ok("pki", "revoke", "--issuer", intermediate(), "--reason", "keyCompromise", pki.resolve("ann.pem").toString());
        ok("pki", "crl", "--issuer", intermediate());
        ok("pki", "revoke", "--issuer", intermediate(), "--reason", "cessationOfOperation",
                pki.resolve("ben.pem").toString());
        Cli.Result d = ok("pki", "crl", "--issuer", intermediate(), "--delta", "--next-update", "1d");
        assertThat(d.out()).contains("made delta CRL number 2 on base CRL 1", "revoked     1 since the base",
                "intermediate-delta.crl", "intermediate-delta-crl.pem");
        X509CRL delta = crl(pki.resolve("intermediate-delta.crl"));
        delta.verify(cert(pki.resolve("intermediate.pem")).getPublicKey());
        assertThat(crlNumber(delta)).isEqualTo(2);
        assertThat(number(delta, "2.5.29.27")).as("deltaCRLIndicator").isEqualTo(1);
        assertThat(delta.getCriticalExtensionOIDs()).contains("2.5.29.27");
        assertThat(delta.isRevoked(ben)).isTrue();
        assertThat(delta.isRevoked(ann)).isFalse();
        assertThat(crlNumber(crl(pki.resolve("intermediate.crl")))).as("the base stays").isEqualTo(1);
        assertThat(Openssl.run(pki, "crl", "-in", "intermediate-delta-crl.pem", "-noout", "-text"))
                .contains("Delta CRL Indicator", "Cessation Of Operation");

        // the next full CRL has both and the next number; a delta after it is based on it
        ok("pki", "crl", "--issuer", intermediate());
        X509CRL full = crl(pki.resolve("intermediate.crl"));
        assertThat(crlNumber(full)).isEqualTo(3);
        assertThat(full.isRevoked(ann) && full.isRevoked(ben)).isTrue();
        ok("pki", "crl", "--issuer", intermediate(), "--delta");
        X509CRL empty = crl(pki.resolve("intermediate-delta.crl"));
        assertThat(number(empty, "2.5.29.27")).isEqualTo(3);
        assertThat(empty.getRevokedCertificates()).isNull();
    }

    @Test
    void crlWithAPastThisUpdateThenStaleAndBadDurationsRefused() throws Exception {
        ok("pki", "crl", "--issuer", intermediate(), "--this-update", "2025-01-01", "--next-update", "P7D");
        X509CRL stale = crl(pki.resolve("intermediate.crl"));
        assertThat(stale.getThisUpdate().toInstant()).isEqualTo(Instant.parse("2025-01-01T00:00:00Z"));
        assertThat(stale.getNextUpdate().toInstant()).isEqualTo(Instant.parse("2025-01-08T00:00:00Z"));
        for (String bad : new String[] {"0d", "-1d", "soon"}) {
            Cli.Result r = Cli.exec("pki", "crl", "--issuer", intermediate(), "--next-update", bad);
            assertThat(r.exit()).as(bad).isEqualTo(2);
            assertThat(r.err()).contains("not a positive duration");
        }
        Cli.Result notCa = Cli.exec("pki", "crl", "--issuer", pki.resolve("ann").toString());
        assertThat(notCa.err()).contains("is not a CA certificate");
    }

    @Test
    void revokedDemoCertificateIsRefusedByExplainAndCheckListsEachCasSources() throws Exception {
        ok("pki", "revoke", "--issuer", intermediate(), "--reason", "keyCompromise", pki.resolve("ann.pem").toString());
        ok("pki", "crl", "--issuer", intermediate(), "--issuer", pki.resolve("ca").toString());
        Files.writeString(pki.resolve("certmap.xml"), String.join("\n",
                "<certificateMapping>",
                "  <validation trustStore=\"ca.pem\">",
                "    <revocation crlFiles=\"intermediate.crl ca.crl\"/>",
                "  </validation>",
                "</certificateMapping>", ""));
        Cli.Result rootOnly = Cli.exec("check", "--config", pki.resolve("certmap.xml").toString());
        assertThat(rootOnly.exit()).isEqualTo(2);
        assertThat(rootOnly.err()).contains("intermediate.crl: not signed by any CA it names",
                "the CA that signs it must be there");
        // One file serves both: the trust store with the intermediate (a known intermediate below its root).
        Files.writeString(pki.resolve("trust.pem"), Files.readString(pki.resolve("ca.pem"))
                + Files.readString(pki.resolve("intermediate.pem")));
        Files.writeString(pki.resolve("certmap.xml"), String.join("\n",
                "<certificateMapping>",
                "  <validation trustStore=\"trust.pem\">",
                "    <revocation crlFiles=\"intermediate.crl ca.crl\"/>",
                "  </validation>",
                "  <manyToOneMappings>",
                "    <add name=\"test\" userName=\"{Subject.CN}\"><rules>",
                "      <add certificateField=\"Issuer\" certificateSubField=\"CN\" matchCriteria=\"Rev Issuing CA\"/>",
                "    </rules></add>",
                "  </manyToOneMappings>",
                "</certificateMapping>", ""));
        String config = pki.resolve("certmap.xml").toString();
        Cli.Result check = ok("check", "--config", config);
        assertThat(check.out()).contains("revocation  every certificate below the trust anchor (scope=\"chain\")",
                "issued by CN=Rev Issuing CA,O=certmap test: CRL file", "intermediate.crl",
                "issued by CN=Rev Root CA,O=certmap test: CRL file");

        Cli.Result ann = Cli.exec("explain", "--config", config, "--chain", pki.resolve("intermediate.pem").toString(),
                pki.resolve("ann.pem").toString());
        assertThat(ann.exit()).as(ann.toString()).isEqualTo(1);
        assertThat(ann.out()).contains("REFUSED CERTIFICATE_REVOKED", "keyCompromise", "intermediate.crl (number 1)",
                "because: revocation:");
        Cli.Result ben = Cli.exec("explain", "--config", config, "--chain", pki.resolve("intermediate.pem").toString(),
                pki.resolve("ben.pem").toString());
        assertThat(ben.exit()).as(ben.toString()).isZero();
        assertThat(ben.out()).contains("MAPS to user ben", "says good (thisUpdate");
    }
}
