package org.certmap.tomcat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.Locale;
import java.util.ResourceBundle;

import org.junit.jupiter.api.Test;

/** Both catalogs are written the same way: one apostrophe for one apostrophe (issue 13, small items). */
class StringsTest {

    @Test
    void apostropheWrittenOnceRendersOnceAndArgumentsAreFilledIn() {
        assertThat(Strings.get("valve.sslValve", "/legacy", "Host localhost"))
                .contains("the mapping file's <proxy").contains("certmap [/legacy]: Host localhost has an SSLValve")
                .doesNotContain("''");
    }

    @Test
    void everyKeyRendersWithoutDoubledApostrophesOrOpenPlaceholders() {
        ResourceBundle b = ResourceBundle.getBundle("org.certmap.tomcat.LocalStrings", Locale.ROOT);
        for (String key : Collections.list(b.getKeys())) {
            assertThat(b.getString(key)).as(key).doesNotContain("''");
            assertThat(Strings.get(key, "a0", "a1", "a2", "a3")).as(key).doesNotContainPattern("\\{[0-9]");
        }
    }
}
