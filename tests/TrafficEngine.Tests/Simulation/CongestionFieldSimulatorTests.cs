using TrafficEngine.Congestion;
using TrafficEngine.Geo;
using TrafficEngine.Simulation;
using TrafficEngine.Tests.MapMatching;
using Xunit.Abstractions;

namespace TrafficEngine.Tests.Simulation;

/// <summary>The instrument of issue 10: a taxi workday under a known congestion field on the Beijing network.</summary>
public sealed class CongestionFieldSimulatorTests
{
    private readonly ITestOutputHelper _output;

    public CongestionFieldSimulatorTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void Field_Workday_PeaksAtEightAndEighteenQuietAtNight()
    {
        Assert.Equal(0, CongestionField.Depth(3));
        Assert.Equal(0, CongestionField.Depth(23));
        Assert.True(CongestionField.Depth(8) >= 0.8);
        Assert.True(CongestionField.Depth(18) >= 0.75);
        Assert.InRange(CongestionField.Depth(13), 0.5, 0.7);
        Assert.True(CongestionField.Depth(8) > CongestionField.Depth(6.5) && CongestionField.Depth(6.5) > CongestionField.Depth(5.75));
    }

    [Fact]
    public void Simulate_SmallFleet_IsDeterministicOrderedAndStandsAndCruises()
    {
        RoadNetwork network = BeijingEdgeCsv.Network;
        var options = new CongestionFieldOptions { Vehicles = 20, IntervalSeconds = 30, OccupiedFlag = true, StartHour = 6, EndHour = 10 };
        CongestionDay day = CongestionFieldSimulator.Simulate(network, options);
        CongestionDay again = CongestionFieldSimulator.Simulate(network, options);

        Assert.Equal(day.TimestampMs, again.TimestampMs);
        Assert.Equal(day.Lon, again.Lon);
        Assert.True(day.FixCount > 20 * 3 * 100, $"{day.FixCount} fixes");
        for (int i = 1; i < day.FixCount; i++)
        {
            if (day.Vehicle[i] == day.Vehicle[i - 1])
            {
                Assert.Equal(30_000, day.TimestampMs[i] - day.TimestampMs[i - 1]);
            }
            else
            {
                Assert.Equal(day.Vehicle[i - 1] + 1, day.Vehicle[i]);
            }
        }

        int standing = day.TrueEdges.Count(e => e < 0);
        int occupied = 0;
        foreach (bool flag in day.Occupied)
        {
            occupied += flag ? 1 : 0;
        }

        Assert.InRange((double)standing / day.FixCount, 0.05, 0.6);
        Assert.InRange((double)occupied / day.FixCount, 0.3, 0.8);
        Assert.True(day.CruisingMetres > 0.05 * day.DrivenMetres && day.CruisingMetres < 0.6 * day.DrivenMetres);
        Assert.True(day.StandingSeconds > 0);
        _output.WriteLine($"{day.FixCount} fixes, standing {standing} fixes, occupied {occupied}, cruising {day.CruisingMetres / day.DrivenMetres:P0} of distance");
    }

    [Fact]
    public void TruthTpi_FollowsTheProfile_SevereAtThePeaksFreeAtDawn()
    {
        RoadNetwork network = BeijingEdgeCsv.Network;
        var field = new CongestionField(network, new CongestionFieldOptions());
        double[] vkt = [1, 1, 1, 1];
        var options = new CongestionOptions();
        double At(double hour) => field.TruthTpi(field.MidnightUtcMs + (long)(hour * 3_600_000), 900_000, vkt, options);

        _output.WriteLine(string.Join(", ", Enumerable.Range(10, 38).Select(h => $"{h / 2.0:00.0} {At(h / 2.0):F1}")));
        Assert.Equal(0, At(3));
        Assert.True(At(5.5) < 1, $"05:30 {At(5.5):F2}");
        Assert.True(At(8) > 6, $"08:00 {At(8):F2}");
        Assert.True(At(18) > 5, $"18:00 {At(18):F2}");
        Assert.InRange(At(13), 0.5, 6);
    }
}
