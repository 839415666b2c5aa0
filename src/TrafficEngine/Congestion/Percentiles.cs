namespace TrafficEngine.Congestion;

/// <summary>Percentiles by linear interpolation between closest ranks (Hyndman &amp; Fan type 7, as numpy and Excel PERCENTILE.INC).</summary>
public static class Percentiles
{
    /// <summary>The <paramref name="p"/>-quantile (0..1) of the values; sorts the span in place. NaN for an empty span.</summary>
    public static double OfUnsorted(Span<double> values, double p)
    {
        values.Sort();
        return OfSorted(values, p);
    }

    /// <summary>The <paramref name="p"/>-quantile (0..1) of ascending values. NaN for an empty span.</summary>
    public static double OfSorted(ReadOnlySpan<double> sorted, double p)
    {
        if (!(p >= 0 && p <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(p), p, "A quantile lies in 0..1.");
        }

        if (sorted.IsEmpty)
        {
            return double.NaN;
        }

        double rank = p * (sorted.Length - 1);
        int below = (int)Math.Floor(rank);
        int above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + ((rank - below) * (sorted[above] - sorted[below]));
    }
}
