using TrafficEngine.Congestion;
using TrafficEngine.Geo;
using TrafficEngine.MapMatching;
using TrafficEngine.Simulation;
using TrafficEngine.Tests.MapMatching;
using Xunit.Abstractions;

namespace TrafficEngine.Tests.Congestion;

/// <summary>
/// Issue 10 §3: the city TPI on simulated taxi workdays under a known congestion field on the Beijing network,
/// against the truth by the published definition (CongestionField.TruthTpi), 07:00-21:00. The floors are today's
/// results with the selection correction (2026-12-04: 0.57 / 1.85, 0.98 / 4.30 and 5.41 / 7.45 for MAE / worst bin,
/// dense flagged, sparse flagged, sparse unflagged) plus a margin, so a regression shows; the targets (0.4 / 1.5, 0.5 / 2, 0.8 / 3) are not all met yet (bench/RESULTS.md).
/// </summary>
public sealed class SimulatedDayAccuracyTests
{
    private readonly ITestOutputHelper _output;

    public SimulatedDayAccuracyTests(ITestOutputHelper output) => _output = output;

    [Theory]
    [InlineData(900, 180, false, 6.0, 8.0)]
    [InlineData(900, 180, true, 1.15, 4.8)]
    [InlineData(3000, 30, true, 0.65, 2.1)]
    public void CityTpi_SimulatedWorkday_WithinTodaysError(int vehicles, double interval, bool occupied, double maxMae, double maxWorst)
    {
        RoadNetwork network = BeijingEdgeCsv.Network;
        CongestionDay day = CongestionFieldSimulator.Simulate(network, new CongestionFieldOptions
        {
            Vehicles = vehicles,
            IntervalSeconds = interval,
            OccupiedFlag = occupied,
        });
        (CongestionAccuracy accuracy, CongestionResult result, MatchReport match) = CongestionAccuracy.Run(network, day, new CongestionOptions());
        _output.WriteLine($"{vehicles} x {interval} s occupied={occupied}: {day.FixCount:N0} fixes, MAE {accuracy.MeanAbsoluteError:F2}, worst {accuracy.WorstError:F2}, " +
            $"published {accuracy.PublishedShare:P0} of {accuracy.Bins}, mean truth {accuracy.MeanTruth:F2} estimate {accuracy.MeanEstimate:F2}, " +
            $"interval holds the truth in {accuracy.IntervalHolds} of {accuracy.IntervalBins} bins, mean width {accuracy.MeanIntervalWidth:F2}");
        foreach ((long bin, double truth, double estimate) in accuracy.Rows.Where((_, i) => i % 4 == 0))
        {
            _output.WriteLine($"{BeijingCalendar.FormatLocal(bin)} truth {truth:F1} engine {estimate:F1}");
        }

        Assert.True(accuracy.Bins >= 50);
        Assert.True(match.TraversalsWritten > 0 && result.City.Count > 0);
        Assert.True(accuracy.PublishedShare >= 0.9, $"published {accuracy.PublishedShare:P0}");
        Assert.True(accuracy.MeanAbsoluteError <= maxMae, $"MAE {accuracy.MeanAbsoluteError:F2} above {maxMae}");
        Assert.True(accuracy.WorstError <= maxWorst, $"worst bin {accuracy.WorstError:F2} above {maxWorst}");
        Assert.True(match.Stays > 0 && match.DwellSeconds > 0);
        Assert.Equal(occupied, match.VacantPairs > 0);
    }

    [Fact]
    public void CityTpi_SparseTaxisWithTheFlag_MechanismsOffIsFarWorse()
    {
        // The same day read with time shared by distance, no stays and no vacant pairs left out: the city reads
        // near-saturated (6.5 MAE on 2026-12-04), against 1.0 with every mechanism on.
        RoadNetwork network = BeijingEdgeCsv.Network;
        CongestionDay day = CongestionFieldSimulator.Simulate(network, new CongestionFieldOptions { OccupiedFlag = true });
        var off = new MatchOptions { ShareTimeByExpectedTravelTime = false, StayMinSeconds = 0, LeaveOutVacant = false };
        (CongestionAccuracy before, _, _) = CongestionAccuracy.Run(network, day, new CongestionOptions(), off);
        (CongestionAccuracy after, _, _) = CongestionAccuracy.Run(network, day, new CongestionOptions());

        Assert.True(after.MeanAbsoluteError < before.MeanAbsoluteError / 3, $"{after.MeanAbsoluteError:F2} with, {before.MeanAbsoluteError:F2} without");
    }
}
