package dev.benchfleet.orchestrator.uploads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ObjectStoreTest {

    private static final byte[] GZIP_HEADER = {0x1f, (byte) 0x8b, 8, 0};

    @TempDir
    Path dir;

    @Test
    void keysMustStayInsideTheStore() throws Exception {
        ObjectStore store = new ObjectStore(dir.resolve("objects"));
        assertThat(ObjectStore.isValidKey("1/local/laptop-3/result.tar.gz")).isTrue();
        assertThat(ObjectStore.isValidKey("../escape")).isFalse();
        assertThat(ObjectStore.isValidKey("/abs")).isFalse();
        assertThat(ObjectStore.isValidKey("a//b")).isFalse();
        assertThat(ObjectStore.isValidKey("a/./b")).isFalse();
        assertThat(store.find("../../etc/passwd")).isEmpty();
        assertThatThrownBy(() -> store.pathOf("a/../../b")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void writeReplacesAtomicallyAndChecksGzipAndSize() throws Exception {
        ObjectStore store = new ObjectStore(dir.resolve("objects"));
        assertThat(store.write("r/a.tar.gz", new ByteArrayInputStream(GZIP_HEADER), 100)).isEqualTo(4);
        assertThat(store.find("r/a.tar.gz")).hasValueSatisfying(p -> assertThat(p).hasBinaryContent(GZIP_HEADER));

        assertThatThrownBy(() -> store.write("r/a.tar.gz", new ByteArrayInputStream("text".getBytes()), 100))
                .isInstanceOf(UploadRejectedException.class).hasMessageContaining("not gzip");
        assertThatThrownBy(() -> store.write("r/a.tar.gz", new ByteArrayInputStream(new byte[200]), 100))
                .isInstanceOf(UploadRejectedException.class).hasMessageContaining("larger than 100");
        assertThat(store.find("r/a.tar.gz")).hasValueSatisfying(p -> assertThat(p).hasBinaryContent(GZIP_HEADER));
        try (var files = Files.list(dir.resolve("objects"))) {
            assertThat(files).as("no temporary file left").hasSize(1);
        }
    }

    @Test
    void aTasksUploadsShareTheirRunsFolderAndObjectsOfTheOldLayoutAreFound() throws Exception {
        ObjectStore store = new ObjectStore(dir.resolve("objects"));
        store.write("7/local/box-3/result.tar.gz", new ByteArrayInputStream(GZIP_HEADER), 100);
        assertThat(dir.resolve("objects/7/local/box-3~result.tar.gz")).hasBinaryContent(GZIP_HEADER);
        assertThat(dir.resolve("objects/7/local/box-3")).doesNotExist();

        // one folder per task, as versions before this one stored uploads
        Path old = dir.resolve("objects/7/local/box-4/result.tar.gz");
        Files.createDirectories(old.getParent());
        Files.write(old, GZIP_HEADER);
        assertThat(store.find("7/local/box-4/result.tar.gz")).contains(old.toRealPath());
        assertThat(store.open("7/local/box-4/error.tar.gz")).isEmpty();
    }

    @Test
    void aFolderRemovedBehindItsBackIsMadeAgain() throws Exception {
        ObjectStore store = new ObjectStore(dir.resolve("objects"));
        store.write("8/local/box-1/result.tar.gz", new ByteArrayInputStream(GZIP_HEADER), 100);
        Files.delete(dir.resolve("objects/8/local/box-1~result.tar.gz"));
        Files.delete(dir.resolve("objects/8/local"));
        store.write("8/local/box-2/result.tar.gz", new ByteArrayInputStream(GZIP_HEADER), 100);
        assertThat(store.find("8/local/box-2/result.tar.gz")).isPresent();
    }
}
