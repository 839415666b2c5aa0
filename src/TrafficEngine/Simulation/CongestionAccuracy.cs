using TrafficEngine.Congestion;
using TrafficEngine.Geo;
using TrafficEngine.MapMatching;

namespace TrafficEngine.Simulation;

/// <summary>
/// The engine's city TPI on a <see cref="CongestionDay"/> against the day's truth, bin by bin within a window of
/// Beijing local hours: mean absolute error, the worst bin, the share of bins that got a number, and how often the
/// published interval (tpi_low..tpi_high) holds the truth.
/// </summary>
public sealed record CongestionAccuracy(int Bins, int Published, double MeanAbsoluteError, double WorstError, double MeanTruth,
    double MeanEstimate, IReadOnlyList<(long BinStartMs, double Truth, double Estimate)> Rows)
{
    public double PublishedShare => Bins == 0 ? 0 : (double)Published / Bins;

    /// <summary>Published bins with a TPI interval (tpi_low..tpi_high).</summary>
    public int IntervalBins { get; init; }

    /// <summary>Of <see cref="IntervalBins"/>, those whose interval holds the truth.</summary>
    public int IntervalHolds { get; init; }

    /// <summary>Share of the bins with an interval whose interval holds the truth; NaN without intervals.</summary>
    public double IntervalHoldShare => IntervalBins == 0 ? double.NaN : (double)IntervalHolds / IntervalBins;

    /// <summary>Mean of tpi_high - tpi_low over <see cref="IntervalBins"/>, TPI points.</summary>
    public double MeanIntervalWidth { get; init; }

    /// <summary>Simulates nothing: matches the day's probes, runs congestion, and scores the city index.</summary>
    public static (CongestionAccuracy Accuracy, CongestionResult Result, MatchReport Match) Run(RoadNetwork network, CongestionDay day,
        CongestionOptions options, MatchOptions? match = null, double fromHour = 7, double toHour = 21)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(day);
        ArgumentNullException.ThrowIfNull(options);
        MatchResult matched = new MapMatcher(network, match ?? new MatchOptions()).Match([day.ToProbeBatch()]);
        CongestionResult result = CongestionAnalyzer.Analyze(network, matched.Traversals, options);
        return (Score(day, result, fromHour, toHour), result, matched.Report);
    }

    public static CongestionAccuracy Score(CongestionDay day, CongestionResult result, double fromHour, double toHour)
    {
        ArgumentNullException.ThrowIfNull(day);
        ArgumentNullException.ThrowIfNull(result);
        var estimates = new Dictionary<long, double>();
        var intervals = new Dictionary<long, (double Low, double High)>();
        GroupIndexTable city = result.City;
        for (int i = 0; i < city.Count; i++)
        {
            if (double.IsFinite(city.Tpi[i]))
            {
                estimates[city.BinStartMs[i]] = city.Tpi[i];
            }

            if (double.IsFinite(city.TpiLow[i]))
            {
                intervals[city.BinStartMs[i]] = (city.TpiLow[i], city.TpiHigh[i]);
            }
        }

        int intervalBins = 0, holds = 0;
        double width = 0;

        var rows = new List<(long, double, double)>();
        int published = 0;
        double sumError = 0, worst = 0, sumTruth = 0, sumEstimate = 0;
        long first = day.Field.MidnightUtcMs + (long)(fromHour * 3_600_000);
        long last = day.Field.MidnightUtcMs + (long)(toHour * 3_600_000);
        int bins = 0;
        for (long bin = first; bin < last; bin += day.BinMs)
        {
            double truth = day.TruthTpi(bin, result.Options);
            if (double.IsNaN(truth))
            {
                continue;
            }

            bins++;
            double estimate = estimates.TryGetValue(bin, out double value) ? value : double.NaN;
            rows.Add((bin, truth, estimate));
            if (double.IsNaN(estimate))
            {
                continue;
            }

            published++;
            if (intervals.TryGetValue(bin, out (double Low, double High) interval))
            {
                intervalBins++;
                holds += interval.Low <= truth && truth <= interval.High ? 1 : 0;
                width += interval.High - interval.Low;
            }

            double error = Math.Abs(estimate - truth);
            sumError += error;
            worst = Math.Max(worst, error);
            sumTruth += truth;
            sumEstimate += estimate;
        }

        return new CongestionAccuracy(bins, published, published == 0 ? double.NaN : sumError / published, worst,
            published == 0 ? double.NaN : sumTruth / published, published == 0 ? double.NaN : sumEstimate / published, rows)
        {
            IntervalBins = intervalBins,
            IntervalHolds = holds,
            MeanIntervalWidth = intervalBins == 0 ? double.NaN : width / intervalBins,
        };
    }
}
