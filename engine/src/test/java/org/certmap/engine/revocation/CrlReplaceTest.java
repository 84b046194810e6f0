package org.certmap.engine.revocation;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.certmap.testing.TestPki;
import org.certmap.testing.TestPki.Issued;
import org.junit.jupiter.api.Test;

class CrlReplaceTest {

    private static final Issued CA = TestPki.rootCa("CN=CRL Replace CA");
    private static final List<X509Certificate> CAS = List.of(CA.certificate());
    private static final Instant NOW = CrlTestPki.NOW;

    private static Crl crl(CrlTestPki.Builder b) throws CrlException {
        return Crl.read(b.build(), CAS);
    }

    @Test
    void replaceWhenGreaterNumberThenAccepted() throws Exception {
        Crl inForce = crl(CrlTestPki.crl(CA).number(10));
        Crl next = crl(CrlTestPki.crl(CA).number(11));

        assertThat(next.refusalToReplace(inForce)).isEmpty();
    }

    @Test
    void replaceWhenOlderOrSameNumberThenRefusedWithReason() throws Exception {
        Crl inForce = crl(CrlTestPki.crl(CA).number(10));
        Crl older = crl(CrlTestPki.crl(CA).number(9).times(NOW, NOW.plus(Duration.ofDays(1))));
        Crl same = crl(CrlTestPki.crl(CA).number(10));

        assertThat(older.refusalToReplace(inForce)).isPresent();
        assertThat(older.refusalToReplace(inForce))
                .hasValue("its CRL number 9 is not greater than 10, the number of the CRL in force");
        assertThat(same.refusalToReplace(inForce)).isPresent();
    }

    @Test
    void replaceWhenNoNumbersThenThisUpdateDecides() throws Exception {
        Crl inForce = crl(CrlTestPki.crl(CA).noNumber().times(NOW.minus(Duration.ofHours(2)), NOW.plus(Duration.ofDays(1))));
        Crl later = crl(CrlTestPki.crl(CA).noNumber().times(NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofDays(1))));
        Crl numbered = crl(CrlTestPki.crl(CA).number(1).times(NOW.minus(Duration.ofHours(3)), NOW.plus(Duration.ofDays(1))));

        assertThat(later.refusalToReplace(inForce)).isEmpty();
        assertThat(inForce.refusalToReplace(later)).get().asString()
                .startsWith("its thisUpdate ").endsWith("that of the CRL in force (no CRL numbers to compare)");
        assertThat(numbered.refusalToReplace(inForce)).as("one side without a number: thisUpdate").isPresent();
    }

    @Test
    void replaceWhenAnotherIssuerKeyOrKindThenRefused() throws Exception {
        Issued other = TestPki.rootCa("CN=Other CA");
        Issued renewed = TestPki.rootCa("CN=CRL Replace CA");
        Crl inForce = crl(CrlTestPki.crl(CA).number(10));
        Crl foreign = Crl.read(CrlTestPki.crl(other).number(11).build(), List.of(other.certificate()));
        Crl otherKey = Crl.read(CrlTestPki.crl(renewed).number(11).build(), List.of(renewed.certificate()));
        Crl delta = crl(CrlTestPki.crl(CA).number(11).delta(10));

        assertThat(foreign.refusalToReplace(inForce))
                .hasValue("it names another issuer (CN=Other CA) than the CRL in force (CN=CRL Replace CA)");
        assertThat(otherKey.refusalToReplace(inForce))
                .hasValue("it is signed by another key of CN=CRL Replace CA than the CRL in force");
        assertThat(delta.refusalToReplace(inForce)).hasValue("it is a delta CRL and the CRL in force a complete one");
    }
}
