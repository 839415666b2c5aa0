using System.Globalization;

namespace TrafficEngine.Congestion;

/// <summary>
/// The piecewise-linear map from the VKT-weighted congested-mileage ratio R (0..1) to the traffic performance index
/// (0..10), and the level bands of the index. Default breakpoints (configurable, recorded in outputs' metadata):
/// R 0 %, 4 %, 8 %, 11 %, 14 %, 17 % map to TPI 0, 2, 4, 6, 8, 10; above the last breakpoint the index stays at 10.
/// The last segment (14-17 %) continues the 1.5 points-per-percent slope of the two before it; sources only say
/// "14 % and above: 8-10".
/// </summary>
public sealed class TpiScale
{
    private readonly double[] _ratios;
    private readonly double[] _indices;

    public TpiScale(IReadOnlyList<double> ratios, IReadOnlyList<double> indices)
    {
        ArgumentNullException.ThrowIfNull(ratios);
        ArgumentNullException.ThrowIfNull(indices);
        if (ratios.Count < 2 || ratios.Count != indices.Count)
        {
            throw new ArgumentException("A TPI scale needs two or more (ratio, index) breakpoints.", nameof(ratios));
        }

        for (int i = 0; i < ratios.Count; i++)
        {
            if (!double.IsFinite(ratios[i]) || !double.IsFinite(indices[i]))
            {
                throw new ArgumentException("TPI breakpoints must be finite.", nameof(ratios));
            }

            if (i > 0 && !(ratios[i] > ratios[i - 1] && indices[i] >= indices[i - 1]))
            {
                throw new ArgumentException("TPI breakpoint ratios must increase strictly and indices must not fall.", nameof(ratios));
            }
        }

        _ratios = [.. ratios];
        _indices = [.. indices];
    }

    public static TpiScale Default { get; } = new([0, 0.04, 0.08, 0.11, 0.14, 0.17], [0, 2, 4, 6, 8, 10]);

    public IReadOnlyList<double> Ratios => _ratios;

    public IReadOnlyList<double> Indices => _indices;

    /// <summary>TPI for a congested-mileage ratio; clamped to the first and last breakpoints. NaN stays NaN.</summary>
    public double Index(double ratio)
    {
        if (double.IsNaN(ratio))
        {
            return double.NaN;
        }

        if (ratio <= _ratios[0])
        {
            return _indices[0];
        }

        for (int i = 1; i < _ratios.Length; i++)
        {
            if (ratio <= _ratios[i])
            {
                double t = (ratio - _ratios[i - 1]) / (_ratios[i] - _ratios[i - 1]);
                return _indices[i - 1] + (t * (_indices[i] - _indices[i - 1]));
            }
        }

        return _indices[^1];
    }

    /// <summary>The band of an index: [0,2) free flow, [2,4) basically free, [4,6) light, [6,8) moderate, [8,10] severe.</summary>
    public static CongestionLevel Band(double tpi)
    {
        if (double.IsNaN(tpi))
        {
            throw new ArgumentOutOfRangeException(nameof(tpi), "A band needs an index.");
        }

        return tpi switch
        {
            < 2 => CongestionLevel.FreeFlow,
            < 4 => CongestionLevel.BasicallyFree,
            < 6 => CongestionLevel.Light,
            < 8 => CongestionLevel.Moderate,
            _ => CongestionLevel.Severe,
        };
    }

    /// <summary>"0:0;0.04:2;..." for metadata.</summary>
    public override string ToString() =>
        string.Join(';', _ratios.Select((r, i) => string.Create(CultureInfo.InvariantCulture, $"{r}:{_indices[i]}")));
}
