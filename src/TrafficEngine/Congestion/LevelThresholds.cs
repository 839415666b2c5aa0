using TrafficEngine.Geo;

namespace TrafficEngine.Congestion;

/// <summary>
/// Speed thresholds in km/h that separate the congestion levels of a segment, per road class. Defaults are the
/// DB11/T 785-2011 / GB/T 33171-2016 table: a speed above the first threshold is free flow, above the second basically
/// free, above the third light, above the fourth moderate, otherwise severe.
/// </summary>
public sealed class LevelThresholds
{
    private readonly double[] _kmh;

    /// <summary>Thresholds per class (expressway, arterial, collector, local), four descending values each.</summary>
    public LevelThresholds(IReadOnlyList<IReadOnlyList<double>> perClass)
    {
        ArgumentNullException.ThrowIfNull(perClass);
        if (perClass.Count != RoadClasses.Count)
        {
            throw new ArgumentException($"Need thresholds for {RoadClasses.Count} road classes, got {perClass.Count}.", nameof(perClass));
        }

        _kmh = new double[RoadClasses.Count * 4];
        for (int c = 0; c < RoadClasses.Count; c++)
        {
            IReadOnlyList<double> t = perClass[c];
            if (t is not { Count: 4 } || !(t[0] > t[1] && t[1] > t[2] && t[2] > t[3] && t[3] > 0))
            {
                throw new ArgumentException($"The thresholds of {RoadClasses.Name((RoadClass)c)} must be four strictly descending positive speeds.", nameof(perClass));
            }

            for (int i = 0; i < 4; i++)
            {
                _kmh[(c * 4) + i] = t[i];
            }
        }
    }

    /// <summary>The Beijing standard: expressway 65/50/35/20, arterial 40/30/20/15, collector and local 35/25/15/10 km/h.</summary>
    public static LevelThresholds Beijing { get; } = new(
    [
        [65, 50, 35, 20],
        [40, 30, 20, 15],
        [35, 25, 15, 10],
        [35, 25, 15, 10],
    ]);

    /// <summary>The four thresholds of a class, descending.</summary>
    public ReadOnlySpan<double> For(RoadClass roadClass) => _kmh.AsSpan((int)roadClass * 4, 4);

    /// <summary>The level of a space-mean speed on a road of the given class. NaN speeds throw: there is no level without data.</summary>
    public CongestionLevel Classify(RoadClass roadClass, double speedKmh)
    {
        if (double.IsNaN(speedKmh))
        {
            throw new ArgumentOutOfRangeException(nameof(speedKmh), "A level needs a speed.");
        }

        ReadOnlySpan<double> t = For(roadClass);
        if (speedKmh > t[0])
        {
            return CongestionLevel.FreeFlow;
        }

        if (speedKmh > t[1])
        {
            return CongestionLevel.BasicallyFree;
        }

        if (speedKmh > t[2])
        {
            return CongestionLevel.Light;
        }

        return speedKmh > t[3] ? CongestionLevel.Moderate : CongestionLevel.Severe;
    }
}
