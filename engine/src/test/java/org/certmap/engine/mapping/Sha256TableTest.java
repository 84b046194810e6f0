package org.certmap.engine.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

class Sha256TableTest {

    private static OneToOneMapping user(int i) {
        return new OneToOneMapping("u" + i, Set.of(), true, KeyKind.SHA256, i);
    }

    @Test
    void putWhenTableGrowsAndIsTrimmedThenEveryDigestStillFoundAndDuplicatesRefused() {
        Random random = new Random(7);
        List<byte[]> digests = new ArrayList<>();
        Sha256Table table = new Sha256Table(8);
        for (int i = 0; i < 20_000; i++) {
            byte[] d = new byte[32];
            random.nextBytes(d);
            if (i % 1000 == 0) {
                d[0] = 0; // a run of digests sharing their first bytes probes further
                d[1] = 0;
            }
            digests.add(d);
            assertThat(table.putIfAbsent(d, user(i))).isNull();
        }
        Sha256Table oversized = new Sha256Table(1_000_000);
        for (int i = 0; i < 100; i++) {
            oversized.putIfAbsent(digests.get(i), user(i));
        }
        oversized.trim();
        table.trim();
        for (int i = 0; i < digests.size(); i++) {
            assertThat(table.get(digests.get(i)).userName()).isEqualTo("u" + i);
            assertThat(table.putIfAbsent(digests.get(i).clone(), user(-1)).userName()).isEqualTo("u" + i);
        }
        for (int i = 0; i < 100; i++) {
            assertThat(oversized.get(digests.get(i)).userName()).isEqualTo("u" + i);
        }
        assertThat(oversized.get(digests.get(500))).isNull();
        assertThat(table.size()).isEqualTo(20_000);
    }
}
