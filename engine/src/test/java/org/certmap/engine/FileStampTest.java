package org.certmap.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When a stamp tells a change by attributes, and when only the content can (DESIGN.md, reloadInterval). */
class FileStampTest {

    @TempDir
    Path dir;

    private final AtomicLong clock = new AtomicLong(System.currentTimeMillis());

    @Test
    void recheckWhenJustWrittenThenHashedUntilSettledThenAttributesOnly() throws Exception {
        assumeTrue(hasChangeTime());
        Path f = write("a.txt", "one");
        FileStamp.Stamper stamper = new FileStamp.Stamper(clock::get, true);
        FileStamp s = stamper.take(f);
        assertThat(stamper.hashes()).as("a second write in this tick would leave every attribute as it is").isEqualTo(1);
        FileStamp.Poll p = stamper.recheck(s);
        assertThat(p.changed()).isFalse();
        assertThat(stamper.hashes()).isEqualTo(2);

        clock.addAndGet(Duration.ofMinutes(1).toMillis());
        p = stamper.recheck(p.stamp());
        assertThat(p.changed()).isFalse();
        assertThat(stamper.hashes()).as("the last poll's stamp was not settled yet").isEqualTo(3);
        for (int i = 0; i < 3; i++) {
            clock.addAndGet(5_000);
            p = stamper.recheck(p.stamp());
            assertThat(p.changed()).isFalse();
        }
        assertThat(stamper.hashes()).as("settled: attributes alone").isEqualTo(3);
    }

    @Test
    void recheckWhenSettledAndRewrittenWithSameSizeAndTimeThenChangeTimeTells() throws Exception {
        assumeTrue(hasChangeTime());
        Path f = write("a.txt", "one");
        clock.addAndGet(Duration.ofHours(1).toMillis());
        FileStamp.Stamper stamper = new FileStamp.Stamper(clock::get, true);
        FileStamp s = stamper.take(f);
        rewriteKeepingSizeAndTime(f, "two");
        assertThat(stamper.recheck(s).changed()).isTrue();
        assertThat(stamper.hashes()).isZero();
    }

    @Test
    void recheckWhenNoChangeTimeThenContentDecidesEveryPoll() throws Exception {
        Path f = write("a.txt", "one");
        clock.addAndGet(Duration.ofHours(1).toMillis());
        FileStamp.Stamper stamper = new FileStamp.Stamper(clock::get, false);
        FileStamp s = stamper.take(f);
        FileStamp.Poll p = stamper.recheck(s);
        assertThat(p.changed()).isFalse();
        assertThat(stamper.hashes()).as("without ctime an old modification time proves nothing").isEqualTo(2);
        rewriteKeepingSizeAndTime(f, "two");
        assertThat(stamper.recheck(p.stamp()).changed()).isTrue();
    }

    @Test
    void recheckWhenReplacedByAnotherFileThenChanged() throws Exception {
        assumeTrue(hasChangeTime());
        Path f = write("a.txt", "one");
        clock.addAndGet(Duration.ofHours(1).toMillis());
        FileStamp.Stamper stamper = new FileStamp.Stamper(clock::get, true);
        FileStamp s = stamper.take(f);
        Path tmp = write("a.tmp", "one");
        Files.setLastModifiedTime(tmp, Files.getLastModifiedTime(f));
        Files.move(tmp, f, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThat(stamper.recheck(s).changed()).as("rsync: a new file renamed over the old one").isTrue();
    }

    @Test
    void recheckWhenMissingThenUnchangedUntilCreated() throws Exception {
        Path f = dir.resolve("none.txt");
        FileStamp.Stamper stamper = new FileStamp.Stamper(clock::get, true);
        FileStamp s = stamper.take(f);
        assertThat(stamper.recheck(s).changed()).isFalse();
        write("none.txt", "now");
        assertThat(stamper.recheck(s).changed()).isTrue();
    }

    @Test
    void recheckWhenDirtyThenChanged() throws Exception {
        Path f = write("a.txt", "one");
        FileStamp.Stamper stamper = new FileStamp.Stamper(clock::get, true);
        assertThat(stamper.recheck(FileStamp.dirty(f)).changed()).isTrue();
        assertThat(FileStamp.dirty(f).changedSince(0)).isTrue();
    }

    @Test
    void changedSinceWhenChangedBeforeOrAfterThenSaysSo() throws Exception {
        Path f = write("a.txt", "one");
        Files.setLastModifiedTime(f, FileTime.from(Instant.now().plusSeconds(3600).plusMillis(1)));
        FileStamp.Stamper stamper = new FileStamp.Stamper(clock::get, false);
        FileStamp s = stamper.take(f);
        assertThat(s.changedSince(System.currentTimeMillis())).isTrue();
        assertThat(s.changedSince(System.currentTimeMillis() + 7_200_000)).isFalse();

        Instant second = Instant.now().plusSeconds(3600).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        Files.setLastModifiedTime(f, FileTime.from(second));
        FileStamp whole = stamper.take(f);
        assertThat(whole.changedSince(second.toEpochMilli() + 700))
                .as("a file system that keeps whole seconds: any time in that second").isTrue();
        assertThat(whole.changedSince(second.toEpochMilli() + 1000)).isFalse();
    }

    private boolean hasChangeTime() {
        return dir.getFileSystem().supportedFileAttributeViews().contains("unix");
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    private static void rewriteKeepingSizeAndTime(Path file, String content) throws IOException {
        FileTime before = Files.getLastModifiedTime(file);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        Files.setLastModifiedTime(file, before);
    }
}
