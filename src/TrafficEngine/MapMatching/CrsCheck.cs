using TrafficEngine.Geo;

namespace TrafficEngine.MapMatching;

/// <summary>
/// Whether probes sit on the roads under their declared coordinate system (DOMAIN.md §1): on a sample of fixes, the
/// median distance to the nearest edge with the coordinates as declared, and as if the feed had really been GCJ-02 or
/// BD-09 (converted back to WGS-84). A system that fits clearly better (median at most half the declared one's and
/// at least 10 m less) makes a warning.
/// </summary>
public sealed record CrsCheckResult(string DeclaredCrs, int SampledFixes, IReadOnlyDictionary<string, double> MedianDistanceMetres,
    string BestCrs, string? Warning);

internal static class CrsCheck
{
    /// <summary>Nearest-road distances are capped here: a fix further from every road counts as this far.</summary>
    internal const double CapMetres = 2_000;

    public static CrsCheckResult Run(EdgeSegmentIndex index, ReadOnlySpan<double> lon, ReadOnlySpan<double> lat, Crs declared, int sampleSize)
    {
        int n = lon.Length;
        int samples = Math.Min(n, sampleSize);
        var medians = new Dictionary<string, double>(StringComparer.Ordinal);
        var distances = new double[samples];
        Crs best = declared;
        double bestMedian = double.PositiveInfinity, declaredMedian = double.NaN;
        foreach (Crs hypothesis in (Crs[])[Crs.Wgs84, Crs.Gcj02, Crs.Bd09])
        {
            for (int s = 0; s < samples; s++)
            {
                int i = (int)((long)s * n / samples);
                (double rawLon, double rawLat) = CoordinateSystems.Convert(Crs.Wgs84, declared, lon[i], lat[i]);
                (double wLon, double wLat) = CoordinateSystems.Convert(hypothesis, Crs.Wgs84, rawLon, rawLat);
                distances[s] = index.NearestDistance(index.Projection.X(wLon), index.Projection.Y(wLat), CapMetres);
            }

            double median = samples == 0 ? double.NaN : Median(distances);
            medians[hypothesis.ToName()] = Math.Round(median, 2);
            if (hypothesis == declared)
            {
                declaredMedian = median;
            }

            if (median < bestMedian)
            {
                bestMedian = median;
                best = hypothesis;
            }
        }

        string? warning = null;
        if (samples > 0 && best != declared && bestMedian <= declaredMedian / 2 && declaredMedian - bestMedian >= 10)
        {
            warning = $"the probes fit the road network far better as {best.ToName()} than as the declared {declared.ToName()}: " +
                $"median distance to the nearest road {bestMedian:F0} m against {declaredMedian:F0} m over {samples} sampled fixes; " +
                $"re-ingest them with --crs {best.ToName()}";
        }

        return new CrsCheckResult(declared.ToName(), samples, medians, (samples == 0 ? declared : best).ToName(), warning);
    }

    internal static double Median(Span<double> values)
    {
        values.Sort();
        int m = values.Length / 2;
        return values.Length % 2 == 1 ? values[m] : (values[m - 1] + values[m]) / 2;
    }
}
