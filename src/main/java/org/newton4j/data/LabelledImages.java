package org.newton4j.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Grey-scale images with integer class labels, as read from a pair of IDX files (images N×H×W,
 * labels N). Pixels stay bytes (0..255) until a batch is built.
 */
public record LabelledImages(int count, int height, int width, byte[] pixels, int[] labels, int classes) {
    public LabelledImages {
        if (count < 1 || height < 1 || width < 1)
            throw new IllegalArgumentException("images: need at least one image of positive size, got " + count
                    + " of " + height + "x" + width);
        if (pixels.length != (long) count * height * width)
            throw new IllegalArgumentException("images: " + pixels.length + " pixels for " + count + " images of "
                    + height + "x" + width);
        if (labels.length != count)
            throw new IllegalArgumentException("images: " + labels.length + " labels for " + count + " images");
        for (int i = 0; i < count; i++)
            if (labels[i] < 0 || labels[i] >= classes)
                throw new IllegalArgumentException("images: label " + labels[i] + " of image " + i + " outside 0.." + (classes - 1));
    }

    /** Reads an image file (N×H×W) and a label file (N) and checks that they belong together. */
    public static LabelledImages read(Path images, Path labels, int classes) throws IOException {
        IdxFile im = IdxFile.read(images), lb = IdxFile.read(labels);
        if (im.shape().length != 3)
            throw new IOException(images + ": expected an N×H×W image array, got shape " + java.util.Arrays.toString(im.shape()));
        if (lb.shape().length != 1)
            throw new IOException(labels + ": expected a label vector, got shape " + java.util.Arrays.toString(lb.shape()));
        if (lb.shape()[0] != im.shape()[0])
            throw new IOException(labels + ": " + lb.shape()[0] + " labels but " + images + " has " + im.shape()[0] + " images");
        int[] l = new int[lb.data().length];
        for (int i = 0; i < l.length; i++) {
            l[i] = lb.get(i);
            if (l[i] >= classes) throw new IOException(labels + ": label " + l[i] + " at " + i + " outside 0.." + (classes - 1));
        }
        return new LabelledImages(im.shape()[0], im.shape()[1], im.shape()[2], im.data(), l, classes);
    }

    public int imageSize() { return height * width; }

    public int pixel(int image, int row, int col) { return pixels[(image * height + row) * width + col] & 0xff; }

    /** Indices of the images of each class: byClass()[c] lists the images labelled c. */
    public int[][] byClass() {
        List<List<Integer>> lists = new ArrayList<>();
        for (int c = 0; c < classes; c++) lists.add(new ArrayList<>());
        for (int i = 0; i < count; i++) lists.get(labels[i]).add(i);
        int[][] out = new int[classes][];
        for (int c = 0; c < classes; c++) out[c] = lists.get(c).stream().mapToInt(Integer::intValue).toArray();
        return out;
    }
}
