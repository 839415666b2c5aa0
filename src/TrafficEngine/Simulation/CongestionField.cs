using TrafficEngine.Congestion;
using TrafficEngine.Geo;

namespace TrafficEngine.Simulation;

/// <summary>
/// A known, time-varying speed on every edge of a network for one workday: the free-flow speed of the edge's class
/// (times a fixed per-edge factor for its geometry and signals), slowed by a workday profile (AM peak near 08:00, PM
/// peak near 18:00, a midday shoulder, quiet nights) whose depth grows towards a few spatial hot spots. The truth the
/// congestion engine is measured against.
/// </summary>
public sealed class CongestionField
{
    private readonly RoadNetwork _network;
    private readonly double[] _freeFlowKmh;
    private readonly double[] _exposure;
    private readonly long _midnightUtcMs;

    public CongestionField(RoadNetwork network, CongestionFieldOptions options)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _network = network;
        var random = new Random(Seeds.Mix(options.Seed, 0x5eed));
        int[] centres = new int[Math.Min(options.HotSpots, network.NodeCount)];
        for (int h = 0; h < centres.Length; h++)
        {
            centres[h] = random.Next(network.NodeCount);
        }

        _freeFlowKmh = new double[network.EdgeCount];
        _exposure = new double[network.EdgeCount];
        double radius2 = options.HotSpotRadiusMetres * options.HotSpotRadiusMetres;
        for (int e = 0; e < network.EdgeCount; e++)
        {
            _freeFlowKmh[e] = options.FreeFlowKmh[(int)network.Classes[e]] * (0.9 + (0.2 * random.NextDouble()));
            int from = network.EdgeFrom[e];
            double near = 0;
            foreach (int c in centres)
            {
                double d = GreatCircle.DistanceMetres(network.NodeLon[from], network.NodeLat[from], network.NodeLon[c], network.NodeLat[c]);
                double d2 = d * d;
                near = Math.Max(near, Math.Exp(-d2 / radius2));
            }

            // Away from every hot spot a road still slows somewhat in the peaks; near a centre it can nearly stop.
            _exposure[e] = (0.2 + (0.8 * near)) * (0.6 + (0.8 * random.NextDouble()));
        }

        _midnightUtcMs = BeijingCalendar.MidnightUtcMs(options.Day.DayNumber - DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber);
    }

    /// <summary>UTC epoch milliseconds of the simulated day's local midnight.</summary>
    public long MidnightUtcMs => _midnightUtcMs;

    /// <summary>The edge's speed with no traffic, km/h.</summary>
    public double FreeFlowKmh(int edge) => _freeFlowKmh[edge];

    /// <summary>The field's speed on <paramref name="edge"/> at <paramref name="utcMs"/>, km/h.</summary>
    public double SpeedKmh(int edge, long utcMs)
    {
        double hour = (utcMs - _midnightUtcMs) / 3_600_000.0;
        return _freeFlowKmh[edge] * Math.Max(0.1, 1 - (Depth(hour) * _exposure[edge]));
    }

    /// <summary>How far traffic slows at full exposure, 0-0.95, by Beijing local hour of the day.</summary>
    public static double Depth(double hour)
    {
        double am = 0.85 * Math.Exp(-Square((hour - 8.0) / 1.6));
        double pm = 0.8 * Math.Exp(-Square((hour - 18.0) / 1.8));
        double day = hour is > 9.5 and < 16.5 ? 0.6 : 0.6 * Math.Exp(-Square(Math.Min(Math.Abs(hour - 9.5), Math.Abs(hour - 16.5)) / 1.5));
        double night = hour is < 5.5 or > 22.5 ? 0.0 : 1.0;
        return Math.Min(0.95, Math.Max(am, Math.Max(pm, day)) * night);
    }

    /// <summary>
    /// The true city TPI of one bin by the published definition (DOMAIN.md §3): per road class, the share of the
    /// class's whole length at <see cref="CongestionOptions.CongestedFrom"/> or worse at the bin's middle, weighted by
    /// <paramref name="classVkt"/> (the fleet's vehicle-kilometres per class in the bin).
    /// </summary>
    public double TruthTpi(long binStartUtcMs, long binMs, ReadOnlySpan<double> classVkt, CongestionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Tpi.Index(TruthRatio(binStartUtcMs, binMs, classVkt, options));
    }

    public double TruthRatio(long binStartUtcMs, long binMs, ReadOnlySpan<double> classVkt, CongestionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Span<double> total = stackalloc double[RoadClasses.Count];
        Span<double> congested = stackalloc double[RoadClasses.Count];
        total.Clear();
        congested.Clear();
        long middle = binStartUtcMs + (binMs / 2);
        for (int e = 0; e < _network.EdgeCount; e++)
        {
            RoadClass k = _network.Classes[e];
            total[(int)k] += _network.LengthMetres[e];
            if (options.Thresholds.Classify(k, SpeedKmh(e, middle)) >= options.CongestedFrom)
            {
                congested[(int)k] += _network.LengthMetres[e];
            }
        }

        double vkt = 0, ratio = 0;
        for (int k = 0; k < RoadClasses.Count; k++)
        {
            vkt += classVkt[k];
        }

        for (int k = 0; k < RoadClasses.Count && vkt > 0; k++)
        {
            if (total[k] > 0)
            {
                ratio += classVkt[k] / vkt * (congested[k] / total[k]);
            }
        }

        return ratio;
    }

    private static double Square(double x) => x * x;
}

/// <summary>Deterministic seeds derived from a seed and a stream number (HashCode is randomised per process).</summary>
internal static class Seeds
{
    public static int Mix(int seed, int stream)
    {
        // SplitMix64's finaliser over the pair.
        ulong z = ((ulong)(uint)seed << 32) | (uint)stream;
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9UL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebUL;
        z ^= z >> 31;
        return (int)(z & 0x7fffffff);
    }
}
