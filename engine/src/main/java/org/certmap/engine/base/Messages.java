package org.certmap.engine.base;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * certmap's message catalog ({@code org/certmap/engine/LocalStrings.properties}), with stable keys
 * as in Tomcat's {@code LocalStrings}: operators grep for them and tests check that every key the
 * code uses exists.
 */
public final class Messages {

    private static final ResourceBundle BUNDLE = ResourceBundle.getBundle("org.certmap.engine.LocalStrings",
            Locale.ROOT, Messages.class.getClassLoader());

    private Messages() {
    }

    /** The message for {@code key} with {@code args} in {@code {0}} ... places. */
    public static String format(String key, Object... args) {
        return format(BUNDLE, key, args);
    }

    /**
     * The message for {@code key} from another certmap catalog (the valve's), formatted by the same
     * rules, so that every catalog of certmap is written the same way: an apostrophe is written
     * once ({@code file's}), never doubled as {@link MessageFormat} alone would need.
     */
    public static String format(ResourceBundle bundle, String key, Object... args) {
        String pattern;
        try {
            pattern = bundle.getString(key);
        } catch (MissingResourceException e) {
            return key + " " + java.util.Arrays.toString(args);
        }
        if (args.length == 0) {
            return pattern;
        }
        MessageFormat f = new MessageFormat(pattern.replace("'", "''"), Locale.ROOT);
        Object[] safe = new Object[args.length];
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            safe[i] = a instanceof Number ? a.toString() : a;
        }
        return f.format(safe);
    }

    /** The one-line hint shown on refusal pages when {@code showReason} is on. */
    public static String hint(Reason reason) {
        return format(reason.hintKey());
    }
}
