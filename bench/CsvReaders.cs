using System.Diagnostics;
using System.Globalization;
using System.Text;
using csFastFloat;
using nietras.SeparatedValues;
using TrafficEngine.Geo;
using TrafficEngine.Ingest;
using TrafficEngine.IO;

namespace Bench;

/// <summary>
/// Sep (nietras, 0.18.0) against the engine's own CSV reader (<see cref="CsvRecordReader"/> + <see cref="CsvTokenizer"/>)
/// in one run, on the T-Drive file (no header, "id,yyyy-MM-dd HH:mm:ss,lon,lat") and on the same rows as an ISO-8601
/// csv probe file built from it ("vehicle_id,timestamp,lon,lat", timestamps with +08:00). Both readers unescape RFC 4180
/// quotes. For each input, best of N by this thread's CPU time (wall clock beside it):
/// <list type="bullet">
/// <item>tokenize: every record split into fields, the field lengths summed (the reader alone);</item>
/// <item>tokenize + parse: id, time and both coordinates parsed to numbers (engine: its byte parsers; Sep: its char
/// spans with csFastFloat and a fixed-layout time parser on chars, as an engine on Sep would need);</item>
/// <item>the engine's read phase as ingest runs it (ProbeFileReader: the T-Drive fast path, row checks, buffering)
/// and the whole ingest, for scale.</item>
/// </list>
/// Usage: dotnet run -c Release --project bench -- csv-readers [--repeat 7]
/// </summary>
public static class CsvReaders
{
    public static int Run(string[] args)
    {
        int repeat = BenchArgs.GetInt32(args, "--repeat", 7);
        string tdrive = BenchData.TDriveFile();
        string iso = BuildIsoCsv(tdrive);
        try
        {
            var md = new StringBuilder();
            md.AppendLine(CultureInfo.InvariantCulture, $"load average before: {File.ReadAllText("/proc/loadavg").Trim()}; best of {repeat}, MB/s of the input file by thread CPU time (wall clock)");
            md.AppendLine();
            md.AppendLine("| input | measure | engine | Sep | Sep / engine |");
            md.AppendLine("|---|---|---|---|---|");
            foreach ((string name, string path, bool header) in new[] { ("T-Drive", tdrive, false), ("ISO csv", iso, true) })
            {
                double mb = new FileInfo(path).Length / 1e6;
                (double Cpu, double Wall) engineTokens = Best(repeat, () => EngineTokenize(path));
                (double Cpu, double Wall) sepTokens = Best(repeat, () => SepTokenize(path, header));
                (double Cpu, double Wall) engineParse = Best(repeat, () => EngineParse(path, header));
                (double Cpu, double Wall) sepParse = Best(repeat, () => SepParse(path, header));
                Check(EngineParse(path, header), SepParse(path, header), name);
                Check(EngineTokenize(path), SepTokenize(path, header), name);
                md.AppendLine(Row(name, "tokenize", mb, engineTokens, sepTokens));
                md.AppendLine(Row(name, "tokenize + parse id, time, lon, lat", mb, engineParse, sepParse));
                (double Cpu, double Wall) readPhase = Best(repeat, () => ReadPhase(path, header ? ProbeFormat.Csv : ProbeFormat.TDrive));
                (double Cpu, double Wall) ingest = Best(repeat, () => Ingest(path, header ? ProbeFormat.Csv : ProbeFormat.TDrive));
                md.AppendLine(CultureInfo.InvariantCulture, $"| {name} ({mb:F1} MB) | engine read phase (ProbeFileReader: checks, buffering) | {Rate(mb, readPhase)} | - | - |");
                md.AppendLine(CultureInfo.InvariantCulture, $"| {name} ({mb:F1} MB) | engine whole ingest (ProbeIngestAnalyzer.Run) | {Rate(mb, ingest)} | - | - |");
            }

            md.AppendLine();
            md.AppendLine(CultureInfo.InvariantCulture, $"load average after: {File.ReadAllText("/proc/loadavg").Trim()}");
            Console.WriteLine(md.ToString());
        }
        finally
        {
            File.Delete(iso);
        }

        return 0;
    }

    private static string Row(string name, string measure, double mb, (double Cpu, double Wall) engine, (double Cpu, double Wall) sep) =>
        string.Create(CultureInfo.InvariantCulture,
            $"| {name} ({mb:F1} MB) | {measure} | {Rate(mb, engine)} | {Rate(mb, sep)} | {engine.Cpu / sep.Cpu:F2}x ({engine.Wall / sep.Wall:F2}x) |");

    private static string Rate(double mb, (double Cpu, double Wall) t) =>
        string.Create(CultureInfo.InvariantCulture, $"{mb / t.Cpu:F0} ({mb / t.Wall:F0})");

    private static void Check(long engine, long sep, string name)
    {
        if (engine != sep)
        {
            throw new InvalidOperationException($"{name}: the readers disagree (engine checksum {engine}, Sep {sep}).");
        }
    }

    /// <summary>Best thread-CPU and best wall-clock seconds of <paramref name="repeat"/> runs after one warm-up.</summary>
    private static (double Cpu, double Wall) Best(int repeat, Func<long> work)
    {
        work();
        double cpu = double.MaxValue, wall = double.MaxValue;
        for (int i = 0; i < repeat; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            double before = ThreadCpu.Seconds();
            var clock = Stopwatch.StartNew();
            work();
            wall = Math.Min(wall, clock.Elapsed.TotalSeconds);
            cpu = Math.Min(cpu, ThreadCpu.Seconds() - before);
        }

        return (cpu, wall);
    }

    /// <summary>Sum of field lengths over every data record (the header, if any, excluded by the caller's data).</summary>
    private static long EngineTokenize(string path)
    {
        using var reader = new CsvRecordReader(path);
        var tokenizer = new CsvTokenizer();
        long sum = 0;
        bool first = true;
        while (reader.TryReadRecord(out ReadOnlySpan<byte> record))
        {
            int count = tokenizer.Tokenize(record);
            if (first && record.StartsWith("vehicle_id"u8))
            {
                first = false;
                continue;
            }

            first = false;
            for (int i = 0; i < count; i++)
            {
                sum += tokenizer.Field(record, i).Length;
            }
        }

        return sum;
    }

    private static long SepTokenize(string path, bool header)
    {
        using SepReader reader = Sep.Reader(o => o with { HasHeader = header, Unescape = true, DisableColCountCheck = true }).FromFile(path);
        long sum = 0;
        foreach (SepReader.Row row in reader)
        {
            for (int i = 0; i < row.ColCount; i++)
            {
                sum += row[i].Span.Length;
            }
        }

        return sum;
    }

    /// <summary>Checksum of id lengths, times and coordinates (to the microdegree); unparsable rows count -1.</summary>
    private static long EngineParse(string path, bool header)
    {
        using var reader = new CsvRecordReader(path);
        var tokenizer = new CsvTokenizer();
        long sum = 0;
        bool skip = header;
        while (reader.TryReadRecord(out ReadOnlySpan<byte> record))
        {
            int count = tokenizer.Tokenize(record);
            if (skip)
            {
                skip = false;
                continue;
            }

            ReadOnlySpan<byte> time = tokenizer.Field(record, 1);
            bool ok = count == 4
                & (header ? FieldParsers.TryParseTimestamp(time, out long ms) : FieldParsers.TryParseBeijingDateTime(time, out ms))
                & FieldParsers.TryParseDouble(tokenizer.Field(record, 2), out double lon)
                & FieldParsers.TryParseDouble(tokenizer.Field(record, 3), out double lat);
            sum += ok ? tokenizer.Field(record, 0).Length + ms + (long)(lon * 1e6) + (long)(lat * 1e6) : -1;
        }

        return sum;
    }

    private static long SepParse(string path, bool header)
    {
        using SepReader reader = Sep.Reader(o => o with { HasHeader = header, Unescape = true, DisableColCountCheck = true }).FromFile(path);
        long sum = 0;
        foreach (SepReader.Row row in reader)
        {
            ReadOnlySpan<char> time = row[1].Span;
            bool ok = row.ColCount == 4
                & (header ? TryParseIso(time, out long ms) : TryParseLocal(time, out ms))
                & FastDoubleParser.TryParseDouble(row[2].Span, out double lon)
                & FastDoubleParser.TryParseDouble(row[3].Span, out double lat);
            sum += ok ? row[0].Span.Length + ms + (long)(lon * 1e6) + (long)(lat * 1e6) : -1;
        }

        return sum;
    }

    /// <summary>"yyyy-MM-dd HH:mm:ss" in Beijing local time to UTC ms.</summary>
    private static bool TryParseLocal(ReadOnlySpan<char> s, out long utcMs)
    {
        utcMs = 0;
        if (s.Length != 19 || !TryCivil(s, out long localMs))
        {
            return false;
        }

        utcMs = localMs - FieldParsers.BeijingOffsetMs;
        return true;
    }

    /// <summary>"yyyy-MM-ddTHH:mm:ss+hh:mm" to UTC ms.</summary>
    private static bool TryParseIso(ReadOnlySpan<char> s, out long utcMs)
    {
        utcMs = 0;
        if (s.Length != 25 || s[10] != 'T' || (s[19] != '+' && s[19] != '-') || s[22] != ':' || !TryCivil(s, out long localMs)
            || !TryDigits(s.Slice(20, 2), out int oh) || !TryDigits(s.Slice(23, 2), out int om))
        {
            return false;
        }

        long offsetMs = ((oh * 60L) + om) * 60_000L * (s[19] == '-' ? -1 : 1);
        utcMs = localMs - offsetMs;
        return true;
    }

    private static bool TryCivil(ReadOnlySpan<char> s, out long ms)
    {
        ms = 0;
        if (s[4] != '-' || s[7] != '-' || s[13] != ':' || s[16] != ':'
            || !TryDigits(s[..4], out int y) || !TryDigits(s.Slice(5, 2), out int mo) || !TryDigits(s.Slice(8, 2), out int d)
            || !TryDigits(s.Slice(11, 2), out int h) || !TryDigits(s.Slice(14, 2), out int mi) || !TryDigits(s.Slice(17, 2), out int sec)
            || mo is < 1 or > 12 || d is < 1 or > 31 || h > 23 || mi > 59 || sec > 59)
        {
            return false;
        }

        ms = ((FieldParsers.DaysFromCivil(y, mo, d) * 86400L) + (h * 3600L) + (mi * 60L) + sec) * 1000L;
        return true;
    }

    private static bool TryDigits(ReadOnlySpan<char> s, out int value)
    {
        value = 0;
        foreach (char c in s)
        {
            if ((uint)(c - '0') > 9)
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }

    private static ProbeIngestOptions Options(string path, ProbeFormat format) => new()
    {
        Inputs = [path],
        Format = format,
        BoundingBox = BoundingBox.Parse("115.4,39.4,117.6,41.1"),
        Pseudonymizer = new Pseudonymizer(new PseudonymKey(new byte[32])),
    };

    private static long ReadPhase(string path, ProbeFormat format)
    {
        ProbeIngestOptions options = Options(path, format);
        string temp = Path.Combine(Path.GetTempPath(), "traffic-csv-readers-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(temp);
        try
        {
            var vehicles = new VehicleTable(options.Pseudonymizer!);
            var store = new PartitionStore(temp, options.MaxRowsInMemory, new FileInfo(path).Length / 40, vehicles.Partition, optionalColumns: false);
            var reader = new ProbeFileReader(options, vehicles, store, null, null, 0);
            reader.ReadFile(path, 0, CancellationToken.None);
            return reader.RowsRead;
        }
        finally
        {
            Directory.Delete(temp, recursive: true);
        }
    }

    private static long Ingest(string path, ProbeFormat format) =>
        ProbeIngestAnalyzer.Run(Options(path, format), schema => new MemoryBatchSink(schema)).RowsRead;

    /// <summary>The T-Drive rows as a csv probe file: header, ISO-8601 timestamps with the +08:00 offset.</summary>
    private static string BuildIsoCsv(string tdrive)
    {
        string path = Path.Combine(Path.GetTempPath(), $"traffic-csv-readers-{Environment.ProcessId}.csv");
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false), 1 << 20);
        writer.Write("vehicle_id,timestamp,lon,lat\n");
        foreach (string line in File.ReadLines(tdrive))
        {
            string[] f = line.Split(',');
            if (f.Length == 4 && f[1].Length == 19)
            {
                writer.Write($"{f[0]},{f[1].Replace(' ', 'T')}+08:00,{f[2]},{f[3]}\n");
            }
        }

        return path;
    }
}
