package org.newton4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyArrayTest {
    @TempDir
    Path dir;

    /** Files written by numpy 2.4 np.save (base64), so the reader is checked against the real format. */
    private static final String F4_2X3 = "k05VTVBZAQB2AHsnZGVzY3InOiAnPGY0JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsIDMpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAIC/AAAAvwAAAAAAAAA/AACAPwAAwD8=";
    private static final String U1_1X1X2X3 = "k05VTVBZAQB2AHsnZGVzY3InOiAnfHUxJywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDEsIDEsIDIsIDMpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoBAgP6AAc=";
    private static final String BOOL_3 = "k05VTVBZAQB2AHsnZGVzY3InOiAnfGIxJywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDMsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoBAAE=";
    private static final String BIG_F8_1X2 = "k05VTVBZAQB2AHsnZGVzY3InOiAnPmY4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDEsIDIpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAo/9AAAAAAAAMAMAAAAAAAA";
    private static final String I8_4 = "k05VTVBZAQB2AHsnZGVzY3InOiAnPGk4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDQsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAAAAAAEAAAAAAAAAAgAAAAAAAAADAAAAAAAAAA==";

    private NpyArray numpy(String b64) throws IOException {
        Path f = dir.resolve("a.npy");
        Files.write(f, Base64.getDecoder().decode(b64));
        return NpyArray.read(f);
    }

    @Test
    void readsArraysNumpyWrote() throws IOException {
        NpyArray a = numpy(F4_2X3);
        assertArrayEquals(new int[] {2, 3}, a.shape());
        assertArrayEquals(new double[] {-1, -0.5, 0, 0.5, 1, 1.5}, a.values());
        NpyArray b = numpy(U1_1X1X2X3);
        assertArrayEquals(new int[] {1, 1, 2, 3}, b.shape());
        assertArrayEquals(new double[] {1, 2, 3, 250, 0, 7}, b.values());
        assertArrayEquals(new double[] {1, 0, 1}, numpy(BOOL_3).values());
        assertArrayEquals(new double[] {1.25, -3.5}, numpy(BIG_F8_1X2).values());
        assertArrayEquals(new double[] {0, 1, 2, 3}, numpy(I8_4).values());
    }

    @Test
    void writesWhatNumpyWrites() throws IOException {
        Path f = dir.resolve("w.npy");
        new NpyArray(new int[] {2, 3}, "<f4", new double[] {-1, -0.5, 0, 0.5, 1, 1.5}).write(f);
        assertArrayEquals(Base64.getDecoder().decode(F4_2X3), Files.readAllBytes(f));
        new NpyArray(new int[] {3}, "|b1", new double[] {1, 0, 1}).write(f);
        assertArrayEquals(Base64.getDecoder().decode(BOOL_3), Files.readAllBytes(f));
    }

    @Test
    void rejectsWhatItCannotRead() throws IOException {
        Path f = dir.resolve("bad.npy");
        Files.write(f, new byte[] {1, 2, 3});
        assertTrue(assertThrows(IOException.class, () -> NpyArray.read(f)).getMessage().contains("truncated"));
        byte[] good = Base64.getDecoder().decode(F4_2X3);
        Files.write(f, java.util.Arrays.copyOf(good, good.length - 3));
        assertTrue(assertThrows(IOException.class, () -> NpyArray.read(f)).getMessage().contains("truncated .npy data"));
        String fortran = new String(good, java.nio.charset.StandardCharsets.ISO_8859_1).replace("'fortran_order': False", "'fortran_order': True ");
        Files.write(f, fortran.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        assertTrue(assertThrows(IOException.class, () -> NpyArray.read(f)).getMessage().contains("Fortran"));
        String complex = new String(good, java.nio.charset.StandardCharsets.ISO_8859_1).replace("'<f4'", "'<c8'");
        Files.write(f, complex.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        assertTrue(assertThrows(IOException.class, () -> NpyArray.read(f)).getMessage().contains("'<c8' is not supported"));
        assertEquals(6, numpy(F4_2X3).size());
    }
}
