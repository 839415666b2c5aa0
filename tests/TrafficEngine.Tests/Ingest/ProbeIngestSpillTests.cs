using System.Globalization;
using System.Text;
using TrafficEngine.Ingest;

namespace TrafficEngine.Tests.Ingest;

public sealed class ProbeIngestSpillTests : IDisposable
{
    private readonly IngestTestSupport _files = new();

    [Fact]
    public void Run_TinyMemoryBudget_SameOutputAsInMemoryAndTempFilesDeleted()
    {
        string[] inputs = [_files.Write("a.csv", Generate(1, 3000)), _files.Write("b.csv.gz", Generate(2, 2000))];
        string temp = Path.Combine(_files.Folder, "tmp");
        Directory.CreateDirectory(temp);
        ProbeIngestOptions inMemory = IngestTestSupport.Options(ProbeFormat.TDrive, inputs);
        ProbeIngestOptions spilling = IngestTestSupport.Options(ProbeFormat.TDrive, inputs);
        spilling.MaxRowsInMemory = 97;
        spilling.MaxBatchRows = 333;
        spilling.TempDirectory = temp;

        IngestRun expected = IngestTestSupport.Run(inMemory);
        IngestRun actual = IngestTestSupport.Run(spilling);

        Assert.Equal(0, expected.Report.Spills);
        Assert.True(actual.Report.Spills > 10);
        Assert.Equal(expected.Rows(), actual.Rows());
        Assert.All(actual.Sink.Batches, b => Assert.True(b.Length <= 333));
        Assert.Equal(expected.Quarantine.Rows, actual.Quarantine.Rows);
        Assert.Equal(expected.Report.RowsRejected, actual.Report.RowsRejected);
        Assert.True(expected.Report.Rejected(RejectReason.Duplicate) > 0);
        Assert.True(expected.Report.Rejected(RejectReason.Drift) > 0);
        Assert.Empty(Directory.EnumerateFileSystemEntries(temp));
    }

    [Fact]
    public void Run_CsvWithOptionalColumns_SpillingGivesTheSameOutput()
    {
        var random = new Random(7);
        var text = new StringBuilder("vehicle_id,timestamp,lon,lat,speed_kmh,heading_deg,occupied\n");
        for (int i = 0; i < 3000; i++)
        {
            int taxi = random.Next(30);
            string speed = random.Next(4) == 0 ? "" : (random.NextDouble() * 80).ToString("F1", CultureInfo.InvariantCulture);
            string heading = random.Next(4) == 0 ? "" : random.Next(360).ToString(CultureInfo.InvariantCulture);
            string occupied = random.Next(3) switch { 0 => "", 1 => "1", _ => "0" };
            text.Append(CultureInfo.InvariantCulture, $"\"t{taxi}\",{1201930000 + random.Next(20_000)},{116.3 + (random.NextDouble() * 0.002):F5},{39.9 + (random.NextDouble() * 0.002):F5},{speed},{heading},{occupied}\n");
        }

        string path = _files.Write("probes.csv", text.ToString());
        ProbeIngestOptions inMemory = IngestTestSupport.Options(ProbeFormat.Csv, path);
        ProbeIngestOptions spilling = IngestTestSupport.Options(ProbeFormat.Csv, path);
        spilling.MaxRowsInMemory = 101;
        spilling.MaxBatchRows = 250;

        IngestRun expected = IngestTestSupport.Run(inMemory);
        IngestRun actual = IngestTestSupport.Run(spilling);

        Assert.True(actual.Report.Spills > 10);
        Assert.Equal(7, actual.Sink.Schema.FieldsList.Count);
        Assert.Equal(expected.Rows(), actual.Rows());
        Assert.Contains(expected.Rows(), r => r[4] is null);
        Assert.Contains(expected.Rows(), r => r[6] is false);
        Assert.Equal(expected.Quarantine.Rows, actual.Quarantine.Rows);
    }

    [Fact]
    public void Run_Output_SortedByVehicleThenTime()
    {
        IngestRun run = IngestTestSupport.Run(IngestTestSupport.Options(ProbeFormat.TDrive, _files.Write("a.csv", Generate(3, 4000))));

        var rows = run.Rows().Select(r => ((string)r[0]!, (long)r[1]!)).ToList();
        for (int i = 1; i < rows.Count; i++)
        {
            int c = string.CompareOrdinal(rows[i - 1].Item1, rows[i].Item1);
            Assert.True(c < 0 || (c == 0 && rows[i - 1].Item2 < rows[i].Item2), $"rows {i - 1} and {i} out of order");
        }

        Assert.Equal(run.Report.Vehicles, rows.Select(r => r.Item1).Distinct().Count());
    }

    public void Dispose() => _files.Dispose();

    /// <summary>Shuffled T-Drive rows of 40 taxis with duplicates and the odd teleport.</summary>
    private static string Generate(int seed, int rows)
    {
        var random = new Random(seed);
        var text = new StringBuilder();
        var start = new DateTime(2008, 2, 2, 8, 0, 0);
        for (int i = 0; i < rows; i++)
        {
            int taxi = random.Next(40);
            DateTime time = start.AddSeconds(random.Next(0, 20_000) / 10 * 10);
            double lon = 116.3 + (taxi * 0.001) + (random.NextDouble() * 0.001);
            double lat = 39.9 + (random.NextDouble() * 0.001);
            if (random.Next(50) == 0)
            {
                lon += 0.8;
            }

            string line = string.Create(CultureInfo.InvariantCulture, $"{taxi},{time:yyyy-MM-dd HH:mm:ss},{lon:F5},{lat:F5}\n");
            text.Append(line);
            if (random.Next(20) == 0)
            {
                text.Append(line);
            }
        }

        return text.ToString();
    }
}
