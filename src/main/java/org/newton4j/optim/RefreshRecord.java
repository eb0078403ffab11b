package org.newton4j.optim;

/**
 * What one GroupedNewton refresh measured and decided, for logging: the raw summaries of this
 * refresh (ḡ, H̄, T), their averages over the window (what the solver used), the solver's outcome,
 * the rates after momentum and zeroing, and the damping λ₁ in force. Arrays are copies.
 *
 * @param step the optimizer step (0-based) at which the refresh ran
 * @param warmup true while refreshes only fill the averages (no parameter update)
 * @param rates the per-group rates η applied as θ_s ← θ_s − λ₁ η_s u_s (null during warm-up)
 */
public record RefreshRecord(long step, boolean warmup, double[] gBar, double[][] hBar, double[] third,
                            double[] gBarAverage, double[][] hBarAverage, double[] thirdAverage,
                            CubicRates.Result solution, double[] rates, double lambda1) { }
