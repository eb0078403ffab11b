"""Two-sided t-tests for the experiment summaries: Welch (unequal variances) and paired by seed.
With SciPy the p-values come from Student's t; without it from the normal tail, which understates
p for few seeds (HAVE_SCIPY says which, so a table can state it)."""
import math, statistics

try:
    from scipy import stats as _stats
except ImportError:
    _stats = None
HAVE_SCIPY = _stats is not None


def _two_sided(t, df):
    return 2 * _stats.t.sf(abs(t), df) if _stats else math.erfc(abs(t) / math.sqrt(2))


def welch_p(a, b):
    """p of mean(b) − mean(a) ≠ 0, samples a and b of unequal variance; NaN when undefined."""
    if len(a) < 2 or len(b) < 2: return float("nan")
    va, vb = statistics.variance(a) / len(a), statistics.variance(b) / len(b)
    if va + vb == 0: return float("nan")
    t = (statistics.mean(b) - statistics.mean(a)) / math.sqrt(va + vb)
    df = (va + vb) ** 2 / (va ** 2 / (len(a) - 1) + vb ** 2 / (len(b) - 1))
    return _two_sided(t, df)


def paired_p(diffs):
    """p of mean(diffs) ≠ 0 for differences paired by seed; NaN when undefined."""
    if len(diffs) < 2 or statistics.stdev(diffs) == 0: return float("nan")
    t = statistics.mean(diffs) / (statistics.stdev(diffs) / math.sqrt(len(diffs)))
    return _two_sided(t, len(diffs) - 1)


def sd(v):
    return statistics.stdev(v) if len(v) > 1 else 0.0
