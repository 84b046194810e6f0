package org.certmap.bench;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import org.bouncycastle.asn1.x500.X500Name;
import org.certmap.engine.directory.AdMappingStrings;
import org.certmap.engine.directory.Directory;
import org.certmap.engine.directory.DirectoryCache;
import org.certmap.engine.directory.DirectorySettings;
import org.certmap.engine.directory.LookupResult;
import org.certmap.pki.CertificateBuilder;
import org.certmap.pki.CertificateProfile;
import org.certmap.pki.IssuedCertificate;
import org.certmap.pki.KeyType;

/**
 * The directory figures of DESIGN.md "Performance targets", against a local OpenLDAP slapd that this
 * class starts (Debian {@code slapd}, {@code ldap-utils}; Active Directory's {@code msuser.schema}
 * with the EQUALITY rule {@code altSecurityIdentities} lacks): p50 and p99 of a new certificate's
 * lookup (one search, {@code altSecurityIdentities} with its five alternatives, over certmap's pooled
 * JNDI connection) and of a cached one ({@link Directory#lookup} on a repeat certificate). Single
 * measurements with {@code System.nanoTime} around each call, a guide rather than a JMH score. Run
 * with {@code java -cp bench/target/benchmarks.jar org.certmap.bench.DirectoryFigures [entries]}.
 */
public final class DirectoryFigures {

    private static final String SUFFIX = "dc=contoso,dc=example";

    private DirectoryFigures() {
    }

    public static void main(String[] args) throws Exception {
        int entries = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
        Path dir = Files.createTempDirectory("certmap-slapd-bench");
        Process slapd = null;
        try {
            int port = freePort();
            slapd = startSlapd(dir, port);
            List<X509Certificate> certs = certificates(entries);
            load(dir, port, certs);
            DirectorySettings settings = DirectorySettings.of(List.of(URI.create("ldap://127.0.0.1:" + port)), SUFFIX)
                    .withBind("cn=admin," + SUFFIX, "bench".toCharArray());
            try (Directory d = Directory.open(settings)) {
                int warm = Math.min(200, entries / 4);
                for (int i = 0; i < warm; i++) {
                    check(d.lookupUncached(certs.get(i), true));
                }
                long[] fresh = new long[entries - warm];
                for (int i = warm; i < entries; i++) {
                    long t0 = System.nanoTime();
                    DirectoryCache.Answer a = d.lookup(certs.get(i), true);
                    fresh[i - warm] = System.nanoTime() - t0;
                    check(a.result());
                }
                X509Certificate repeat = certs.get(warm);
                int n = 2_000_000;
                long[] cached = new long[n];
                for (int i = 0; i < n; i++) {
                    long t0 = System.nanoTime();
                    DirectoryCache.Answer a = d.lookup(repeat, true);
                    cached[i] = System.nanoTime() - t0;
                    if (a.stale()) {
                        throw new IllegalStateException("stale");
                    }
                }
                System.out.printf(Locale.ROOT, "%-44s %10s %10s %10s%n", "directory lookup (" + entries + " entries)",
                        "n", "p50", "p99");
                row("new certificate (one search, local slapd)", fresh);
                row("cached answer (repeat certificate)", Arrays.copyOfRange(cached, n / 2, n));
                System.out.printf(Locale.ROOT, "connections opened: %d (maxConnections %d)%n",
                        d.client().connectionsOpened(), settings.maxConnections());
            }
        } finally {
            if (slapd != null) {
                slapd.destroy();
                slapd.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static void check(LookupResult r) {
        if (!(r instanceof LookupResult.Found)) {
            throw new IllegalStateException("expected a hit: " + r.describe());
        }
    }

    private static void row(String what, long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        System.out.printf(Locale.ROOT, "%-44s %10d %10s %10s%n", what, s.length, human(s[s.length / 2]),
                human(s[(int) Math.min(s.length - 1, Math.ceil(s.length * 0.99) - 1)]));
    }

    private static String human(long nanos) {
        return nanos >= 1_000_000 ? String.format(Locale.ROOT, "%.2f ms", nanos / 1e6)
                : nanos >= 1_000 ? String.format(Locale.ROOT, "%.2f µs", nanos / 1e3) : nanos + " ns";
    }

    /** A CA with basicConstraints only and {@code n} leaves without extensions: only issuer and serial differ. */
    private static List<X509Certificate> certificates(int n) {
        Instant from = Instant.now().minus(Duration.ofDays(1));
        Instant to = Instant.now().plus(Duration.ofDays(30));
        IssuedCertificate ca = CertificateBuilder.of(CertificateProfile.CA)
                .subject(new X500Name("DC=com,DC=contoso,CN=Contoso Bench CA")).serial(BigInteger.ONE).validity(from, to)
                .withoutKeyUsage().subjectKeyIdentifier(false).authorityKeyIdentifier(false).build();
        List<X509Certificate> out = new ArrayList<>(n);
        KeyPair leafKey = KeyType.EC_P256.generate(); // one key: only issuer and serial differ, as in a search
        for (int i = 0; i < n; i++) {
            out.add(CertificateBuilder.of(CertificateProfile.CLIENT).subject(new X500Name("DC=com,DC=contoso,CN=user" + i))
                    .issuer(ca).keyPair(leafKey).serial(BigInteger.valueOf(1_000_000L + i)).validity(from, to)
                    .withoutBasicConstraints().withoutKeyUsage().eku().subjectKeyIdentifier(false)
                    .authorityKeyIdentifier(false).build().certificate());
        }
        return out;
    }

    private static Process startSlapd(Path dir, int port) throws Exception {
        Files.createDirectories(dir.resolve("db"));
        String schema = Files.readString(Path.of("/etc/ldap/schema/msuser.schema"))
                .replace("\n\tNAME 'altSecurityIdentities'\n", "\n\tNAME 'altSecurityIdentities'\n\tEQUALITY caseIgnoreMatch\n")
                .replace("\n\tNAME 'sAMAccountName'\n", "\n\tNAME 'sAMAccountName'\n\tEQUALITY caseIgnoreMatch\n");
        Files.writeString(dir.resolve("msuser.schema"), schema);
        Files.writeString(dir.resolve("slapd.conf"), "include /etc/ldap/schema/core.schema\n"
                + "include /etc/ldap/schema/cosine.schema\ninclude /etc/ldap/schema/inetorgperson.schema\n"
                + "include /etc/ldap/schema/nis.schema\ninclude " + dir.resolve("msuser.schema") + "\n"
                + "pidfile " + dir.resolve("slapd.pid") + "\nmodulepath /usr/lib/ldap\nmoduleload back_mdb\n"
                + "database mdb\nmaxsize 104857600\nsuffix \"" + SUFFIX + "\"\nrootdn \"cn=admin," + SUFFIX
                + "\"\nrootpw bench\ndirectory " + dir.resolve("db") + "\n"
                + "index altSecurityIdentities eq\nindex objectClass eq\n");
        Process p = new ProcessBuilder("/usr/sbin/slapd", "-f", dir.resolve("slapd.conf").toString(), "-h",
                "ldap://127.0.0.1:" + port + "/", "-d", "0").redirectErrorStream(true)
                .redirectOutput(dir.resolve("slapd.log").toFile()).start();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < end) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return p;
            } catch (IOException e) {
                if (!p.isAlive()) {
                    break;
                }
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("slapd did not start: " + Files.readString(dir.resolve("slapd.log")));
    }

    private static void load(Path dir, int port, List<X509Certificate> certs) throws Exception {
        StringBuilder ldif = new StringBuilder("dn: " + SUFFIX + "\nobjectClass: dcObject\nobjectClass: organization\n"
                + "o: Contoso\ndc: contoso\n\n");
        for (int i = 0; i < certs.size(); i++) {
            String value = AdMappingStrings.of(certs.get(i)).toStore().get(0).value();
            ldif.append("dn: cn=user").append(i).append(',').append(SUFFIX).append("\nobjectClass: inetOrgPerson\n")
                    .append("objectClass: extensibleObject\ncn: user").append(i).append("\nsn: u\nsAMAccountName: user")
                    .append(i).append("\naltSecurityIdentities: ").append(value).append("\n\n");
        }
        Path file = dir.resolve("entries.ldif");
        Files.writeString(file, ldif, StandardCharsets.UTF_8);
        Process p = new ProcessBuilder("/usr/bin/ldapadd", "-x", "-H", "ldap://127.0.0.1:" + port, "-D",
                "cn=admin," + SUFFIX, "-w", "bench", "-f", file.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("ldapadd.log").toFile()).start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("ldapadd failed: " + Files.readString(dir.resolve("ldapadd.log")));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
