namespace TrafficEngine.MapMatching;

/// <summary>
/// Fix-to-road distances counted per millimetre up to the search radius (no matched fix lies further), so the
/// median and 95th percentile of a feed of any size come from a fixed 8 bytes per millimetre of radius. Quantiles
/// interpolate between order statistics as a sorted array would; each order statistic is exact to the millimetre.
/// </summary>
internal sealed class DistanceHistogram
{
    private const double BinMetres = 0.001;

    private readonly long[] _counts;
    private long _total;

    public DistanceHistogram(double radiusMetres)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(radiusMetres);
        _counts = new long[(int)Math.Min(Array.MaxLength, Math.Ceiling(radiusMetres / BinMetres) + 1)];
    }

    public long Count => _total;

    public void Add(double metres)
    {
        int bin = double.IsFinite(metres) ? (int)Math.Clamp(Math.Round(metres / BinMetres), 0, _counts.Length - 1) : _counts.Length - 1;
        _counts[bin]++;
        _total++;
    }

    /// <summary>Median and 95th percentile, metres, to 2 decimals; nulls when nothing was counted.</summary>
    public (double? Median, double? P95) Quantiles() =>
        _total == 0 ? (null, null) : (Math.Round(Quantile(0.5), 2), Math.Round(Quantile(0.95), 2));

    private double Quantile(double q)
    {
        double position = q * (_total - 1);
        long low = (long)Math.Floor(position);
        long high = Math.Min(low + 1, _total - 1);
        double a = Value(low), b = Value(high);
        return a + ((position - low) * (b - a));
    }

    /// <summary>The value of rank <paramref name="rank"/> (0-based) in sorted order.</summary>
    private double Value(long rank)
    {
        long seen = 0;
        for (int bin = 0; bin < _counts.Length; bin++)
        {
            seen += _counts[bin];
            if (seen > rank)
            {
                return bin * BinMetres;
            }
        }

        return (_counts.Length - 1) * BinMetres;
    }
}
