using System.Diagnostics;
using Apache.Arrow;
using TrafficEngine.Congestion;
using TrafficEngine.Geo;
using TrafficEngine.Ingest;
using TrafficEngine.MapMatching;
using TrafficEngine.Tests.Ingest;
using TrafficEngine.Tests.MapMatching;
using Xunit.Abstractions;

namespace TrafficEngine.Tests.Congestion;

/// <summary>
/// Issue 10 §3 on real data: the four T-Drive development days (2008-02-02 from 13:30 to 02-05, all 854 taxis of the
/// subset) ingested with the main job's settings, matched on the Beijing network and aggregated into 15-minute city
/// bins with the defaults. Two checks per Beijing local day:
/// <list type="bullet">
/// <item>steadiness: of the pairs of bins 15 minutes apart that both publish a TPI (an <c>insufficient_data</c> bin
/// is not a published number, so a pair with one is not counted), at most 5 % differ by 4 points or more;</item>
/// <item>quiet nights: from 01:00 to 05:00 local the mean of the published city TPI is at most 2 and no published bin
/// is above 4. Beijing's roads are near empty then: 2 is the top of the free-flow band (DOMAIN.md §3) and 4 the top of
/// "basically free"; a city reading above 4 at 03:00 would say a tenth of the VKT-weighted network is congested, which
/// no night traffic does (the held-out days read 10 at 00:45 and 02:15 before issue 10). A night with no published
/// bin says nothing and is reported, not failed. 02-02 has no night (the subset starts at 13:30).</item>
/// </list>
/// Measured on 2026-12-04 (715,920 fixes kept, 2.6M traversals; 95 s on the shared 2 cores under load 27-48):
/// <code>
/// day         published  pairs jumping 4+    night 01-05 mean / max (bins)
/// 2008-02-02  42 of 42   0 of 42 (0 %)       no night in the subset
/// 2008-02-03  88 of 96   2 of 85 (2.4 %)     1.13 / 2.19 (15)
/// 2008-02-04  87 of 96   0 of 85 (0 %)       1.15 / 1.92 (15)
/// 2008-02-05  90 of 96   0 of 87 (0 %)       1.26 / 1.90 (14)
/// </code>
/// The two jumps (02-03 08:30 5.32 -> 0.94 at coverage 0.087, 20:45 10.00 -> 5.45). Both checks pass, but note what they
/// do not check: the city reads 10 for most of 16:00-21:00 on 02-02, 02-03 and 02-04 (the hourly maxima are printed).
/// </summary>
public sealed class TDriveDevelopmentDaysRealDataTests
{
    private const long BinMs = 15 * 60_000;
    private readonly ITestOutputHelper _output;

    public TDriveDevelopmentDaysRealDataTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void Days_TDriveDevelopmentSubset_SteadyBinsAndQuietNights()
    {
        var clock = Stopwatch.StartNew();
        ProbeIngestOptions ingest = IngestTestSupport.Options(ProbeFormat.TDrive, Path.Combine(TDriveDenseRuns.DataFolder(), TDriveDenseRuns.FileName));
        ingest.BoundingBox = BoundingBox.Parse("115.4,39.4,117.6,41.1"); // the main job's box (PipelineCommand)
        List<RecordBatch> probes = [.. IngestTestSupport.Run(ingest).Sink.Batches];
        MatchResult matched = new MapMatcher(BeijingEdgeCsv.Network, new MatchOptions()).Match(probes);

        CongestionResult result = CongestionAnalyzer.Analyze(BeijingEdgeCsv.Network, matched.Traversals, new CongestionOptions());

        GroupIndexTable city = result.City;
        var tpi = new SortedDictionary<long, double>();
        var coverage = new Dictionary<long, double>();
        for (int i = 0; i < city.Count; i++)
        {
            tpi[city.BinStartMs[i]] = city.Tpi[i];
            coverage[city.BinStartMs[i]] = city.Coverage[i];
        }

        _output.WriteLine($"{matched.Report.Fixes:N0} fixes, {matched.Report.TraversalsWritten:N0} traversals, {clock.Elapsed.TotalSeconds:F1} s");
        var failures = new List<string>();
        foreach (IGrouping<long, long> day in tpi.Keys.GroupBy(BeijingCalendar.LocalDay))
        {
            int published = day.Count(b => !double.IsNaN(tpi[b]));
            int pairs = 0, jumps = 0;
            foreach (long bin in day)
            {
                if (!double.IsNaN(tpi[bin]) && tpi.TryGetValue(bin + BinMs, out double next) && !double.IsNaN(next))
                {
                    pairs++;
                    if (Math.Abs(next - tpi[bin]) >= 4)
                    {
                        jumps++;
                        _output.WriteLine(FormattableString.Invariant(
                            $"  jump {BeijingCalendar.FormatLocal(bin)} {tpi[bin]:F2} -> {next:F2} (coverage {coverage[bin]:F3} -> {coverage[bin + BinMs]:F3})"));
                    }
                }
            }

            double[] night = [.. day.Where(b => BeijingCalendar.LocalTimeOfDayMs(b) is >= 3_600_000 and < 5 * 3_600_000)
                .Select(b => tpi[b]).Where(double.IsFinite)];
            string line = FormattableString.Invariant(
                $"{BeijingCalendar.Date(day.Key):yyyy-MM-dd}: {published} of {day.Count()} bins published; {jumps} of {pairs} consecutive pairs jump 4+ ({(pairs == 0 ? 0 : 100.0 * jumps / pairs):F1} %); night 01-05 {(night.Length == 0 ? "no published bin" : $"mean {night.Average():F2}, max {night.Max():F2}, {night.Length} bins")}");
            _output.WriteLine(line);
            _output.WriteLine("  hourly max: " + string.Join(' ', day.GroupBy(b => BeijingCalendar.LocalTimeOfDayMs(b) / 3_600_000)
                .Select(h => FormattableString.Invariant($"{h.Key:00}h {h.Select(b => tpi[b]).Where(double.IsFinite).DefaultIfEmpty(double.NaN).Max():F1}"))));
            if (pairs > 0 && jumps > 0.05 * pairs)
            {
                failures.Add("jumps: " + line);
            }

            if (night.Length > 0 && (night.Average() > 2 || night.Max() > 4))
            {
                failures.Add("night: " + line);
            }
        }

        Assert.True(tpi.Count > 4 * 60, $"{tpi.Count} city bins over the four days");
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }
}
