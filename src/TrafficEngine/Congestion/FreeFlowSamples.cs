using System.Runtime.CompilerServices;
namespace TrafficEngine.Congestion;

/// <summary>
/// Free-flow evidence of earlier days for one kind of key (edges, road stretches or class-in-area groups), aggregated
/// as cells stream in so that memory depends on the number of keys, not on the length of the history:
/// <list type="bullet">
/// <item><see cref="FreeFlowMethod.OffPeakPercentile"/>: a histogram of off-peak cell speeds in 1 km/h buckets per key
/// (allocated for keys with data only), so a percentile over history is exact to within 1 km/h;</item>
/// <item><see cref="FreeFlowMethod.FastestHours"/>: per key the number of qualifying hours and the fastest of them
/// (as many as <see cref="CongestionOptions.FastestHours"/>), from hourly space-mean speeds built while a key's cells
/// arrive in time order (one hour is open per key; it closes when a cell of a later hour comes).</item>
/// </list>
/// </summary>
internal sealed class FreeFlowSamples
{
    private readonly FreeFlowMethod _method;
    private readonly int _buckets;
    private readonly int[]?[] _histograms;
    private readonly int[] _counts;
    private readonly int _top;
    private readonly int _minHourlyTraversals;
    private readonly float[] _fastest;
    private readonly long[] _openHour;
    private readonly double[] _openMetres;
    private readonly double[] _openSeconds;
    private readonly int[] _openTraversals;

    public FreeFlowSamples(int keyCount, CongestionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _method = options.FreeFlowMethod;
        _counts = new int[keyCount];
        if (_method == FreeFlowMethod.OffPeakPercentile)
        {
            _buckets = (int)Math.Ceiling(options.MaxTraversalSpeedKmh) + 1;
            _histograms = new int[keyCount][];
            _fastest = [];
            _openHour = [];
            _openMetres = _openSeconds = [];
            _openTraversals = [];
        }
        else
        {
            _histograms = [];
            _top = options.FastestHours;
            _minHourlyTraversals = options.MinHourlyTraversals;
            _fastest = new float[keyCount * _top];
            _openHour = new long[keyCount];
            System.Array.Fill(_openHour, long.MinValue);
            _openMetres = new double[keyCount];
            _openSeconds = new double[keyCount];
            _openTraversals = new int[keyCount];
        }
    }

    /// <summary>Width of a histogram bucket, km/h.</summary>
    public const double BucketKmh = 1;

    /// <summary>Off-peak values (histogram) or qualifying hours held for a key.</summary>
    public int Count(int key) => _counts[key];

    /// <summary>A key's off-peak speed histogram (bucket b holds speeds in [b, b+1) km/h; the last bucket everything above); empty when it has none.</summary>
    public ReadOnlySpan<int> Histogram(int key) => _histograms.Length > 0 && _histograms[key] is { } h ? h : [];

    /// <summary>The number of histogram buckets (0 under <see cref="FreeFlowMethod.FastestHours"/>).</summary>
    public int Buckets => _buckets;

    /// <summary>A key's fastest qualifying hourly speeds, km/h, in no order (at most FastestHours of them).</summary>
    public ReadOnlySpan<float> Fastest(int key) => _fastest.AsSpan(key * _top, Math.Min(_counts[key], _top));

    /// <summary>
    /// One usable cell of a key (enough vehicles). Under FastestHours a key's cells must come in time order; cells of
    /// different keys may interleave.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(int key, long binStartMs, double speedKmh, double metres, double seconds, int traversals, bool offPeak)
    {
        if (_method == FreeFlowMethod.OffPeakPercentile)
        {
            if (offPeak)
            {
                int[] histogram = _histograms[key] ??= new int[_buckets];
                histogram[Bucket(speedKmh, _buckets)]++;
                _counts[key]++;
            }

            return;
        }

        long hour = Math.DivRem(binStartMs, 3_600_000, out long rem) - (rem < 0 ? 1 : 0);
        if (hour != _openHour[key])
        {
            Close(key);
            _openHour[key] = hour;
        }

        _openMetres[key] += metres;
        _openSeconds[key] += seconds;
        _openTraversals[key] += traversals;
    }

    /// <summary>Closes every open hour; call once all cells are in.</summary>
    public void Finish()
    {
        for (int key = 0; key < _openHour.Length; key++)
        {
            Close(key);
            _openHour[key] = long.MinValue;
        }
    }

    /// <summary>The bucket of a speed in a histogram of <paramref name="buckets"/> 1 km/h buckets.</summary>
    public static int Bucket(double speedKmh, int buckets) => speedKmh >= buckets - 1 ? buckets - 1 : Math.Max((int)speedKmh, 0);

    /// <summary>
    /// The type-7 <paramref name="p"/>-quantile of a histogram's values, each bucket's values spread evenly over it
    /// (the k-th of c values in bucket b reads b + (k + 0.5) / c). NaN for an empty histogram.
    /// </summary>
    public static double Percentile(ReadOnlySpan<int> histogram, double p)
    {
        long n = 0;
        foreach (int c in histogram)
        {
            n += c;
        }

        if (n == 0)
        {
            return double.NaN;
        }

        double rank = p * (n - 1);
        long below = (long)Math.Floor(rank);
        double low = ValueAt(histogram, below), high = ValueAt(histogram, Math.Min(below + 1, n - 1));
        return low + ((rank - below) * (high - low));
    }

    private static double ValueAt(ReadOnlySpan<int> histogram, long k)
    {
        long before = 0;
        for (int b = 0; b < histogram.Length; b++)
        {
            if (before + histogram[b] > k)
            {
                return (b + ((k - before + 0.5) / histogram[b])) * BucketKmh;
            }

            before += histogram[b];
        }

        return histogram.Length * BucketKmh;
    }

    private void Close(int key)
    {
        if (_openHour[key] != long.MinValue && _openTraversals[key] >= _minHourlyTraversals && _openSeconds[key] > 0)
        {
            float speed = (float)(_openMetres[key] / _openSeconds[key] * 3.6);
            Span<float> fastest = _fastest.AsSpan(key * _top, _top);
            if (_counts[key] < _top)
            {
                fastest[_counts[key]] = speed;
            }
            else
            {
                int slowest = 0;
                for (int i = 1; i < _top; i++)
                {
                    slowest = fastest[i] < fastest[slowest] ? i : slowest;
                }

                fastest[slowest] = Math.Max(fastest[slowest], speed);
            }

            _counts[key]++;
        }

        _openMetres[key] = 0;
        _openSeconds[key] = 0;
        _openTraversals[key] = 0;
    }
}
