using System.Text.Json;
using Apache.Arrow;
using Apache.Arrow.Types;
using TrafficEngine.Arrow;

namespace Jobs.Tests;

public sealed class IngestProbesCommandTests
{
    private const string KeyHex = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

    [Fact]
    public void Ingest_SampleFeed_WritesOrderedArrowQuarantineAndSummary()
    {
        using var temp = new TempFolder();
        string sample = Path.Combine(CliRunner.RepositoryRoot(), "data", "samples", "tdrive");

        (int exit, string output, string error) = CliRunner.Run(temp.Path, "ingest", "probes", "--input", sample,
            "--format", "tdrive", "--crs", "wgs84", "--out", "probes.arrow", "--bbox", "115.4,39.4,117.6,41.1", "--key", KeyHex);

        Assert.True(exit == 0, error);
        Assert.Contains("rows read", output, StringComparison.OrdinalIgnoreCase);
        (Schema schema, List<RecordBatch> batches) = ArrowFiles.ReadAll(temp.File("probes.arrow"));
        long rows = batches.Sum(b => (long)b.Length);
        using JsonDocument summary = JsonDocument.Parse(File.ReadAllText(temp.File("probes.summary.json")));
        long read = summary.RootElement.GetProperty("rows_read").GetInt64();
        long kept = summary.RootElement.GetProperty("rows_kept").GetInt64();
        long quarantined = File.ReadLines(temp.File("probes.quarantine.csv")).Count() - 1;
        Assert.Equal(54_432, read);
        Assert.Equal(kept, rows);
        Assert.Equal(read, kept + quarantined);
        Assert.True(ArrowTypes.Same(ArrowTypes.TimestampMsUtc, schema.FieldsList[schema.GetFieldIndex("timestamp")].DataType));
        Assert.Equal("wgs84", schema.Metadata["traffic.source_crs"]);
        AssertOrderedByVehicleThenTime(batches);
    }

    [Theory]
    [InlineData("--format", "gpx", "format")]
    [InlineData("--crs", "utm50", "crs")]
    public void Ingest_UnknownName_OneLineErrorAndExitCode1(string option, string value, string mentioned)
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.File("in.csv"), "1,2008-02-02 13:30:50,116.4,39.9\n");
        var args = new Dictionary<string, string> { ["--format"] = "tdrive", ["--crs"] = "wgs84" };
        args[option] = value;

        (int exit, _, string error) = CliRunner.Run(temp.Path, "ingest", "probes", "--input", "in.csv",
            "--format", args["--format"], "--crs", args["--crs"], "--out", "p.arrow", "--key", KeyHex);

        Assert.Equal(1, exit);
        Assert.Single(error.Trim().Split('\n'));
        Assert.Contains(value, error, StringComparison.Ordinal);
        Assert.Contains(mentioned, error, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Ingest_MissingInput_OneLineErrorAndExitCode1()
    {
        using var temp = new TempFolder();

        (int exit, _, string error) = CliRunner.Run(temp.Path, "ingest", "probes", "--input", "nope.csv",
            "--format", "tdrive", "--crs", "wgs84", "--out", "p.arrow", "--key", KeyHex);

        Assert.Equal(1, exit);
        Assert.Single(error.Trim().Split('\n'));
        Assert.Contains("nope.csv", error, StringComparison.Ordinal);
        Assert.False(File.Exists(temp.File("p.arrow")));
    }

    [Fact]
    public void Ingest_UnwritableOutput_OneLineErrorAndExitCode1()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.File("in.csv"), "1,2008-02-02 13:30:50,116.4,39.9\n");
        File.WriteAllText(temp.File("blocker"), "a file where a folder should be");

        (int exit, _, string error) = CliRunner.Run(temp.Path, "ingest", "probes", "--input", "in.csv",
            "--format", "tdrive", "--crs", "wgs84", "--out", "blocker/p.arrow", "--key", KeyHex);

        Assert.Equal(1, exit);
        Assert.Single(error.Trim().Split('\n'));
        Assert.Contains("blocker", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Ingest_TimeWindowInBeijingTime_RejectsOutsideRows()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.File("in.csv"), "1,2008-02-02 06:59:59,116.4,39.9\n1,2008-02-02 07:00:00,116.4,39.9\n1,2008-02-02 08:59:59,116.41,39.9\n1,2008-02-02 09:00:00,116.42,39.9\n");

        (int exit, _, string error) = CliRunner.Run(temp.Path, "ingest", "probes", "--input", "in.csv",
            "--format", "tdrive", "--crs", "wgs84", "--out", "p.arrow", "--key", KeyHex,
            "--from", "2008-02-02 07:00", "--to", "2008-02-02T01:00:00Z");

        Assert.True(exit == 0, error);
        (_, List<RecordBatch> batches) = ArrowFiles.ReadAll(temp.File("p.arrow"));
        PrimitiveArray<long> times = batches.Single().Require<PrimitiveArray<long>>("timestamp");
        Assert.Equal(
            [DateTimeOffset.Parse("2008-02-02T07:00:00+08:00").ToUnixTimeMilliseconds(), DateTimeOffset.Parse("2008-02-02T08:59:59+08:00").ToUnixTimeMilliseconds()],
            times.Values.ToArray());
        string[] quarantine = File.ReadAllLines(temp.File("p.quarantine.csv"));
        Assert.Equal(2, quarantine.Count(l => l.Contains("outside_time_window", StringComparison.Ordinal)));
    }

    private static void AssertOrderedByVehicleThenTime(List<RecordBatch> batches)
    {
        string? previousVehicle = null;
        long previousTime = long.MinValue;
        foreach (RecordBatch batch in batches)
        {
            StringArray vehicles = batch.Require<StringArray>("vehicle_id");
            PrimitiveArray<long> times = batch.Require<PrimitiveArray<long>>("timestamp");
            for (int i = 0; i < batch.Length; i++)
            {
                string vehicle = vehicles.GetString(i)!;
                int order = string.CompareOrdinal(previousVehicle, vehicle);
                Assert.True(order < 0 || (order == 0 && times.Values[i] > previousTime), $"row {i}: {vehicle} {times.Values[i]} after {previousVehicle} {previousTime}");
                previousVehicle = vehicle;
                previousTime = times.Values[i];
            }
        }
    }
}
