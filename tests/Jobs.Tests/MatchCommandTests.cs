using System.Text.Json;
using Apache.Arrow;
using Apache.Arrow.Types;
using TrafficEngine.Arrow;
using TrafficEngine.Geo;
using TrafficEngine.Ingest;
using TrafficEngine.MapMatching;

namespace Jobs.Tests;

/// <summary>
/// `traffic match` end to end on a small two-way road. The network comes through the context's reader seam until
/// RoadNetworkFile (the network importer) is merged; then these tests write a real network.arrow.
/// </summary>
public sealed class MatchCommandTests
{
    private const double CentreLon = 116.40, CentreLat = 39.90;

    [Fact]
    public void Match_ProbesOnStraightRoad_WritesTraversalsPointsAndSummary()
    {
        using var temp = new TempFolder();
        WriteProbes(temp.File("probes.arrow"), [(100, 3), (300, -2), (500, 4), (700, 0)], [(100, 900)]);

        (int exit, string output, string error) = Run(temp.Path, "match", "--network", WriteNetworkStandIn(temp), "--probes", "probes.arrow",
            "--out", "traversals.arrow", "--points", "points.arrow", "--sigma", "20");

        Assert.True(exit == 0, error);
        Assert.Contains("match summary", output, StringComparison.Ordinal);
        Assert.Matches(@"dwell\s+0 stays", output);
        Assert.Matches(@"left out\s+0 fix pairs from speeds", output);
        (Schema schema, List<RecordBatch> traversals) = ArrowFiles.ReadAll(temp.File("traversals.arrow"));
        RecordBatch t = Assert.Single(traversals);
        Assert.Equal(1, t.Length);
        Assert.Equal(12L, t.Require<PrimitiveArray<long>>(MatchSchema.EdgeId).Values[0]);
        Assert.Equal(0.6, t.Require<PrimitiveArray<float>>(MatchSchema.Fraction).Values[0], 2); // 600 m of the 1 km edge
        Assert.Equal(36, t.Require<PrimitiveArray<float>>(MatchSchema.SpeedKmh).Values[0], 0); // 600 m in 60 s
        Assert.Equal(["a"], Enumerable.Range(0, t.Length).Select(i => ArrowArrays.GetString(t.Column(MatchSchema.VehicleId), i)));
        Assert.Equal("network.arrow", Path.GetFileName(schema.Metadata[MatchSchema.NetworkKey]));
        (_, List<RecordBatch> points) = ArrowFiles.ReadAll(temp.File("points.arrow"));
        RecordBatch p = Assert.Single(points);
        Assert.Equal(5, p.Length);
        BooleanArray matched = p.Require<BooleanArray>(MatchSchema.Matched);
        Assert.Equal([true, true, true, true, false], Enumerable.Range(0, 5).Select(i => matched.GetValue(i)));
        Assert.True(p.Column(MatchSchema.EdgeId).IsNull(4));
        using JsonDocument summary = JsonDocument.Parse(File.ReadAllText(temp.File("traversals.summary.json")));
        Assert.Equal(5, summary.RootElement.GetProperty("fixes").GetInt64());
        Assert.Equal(80, summary.RootElement.GetProperty("matched_percent").GetDouble());
    }

    [Fact]
    public void Match_VehicleStandingTwoMinutes_WritesOneDwellRecordBesideTheTraversalsAndCountsIt()
    {
        using var temp = new TempFolder();
        // Vehicle "a" every 20 s: driving, then standing about x 400 for 120 s (7 fixes within 5 m), then driving on.
        WriteProbes(temp.File("probes.arrow"), [(100, 0), (300, 0), (400, 3), (401, -2), (401, 0), (402, 4), (402, -1), (403, 2), (403, 0), (600, 0)], []);
        Directory.CreateDirectory(temp.File("run"));

        (int exit, string output, string error) = Run(temp.Path, "match", "--network", WriteNetworkStandIn(temp), "--probes", "probes.arrow",
            "--out", "run/traversals.arrow");
        (int otherExit, _, string otherError) = Run(temp.Path, "match", "--network", "network.arrow", "--probes", "probes.arrow", "--out", "t.arrow");

        Assert.True(exit == 0, error);
        Assert.True(otherExit == 0, otherError);
        Assert.Matches(@"dwell\s+1 stays", output);
        Assert.Contains("(1 dwell records)", output, StringComparison.Ordinal);
        (Schema schema, List<RecordBatch> batches) = ArrowFiles.ReadAll(temp.File("run/dwells.arrow"));
        RecordBatch dwell = Assert.Single(batches);
        Assert.Equal(1, dwell.Length);
        Assert.Equal("a", ArrowArrays.GetString(dwell.Column(MatchSchema.VehicleId), 0));
        Assert.Equal(1_202_000_040_000, dwell.Require<PrimitiveArray<long>>(DwellRecords.StartTime).Values[0]);
        Assert.Equal(1_202_000_160_000, dwell.Require<PrimitiveArray<long>>(DwellRecords.EndTime).Values[0]);
        Assert.Equal(120, dwell.Require<PrimitiveArray<double>>(DwellRecords.DwellSeconds).Values[0]);
        Assert.Equal(12L, dwell.Require<PrimitiveArray<long>>(MatchSchema.EdgeId).Values[0]);
        Assert.Equal(7, dwell.Require<PrimitiveArray<int>>(DwellRecords.Fixes).Values[0]);
        Assert.Equal("probes.arrow", schema.Metadata["traffic.probes"]);
        Assert.Equal("50", schema.Metadata[DwellRecords.StayRadiusKey]);
        Assert.True(File.Exists(temp.File("t.dwells.arrow"))); // any other traversals name: <name>.dwells.arrow
    }

    [Fact]
    public void Match_MissingProbes_OneLineErrorAndExitCode1()
    {
        using var temp = new TempFolder();

        (int exit, _, string error) = Run(temp.Path, "match", "--network", WriteNetworkStandIn(temp), "--probes", "nothing.arrow", "--out", "t.arrow");

        Assert.Equal(1, exit);
        Assert.Contains("--probes", error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
    }

    [Fact]
    public void Match_NegativeSigma_OneLineErrorAndExitCode1()
    {
        using var temp = new TempFolder();
        WriteProbes(temp.File("probes.arrow"), [(100, 0), (200, 0)], []);

        (int exit, _, string error) = Run(temp.Path, "match", "--network", WriteNetworkStandIn(temp), "--probes", "probes.arrow", "--out", "t.arrow", "--sigma", "-3");

        Assert.Equal(1, exit);
        Assert.Contains("SigmaMetres", error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n')); // the actual value joins the message's line
        Assert.False(File.Exists(temp.File("t.arrow")));
    }

    [Fact]
    public void Match_BeamInfinity_ExactViterbiRecordedInTheSummary()
    {
        using var temp = new TempFolder();
        WriteProbes(temp.File("probes.arrow"), [(100, 3), (300, -2), (500, 4), (700, 0)], []);

        (int exit, _, string error) = Run(temp.Path, "match", "--network", WriteNetworkStandIn(temp), "--probes", "probes.arrow",
            "--out", "t.arrow", "--beam", "Infinity");

        Assert.True(exit == 0, error);
        using JsonDocument summary = JsonDocument.Parse(File.ReadAllText(temp.File("t.summary.json")));
        JsonElement options = summary.RootElement.GetProperty("options");
        Assert.Equal(1, options.GetProperty("exact_viterbi").GetDouble());
        Assert.False(options.TryGetProperty("beam", out _));
        Assert.Equal(0.03, options.GetProperty("class_preference").GetDouble());
    }

    private static (int Exit, string Out, string Error) Run(string folder, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var context = new CliContext(output, error, Interactive: false, folder) { ReadNetwork = _ => StraightRoad() };
        int exit = TrafficCli.Run(args, context);
        return (exit, output.ToString(), error.ToString());
    }

    /// <summary>The network file the command is pointed at (its content is read through the seam for now).</summary>
    private static string WriteNetworkStandIn(TempFolder temp)
    {
        File.WriteAllText(temp.File("network.arrow"), "stand-in");
        return "network.arrow";
    }

    private static RoadNetwork StraightRoad()
    {
        var p = new LocalProjection(CentreLon, CentreLat);
        var b = new RoadNetworkBuilder();
        b.AddNode(1, p.Lon(0), p.Lat(0));
        b.AddNode(2, p.Lon(1000), p.Lat(0));
        b.AddEdge(12, 12, 1, 2, "primary", null, 0, double.NaN, [], []);
        b.AddEdge(21, 21, 2, 1, "primary", null, 0, double.NaN, [], []);
        return b.Build();
    }

    /// <summary>Vehicle "a" at local metres every 20 s; vehicle "b" likewise (far from the road when y is large).</summary>
    private static void WriteProbes(string path, (double X, double Y)[] a, (double X, double Y)[] b)
    {
        var p = new LocalProjection(CentreLon, CentreLat);
        var vehicles = new StringArray.Builder();
        var time = new FixedWidthArrayBuilder<long>(ArrowTypes.TimestampMsUtc);
        var lon = new FixedWidthArrayBuilder<double>(DoubleType.Default);
        var lat = new FixedWidthArrayBuilder<double>(DoubleType.Default);
        foreach ((string id, (double X, double Y)[] fixes) in (ValueTuple<string, (double, double)[]>[])[("a", a), ("b", b)])
        {
            for (int i = 0; i < fixes.Length; i++)
            {
                vehicles.Append(id);
                time.Append(1_202_000_000_000 + (i * 20_000L));
                lon.Append(p.Lon(fixes[i].X));
                lat.Append(p.Lat(fixes[i].Y));
            }
        }

        Schema schema = ProbeSchema.Create(false, false, false, new Dictionary<string, string> { [ProbeSchema.SourceCrsKey] = "wgs84" });
        ArrowFiles.Write(path, schema, [ArrowColumns.Batch(schema, [vehicles.Build(), time.Build(), lon.Build(), lat.Build()])]);
    }
}
