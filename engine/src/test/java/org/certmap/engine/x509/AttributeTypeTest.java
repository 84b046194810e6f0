package org.certmap.engine.x509;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AttributeTypeTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "CN, 2.5.4.3", "cn, 2.5.4.3", "Cn, 2.5.4.3",
        "OU, 2.5.4.11", "O, 2.5.4.10", "L, 2.5.4.7", "S, 2.5.4.8", "ST, 2.5.4.8", "st, 2.5.4.8",
        "C, 2.5.4.6", "E, 1.2.840.113549.1.9.1", "e, 1.2.840.113549.1.9.1",
        "DC, 0.9.2342.19200300.100.1.25", "UID, 0.9.2342.19200300.100.1.1", "uid, 0.9.2342.19200300.100.1.1",
        "SERIALNUMBER, 2.5.4.5", "SerialNumber, 2.5.4.5", "T, 2.5.4.12", "GN, 2.5.4.42", "SN, 2.5.4.4",
        "2.5.4.3, 2.5.4.3", "2.5.4.03, 2.5.4.3", "OID.2.5.4.3, 2.5.4.3", "0.9.2342.19200300.100.1.1, 0.9.2342.19200300.100.1.1",
        "1.3.6.1.4.1.311.60.2.1.3, 1.3.6.1.4.1.311.60.2.1.3", "2.999.12345678901234567890, 2.999.12345678901234567890",
        "1.39, 1.39", "2.40, 2.40",
    })
    void oidOfWhenKnownNameOrDottedOidThenOid(String subField, String oid) {
        assertThat(AttributeType.oidOf(subField)).isEqualTo(oid);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", " CN", "CN ", "XX", "emailAddress", "title", "2", "3.1", "1.40", "0.99", "2.5..4", "2.5.4.", ".2.5",
        "2.5.4.x", "2.5.4.3 ", "-1.2", "OID.", "\uFF23\uFF2E", "\u212A", "c\u0131", "\u0130D",
    })
    void oidOfWhenUnknownOrInvalidThenNull(String subField) {
        assertThat(AttributeType.oidOf(subField)).isNull();
    }

    @Test
    void oidOfWhenNullThenNull() {
        assertThat(AttributeType.oidOf(null)).isNull();
    }

    @Test
    void oidOfWhenTurkishDefaultLocaleThenSameResult() {
        Locale saved = Locale.getDefault();
        try {
            Locale.setDefault(new Locale("tr", "TR"));
            assertThat(AttributeType.oidOf("uid")).isEqualTo("0.9.2342.19200300.100.1.1");
            assertThat(AttributeType.oidOf("serialnumber")).isEqualTo("2.5.4.5");
            assertThat(AttributeType.oidOf("UİD")).isNull();
        } finally {
            Locale.setDefault(saved);
        }
    }

    @Test
    void displayNameWhenKnownThenShortNameElseOid() {
        assertThat(AttributeType.displayName("2.5.4.3")).isEqualTo("CN");
        assertThat(AttributeType.displayName("2.5.4.8")).isEqualTo("ST");
        assertThat(AttributeType.displayName("1.2.840.113549.1.9.1")).isEqualTo("E");
        assertThat(AttributeType.displayName("2.5.4.5")).isEqualTo("SERIALNUMBER");
        assertThat(AttributeType.displayName("2.5.4.9")).isEqualTo("STREET");
        assertThat(AttributeType.displayName("1.2.3.4")).isEqualTo("1.2.3.4");
    }
}
