using Apache.Arrow;
using Apache.Arrow.Types;
using TrafficEngine.Arrow;
using TrafficEngine.Tests.Interop;

namespace Jobs.Tests;

public sealed class PipelineCommandTests
{
    [Fact]
    public void Pipeline_OnSamples_WritesProbesWithAFreshKeyAndWarnsOnce()
    {
        using var temp = new TempFolder();
        using var output = new StringWriter();
        using var error = new StringWriter();
        var context = new CliContext(output, error, Interactive: false, CliRunner.RepositoryRoot())
        {
            GetEnvironmentVariable = _ => null,
            ConfigFolder = temp.File("config"),
        };

        int first = TrafficCli.Run(["pipeline", "--out", temp.File("out")], context);
        string firstWarnings = error.ToString();
        // The second run takes the first's congestion output as history: the same day, so none of it is earlier.
        int second = TrafficCli.Run(["pipeline", "--out", temp.File("out2"), "--history", temp.File("out/congestion")], context);

        Assert.True(first == 0, firstWarnings);
        Assert.Equal(0, second);
        Assert.Contains("pseudonym", firstWarnings, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(1, CountWarnings(error.ToString())); // the key is created once, the second run finds it
        Assert.True(File.Exists(temp.File("config/pseudonym.key")));
        Assert.Equal(VehicleIds(temp.File("out/probes.arrow")), VehicleIds(temp.File("out2/probes.arrow"))); // same key, same pseudonyms
        Assert.True(File.Exists(temp.File("out/probes.summary.json")));
        Assert.True(File.Exists(temp.File("out/probes.quarantine.csv")));
        foreach (string stage in new[] { "network.arrow", "network.summary.json", "traversals.arrow", "traversals.summary.json", "dwells.arrow", "matched_points.arrow",
            "congestion/segment_speeds.arrow", "congestion/city_index.csv", "congestion/reliability.csv", "congestion/segments.geojson", "congestion/congestion_summary.json" })
        {
            Assert.True(File.Exists(temp.File("out/" + stage)), stage);
        }

        // Every Arrow file the command line writes opens in the independent reference implementation, value for value.
        foreach (string file in Directory.GetFiles(temp.File("out"), "*.arrow", SearchOption.AllDirectories))
        {
            NodeArrow.AssertReadsAsEngine(file);
        }

        string summary = File.ReadAllText(temp.File("out2/congestion/congestion_summary.json"));
        Assert.Contains("\"cells_used\": 0", summary, StringComparison.Ordinal);
        Assert.DoesNotContain("\"cells_not_earlier\": 0,", summary, StringComparison.Ordinal);
        Assert.Contains("\"history\": null", File.ReadAllText(temp.File("out/congestion/congestion_summary.json")), StringComparison.Ordinal);

        (_, List<RecordBatch> traversals) = ArrowFiles.ReadAll(temp.File("out/traversals.arrow"));
        Assert.True(traversals.Sum(b => b.Length) > 10_000, "the sample's traversals");
        using System.Text.Json.JsonDocument matchSummary = System.Text.Json.JsonDocument.Parse(File.ReadAllText(temp.File("out/traversals.summary.json")));
        (_, List<RecordBatch> dwells) = ArrowFiles.ReadAll(temp.File("out/dwells.arrow"));
        Assert.Equal(matchSummary.RootElement.GetProperty("stays").GetInt64(), dwells.Sum(b => (long)b.Length)); // one record per stay
        Assert.True(dwells.Sum(b => b.Length) > 100, "taxis stand for fares");
    }

    [Fact]
    public void Pipeline_MissingHistory_OneLineBeforeAnyStage()
    {
        using var temp = new TempFolder();

        (int code, string output, string error) = CliRunner.Run(CliRunner.RepositoryRoot(), "pipeline", "--out", temp.File("out"), "--history", temp.File("none"));

        Assert.Equal(1, code);
        Assert.Contains("--history: file or folder", error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
        Assert.DoesNotContain("stage 1/4", output, StringComparison.Ordinal);
    }

    private static int CountWarnings(string text) => text.Split('\n').Count(l => l.Contains("warning", StringComparison.Ordinal));

    private static List<string?> VehicleIds(string path)
    {
        (_, List<RecordBatch> batches) = ArrowFiles.ReadAll(path);
        return batches.SelectMany(b => Enumerable.Range(0, b.Length).Select(i => b.Require<StringArray>("vehicle_id").GetString(i))).ToList<string?>();
    }
}
