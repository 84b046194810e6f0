package org.certmap.engine.x509;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpAddressesTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "192.0.2.1, 192.0.2.1",
        "0.0.0.0, 0.0.0.0",
        "255.255.255.255, 255.255.255.255",
        "2001:0DB8:0000:0000:0000:0000:0000:0001, 2001:db8::1",
        "0:0:0:0:0:0:0:1, ::1",
        "0:0:0:0:0:0:0:0, ::",
        "1:0:0:0:0:0:0:0, 1::",
        "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
        "2001:0:0:1:0:0:0:1, 2001:0:0:1::1",
        "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
        "2001:db8:aaaa:bbbb:cccc:dddd:eeee:ffff, 2001:db8:aaaa:bbbb:cccc:dddd:eeee:ffff",
        "fe80:0:0:0:0:0:0:0, fe80::",
        "::ffff:192.0.2.1, ::ffff:192.0.2.1",
    })
    void formatWhenAddressThenRfc5952(String input, String expected) throws Exception {
        assertThat(IpAddresses.format(bytesOf(input))).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 3, 5, 8, 15, 17, 32})
    void formatWhenWrongLengthThenNameException(int length) {
        assertThatThrownBy(() -> IpAddresses.format(new byte[length])).isInstanceOf(NameException.class);
    }

    private static byte[] bytesOf(String literal) throws UnknownHostException {
        if (literal.startsWith("::ffff:")) {
            byte[] v4 = InetAddress.getByName(literal.substring(7)).getAddress();
            byte[] out = new byte[16];
            out[10] = (byte) 0xFF;
            out[11] = (byte) 0xFF;
            System.arraycopy(v4, 0, out, 12, 4);
            return out;
        }
        return InetAddress.getByName(literal).getAddress();
    }
}
