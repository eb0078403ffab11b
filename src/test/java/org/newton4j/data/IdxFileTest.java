package org.newton4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxFileTest {
    @TempDir
    Path dir;

    private static IdxFile sample() {
        byte[] data = new byte[3 * 4 * 5];
        for (int i = 0; i < data.length; i++) data[i] = (byte) (i * 37 + 200);
        return new IdxFile(new int[] {3, 4, 5}, data);
    }

    @Test
    void roundTripsPlainAndGzip() throws IOException {
        IdxFile a = sample();
        for (String name : new String[] {"a-idx3-ubyte", "a-idx3-ubyte.gz"}) {
            Path f = dir.resolve(name);
            a.write(f);
            IdxFile b = IdxFile.read(f);
            assertArrayEquals(a.shape(), b.shape());
            assertArrayEquals(a.data(), b.data());
            assertEquals((byte) 200 & 0xff, b.get(0));
        }
        // the header is the standard one: 0x00000803 then big-endian dims
        byte[] raw = Files.readAllBytes(dir.resolve("a-idx3-ubyte"));
        assertArrayEquals(new byte[] {0, 0, 8, 3, 0, 0, 0, 3, 0, 0, 0, 4, 0, 0, 0, 5}, java.util.Arrays.copyOf(raw, 16));
        assertEquals(16 + 60, raw.length);
    }

    @Test
    void rejectsBrokenFilesWithTheReason() throws IOException {
        Path bad = dir.resolve("bad");
        Files.write(bad, new byte[] {1, 2, 3, 4, 5});
        assertTrue(assertThrows(IOException.class, () -> IdxFile.read(bad)).getMessage().contains("not an IDX"));
        Files.write(bad, new byte[] {0, 0, 0x0D, 1, 0, 0, 0, 1, 0, 0, 0, 0});
        assertTrue(assertThrows(IOException.class, () -> IdxFile.read(bad)).getMessage().contains("element type 0xd"));
        Files.write(bad, new byte[] {0, 0, 8, 1, 0, 0, 0, 9, 1, 2});
        assertTrue(assertThrows(IOException.class, () -> IdxFile.read(bad)).getMessage().contains("truncated"));
        assertThrows(IOException.class, () -> IdxFile.read(dir.resolve("absent")));
    }

    @Test
    void readsMnistDirectoriesAndNamesMissingFiles() throws IOException {
        LabelledImages train = SyntheticDigits.pool(2, 3, 3, 0), test = SyntheticDigits.pool(1, 3, 3, 100);
        write(train, "train");
        var e = assertThrows(NoSuchFileException.class, () -> MnistFiles.read(dir, 10));
        assertTrue(e.getMessage().contains("t10k-images-idx3-ubyte") && e.getMessage().contains("fetch-mnist.sh"), e.getMessage());
        write(test, "t10k");
        MnistFiles.Splits s = MnistFiles.read(dir, 10);
        assertEquals(20, s.train().count());
        assertEquals(10, s.test().count());
        assertArrayEquals(test.pixels(), s.test().pixels());
        assertArrayEquals(train.labels(), s.train().labels());
    }

    @Test
    void rejectsMismatchedLabelFiles() throws IOException {
        new IdxFile(new int[] {2, 2, 2}, new byte[8]).write(dir.resolve("im"));
        new IdxFile(new int[] {3}, new byte[3]).write(dir.resolve("lb"));
        assertTrue(assertThrows(IOException.class, () -> LabelledImages.read(dir.resolve("im"), dir.resolve("lb"), 10))
                .getMessage().contains("3 labels"));
        new IdxFile(new int[] {2}, new byte[] {1, 12}).write(dir.resolve("lb"));
        assertTrue(assertThrows(IOException.class, () -> LabelledImages.read(dir.resolve("im"), dir.resolve("lb"), 10))
                .getMessage().contains("label 12"));
    }

    private void write(LabelledImages im, String prefix) throws IOException {
        new IdxFile(new int[] {im.count(), im.height(), im.width()}, im.pixels()).write(dir.resolve(prefix + "-images-idx3-ubyte.gz"));
        byte[] l = new byte[im.count()];
        for (int i = 0; i < l.length; i++) l[i] = (byte) im.labels()[i];
        new IdxFile(new int[] {im.count()}, l).write(dir.resolve(prefix + "-labels-idx1-ubyte"));
    }
}
