using System.Diagnostics;
using System.Globalization;
using System.Text;
using TrafficEngine.Geo;
using TrafficEngine.Ingest;

namespace Bench;

/// <summary>
/// The end-to-end ingest bench. In one run: the naive baseline and the engine's full ingest on the real T-Drive
/// file (best of N each, MB/s and the ratio), then the full ingest of the T-Drive file and of a large input built from
/// it, each in a child process whose peak working set is reported. Prints a Markdown table for bench/RESULTS.md.
/// Usage: dotnet run -c Release --project bench -- e2e [--repeat 5] [--large-mb 1024]
/// </summary>
public static class IngestEndToEnd
{
    private const string Bbox = "115.4,39.4,117.6,41.1";

    public static int Run(string[] args)
    {
        int repeat = BenchArgs.GetInt32(args, "--repeat", 5);
        int largeMb = BenchArgs.GetInt32(args, "--large-mb", 1024);
        string tdrive = BenchData.TDriveFile();
        double megabytes = new FileInfo(tdrive).Length / 1e6;

        // Warm both paths up once, then alternate them so machine noise hits both alike.
        NaiveProbeParser.Parse(tdrive);
        IngestOnce(tdrive);
        var naive = new List<double>();
        var naiveThreadCpu = new List<double>();
        var engine = new List<double>();
        var engineThreadCpu = new List<double>();
        var engineProcessCpu = new List<double>();
        using Process self = Process.GetCurrentProcess();
        for (int i = 0; i < repeat; i++)
        {
            // Each timed run starts from a collected heap (as BenchmarkDotNet does between iterations), so neither side
            // pays for collecting the other's garbage (the naive run leaves 780k objects behind).
            CollectGarbage();
            double naiveBefore = ThreadCpu.Seconds();
            var clock = Stopwatch.StartNew();
            int rows = NaiveProbeParser.Parse(tdrive).Count;
            naive.Add(clock.Elapsed.TotalSeconds);
            naiveThreadCpu.Add(ThreadCpu.Seconds() - naiveBefore);
            CollectGarbage();
            self.Refresh();
            TimeSpan processBefore = self.TotalProcessorTime;
            double threadBefore = ThreadCpu.Seconds();
            clock.Restart();
            IngestReport report = IngestOnce(tdrive);
            engine.Add(clock.Elapsed.TotalSeconds);
            engineThreadCpu.Add(ThreadCpu.Seconds() - threadBefore);
            self.Refresh();
            engineProcessCpu.Add((self.TotalProcessorTime - processBefore).TotalSeconds);
            if (report.RowsRead < rows)
            {
                throw new InvalidOperationException($"engine read {report.RowsRead} rows, naive {rows}");
            }
        }

        double naiveMbs = megabytes / naive.Min();
        double engineMbs = megabytes / engine.Min();
        string large = BuildLargeInput(tdrive, largeMb);
        try
        {
            (double tdriveSeconds, long tdrivePeak, string tdriveNote) = Child(tdrive);
            (double largeSeconds, long largePeak, string largeNote) = Child(large);
            double largeMegabytes = new FileInfo(large).Length / 1e6;
            var md = new StringBuilder();
            md.AppendLine(CultureInfo.InvariantCulture, $"| measure | value |");
            md.AppendLine("|---|---|");
            md.AppendLine(CultureInfo.InvariantCulture, $"| T-Drive file | {megabytes:F1} MB, best of {repeat} |");
            md.AppendLine(CultureInfo.InvariantCulture, $"| naive baseline (ReadLine, Split, Parse into a List of objects) | {naiveMbs:F0} MB/s |");
            md.AppendLine(CultureInfo.InvariantCulture, $"| engine full ingest (parse, clean, pseudonymise, sort, batches), one thread | {engineMbs:F0} MB/s |");
            md.AppendLine(CultureInfo.InvariantCulture, $"| ratio engine / naive | {engineMbs / naiveMbs:F1}x |");
            md.AppendLine(CultureInfo.InvariantCulture, $"| by thread CPU time (best of {repeat}): naive, engine, ratio | {megabytes / naiveThreadCpu.Min():F0} MB/s, {megabytes / engineThreadCpu.Min():F0} MB/s ({engineThreadCpu.Min() * 1000:F0} ms), {naiveThreadCpu.Min() / engineThreadCpu.Min():F1}x |");
            md.AppendLine(CultureInfo.InvariantCulture, $"| engine, by the whole process's CPU time, all threads (JIT, GC; best of {repeat}) | {megabytes / engineProcessCpu.Min():F0} MB/s ({engineProcessCpu.Min() * 1000:F0} ms) |");
            md.AppendLine(CultureInfo.InvariantCulture, $"| full T-Drive set, child process: time, peak working set | {tdriveSeconds:F2} s, {tdrivePeak / 1e6:F0} MB ({tdriveNote}) |");
            md.AppendLine(CultureInfo.InvariantCulture, $"| large input {largeMegabytes:F0} MB (T-Drive x{largeMb * 1e6 / (megabytes * 1e6):F0}, ids shifted), child process: time, peak working set | {largeSeconds:F1} s ({largeMegabytes / largeSeconds:F0} MB/s), {largePeak / 1e6:F0} MB ({largeNote}) |");
            Console.WriteLine(md.ToString());
        }
        finally
        {
            File.Delete(large);
        }

        return 0;
    }

    /// <summary>Ingests one file to a discarding sink and prints seconds, peak working set and the row counts.</summary>
    public static int RunChild(string[] args)
    {
        var clock = Stopwatch.StartNew();
        IngestReport report = IngestOnce(args[0]);
        double seconds = clock.Elapsed.TotalSeconds;
        using Process self = Process.GetCurrentProcess();
        self.Refresh();
        Console.WriteLine(FormattableString.Invariant($"{seconds} {self.PeakWorkingSet64} {report.RowsRead:N0} read, {report.RowsKept:N0} kept, {report.Spills} spills"));
        return 0;
    }

    private static IngestReport IngestOnce(string path)
    {
        var options = new ProbeIngestOptions
        {
            Inputs = [path],
            Format = ProbeFormat.TDrive,
            BoundingBox = BoundingBox.Parse(Bbox),
            Pseudonymizer = new Pseudonymizer(new PseudonymKey(new byte[32])),
        };
        return ProbeIngestAnalyzer.Run(options, _ => new DiscardingSink());
    }

    private static (double Seconds, long PeakBytes, string Note) Child(string path)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!, [typeof(Program).Assembly.Location, "e2e-child", path])
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) != "dotnet")
        {
            start = new ProcessStartInfo(Environment.ProcessPath!, ["e2e-child", path]) { RedirectStandardOutput = true, UseShellExecute = false };
        }

        using Process child = Process.Start(start)!;
        string line = child.StandardOutput.ReadToEnd().Trim();
        child.WaitForExit();
        string[] parts = line.Split(' ', 3);
        return (double.Parse(parts[0], CultureInfo.InvariantCulture), long.Parse(parts[1], CultureInfo.InvariantCulture), parts[2]);
    }

    /// <summary>Repeats the T-Drive file with shifted taxi ids until it reaches <paramref name="megabytes"/> MB.</summary>
    private static string BuildLargeInput(string tdrive, int megabytes)
    {
        string path = Path.Combine(Path.GetTempPath(), $"traffic-e2e-{Environment.ProcessId}.csv");
        string[] lines = File.ReadAllLines(tdrive);
        using var writer = new StreamWriter(path, append: false, Encoding.ASCII, 1 << 20);
        long target = (long)megabytes * 1_000_000;
        for (int copy = 0; writer.BaseStream.Length < target; copy++)
        {
            foreach (string line in lines)
            {
                int comma = line.IndexOf(',', StringComparison.Ordinal);
                writer.Write(copy * 100_000 + (comma > 0 && int.TryParse(line.AsSpan(0, comma), CultureInfo.InvariantCulture, out int id) ? id : 0));
                writer.WriteLine(line.AsSpan(Math.Max(comma, 0)));
            }

            writer.Flush();
        }

        return path;
    }

    private static void CollectGarbage()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    private sealed class DiscardingSink : IBatchSink
    {
        public void Write(Apache.Arrow.RecordBatch batch)
        {
        }

        public void Complete()
        {
        }

        public void Dispose()
        {
        }
    }
}
