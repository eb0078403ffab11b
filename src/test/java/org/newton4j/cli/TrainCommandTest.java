package org.newton4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newton4j.data.IdxFile;
import org.newton4j.data.LabelledImages;
import org.newton4j.train.BatchLoss;

import picocli.CommandLine;

class TrainCommandTest {
    @TempDir
    Path dir;

    /** A loss factory that records the spec and returns a trivial differentiable loss (mean of squared scores). */
    private static TrainCommand.RankingLossSpec[] seen = new TrainCommand.RankingLossSpec[1];

    private static final TrainCommand.RankingLossFactory TEST_LOSSES = spec -> {
        seen[0] = spec;
        BatchLoss l = (y, t, rows, cols, g) -> {
            double[] s = y.backend().toDoubles(y);
            double v = 0;
            for (int i = 0; i < s.length; i++) {
                v += s[i] * s[i] / rows;
                s[i] = 2 * s[i] / rows;
            }
            y.backend().write(g, 0, s, 0, s.length);
            return v;
        };
        return l;
    };

    private static TrainCommand.Ranking parse(TrainCommand train, String... args) {
        CommandLine.ParseResult pr = new CommandLine(train).parseArgs(args);
        return (TrainCommand.Ranking) pr.subcommand().commandSpec().userObject();
    }

    private void writeFakeMnist(Path d) throws IOException {
        for (String split : new String[] {"train", "t10k"}) {
            LabelledImages im = org.newton4j.train.RankingExperimentTestAccess.fakeDigits(2, split.length());
            new IdxFile(new int[] {im.count(), 8, 8}, im.pixels()).write(d.resolve(split + "-images-idx3-ubyte"));
            byte[] l = new byte[im.count()];
            for (int i = 0; i < l.length; i++) l[i] = (byte) im.labels()[i];
            new IdxFile(new int[] {im.count()}, l).write(d.resolve(split + "-labels-idx1-ubyte"));
        }
    }

    @Test
    void twoStepRunThroughTheCommandLine() throws Exception {
        writeFakeMnist(dir);
        Path out = dir.resolve("out");
        int status = new CommandLine(new TrainCommand(TEST_LOSSES, TrainCommand.DEFAULT_OPTIMIZERS)).execute("ranking",
                "--method", "neuralsort", "--newton", "hessian", "--lambda", "0.5", "--n", "3", "--steps", "2",
                "--batch-size", "2", "--channels", "2,2,3", "--eval-every", "1", "--test-sets", "4", "--no-progress",
                "--data", dir.toString(), "--out", out.toString());
        assertEquals(0, status);
        assertEquals(new TrainCommand.RankingLossSpec("neuralsort", "logistic", 10, 3, "hessian", 0.5, "batch", "exact"), seen[0]);
        try (Stream<Path> files = Files.list(out)) {
            List<String> names = files.map(p -> p.getFileName().toString()).sorted().toList();
            assertEquals(List.of("neuralsort-n3-hessian-l0.5-batch-sgd-s0.ckpt", "neuralsort-n3-hessian-l0.5-batch-sgd-s0.csv",
                    "neuralsort-n3-hessian-l0.5-batch-sgd-s0.png"), names);
        }
    }

    @Test
    void initWarmStartsFromACheckpointOfTheSameNetworkOnly() throws Exception {
        writeFakeMnist(dir);
        Path out = dir.resolve("warm");
        java.util.function.BiFunction<String, String[], String[]> args = (channels, extra) -> Stream.concat(Stream.of("ranking",
                "--method", "neuralsort", "--n", "3", "--steps", "1", "--batch-size", "2", "--channels", channels, "--eval-every", "1",
                "--test-sets", "4", "--no-progress", "--data", dir.toString(), "--out", out.toString()), Stream.of(extra))
                .toArray(String[]::new);
        TrainCommand t = new TrainCommand(TEST_LOSSES, TrainCommand.DEFAULT_OPTIMIZERS);
        assertEquals(0, new CommandLine(t).execute(args.apply("2,2,3", new String[0])));
        Path ckpt = out.resolve("neuralsort-n3-baseline-sgd-s0.ckpt");
        assertTrue(Files.isRegularFile(ckpt));
        assertEquals(org.newton4j.train.RunStart.warm(ckpt),
                parse(t, args.apply("2,2,3", new String[] {"--init", ckpt.toString()})).config().settings().start());
        assertEquals(0, new CommandLine(t).execute(args.apply("2,2,3", new String[] {"--init", ckpt.toString(), "--seed", "1"})));
        assertTrue(Files.isRegularFile(out.resolve("neuralsort-n3-baseline-sgd-s1.ckpt")));
        var e = assertThrows(IllegalArgumentException.class,
                () -> parse(t, args.apply("2,2,4", new String[] {"--init", ckpt.toString()})).call());
        assertTrue(e.getMessage().startsWith("initial parameters " + ckpt + " do not fit this network"), e.getMessage());
    }

    @Test
    void resumeContinuesARunToTheTotalStepsAndRefusesToBeMixedWithInit() throws Exception {
        writeFakeMnist(dir);
        Path out = dir.resolve("resume");
        java.util.function.Function<String, String[]> args = steps -> new String[] {"ranking", "--method", "neuralsort", "--n", "3",
                "--steps", steps, "--batch-size", "2", "--channels", "2,2,3", "--eval-every", "1", "--test-sets", "4", "--no-progress",
                "--data", dir.toString(), "--out", out.toString()};
        TrainCommand t = new TrainCommand(TEST_LOSSES, TrainCommand.DEFAULT_OPTIMIZERS);
        assertEquals(0, new CommandLine(t).execute(args.apply("1")));
        Path ckpt = out.resolve("neuralsort-n3-baseline-sgd-s0.ckpt");
        String[] resume = Stream.concat(Stream.of(args.apply("3")), Stream.of("--resume", ckpt.toString())).toArray(String[]::new);
        assertEquals(org.newton4j.train.RunStart.resume(ckpt), parse(t, resume).config().settings().start());
        assertEquals(0, new CommandLine(t).execute(resume));
        List<String> csv = Files.readAllLines(out.resolve("neuralsort-n3-baseline-sgd-s0.csv"));
        assertEquals(List.of("1", "2", "3"), csv.stream().skip(1).map(l -> l.substring(0, l.indexOf(','))).toList(),
                "one curve over the first and the resumed part");
        String[] both = Stream.concat(Stream.of(resume), Stream.of("--init", ckpt.toString())).toArray(String[]::new);
        var e = assertThrows(IllegalArgumentException.class, () -> parse(t, both).config());
        assertTrue(e.getMessage().startsWith("--resume: cannot be combined with --init"), e.getMessage());
    }

    @Test
    void aResumeWithAnotherSteepnessIsRefusedBecauseTheLossDiffers() throws Exception {
        writeFakeMnist(dir);
        Path out = dir.resolve("resume-steepness");
        java.util.function.BiFunction<String, String, String[]> args = (steps, steepness) -> new String[] {"ranking", "--method",
                "neuralsort", "--steepness", steepness, "--n", "3", "--steps", steps, "--batch-size", "2", "--channels", "2,2,3",
                "--eval-every", "1", "--test-sets", "4", "--no-progress", "--data", dir.toString(), "--out", out.toString()};
        TrainCommand t = new TrainCommand();
        assertEquals(0, new CommandLine(t).execute(args.apply("1", "1")));
        Path ckpt = out.resolve("neuralsort-n3-baseline-sgd-s0.ckpt");
        String[] steeper = Stream.concat(Stream.of(args.apply("2", "2")), Stream.of("--resume", ckpt.toString())).toArray(String[]::new);
        var e = assertThrows(IllegalArgumentException.class, () -> parse(t, steeper).call());
        assertEquals("resume: " + ckpt + " is another run: loss: the checkpoint's run had mean of neuralsort(tau=1.0) on n=3, "
                + "this run has mean of neuralsort(tau=0.5) on n=3", e.getMessage());
    }

    @Test
    void badOptionsNameTheOption() {
        TrainCommand t = new TrainCommand(TEST_LOSSES, TrainCommand.DEFAULT_OPTIMIZERS);
        String[][] cases = {{"--method", "quicksort"}, {"--lambda", "-1"}, {"--lambda", "0"}, {"--newton", "bfgs"},
                {"--scope", "global"}, {"--policy", "hopeful"}, {"--n", "1"}, {"--steps", "0"}, {"--backend", "tpu"}, {"--precision", "f16"},
                {"--optimizer", "lbfgs"}, {"--channels", "1,2"}, {"--lr", "NaN"}, {"--init", "no/such.ckpt"},
                {"--resume", "no/such.ckpt"}};
        for (String[] c : cases) {
            String[] args = {"ranking", c[0], c[1]};
            var e = assertThrows(IllegalArgumentException.class, () -> parse(t, args).config(), String.join(" ", c));
            assertTrue(e.getMessage().startsWith(c[0]), e.getMessage());
        }
    }

    @Test
    void everyRankingMethodIsWiredAndEveryOptimizerIsOffered() {
        TrainCommand t = new TrainCommand();
        for (String method : TrainCommand.METHODS)
            for (String newton : TrainCommand.NEWTON)
                assertNotNull(parse(t, "ranking", "--method", method, "--relaxation", "cauchy", "--newton", newton).config().settings().loss());
        var e = assertThrows(IllegalArgumentException.class,
                () -> parse(t, "ranking", "--method", "odd_even", "--relaxation", "sigmoidish").config());
        assertTrue(e.getMessage().startsWith("--relaxation"), e.getMessage());
        for (String o : new String[] {"sgd", "adam", "alice", "grouped-newton"})
            assertEquals(o, parse(new TrainCommand(TEST_LOSSES, TrainCommand.DEFAULT_OPTIMIZERS), "ranking", "--optimizer", o)
                    .config().settings().optimizer().name());
    }

    @Test
    void missingDataFilesSayHowToGetThem() {
        TrainCommand.Ranking r = parse(new TrainCommand(TEST_LOSSES, TrainCommand.DEFAULT_OPTIMIZERS),
                "ranking", "--data", dir.resolve("nowhere").toString(), "--no-progress");
        var e = assertThrows(IllegalArgumentException.class, r::call);
        assertTrue(e.getMessage().startsWith("--data") && e.getMessage().contains("fetch-mnist.sh"), e.getMessage());
    }

    @Test
    void classifyRunsTwoStepsWithCrossEntropyAndValidatesOptions() throws Exception {
        writeFakeMnist(dir);
        Path out = dir.resolve("classify");
        int status = new CommandLine(new TrainCommand()).execute("classify", "--steps", "2", "--hidden", "8", "--batch-size", "4",
                "--eval-every", "1", "--test-samples", "5", "--optimizer", "adam", "--lr", "0.001", "--no-progress",
                "--data", dir.toString(), "--out", out.toString());
        assertEquals(0, status);
        assertTrue(Files.exists(out.resolve("classify-mlp-adam-s0.csv")));
        for (String[] bad : new String[][] {{"--hidden", "10,0"}, {"--activation", "sigmoid"}, {"--network", "vgg"}, {"--steps", "-3"}, {"--lr", "0"}}) {
            CommandLine.ParseResult p = new CommandLine(new TrainCommand(TEST_LOSSES, TrainCommand.DEFAULT_OPTIMIZERS, k -> TEST_LOSSES.create(null)))
                    .parseArgs("classify", bad[0], bad[1]);
            TrainCommand.Classify cc = (TrainCommand.Classify) p.subcommand().commandSpec().userObject();
            var f = assertThrows(IllegalArgumentException.class, cc::config, String.join(" ", bad));
            assertTrue(f.getMessage().startsWith(bad[0].equals("--activation") || bad[0].equals("--hidden") || bad[0].equals("--network") ? "--network/--hidden/--activation" : bad[0]), f.getMessage());
        }
    }

    /** fromBase wraps a base loss in the Newton loss the options ask for (here MSE from org.newton4j.loss). */
    @Test
    void fromBaseBuildsPlainAndNewtonLosses() {
        var mse = new org.newton4j.loss.MeanSquaredError(3);
        TrainCommand.RankingLossFactory f = TrainCommand.RankingLossFactory.fromBase(spec -> mse);
        var cpu = org.newton4j.device.cpu.CpuBackend.shared();
        double[] yv = {1, 2, 3, 0, -1, 4};
        double[] tv = {0, 2, 1, 1, -1, 0};
        for (String newton : TrainCommand.NEWTON)
            try (var y = cpu.upload(org.newton4j.device.Precision.F64, yv); var t = cpu.upload(org.newton4j.device.Precision.F64, tv);
                 var g = cpu.allocate(org.newton4j.device.Precision.F64, 6)) {
                BatchLoss l = f.create(new TrainCommand.RankingLossSpec("softsort", "logistic", 10, 3, newton, 0.5, "sample", "abs-eigen"));
                double v = l.evaluate(y, t, 2, 3, g);
                assertTrue(Double.isFinite(v) && v > 0, newton + ": value " + v);
                double[] grad = cpu.toDoubles(g);
                // every variant descends along y − t (MSE's gradient direction, scaled per sample)
                double dot = 0;
                for (int i = 0; i < 6; i++) dot += grad[i] * (yv[i] - tv[i]);
                assertTrue(dot > 0, newton + ": gradient is not a descent direction");
            }
    }

    private static final String[] TINY_PATHS = {"--size", "6", "--tile", "2", "--maps", "8,4", "--test-maps", "4", "--steps", "2",
            "--batch-size", "2", "--eval-every", "1", "--channels", "3,3", "--no-progress"};

    private static String[] concat(String[] a, String... b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    @Test
    void shortestPathRunsTwoStepsThroughTheCommandLine() throws Exception {
        Path out = dir.resolve("paths");
        String[] args = concat(new String[] {"shortest-path"}, TINY_PATHS);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        int status;
        try {
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            status = new CommandLine(new TrainCommand()).execute(concat(args, "--method", "smooth_algorithm", "--samples", "3",
                    "--newton", "hessian", "--lambda", "0.5", "--seed", "4", "--out", out.toString()));
        } finally {
            System.setOut(stdout);
        }
        assertEquals(0, status);
        String text = printed.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("Newton loss vs plain loss: cosine") && text.contains("test maps)"), "a Newton run reports its alignment: " + text);
        try (Stream<Path> files = Files.list(out)) {
            List<String> names = files.map(p -> p.getFileName().toString()).sorted().toList();
            String stem = "path-smooth_algorithm-hessian-l0.5-batch-adam-s4";
            assertEquals(List.of(stem + ".ckpt", stem + ".csv", stem + ".png"), names);
        }
    }

    @Test
    void shortestPathBadOptionsNameTheOption() {
        String[][] cases = {{"--method", "astar"}, {"--newton", "bfgs"}, {"--lambda", "-1"}, {"--scope", "global"},
                {"--policy", "clip"}, {"--beta", "0"}, {"--iterations", "-1"}, {"--tconorm", "max"}, {"--loss", "huber"}, {"--samples", "1"},
                {"--epsilon", "-0.5"}, {"--optimizer", "lbfgs"}, {"--steps", "0"}, {"--backend", "tpu"}, {"--precision", "f16"},
                {"--batch-size", "0"}, {"--lr", "0"}, {"--channels", "4"}, {"--test-maps", "0"}, {"--maps", "10"},
                {"--tile", "3"}, {"--size", "1"}, {"--data", dir.resolve("nowhere").toString()}};
        for (String[] bad : cases) {
            CommandLine.ParseResult p = new CommandLine(new TrainCommand()).setOverwrittenOptionsAllowed(true).parseArgs(concat(new String[] {"shortest-path"},
                    concat(TINY_PATHS, bad)));
            TrainCommand.ShortestPath sp = (TrainCommand.ShortestPath) p.subcommand().commandSpec().userObject();
            var e = assertThrows(IllegalArgumentException.class, () -> sp.config(sp.experiment().side()), String.join(" ", bad));
            assertTrue(e.getMessage().startsWith(bad[0]), String.join(" ", bad) + " -> " + e.getMessage());
        }
    }

    @Test
    void shortestPathDataDirectoryWithoutArraysSaysWhichFile() throws IOException {
        Path empty = Files.createDirectory(dir.resolve("empty"));
        CommandLine.ParseResult p = new CommandLine(new TrainCommand()).parseArgs("shortest-path", "--data", empty.toString());
        TrainCommand.ShortestPath sp = (TrainCommand.ShortestPath) p.subcommand().commandSpec().userObject();
        var e = assertThrows(IllegalArgumentException.class, sp::experiment);
        assertTrue(e.getMessage().startsWith("--data") && e.getMessage().contains("train_maps.npy"), e.getMessage());
    }
}
