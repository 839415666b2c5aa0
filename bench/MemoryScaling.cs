using System.Diagnostics;
using System.Globalization;
using System.Text;
using Apache.Arrow;
using Apache.Arrow.Types;
using TrafficEngine.Arrow;
using TrafficEngine.Geo;
using TrafficEngine.Ingest;
using TrafficEngine.Publishing;
using TrafficEngine.Simulation;
using TrafficEngine.Tests.MapMatching;

namespace Bench;

/// <summary>
/// `memory --scale 1,2,4`: peak resident memory of the real `traffic match` and `traffic congestion` (child processes
/// of the Release build of src/Jobs, measured by /usr/bin/time: the kernel's ru_maxrss) on a simulated workday on the
/// Beijing network: 3,000 vehicles x scale, each driving trips back to back from 05:00 Beijing time with an 11-minute
/// pause between trips (a clean gap break), a fix every 30 s, until it has 1,433 fixes: 4.3M fixes at 1x. Trips come
/// from one deterministic pool of simulated trips, so every scale is the same kind of traffic. Feeds are cached under
/// the temp folder (traffic-bench-memory); --keep-outputs keeps the match and congestion outputs there too.
/// Options: --vehicles 3000 (at 1x), --fixes-per-vehicle 1433, --traffic (path of the traffic executable).
/// </summary>
public static class MemoryScaling
{
    private const int TripPool = 6_000;
    private const long PauseMs = 660_000;
    private const int FeedVersion = 1;

    public static int Run(string[] args)
    {
        int[] scales = BenchArgs.Get(args, "--scale", "1,2,4").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        int vehicles = BenchArgs.GetInt32(args, "--vehicles", 3000);
        int fixesPerVehicle = BenchArgs.GetInt32(args, "--fixes-per-vehicle", 1433);
        string traffic = BenchArgs.Get(args, "--traffic", Path.Combine(BenchData.RepositoryRoot(), "src", "Jobs", "bin", "Release", "net10.0", "traffic"));
        if (!File.Exists(traffic))
        {
            throw new FileNotFoundException($"traffic executable not found at {traffic}; build it first: dotnet build src/Jobs -c Release");
        }

        string folder = Path.Combine(Path.GetTempPath(), "traffic-bench-memory");
        Directory.CreateDirectory(folder);
        string networkPath = Path.Combine(folder, "beijing.network.arrow");
        SimulatedFleet? pool = null;
        if (!File.Exists(networkPath))
        {
            RoadNetworkFile.Write(BeijingEdgeCsv.Network, networkPath);
        }

        Console.WriteLine("| feed | fixes | match peak RSS | match wall | traversals | bytes/traversal | congestion peak RSS | congestion wall |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        foreach (int scale in scales)
        {
            string feed = Path.Combine(folder, $"v{FeedVersion}-{vehicles * scale}x{fixesPerVehicle}");
            Directory.CreateDirectory(feed);
            string probes = Path.Combine(feed, "probes.arrow");
            if (!File.Exists(probes))
            {
                pool ??= TraceSimulator.Simulate(BeijingEdgeCsv.Network, new TraceSimulationOptions { Vehicles = TripPool, IntervalSeconds = 30, NoiseMetres = 20, Seed = 9 });
                WriteFeed(pool, vehicles * scale, fixesPerVehicle, probes);
            }

            long fixes = RowCount(probes);
            string traversals = Path.Combine(feed, "traversals.arrow");
            string points = Path.Combine(feed, "matched_points.arrow");
            string congestion = Path.Combine(feed, "congestion");
            (long matchKb, double matchSeconds) = Measure(traffic, feed,
                ["match", "--network", networkPath, "--probes", probes, "--out", traversals, "--points", points]);
            long traversalCount = RowCount(traversals);
            double bytesPerTraversal = (double)new FileInfo(traversals).Length / Math.Max(1, traversalCount);
            (long congestionKb, double congestionSeconds) = Measure(traffic, feed,
                ["congestion", "--network", networkPath, "--traversals", traversals, "--out", congestion]);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {scale}x ({vehicles * scale:N0} vehicles) | {fixes:N0} | {matchKb / 1024.0:N0} MB | {matchSeconds:F1} s | {traversalCount:N0} | {bytesPerTraversal:F1} | {congestionKb / 1024.0:N0} MB | {congestionSeconds:F1} s |"));
            if (System.Array.IndexOf(args, "--keep-outputs") < 0)
            {
                File.Delete(traversals);
                File.Delete(points);
                File.Delete(Path.Combine(feed, "traversals.summary.json"));
                Directory.Delete(congestion, recursive: true);
            }
        }

        return 0;
    }

    /// <summary>Runs the traffic CLI under /usr/bin/time; its peak resident set in KiB and wall seconds. A failing run throws.</summary>
    private static (long PeakKb, double Seconds) Measure(string traffic, string folder, string[] arguments)
    {
        string stats = Path.Combine(folder, "time.txt");
        var start = new ProcessStartInfo("/usr/bin/time", ["-f", "%M %e", "-o", stats, traffic, .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using Process child = Process.Start(start)!;
        Task<string> output = child.StandardOutput.ReadToEndAsync();
        Task<string> errors = child.StandardError.ReadToEndAsync();
        child.WaitForExit();
        if (child.ExitCode != 0)
        {
            throw new InvalidOperationException($"traffic {arguments[0]} exited with {child.ExitCode}:\n{output.Result}\n{errors.Result}");
        }

        string[] parts = File.ReadAllText(stats).Trim().Split(' ');
        return (long.Parse(parts[0], CultureInfo.InvariantCulture), double.Parse(parts[1], CultureInfo.InvariantCulture));
    }

    private static long RowCount(string path)
    {
        using ArrowFileInput input = ArrowFileInput.Open(path);
        return input.ReadBatches().Sum(b => (long)b.Length);
    }

    /// <summary>
    /// Writes the feed as ingest does: one Arrow file ordered by vehicle (17-character pseudonyms, ordinal order) then
    /// time, in batches of 1M rows, with the source CRS in the schema metadata.
    /// </summary>
    private static void WriteFeed(SimulatedFleet pool, int vehicles, int fixesPerVehicle, string path)
    {
        var names = new string[vehicles];
        for (int v = 0; v < vehicles; v++)
        {
            names[v] = "p" + ((ulong)(v + 1) * 0x9E3779B97F4A7C15UL).ToString("x16", CultureInfo.InvariantCulture);
        }

        int[] order = Enumerable.Range(0, vehicles).ToArray();
        System.Array.Sort(names.ToArray(), order, StringComparer.Ordinal);
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [ProbeSchema.SourceCrsKey] = "wgs84",
            [ProbeSchema.FormatKey] = "simulated",
            [ProbeSchema.TimeZoneNoteKey] = ProbeSchema.TimeZoneNote,
        };
        Schema schema = ProbeSchema.Create(speedKmh: false, headingDeg: false, occupied: false, metadata);
        long dayStartMs = new DateTimeOffset(2008, 2, 4, 5, 0, 0, TimeSpan.FromHours(8)).ToUnixTimeMilliseconds();
        const int BatchRows = 1 << 20;
        using var sink = new ArrowFileSink(path, schema);
        var batch = new Rows(BatchRows);
        foreach (int v in order)
        {
            byte[] id = Encoding.UTF8.GetBytes(names[v]);
            long clock = dayStartMs + ((v % 97) * 6_000L);
            int written = 0;
            for (int k = 0; written < fixesPerVehicle; k++)
            {
                int trip = (int)((((long)v * 7_919) + ((long)k * 104_729)) % pool.VehicleCount);
                int first = pool.FixOffsets[trip], end = pool.FixOffsets[trip + 1];
                long shift = clock - pool.TimestampMs[first];
                for (int i = first; i < end && written < fixesPerVehicle; i++, written++)
                {
                    batch.Add(id, pool.TimestampMs[i] + shift, pool.Lon[i], pool.Lat[i]);
                    if (batch.Count == BatchRows)
                    {
                        sink.Write(batch.Build(schema));
                        batch = new Rows(BatchRows);
                    }
                }

                clock = pool.TimestampMs[end - 1] + shift + PauseMs;
            }
        }

        if (batch.Count > 0)
        {
            sink.Write(batch.Build(schema));
        }

        sink.Complete();
    }

    private sealed class Rows(int capacity)
    {
        private readonly StringArray.Builder _vehicles = new();
        private readonly FixedWidthArrayBuilder<long> _time = new(ArrowTypes.TimestampMsUtc, capacity);
        private readonly FixedWidthArrayBuilder<double> _lon = new(DoubleType.Default, capacity);
        private readonly FixedWidthArrayBuilder<double> _lat = new(DoubleType.Default, capacity);

        public int Count { get; private set; }

        public void Add(byte[] id, long timeMs, double lon, double lat)
        {
            _vehicles.Append(id);
            _time.Append(timeMs);
            _lon.Append(lon);
            _lat.Append(lat);
            Count++;
        }

        public RecordBatch Build(Schema schema) => ArrowColumns.Batch(schema, [_vehicles.Build(), _time.Build(), _lon.Build(), _lat.Build()]);
    }
}
