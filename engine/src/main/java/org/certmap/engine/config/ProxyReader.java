package org.certmap.engine.config;

import org.certmap.engine.proxy.CertificateHeaderDecoder;
import org.certmap.engine.proxy.HeaderFormat;
import org.certmap.engine.proxy.TrustedProxies;
import org.xml.sax.Attributes;

/** Reads {@code <proxy>}: the certificate header's format and the peers trusted to send it. */
final class ProxyReader {

    private static final int DEFAULT_MAX_HEADER_BYTES = 16384;

    private ProxyReader() {
    }

    static MappingFileModel.Proxy read(ReadContext c, Attributes a) {
        HeaderFormat format = HeaderFormat.parse(a.getValue("format"));
        String max = a.getValue("maxHeaderBytes");
        CertificateHeaderDecoder decoder = CertificateHeaderDecoder.of(format, a.getValue("header"), a.getValue("chainHeader"),
                max == null ? DEFAULT_MAX_HEADER_BYTES : Values.positiveInt(max, "maxHeaderBytes", "proxy"));
        String list = a.getValue("trustedProxies");
        TrustedProxies trusted = list == null ? TrustedProxies.none() : TrustedProxies.parse(list);
        if (trusted.isEmpty()) {
            c.warn("config.proxy.noTrustedProxies");
        }
        return new MappingFileModel.Proxy(decoder, trusted, c.here());
    }
}
