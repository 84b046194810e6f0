package org.certmap.engine.x509;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.certmap.engine.x509.Names.bytes;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DerReaderTest {

    @Test
    void readWhenShortAndLongFormLengthsThenContentsBounded() throws NameException {
        byte[] der = new byte[3 + 200 + 2];
        der[0] = 0x04;
        der[1] = (byte) 0x81;
        der[2] = (byte) 200;
        der[203] = 0x05;
        der[204] = 0x00;
        DerReader reader = new DerReader(der);
        DerReader.Element octets = reader.read(DerReader.OCTET_STRING, "octets");
        assertThat(octets.length()).isEqualTo(200);
        assertThat(reader.read().tag()).isEqualTo(0x05);
        assertThat(reader.hasMore()).isFalse();
        reader.expectEnd("test");
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
        "empty, ''",
        "no length, 30",
        "truncated contents, 30 03 02 01",
        "length beyond end, 04 05 00",
        "indefinite length, 30 80 00 00",
        "non-minimal long form, 04 81 01 00",
        "leading zero length byte, 04 82 00 80",
        "five length bytes, 04 85 00 00 00 00 01",
        "length bytes missing, 04 82 01",
        "multi-byte tag, 1F 81 00 00",
        "huge length, 04 84 7F FF FF FF 00",
        "negative-looking length, 04 84 FF FF FF FF 00",
    })
    void readWhenMalformedThenNameException(String what, String hex) {
        assertThatThrownBy(() -> new DerReader(bytes(hex)).read()).as(what).isInstanceOf(NameException.class);
    }

    @Test
    void readWhenWrongTagThenMessageSaysWhatWasExpected() {
        assertThatThrownBy(() -> new DerReader(bytes("31 00")).read(DerReader.SEQUENCE, "Name"))
                .isInstanceOf(NameException.class)
                .hasMessageContaining("Name")
                .hasMessageContaining("0x30")
                .hasMessageContaining("0x31");
    }

    @Test
    void expectEndWhenTrailingBytesThenNameException() throws NameException {
        DerReader reader = new DerReader(bytes("05 00 05 00"));
        reader.read();
        assertThatThrownBy(() -> reader.expectEnd("thing")).isInstanceOf(NameException.class)
                .hasMessageContaining("trailing");
    }

    @Test
    void contentsWhenNestedThenReaderStaysInsideParent() throws NameException {
        // SEQUENCE { OCTET STRING 01 } followed by NULL: the inner reader must not see the NULL.
        DerReader reader = new DerReader(bytes("30 03 04 01 01 05 00"));
        DerReader inner = reader.read(DerReader.SEQUENCE, "seq").contents();
        assertThat(inner.read().value()).containsExactly(1);
        assertThat(inner.hasMore()).isFalse();
        assertThatThrownBy(inner::read).isInstanceOf(NameException.class);
        assertThat(reader.read().tag()).isEqualTo(0x05);
    }

    @Test
    void decodeWhenDeeplyNestedInputThenNameExceptionWithoutRecursion() {
        // 20,000 nested SEQUENCEs, written from the inside out with minimal lengths.
        int depth = 20_000;
        byte[] buf = new byte[depth * 5 + 2];
        int start = buf.length - 2;
        buf[start] = 0x30;
        for (int i = 0; i < depth; i++) {
            int len = buf.length - start;
            byte[] header = len < 0x80 ? new byte[] {0x30, (byte) len}
                    : len < 0x100 ? new byte[] {0x30, (byte) 0x81, (byte) len}
                    : len < 0x10000 ? new byte[] {0x30, (byte) 0x82, (byte) (len >> 8), (byte) len}
                    : new byte[] {0x30, (byte) 0x83, (byte) (len >> 16), (byte) (len >> 8), (byte) len};
            start -= header.length;
            System.arraycopy(header, 0, buf, start, header.length);
        }
        byte[] der = java.util.Arrays.copyOfRange(buf, start, buf.length);
        assertThatThrownBy(() -> DistinguishedName.decode(der)).isInstanceOf(NameException.class);
    }
}
