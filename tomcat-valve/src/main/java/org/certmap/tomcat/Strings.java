package org.certmap.tomcat;

import org.apache.tomcat.util.res.StringManager;

/**
 * The valve's start-up messages ({@code org/certmap/tomcat/LocalStrings.properties}), through
 * Tomcat's own {@link StringManager} so that they read like Tomcat's. Per-request lines come from
 * the engine's catalog, which every front door shares.
 */
final class Strings {

    static final StringManager SM = StringManager.getManager(Strings.class);

    private Strings() {
    }

    static String get(String key, Object... args) {
        return SM.getString(key, args);
    }
}
