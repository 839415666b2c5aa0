using Apache.Arrow;
using Apache.Arrow.Types;
using TrafficEngine.Arrow;
using TrafficEngine.Congestion;
using TrafficEngine.Geo;
using TrafficEngine.Ingest;
using TrafficEngine.MapMatching;
using TrafficEngine.Tests.Geo;
using TrafficEngine.Tests.Ingest;
using Xunit.Abstractions;

namespace TrafficEngine.Tests.Congestion;

/// <summary>
/// Issue 4 §4 on real data: the whole T-Drive development set (850 taxis) for Monday 2008-02-04, ingested, matched on
/// the Beijing network and aggregated into hourly bins: the city TPI of the morning and evening peaks lies above the
/// night's.
/// </summary>
public sealed class TDriveWeekdayTpiTests
{
    private readonly ITestOutputHelper _output;

    public TDriveWeekdayTpiTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void CityTpi_Monday_PeaksAboveTheNight()
    {
        string edges = NetworkTestSupport.SharedData("osm_beijing_road_network/edges.csv");
        (RoadNetwork network, _) = NetworkTestSupport.Import(edges, NetworkTestSupport.SharedData("osm_beijing_road_network/nodes.csv"), includeService: true);
        string tdrive = NetworkTestSupport.SharedData("tdrive_beijing_taxi/tdrive_taxi_mod12eq0_2008-02-02_to_05.csv");
        ProbeIngestOptions ingest = IngestTestSupport.Options(ProbeFormat.TDrive, tdrive);
        ingest.BoundingBox = network.Extent();
        ingest.FromUtcMs = Local(4, 0);
        ingest.ToUtcMs = Local(5, 0);
        List<RecordBatch> probes = IngestTestSupport.Run(ingest).Sink.Batches.ToList();

        MatchResult matched = new MapMatcher(network, new MatchOptions()).Match(probes);
        CongestionResult congestion = CongestionAnalyzer.Analyze(network, matched.Traversals, new CongestionOptions { BinMinutes = 60 });

        GroupIndexTable city = congestion.City;
        var tpiByHour = new Dictionary<int, double>();
        for (int i = 0; i < city.Count; i++)
        {
            int hour = (int)(BeijingCalendar.LocalTimeOfDayMs(city.BinStartMs[i]) / 3_600_000);
            tpiByHour[hour] = city.Tpi[i];
            _output.WriteLine($"{BeijingCalendar.FormatLocal(city.BinStartMs[i])} TPI {city.Tpi[i]:F2} TTI {city.Tti[i]:F3} segments {city.Segments[i]}");
        }

        double night = new[] { 1, 2, 3, 4 }.Where(tpiByHour.ContainsKey).Average(h => tpiByHour[h]);
        double morning = new[] { 7, 8, 9 }.Where(tpiByHour.ContainsKey).Max(h => tpiByHour[h]);
        double evening = new[] { 17, 18, 19 }.Where(tpiByHour.ContainsKey).Max(h => tpiByHour[h]);
        Assert.True(morning > night, $"morning peak TPI {morning:F2} not above the night's {night:F2}");
        Assert.True(evening > night, $"evening peak TPI {evening:F2} not above the night's {night:F2}");
        Assert.True(city.Count >= 20, $"only {city.Count} hours with a city index");
    }

    private static long Local(int day, int hour) =>
        new DateTimeOffset(2008, 2, day, hour, 0, 0, TimeSpan.FromHours(8)).ToUnixTimeMilliseconds();
}
