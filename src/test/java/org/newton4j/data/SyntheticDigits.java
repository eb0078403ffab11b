package org.newton4j.data;

/** Tiny fake digit pools for tests: image i of class c is filled with the byte value base + 10·c + i. */
final class SyntheticDigits {
    private SyntheticDigits() { }

    static LabelledImages pool(int perClass, int height, int width, int base) {
        int count = 10 * perClass;
        byte[] pixels = new byte[count * height * width];
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = i % 10;
            int value = base + 10 * (i % 10) + i / 10;
            java.util.Arrays.fill(pixels, i * height * width, (i + 1) * height * width, (byte) value);
        }
        return new LabelledImages(count, height, width, pixels, labels, 10);
    }
}
