using System.Globalization;
using TrafficEngine.Geo;
using TrafficEngine.Ingest;

namespace Bench;

/// <summary>
/// Per-phase timing of the ingest on the T-Drive file (best of N, warm): read (parse, check, buffer), sort and clean
/// (an index permutation), and output batches. Mirrors <see cref="ProbeIngestAnalyzer.Run"/> step by step.
/// Times are this thread's CPU time (<see cref="ThreadCpu"/>), less inflated by other load than wall-clock time.
/// First the whole <see cref="ProbeIngestAnalyzer.Run"/> (best of N; with --collect each run starts from a collected
/// heap, so its buffers come from freshly committed memory as in a one-shot CLI run).
/// Usage: dotnet run -c Release --project bench -- e2e-phases [--repeat 5] [--collect]
/// </summary>
public static class IngestPhases
{
    public static int Run(string[] args)
    {
        int i = Array.IndexOf(args, "--repeat");
        int repeat = i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : 5;
        string path = BenchData.TDriveFile();
        double megabytes = new FileInfo(path).Length / 1e6;
        var best = new double[4];
        Array.Fill(best, double.MaxValue);
        for (int r = 0; r <= repeat; r++)
        {
            double[] t = Once(path);
            if (r == 0)
            {
                continue; // warm-up
            }

            for (int k = 0; k < t.Length; k++)
            {
                best[k] = Math.Min(best[k], t[k]);
            }
        }

        double run = double.MaxValue;
        for (int r = 0; r <= repeat; r++)
        {
            if (args.Contains("--collect"))
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                GC.Collect();
            }

            double before = ThreadCpu.Seconds();
            ProbeIngestAnalyzer.Run(Options(path), schema => new MemoryBatchSink(schema));
            run = Math.Min(run, ThreadCpu.Seconds() - before);
        }

        Console.WriteLine(FormattableString.Invariant($"| ProbeIngestAnalyzer.Run (the same, with its bookkeeping) | {run * 1000:F1} ms | {megabytes / run:F0} MB/s |"));
        string[] names = ["read (parse, check, buffer)", "sort and clean", "output batches", "total"];
        for (int k = 0; k < names.Length; k++)
        {
            Console.WriteLine(FormattableString.Invariant($"| {names[k]} | {best[k] * 1000:F1} ms | {megabytes / best[k]:F0} MB/s |"));
        }

        return 0;
    }

    private static ProbeIngestOptions Options(string path) => new()
    {
        Inputs = [path],
        Format = ProbeFormat.TDrive,
        BoundingBox = BoundingBox.Parse("115.4,39.4,117.6,41.1"),
        Pseudonymizer = new Pseudonymizer(new PseudonymKey(new byte[32])),
    };

    private static double[] Once(string path)
    {
        ProbeIngestOptions options = Options(path);
        string temp = Path.Combine(Path.GetTempPath(), "traffic-phases-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(temp);
        try
        {
            double start = ThreadCpu.Seconds();
            var vehicles = new VehicleTable(options.Pseudonymizer!);
            var store = new PartitionStore(temp, options.MaxRowsInMemory, new FileInfo(path).Length / 40, vehicles.Partition, optionalColumns: false);
            var reader = new ProbeFileReader(options, vehicles, store, null, null, 0);
            reader.ReadFile(path, 0, CancellationToken.None);
            double read = ThreadCpu.Seconds() - start;
            var cleaner = new PartitionCleaner(vehicles.RankByPseudonym(), options.MaxSpeedKmh);
            ProbeRows rows = store.TakeGroups().Single();
            int[] kept = cleaner.Clean(rows).ToArray();
            double clean = ThreadCpu.Seconds() - start;
            var schema = ProbeSchema.Create(false, false, false, new Dictionary<string, string>());
            var writer = new ProbeBatchWriter(schema, vehicles, options.MaxBatchRows, cleaner.Kept, new MemoryBatchSink(schema));
            writer.Append(rows, kept);
            writer.Finish();
            double total = ThreadCpu.Seconds() - start;
            return [read, clean - read, total - clean, total];
        }
        finally
        {
            Directory.Delete(temp, recursive: true);
        }
    }
}
