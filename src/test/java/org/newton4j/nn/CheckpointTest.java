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

    @Test
    void textAndBytesRoundTripAndAValueThatIsNoByteIsNamed() throws IOException {
        Path f = dir.resolve("t.ckpt");
        new Checkpoint().putText("run.identity", "label=x seed=-3 λ=0.1").save(f);
        org.junit.jupiter.api.Assertions.assertEquals("label=x seed=-3 λ=0.1", Checkpoint.load(f).text("run.identity"));
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) all[i] = (byte) i;
        assertArrayEquals(all, Checkpoint.decodeBytes(Checkpoint.encodeBytes(all), "b"));
        for (double bad : new double[] {128, -129, 0.5, Double.NaN}) {
            var e = assertThrows(IllegalArgumentException.class, () -> Checkpoint.decodeBytes(new double[] {1, bad}, "optimizer.serialized"));
            org.junit.jupiter.api.Assertions.assertEquals("checkpoint: entry optimizer.serialized holds " + bad + " at index 1, not a byte",
                    e.getMessage());
        }
    }
}
