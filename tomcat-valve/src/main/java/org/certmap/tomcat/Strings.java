package org.certmap.tomcat;

import java.util.Locale;
import java.util.ResourceBundle;

import org.certmap.engine.base.Messages;

/**
 * The valve's start-up messages ({@code org/certmap/tomcat/LocalStrings.properties}). Formatted by
 * the engine's rules ({@link Messages#format(ResourceBundle, String, Object...)}), so that both
 * catalogs write an apostrophe once; per-request lines come from the engine's catalog, which every
 * front door shares.
 */
final class Strings {

    private static final ResourceBundle BUNDLE = ResourceBundle.getBundle("org.certmap.tomcat.LocalStrings",
            Locale.ROOT, Strings.class.getClassLoader());

    private Strings() {
    }

    static String get(String key, Object... args) {
        return Messages.format(BUNDLE, key, args);
    }
}
