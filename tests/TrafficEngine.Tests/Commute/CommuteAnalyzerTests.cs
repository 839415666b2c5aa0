using Microsoft.Data.Analysis;
using TrafficEngine.Commute;

namespace TrafficEngine.Tests.Commute;

/// <summary>
/// A worked case by hand. Zones A, B (district North), C (South); rows home -> work: commuters, km, min:
/// A->A 10, 1, 5; A->B 20, 4, 20; B->B 30, 2, 10; B->C 10, 6, 50; C->A 15, 5, 70; C->C 15, 1, 5.
/// Residents 30, 40, 30; jobs 25, 50, 25. The observed pairs leave one degree of freedom: with x_AA = a the flows
/// are AB 30-a, BB 20+a, BC 20-a, CA 25-a, CC 5+a for a in [0, 20]; total km 410 - 11a (observed a = 10: 300),
/// total minutes 3575 - 120a. So per commuter: observed 3 km, min 1.9 (a = 20), max 4.1 (a = 0); 23.75, 11.75 and
/// 35.75 min.
/// </summary>
public class CommuteAnalyzerTests
{
    private const string WorkedCase = """
        home_zone,work_zone,commuters,distance_km,time_min
        A,A,10,1,5
        A,B,20,4,20
        B,B,30,2,10
        B,C,10,6,50
        C,A,15,5,70
        C,C,15,1,5
        """;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Analyze_WorkedCase_ZoneMetricsAndExtremesMatchHandComputation(bool observedOnly)
    {
        CommuteResult result = Analyze(WorkedCase, new CommuteOptions { ObservedPairsOnly = observedOnly, K = 1 });
        DataFrame zones = result.Zones;

        Assert.Equal(new double[] { 30, 40, 30 }, Column(zones, "residents"));
        Assert.Equal(new double[] { 25, 50, 25 }, Column(zones, "jobs"));
        AssertClose([25.0 / 30, 1.25, 25.0 / 30], Column(zones, "jobs_housing_ratio"));
        AssertClose([10.0 / 30, 0.75, 0.5], Column(zones, "self_containment"));
        AssertClose([0.4, 0.6, 0.6], Column(zones, "internal_capture"));
        AssertClose([-5, 10, -5], Column(zones, "net_flow"));
        AssertClose([3, 3, 3], Column(zones, "mean_distance_km"));
        AssertClose([(50 + 400) / 30.0, (300 + 500) / 40.0, (1050 + 75) / 30.0], Column(zones, "mean_time_min"));

        CommuteSummary s = result.Summary;
        Assert.Equal(100, s.Commuters);
        Assert.Equal(3, s.MeanDistanceKm, 9);
        Assert.Equal(1.9, s.MinDistanceKm, 9);
        Assert.Equal(4.1, s.MaxDistanceKm, 9);
        Assert.Equal(1.1 / 3, s.ExcessCommuting, 9);
        Assert.Equal(0.5, s.CommutingPotentialUtilised, 9);
        Assert.Equal(23.75, s.MeanTimeMin, 9);
        Assert.Equal(11.75, s.MinTimeMin, 9);
        Assert.Equal(35.75, s.MaxTimeMin, 9);
        Assert.Equal(0.75, s.ShareTimeLe45, 9);
        Assert.Equal(0.15, s.ShareTimeGt60, 9);
        Assert.Equal(0.9, s.ShareDistanceLe5, 9);
        Assert.Equal(6, s.DistanceArcs);
        Assert.Empty(result.Quarantine.Entries);
    }

    [Fact]
    public void Analyze_WorkedCaseDistricts_AggregateByHand()
    {
        string path = CommuteData.Temp("od.csv", WorkedCase);
        var quarantine = new OdQuarantine();
        OdTable table = OdTableReader.Read(path, new OdColumns(), CommuteZones.FromIds(["A", "B", "C"], ["North", "North", "South"]), quarantine);

        CommuteResult result = CommuteAnalyzer.Analyze(table, CommuteCosts.Build(table, null, true), new CommuteOptions(), quarantine);
        DataFrame districts = result.Districts;

        Assert.Equal(["North", "South"], districts.Columns["district"].Cast<string>());
        Assert.Equal(new double[] { 70, 30 }, Column(districts, "residents"));
        Assert.Equal(new double[] { 75, 25 }, Column(districts, "jobs"));
        AssertClose([60.0 / 70, 0.5], Column(districts, "self_containment"));
        AssertClose([60.0 / 75, 0.6], Column(districts, "internal_capture"));
        AssertClose([5, -5], Column(districts, "net_flow"));
        AssertClose([3, 3], Column(districts, "mean_distance_km"));
    }

    [Fact]
    public void Analyze_WorkedCaseWithK12_HidesTheWholeCycleAndTheOwnCellRatios()
    {
        CommuteResult result = Analyze(WorkedCase, new CommuteOptions { K = 12 });

        // A->A and B->C are below 12; the only cycle through them is all six cells.
        Assert.Equal(2, result.Summary.PrimarySuppressedCells);
        Assert.Equal(4, result.Summary.ComplementarySuppressedCells);
        Assert.All(result.Suppression.Suppressed, Assert.True);
        Assert.All(result.Zones.Columns["self_containment"].Cast<double?>(), v => Assert.Null(v));
        Assert.Equal(new double[] { 30, 40, 30 }, Column(result.Zones, "residents"));
    }

    [Fact]
    public void Read_DirtyRows_QuarantinedWithReasonsLinesAndFields()
    {
        string od = WorkedCase + """

            X,A,5,1,1
            A,B,-3,1,1
            A,B,abc,1,1
            A,B,2.5,4,20
            B,A,3,,
            C,B,1,oops,12
            """;

        string path = CommuteData.Temp("od.csv", od);
        var quarantine = new OdQuarantine();
        OdTable table = OdTableReader.Read(path, new OdColumns(), CommuteZones.FromIds(["A", "B", "C"]), quarantine);
        CommuteResult result = CommuteAnalyzer.Analyze(table, CommuteCosts.Build(table, null, false), new CommuteOptions { K = 1 }, quarantine);
        IReadOnlyList<OdQuarantineEntry> q = result.Quarantine.Entries;

        Assert.Contains(q, e => e is { Line: 8, Field: "home_zone", Reason: OdReasons.UnknownZone, Kept: false });
        Assert.Contains(q, e => e is { Line: 9, Field: "commuters", Reason: OdReasons.NegativeCount, Kept: false });
        Assert.Contains(q, e => e is { Line: 10, Field: "commuters", Reason: OdReasons.NonNumericCount, Kept: false });
        Assert.Contains(q, e => e is { Line: 11, Field: "commuters", Reason: OdReasons.NonIntegerCount, Kept: true });
        Assert.Contains(q, e => e is { Line: 11, Reason: OdReasons.DuplicatePair, Kept: true });
        Assert.Contains(q, e => e is { Line: 12, Field: "distance", Reason: OdReasons.MissingCost, Kept: true });
        Assert.Contains(q, e => e is { Line: 12, Field: "time", Reason: OdReasons.MissingCost, Kept: true });
        Assert.Contains(q, e => e is { Line: 13, Field: "distance_km", Reason: OdReasons.BadCost, Kept: true });
        Assert.Contains(q, e => e is { Line: 13, Field: "distance", Reason: OdReasons.MissingCost, Kept: true });
        Assert.Equal(9, q.Count);

        // A->B sums to 22.5 at 4 km; B->A (3, no cost) counts for residents and jobs only; C->B (1) has a time only.
        Assert.Equal(100 + 2.5 + 3 + 1, result.Summary.Commuters, 9);
        Assert.Equal(new double[] { 32.5, 43, 31 }, Column(result.Zones, "residents"));
        Assert.Equal(102.5, result.Summary.CommutersWithDistance, 9);
        Assert.Equal((300 + 10) / 102.5, result.Summary.MeanDistanceKm, 9);
        Assert.Equal(103.5, result.Summary.CommutersWithTime, 9);
    }

    [Fact]
    public void Read_ModeRows_MergedIntoThePairAndOnlyARepeatedModeIsADuplicate()
    {
        string path = CommuteData.Temp("od.csv", "home_zone,work_zone,commuters,distance_km,mode\nA,B,5,2,car\nA,B,7,8,bus\nA,B,3,2,car\n");
        var quarantine = new OdQuarantine();

        OdTable table = OdTableReader.Read(path, new OdColumns(), null, quarantine);

        Assert.Equal(1, table.CellCount);
        Assert.Equal(15, table.Commuters[0]);
        Assert.Equal(((8 * 2) + (7 * 8)) / 15.0, table.DistanceKm[0], 9);
        OdQuarantineEntry entry = Assert.Single(quarantine.Entries);
        Assert.Equal((4L, OdReasons.DuplicatePair), (entry.Line, entry.Reason));
    }

    [Fact]
    public void Read_MissingCountColumn_FailsNamingFileHeaderAndColumn()
    {
        string path = CommuteData.Temp("od.csv", "home_zone,work_zone,people\nA,B,3\n");

        var e = Assert.Throws<TrafficEngine.IO.UserInputException>(() => OdTableReader.Read(path, new OdColumns(), null, new OdQuarantine()));

        Assert.Contains("od.csv: line 1 (header): required column count is missing", e.Message, StringComparison.Ordinal);
        Assert.Contains("commuters", e.Message, StringComparison.Ordinal);
    }

    private static CommuteResult Analyze(string csv, CommuteOptions options)
    {
        string path = CommuteData.Temp("od.csv", csv);
        return CommuteAnalyzer.Run(new CommuteInputs(path), options);
    }

    internal static double[] Column(DataFrame frame, string name) =>
        [.. frame.Columns[name].Cast<double?>().Select(v => v ?? double.NaN)];

    private static void AssertClose(double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) < 1e-9, $"[{i}]: expected {expected[i]}, got {actual[i]}");
        }
    }
}
