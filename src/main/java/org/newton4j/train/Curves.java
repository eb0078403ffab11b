package org.newton4j.train;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.imageio.ImageIO;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

/** Writes training curves: a CSV per run and one PNG (loss | test accuracy) that can overlay several runs. */
public final class Curves {
    private Curves() { }

    /** Columns: step, train_loss, one per test metric (names as given), seconds. */
    public static void writeCsv(Path file, List<String> testMetrics, List<CurvePoint> curve) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("step,train_loss," + String.join(",", testMetrics) + ",seconds\n");
            for (CurvePoint p : curve) {
                w.write(String.format(Locale.ROOT, "%d,%.8g", p.step(), p.trainLoss()));
                for (double m : p.test()) w.write(String.format(Locale.ROOT, ",%.6f", m));
                w.write(String.format(Locale.ROOT, ",%.3f%n", p.seconds()));
            }
        }
    }

    /** One PNG, two panels: training loss and the first test metric against step, one series per run. */
    public static void writePlot(Path file, String title, String metric, Map<String, List<CurvePoint>> runs) throws IOException {
        System.setProperty("java.awt.headless", "true");
        XYChart loss = chart(title + ": training loss", "loss");
        XYChart acc = chart(title + ": " + metric, metric);
        for (Map.Entry<String, List<CurvePoint>> run : runs.entrySet()) {
            List<CurvePoint> c = run.getValue();
            if (c.isEmpty()) continue;
            double[] steps = new double[c.size()], l = new double[c.size()], a = new double[c.size()];
            for (int i = 0; i < c.size(); i++) {
                steps[i] = c.get(i).step();
                l[i] = c.get(i).trainLoss();
                a[i] = c.get(i).test(0);
            }
            loss.addSeries(run.getKey(), steps, l);
            acc.addSeries(run.getKey(), steps, a);
        }
        BufferedImage left = BitmapEncoder.getBufferedImage(loss), right = BitmapEncoder.getBufferedImage(acc);
        BufferedImage both = new BufferedImage(left.getWidth() + right.getWidth(), Math.max(left.getHeight(), right.getHeight()),
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = both.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, both.getWidth(), both.getHeight());
        g.drawImage(left, 0, 0, null);
        g.drawImage(right, left.getWidth(), 0, null);
        g.dispose();
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        if (!ImageIO.write(both, "png", file.toFile())) throw new IOException("no PNG writer available for " + file);
    }

    /**
     * {@link #writePlot}, but a machine whose headless AWT cannot draw (no fontconfig or fonts, as
     * on bare GPU hosts) costs only the picture: the run's numbers are already in its CSV.
     * @return the file written, or null after a one-line warning on stderr
     */
    public static Path writePlotOrWarn(Path file, String title, String metric, Map<String, List<CurvePoint>> runs) throws IOException {
        try {
            writePlot(file, title, metric, runs);
            return file;
        } catch (InternalError | RuntimeException e) {   // AWT's font manager fails with InternalError
            Throwable root = e;
            while (root.getCause() != null) root = root.getCause();
            System.err.println("warning: plot " + file + " not written, headless AWT cannot draw text here ("
                    + root.getMessage() + "); install fontconfig and a font, e.g. apt-get install fonts-dejavu-core");
            return null;
        }
    }

    private static XYChart chart(String title, String y) {
        XYChart c = new XYChartBuilder().width(640).height(420).title(title).xAxisTitle("step").yAxisTitle(y).build();
        c.getStyler().setMarkerSize(4);
        return c;
    }
}
