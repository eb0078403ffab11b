package org.newton4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newton4j.device.Precision;

class CheckpointTest {
    @TempDir
    Path dir;

    private static Sequential net(long seed) {
        Sequential s = new Sequential(new Linear(GradientCheck.CPU, Precision.F64, 3, 4), ActivationLayer.tanh(),
                new Linear(GradientCheck.CPU, Precision.F64, 4, 2));
        s.initialize(Initializer.XAVIER_UNIFORM, seed);
        return s;
    }

    @Test
    void savesAndRestoresNamedParameters() throws IOException {
        try (Sequential a = net(1); Sequential b = net(2)) {
            Path f = dir.resolve("sub/net.ckpt");
            Checkpoint.of(a.parameters()).put("optimizer.v", new int[] {2}, new double[] {0.5, -1}).save(f);
            Checkpoint c = Checkpoint.load(f);
            c.restore(b.parameters());
            for (int i = 0; i < a.parameters().size(); i++)
                assertArrayEquals(a.parameters().get(i).value().toHost(), b.parameters().get(i).value().toHost());
            assertArrayEquals(new double[] {0.5, -1}, c.get("optimizer.v").values());
            assertTrue(assertThrows(IllegalArgumentException.class, () -> c.get("nope")).getMessage().contains("no entry named 'nope'"));
        }
    }

    @Test
    void refusesMismatchedShapesAndForeignFiles() throws IOException {
        try (Sequential a = net(1)) {
            Checkpoint wrong = new Checkpoint().put("0.weight", new int[] {3, 4}, new double[12]);
            for (Parameter p : a.parameters()) if (!p.name().equals("0.weight")) wrong.put(p.name(), p.value().shape(), p.value().toHost());
            assertTrue(assertThrows(IllegalArgumentException.class, () -> wrong.restore(a.parameters())).getMessage().contains("0.weight"));
        }
        try (Sequential a = net(1); Sequential b = net(2)) {
            Checkpoint poisoned = Checkpoint.of(b.parameters());
            double[] w = poisoned.get("2.weight").values().clone();
            w[3] = Double.NaN;
            poisoned.put("2.weight", poisoned.get("2.weight").shape(), w);
            double[] before = a.parameters().get(0).value().toHost();
            var e = assertThrows(IllegalArgumentException.class, () -> poisoned.restore(a.parameters()));
            assertTrue(e.getMessage().equals("checkpoint: entry 2.weight holds NaN at index 3"), e.getMessage());
            assertArrayEquals(before, a.parameters().get(0).value().toHost(), "nothing written when an entry is refused");
        }
        Path f = dir.resolve("x.ckpt");
        Files.writeString(f, "not a checkpoint");
        assertTrue(assertThrows(IOException.class, () -> Checkpoint.load(f)).getMessage().contains("bad magic"));
    }
}
