package org.certmap.engine.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TrustedProxiesTest {

    private final TrustedProxies proxies = TrustedProxies.parse("10.0.0.5 10.0.1.0/24, fd00::/8,::1");

    @Test
    void isTrustedWhenIpv4EntryThenOnlyThatAddress() {
        assertThat(proxies.isTrusted("10.0.0.5")).isTrue();
        assertThat(proxies.isTrusted("10.0.0.6")).isFalse();
        assertThat(proxies.isTrusted("10.0.0.50")).isFalse();
    }

    @Test
    void isTrustedWhenIpv4CidrThenWholeRangeAndNothingElse() {
        assertThat(proxies.isTrusted("10.0.1.0")).isTrue();
        assertThat(proxies.isTrusted("10.0.1.255")).isTrue();
        assertThat(proxies.isTrusted("10.0.2.0")).isFalse();
        assertThat(proxies.isTrusted("10.0.0.255")).isFalse();
    }

    @Test
    void isTrustedWhenIpv6ThenAnySpellingMatches() {
        assertThat(proxies.isTrusted("::1")).isTrue();
        assertThat(proxies.isTrusted("0:0:0:0:0:0:0:1")).isTrue();
        assertThat(proxies.isTrusted("[0:0:0:0:0:0:0:1]")).isTrue();
        assertThat(proxies.isTrusted("::2")).isFalse();
        assertThat(proxies.isTrusted("fd12:3456:789a::1")).isTrue();
        assertThat(proxies.isTrusted("FDFF:FFFF:FFFF:FFFF:FFFF:FFFF:FFFF:FFFF")).isTrue();
        assertThat(proxies.isTrusted("fe00::1")).isFalse();
        assertThat(proxies.isTrusted("2001:db8::1")).isFalse();
    }

    @Test
    void isTrustedWhenIpv4MappedIpv6ThenMatchesIpv4Entry() {
        assertThat(proxies.isTrusted("::ffff:10.0.0.5")).isTrue();
        assertThat(proxies.isTrusted("0:0:0:0:0:ffff:a00:5")).isTrue();
        assertThat(proxies.isTrusted("::ffff:10.0.1.77")).isTrue();
        assertThat(proxies.isTrusted("::ffff:10.0.0.6")).isFalse();
        // IPv4-compatible (deprecated) and NAT64 forms are not IPv4.
        assertThat(proxies.isTrusted("::10.0.0.5")).isFalse();
        assertThat(proxies.isTrusted("64:ff9b::10.0.0.5")).isFalse();
    }

    @Test
    void isTrustedWhenMappedEntryThenMatchesIpv4Peer() {
        TrustedProxies mapped = TrustedProxies.parse("::ffff:192.168.0.0/112");
        assertThat(mapped.isTrusted("192.168.3.4")).isTrue();
        assertThat(mapped.isTrusted("192.169.0.1")).isFalse();
    }

    @Test
    void isTrustedWhenZoneThenIgnoresZone() {
        TrustedProxies linkLocal = TrustedProxies.parse("fe80::/10");
        assertThat(linkLocal.isTrusted("fe80::1%eth0")).isTrue();
        assertThat(linkLocal.isTrusted("fe80:0:0:0:1:2:3:4%2")).isTrue();
        assertThat(linkLocal.isTrusted("[fe80::1%eth0]")).isTrue();
        assertThat(linkLocal.isTrusted("fe80::1%")).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "garbage", "localhost", "10.0.0", "10.0.0.5.1", "10.0.0.256", "10.0.0.05",
            "10.0.0.5 ", " 10.0.0.5", "10.0.0.5%eth0", "[10.0.0.5]x", "::1::", "1:2:3:4:5:6:7:8:9", ":::1", "::1:",
            "12345::", "g::1", "::ffff:10.0.0.5.1", "1:2:3:4:5:6:7:10.0.0.5", "10.0.0.5/32", "[::1", "::1]",
            "\u0661\u0660.0.0.5", "-1.0.0.5", "+10.0.0.5"})
    void isTrustedWhenGarbageThenFalse(String peer) {
        assertThat(proxies.isTrusted(peer)).isFalse();
    }

    @Test
    void isTrustedWhenNullThenFalse() {
        assertThat(proxies.isTrusted(null)).isFalse();
    }

    @Test
    void isTrustedWhenRandomTextThenNeverThrows() {
        Random random = new Random(42);
        String alphabet = "0123456789abcdefABCDEF:.%[]/ gx-";
        for (int i = 0; i < 100_000; i++) {
            char[] c = new char[random.nextInt(50)];
            for (int j = 0; j < c.length; j++) {
                c[j] = alphabet.charAt(random.nextInt(alphabet.length()));
            }
            String s = new String(c);
            assertThatCode(() -> proxies.isTrusted(s)).doesNotThrowAnyException();
        }
    }

    @Test
    void isTrustedWhenRandomIpv6ThenAgreesWithJdkParsing() throws Exception {
        Random random = new Random(7);
        for (int i = 0; i < 2_000; i++) {
            byte[] bytes = new byte[16];
            random.nextBytes(bytes);
            if (i % 3 == 0) {
                java.util.Arrays.fill(bytes, 2, 10, (byte) 0);
            }
            // getByAddress never resolves; getHostAddress prints the full form.
            String text = InetAddress.getByAddress(bytes).getHostAddress();
            String compressed = compress(text);
            TrustedProxies one = TrustedProxies.parse(compressed);
            assertThat(one.isTrusted(text)).as(text + " vs " + compressed).isTrue();
            bytes[15] ^= 1;
            assertThat(one.isTrusted(InetAddress.getByAddress(bytes).getHostAddress())).isFalse();
        }
    }

    /** The longest run of ":0:" groups replaced by "::", as RFC 5952 writes it. */
    private static String compress(String full) {
        String[] g = full.split(":");
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; i++) {
            int j = i;
            while (j < 8 && g[j].equals("0")) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
        }
        if (bestStart < 0) {
            return full;
        }
        return String.join(":", java.util.Arrays.copyOfRange(g, 0, bestStart)) + "::"
                + String.join(":", java.util.Arrays.copyOfRange(g, bestStart + bestLen, 8));
    }

    @Test
    void parseWhenSeparatorsMixedThenReadsAllEntries() {
        TrustedProxies p = TrustedProxies.parse(" 10.0.0.1,10.0.0.2 ,\t10.0.0.3\n, ,10.0.0.4 ");
        assertThat(p.isTrusted("10.0.0.1")).isTrue();
        assertThat(p.isTrusted("10.0.0.4")).isTrue();
        assertThat(p.toString()).isEqualTo("TrustedProxies[10.0.0.1, 10.0.0.2, 10.0.0.3, 10.0.0.4]");
    }

    @Test
    void toStringWhenParsedThenListsEntries() {
        assertThat(proxies.toString()).isEqualTo("TrustedProxies[10.0.0.5, 10.0.1.0/24, fd00::/8, ::1]");
    }

    @Test
    void parseWhenBlankOrNullThenNone() {
        assertThat(TrustedProxies.parse("").isEmpty()).isTrue();
        assertThat(TrustedProxies.parse(" , ").isEmpty()).isTrue();
        assertThat(TrustedProxies.parse(null).isEmpty()).isTrue();
        assertThat(proxies.isEmpty()).isFalse();
    }

    @Test
    void noneWhenAnyPeerThenNotTrusted() {
        assertThat(TrustedProxies.none().isEmpty()).isTrue();
        assertThat(TrustedProxies.none().isTrusted("127.0.0.1")).isFalse();
        assertThat(TrustedProxies.none().toString()).isEqualTo("TrustedProxies[]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"proxy.example.com", "localhost", "proxy", "10.0.0.5.example", "cafe"})
    void parseWhenHostNameThenRefusesWithoutResolving(String entry) {
        assertThatThrownBy(() -> TrustedProxies.parse("10.0.0.1 " + entry))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"" + entry + "\"")
                .hasMessageContaining("not an IP address; host names are not resolved");
    }

    @Test
    void parseWhenPrefixLongerThanAddressThenRefuses() {
        assertThatThrownBy(() -> TrustedProxies.parse("10.0.0.0/33"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("10.0.0.0/33")
                .hasMessageContaining("longer than the address (32 bits)");
        assertThatThrownBy(() -> TrustedProxies.parse("fd00::/129"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("128 bits");
    }

    @Test
    void parseWhenHostBitsSetThenRefuses() {
        assertThatThrownBy(() -> TrustedProxies.parse("10.0.1.5/24"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("10.0.1.5/24")
                .hasMessageContaining("bits set beyond the prefix");
        assertThatThrownBy(() -> TrustedProxies.parse("fd00::1/8")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parseWhenFullLengthPrefixThenSingleHost() {
        TrustedProxies p = TrustedProxies.parse("10.0.0.5/32 2001:db8::5/128");
        assertThat(p.isTrusted("10.0.0.5")).isTrue();
        assertThat(p.isTrusted("10.0.0.4")).isFalse();
        assertThat(p.isTrusted("2001:db8::5")).isTrue();
        assertThat(p.isTrusted("2001:db8::4")).isFalse();
    }

    @Test
    void parseWhenOddPrefixesThenMasksExactly() {
        TrustedProxies p = TrustedProxies.parse("10.0.0.128/25 2001:db8:0:0:8000::/65 128.0.0.0/1");
        assertThat(p.isTrusted("10.0.0.128")).isTrue();
        assertThat(p.isTrusted("10.0.0.127")).isFalse();
        assertThat(p.isTrusted("2001:db8::8000:0:0:1")).isTrue();
        assertThat(p.isTrusted("2001:db8::7fff:0:0:1")).isFalse();
        assertThat(p.isTrusted("200.1.1.1")).isTrue();
        assertThat(p.isTrusted("127.0.0.1")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0/0", "::/0"})
    void parseWhenSlashZeroThenRefuses(String entry) {
        assertThatThrownBy(() -> TrustedProxies.parse(entry))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("every client");
    }

    @ParameterizedTest
    @ValueSource(strings = {"::/64", "::/80", "::ffff:0:0/96", "::fffe:0:0/95", "::/1", "0:0:0:0:0:ffff::/96",
            "::ffff:0.0.0.0/96", "[::]/64"})
    void parseWhenIpv6RangeCoversIpv4MappedThenRefuses(String entry) {
        assertThatThrownBy(() -> TrustedProxies.parse("10.0.0.5 " + entry))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"" + entry + "\"")
                .hasMessageContaining("covers the IPv4-mapped range ::ffff:0:0/96, which would trust every IPv4 peer")
                .hasMessageContaining("list IPv4 proxies as IPv4 addresses or ranges");
    }

    @Test
    void parseWhenMappedRangeWithHostBitsThenRefusedForTheHostBits() {
        assertThatThrownBy(() -> TrustedProxies.parse("::ffff:0:0/95"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bits set beyond the prefix");
    }

    @Test
    void parseWhenIpv6RangeStopsShortOfTheMappedRangeThenTrustsNoIpv4Peer() {
        TrustedProxies p = TrustedProxies.parse("::/96 ::/81 64:ff9b::/96 ::ffff:10.0.0.0/104 2001:db8::/32");
        assertThat(p.isTrusted("::5")).isTrue();
        assertThat(p.isTrusted("::7fff:0:1")).isTrue();
        assertThat(p.isTrusted("10.1.2.3")).as("a part of the mapped range is an IPv4 range, allowed").isTrue();
        assertThat(p.isTrusted("::ffff:10.1.2.3")).isTrue();
        assertThat(p.isTrusted("192.168.0.1")).isFalse();
        assertThat(p.isTrusted("::ffff:192.168.0.1")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"010.0.0.1", "10.0.0.1/", "10.0.0.1/024", "10.0.0.1/x", "10.0.0.1/-1", "1.2.3",
            "::1::2", "fe80::1%eth0", "256.0.0.1", "10.0.0.0/8/8", "[::1"})
    void parseWhenMalformedEntryThenRefusesNamingIt(String entry) {
        assertThatThrownBy(() -> TrustedProxies.parse(entry))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"" + entry + "\"");
    }

    @Test
    void parseWhenBracketedIpv6ThenAccepted() {
        assertThat(TrustedProxies.parse("[::1]").isTrusted("::1")).isTrue();
    }
}
