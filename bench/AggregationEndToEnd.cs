using System.Diagnostics;
using System.Globalization;
using Npgsql;
using NpgsqlTypes;
using TrafficEngine.Congestion;

namespace Bench;

/// <summary>
/// `aggregate [--rows N] [--engine-only [--by-vehicle]]`: segment x 15-minute bin aggregation of the same time-ordered traversals by the engine's
/// dense kernel, a Dictionary baseline, and PostgreSQL (a server started here on 127.0.0.1, rows loaded with binary
/// COPY, the same GROUP BY with count(DISTINCT vehicle)). Best of three runs each (two for the baseline); ratios against
/// the engine. Wall-clock time for all three; for the two in-process ones also the thread's CPU time, which other load
/// on a shared machine does not inflate. The load average is printed before and after. `--engine-only` times the
/// engine alone (best of 3, then of 5 more) for quick comparisons while working on the kernel; `--by-vehicle`
/// also times it on the same rows in the matcher's order (vehicle, then time).
/// </summary>
public static class AggregationEndToEnd
{
    private const string Query = """
        SELECT (enter_ms + (exit_ms - enter_ms) / 2) / 900000 AS bin, edge, sum(metres), sum((exit_ms - enter_ms) / 1000.0),
               count(*), count(DISTINCT vehicle)
        FROM traversals
        WHERE exit_ms > enter_ms AND metres > 0
        GROUP BY 1, 2
        """;

    public static int Run(string[] args)
    {
        int at = Array.IndexOf(args, "--rows");
        int rows = at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : 10_000_000;
        bool engineOnly = args.Contains("--engine-only");
        Console.WriteLine($"aggregate: {rows:N0} time-ordered traversals, {TraversalData.EdgeCount:N0} edges, {TraversalData.VehicleCount:N0} vehicles, one day (load average {LoadAverage()})");
        var data = new TraversalData(rows);
        var aggregator = new SegmentSpeedAggregator(TraversalData.EdgeCount, 15);
        int cells = 0;
        (double engine, double engineCpu) = Best(3, () => cells = aggregator.Aggregate(data.Edges, data.Vehicles, data.EnterMs, data.ExitMs, data.Metres).Count);
        Report("engine dense kernel", engine, rows, engine, cells);
        Console.WriteLine($"    thread CPU time {engineCpu * 1000:F0} ms, {rows / engineCpu / 1e6:F1} M rows/s");
        if (engineOnly && args.Contains("--by-vehicle"))
        {
            // The matcher's order (vehicle, then time): the rows are grouped by day and bin before aggregating.
            long[] keys = [.. Enumerable.Range(0, rows).Select(i => ((long)data.Vehicles[i] << 32) | (uint)i)];
            Array.Sort(keys);
            int[] edges = [.. keys.Select(k => data.Edges[(int)k])];
            int[] vehicles = [.. keys.Select(k => data.Vehicles[(int)k])];
            long[] enter = [.. keys.Select(k => data.EnterMs[(int)k])];
            long[] exit = [.. keys.Select(k => data.ExitMs[(int)k])];
            double[] metres = [.. keys.Select(k => data.Metres[(int)k])];
            (engine, engineCpu) = Best(5, () => cells = aggregator.Aggregate(edges, vehicles, enter, exit, metres).Count);
            Report("engine, by vehicle then time", engine, rows, engine, cells);
            Console.WriteLine($"    thread CPU time {engineCpu * 1000:F0} ms, {rows / engineCpu / 1e6:F1} M rows/s");
        }

        if (engineOnly)
        {
            (engine, engineCpu) = Best(5, () => cells = aggregator.Aggregate(data.Edges, data.Vehicles, data.EnterMs, data.ExitMs, data.Metres).Count);
            Report("engine dense kernel, 5 more", engine, rows, engine, cells);
            Console.WriteLine($"    thread CPU time {engineCpu * 1000:F0} ms, {rows / engineCpu / 1e6:F1} M rows/s");
            Console.WriteLine($"  (load average {LoadAverage()})");
            return 0;
        }


        var dictionary = new AggregationBenchmarks { Rows = rows };
        dictionary.Setup();
        int dictionaryCells = 0;
        (double baseline, double baselineCpu) = Best(2, () => dictionaryCells = dictionary.DictionaryBaseline());
        Report("Dictionary + HashSet baseline", baseline, rows, engine, dictionaryCells);
        Console.WriteLine($"    thread CPU time {baselineCpu * 1000:F0} ms, {rows / baselineCpu / 1e6:F1} M rows/s, {baselineCpu / engineCpu:F1}x the engine's");

        using PostgresServer server = PostgresServer.Start();
        using var connection = new NpgsqlConnection(server.ConnectionString);
        connection.Open();
        Execute(connection, "CREATE UNLOGGED TABLE traversals (edge int NOT NULL, vehicle int NOT NULL, enter_ms bigint NOT NULL, exit_ms bigint NOT NULL, metres double precision NOT NULL)");
        var copy = Stopwatch.StartNew();
        using (NpgsqlBinaryImporter importer = connection.BeginBinaryImport("COPY traversals FROM STDIN (FORMAT BINARY)"))
        {
            for (int i = 0; i < rows; i++)
            {
                importer.StartRow();
                importer.Write(data.Edges[i], NpgsqlDbType.Integer);
                importer.Write(data.Vehicles[i], NpgsqlDbType.Integer);
                importer.Write(data.EnterMs[i], NpgsqlDbType.Bigint);
                importer.Write(data.ExitMs[i], NpgsqlDbType.Bigint);
                importer.Write(data.Metres[i], NpgsqlDbType.Double);
            }

            importer.Complete();
        }

        copy.Stop();
        Execute(connection, "VACUUM ANALYZE traversals");
        Console.WriteLine($"  PostgreSQL COPY (binary) of the rows: {copy.Elapsed.TotalSeconds:F1} s (not counted below)");
        int pgCells = 0;
        (double postgres, _) = Best(3, () =>
        {
            using var command = new NpgsqlCommand(Query, connection);
            using NpgsqlDataReader reader = command.ExecuteReader();
            int n = 0;
            while (reader.Read())
            {
                n++;
            }

            pgCells = n;
        });
        Report("PostgreSQL GROUP BY", postgres, rows, engine, pgCells);
        using (var version = new NpgsqlCommand("SELECT version()", connection))
        {
            Console.WriteLine($"  ({version.ExecuteScalar()})");
        }

        Console.WriteLine($"  (load average {LoadAverage()})");
        return cells == dictionaryCells && cells == pgCells ? 0 : Fail(cells, dictionaryCells, pgCells);
    }

    private static int Fail(int engine, int dictionary, int postgres)
    {
        Console.WriteLine($"cell counts differ: engine {engine}, Dictionary {dictionary}, PostgreSQL {postgres}");
        return 1;
    }

    private static void Execute(NpgsqlConnection connection, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    /// <summary>The best wall-clock time and the best thread CPU time of some runs.</summary>
    private static (double Seconds, double CpuSeconds) Best(int runs, Action action)
    {
        double best = double.MaxValue, bestCpu = double.MaxValue;
        for (int r = 0; r < runs; r++)
        {
            double cpu = ThreadCpu.Seconds();
            var clock = Stopwatch.StartNew();
            action();
            best = Math.Min(best, clock.Elapsed.TotalSeconds);
            bestCpu = Math.Min(bestCpu, ThreadCpu.Seconds() - cpu);
        }

        return (best, bestCpu);
    }

    private static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ')[..3]);

    private static void Report(string name, double seconds, int rows, double engineSeconds, int cells) =>
        Console.WriteLine($"  {name,-30} {seconds * 1000,9:F0} ms  {rows / seconds / 1e6,8:F1} M rows/s  {seconds / engineSeconds,7:F1}x the engine's time  ({cells:N0} cells)");
}
