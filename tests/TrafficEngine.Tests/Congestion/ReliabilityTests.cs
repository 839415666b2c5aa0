using TrafficEngine.Congestion;
using TrafficEngine.Geo;
using TrafficEngine.Tests.Simulation;

namespace TrafficEngine.Tests.Congestion;

public class ReliabilityTests
{
    private static readonly RoadNetwork Grid = GridNetwork.Create(size: 4, spacingMetres: 200);

    // Monday 2008-02-04 .. Friday 2008-02-08, then Saturday 2008-02-09.
    private static long Local(int day, int hour, int minute) =>
        new DateTimeOffset(2008, 2, day, hour, minute, 0, TimeSpan.FromHours(8)).ToUnixTimeMilliseconds();

    [Fact]
    public void ForSegments_HandWorked_LottrBufferAndPlanningTime()
    {
        // One edge, workday 08:00 bins on five workdays with travel times 10, 20, 30, 40, 50 s; one night bin.
        int edge = 0;
        double length = Grid.LengthMetres[edge];
        var rows = new Rows();
        double[] seconds = [10, 20, 30, 40, 50];
        for (int d = 0; d < 5; d++)
        {
            rows.Add(edge, Local(4 + d, 8, 0), seconds[d], length);
        }

        rows.Add(edge, Local(4, 2, 0), 12, length);
        var options = new CongestionOptions { MinFreeFlowValues = 100 }; // keep the network's free flow
        SegmentSpeedTable speeds = rows.Aggregate();
        SegmentIndices indices = SegmentIndices.Compute(Grid, speeds, options);

        ReliabilityTable table = ReliabilityCalculator.ForSegments(Grid, speeds, indices, options);

        ReliabilityTable.Row am = table.Rows.Single(r => r.Unit == edge && r.Period == ReliabilityPeriod.WorkdayAm);
        Assert.Equal(5, am.Samples);
        Assert.Equal(5, am.Days);
        Assert.Equal(30, am.MeanSeconds, 6);
        Assert.Equal(30, am.P50Seconds, 6);
        Assert.Equal(42, am.P80Seconds, 6); // rank 3.2
        Assert.Equal(48, am.P95Seconds, 6); // rank 3.8
        Assert.Equal(1.4, am.Lottr, 6);
        Assert.True(am.Reliable);
        Assert.Equal(0.6, am.BufferIndex, 6);
        double free = length / (Grid.FreeFlowKmh[edge] / 3.6);
        Assert.Equal(48 / free, am.PlanningTimeIndex, 6);
        // 40 s and 50 s are 18 and 14.4 km/h (moderate, severe): two congested 15-minute bins over five days.
        Assert.Equal(0.1, am.CongestedHoursPerDay, 9);
        Assert.DoesNotContain(table.Rows, r => r.Period is ReliabilityPeriod.WorkdayMidday or ReliabilityPeriod.Weekend);
        ReliabilityTable.Row all = table.Rows.Single(r => r.Unit == edge && r.Period == ReliabilityPeriod.AllDay);
        Assert.Equal(6, all.Samples);
        Assert.Equal(5, all.Days);
        Assert.Equal(0.1, all.CongestedHoursPerDay, 9);
    }

    [Fact]
    public void ReliabilityPeriods_FhwaWindows()
    {
        var calendar = new BeijingCalendar(holidays: [new DateOnly(2008, 2, 6)]);

        Assert.Equal(-1, ReliabilityPeriods.Of(Local(4, 5, 45), calendar));
        Assert.Equal((int)ReliabilityPeriod.WorkdayAm, ReliabilityPeriods.Of(Local(4, 6, 0), calendar));
        Assert.Equal((int)ReliabilityPeriod.WorkdayMidday, ReliabilityPeriods.Of(Local(4, 10, 0), calendar));
        Assert.Equal((int)ReliabilityPeriod.WorkdayPm, ReliabilityPeriods.Of(Local(4, 19, 45), calendar));
        Assert.Equal(-1, ReliabilityPeriods.Of(Local(4, 20, 0), calendar));
        Assert.Equal((int)ReliabilityPeriod.Weekend, ReliabilityPeriods.Of(Local(9, 12, 0), calendar));
        Assert.Equal((int)ReliabilityPeriod.Weekend, ReliabilityPeriods.Of(Local(6, 12, 0), calendar)); // holiday
    }

    [Fact]
    public void RecurrentCongestion_CongestedOnMostWorkdays()
    {
        // Edge 0 at 08:00 is severe (5 km/h) on 4 of 5 workdays; edge 1 only on 1; the weekend does not count.
        var rows = new Rows();
        for (int d = 0; d < 5; d++)
        {
            rows.Add(0, Local(4 + d, 8, 0), d < 4 ? 144 : 10, Grid.LengthMetres[0]);
            rows.Add(1, Local(4 + d, 8, 0), d == 0 ? 144 : 10, Grid.LengthMetres[1]);
        }

        rows.Add(1, Local(9, 8, 0), 144, Grid.LengthMetres[1]);
        var options = new CongestionOptions();
        SegmentSpeedTable speeds = rows.Aggregate();
        SegmentIndices indices = SegmentIndices.Compute(Grid, speeds, options);

        (var recurrent, int workdays) = ReliabilityCalculator.RecurrentCongestion(speeds, indices, options);

        Assert.Equal(5, workdays);
        Assert.Equal([(0, 32, 4)], recurrent);
    }

    [Fact]
    public void ForCorridors_ScalesFreeFlowTimeByObservedRatio()
    {
        // Corridor of edges 0 and 1; in one bin only edge 0 is observed, at twice its free-flow time, covering half.
        var rows = new Rows();
        double free0 = Grid.LengthMetres[0] / (Grid.FreeFlowKmh[0] / 3.6);
        rows.Add(0, Local(4, 9, 0), 2 * free0, Grid.LengthMetres[0]);
        var options = new CongestionOptions { MinFreeFlowValues = 100 };
        SegmentSpeedTable speeds = rows.Aggregate();
        SegmentIndices indices = SegmentIndices.Compute(Grid, speeds, options);

        ReliabilityTable table = ReliabilityCalculator.ForCorridors(Grid, speeds, indices, [0, 2], [0, 1], options, minCoverage: 0.4);

        double free = free0 + (Grid.LengthMetres[1] / (Grid.FreeFlowKmh[1] / 3.6));
        ReliabilityTable.Row all = table.Rows.Single(r => r.Period == ReliabilityPeriod.AllDay);
        Assert.Equal(2 * free, all.MeanSeconds, 3);
        Assert.Equal(free, all.FreeFlowSeconds, 9);
    }

    /// <summary>Five vehicles per bin driving a whole edge in a set time.</summary>
    private sealed class Rows
    {
        private readonly List<int> _edges = [], _vehicles = [];
        private readonly List<long> _enter = [], _exit = [];
        private readonly List<double> _metres = [];

        public void Add(int edge, long binStart, double seconds, double metres)
        {
            for (int v = 0; v < 5; v++)
            {
                _edges.Add(edge);
                _vehicles.Add(v);
                _enter.Add(binStart + 1000);
                _exit.Add(binStart + 1000 + (long)Math.Round(seconds * 1000));
                _metres.Add(metres);
            }
        }

        public SegmentSpeedTable Aggregate() =>
            new SegmentSpeedAggregator(Grid.EdgeCount, 15).Aggregate([.. _edges], [.. _vehicles], [.. _enter], [.. _exit], [.. _metres]);
    }
}
