using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Apache.Arrow;
using Apache.Arrow.Types;
using TrafficEngine.Arrow;
using Xunit;

namespace TrafficEngine.Tests.Interop;

/// <summary>
/// The independent reference implementation, npm apache-arrow (pinned in tests/interop, installed by scripts/test.sh):
/// runs its scripts and compares what it reads with what the engine reads. Linked into each test project that
/// checks files against it.
/// </summary>
internal static class NodeArrow
{
    /// <summary>apache-arrow's reading of an Arrow file as JSON (see tests/interop/read.mjs).</summary>
    public static JsonDocument Read(string path) => JsonDocument.Parse(Run("read.mjs", path));

    /// <summary>Writes apache-arrow's sample files into <paramref name="directory"/> (see tests/interop/write.mjs).</summary>
    public static void Write(string directory) => Run("write.mjs", directory);

    /// <summary>Checks that apache-arrow reads <paramref name="path"/> with the engine's columns, types, row counts and values.</summary>
    public static void AssertReadsAsEngine(string path)
    {
        (Schema schema, List<RecordBatch> batches) = ArrowFiles.ReadAll(path);
        using JsonDocument json = Read(path);
        JsonElement root = json.RootElement;
        Assert.Equal("file", root.GetProperty("format").GetString());
        JsonElement[] fields = root.GetProperty("fields").EnumerateArray().ToArray();
        Assert.Equal(schema.FieldsList.Select(f => f.Name), fields.Select(f => f.GetProperty("name").GetString()));
        Assert.Equal(schema.FieldsList.Select(f => f.IsNullable), fields.Select(f => f.GetProperty("nullable").GetBoolean()));
        JsonElement[] read = root.GetProperty("batches").EnumerateArray().ToArray();
        Assert.Equal(batches.Count, read.Length);
        for (int b = 0; b < batches.Count; b++)
        {
            Assert.Equal(batches[b].Length, read[b].GetProperty("rows").GetInt32());
            for (int c = 0; c < batches[b].ColumnCount; c++)
            {
                IArrowArray column = batches[b].Column(c);
                JsonElement[] values = read[b].GetProperty("columns").GetProperty(schema.FieldsList[c].Name).EnumerateArray().ToArray();
                for (int r = 0; r < column.Length; r++)
                {
                    AssertSame(path, column, r, values[r]);
                }
            }
        }
    }

    public static void AssertSame(string path, IArrowArray column, int row, JsonElement actual)
    {
        object? value = ArrowArrays.GetValue(column, row);
        string where = $"{Path.GetFileName(path)} row {row}";
        if (value is null)
        {
            Assert.True(actual.ValueKind == JsonValueKind.Null, where);
            return;
        }

        IArrowType type = column.Data.DataType;
        switch (value)
        {
            case long raw when type is TimestampType timestamp:
                // apache-arrow returns every timestamp as (fractional) epoch milliseconds.
                long perMs = timestamp.Unit switch { TimeUnit.Second => 0, TimeUnit.Millisecond => 1, TimeUnit.Microsecond => 1000, _ => 1_000_000 };
                double ms = actual.GetDouble();
                Assert.Equal(raw, perMs == 0 ? (long)(ms / 1000) : (long)Math.Round(ms * perMs));
                break;
            case int days when type is Date32Type:
                Assert.Equal(days * 86_400_000.0, actual.GetDouble());
                break;
            case long or ulong:
                Assert.Equal(value.ToString(), actual.GetString());
                break;
            case string text:
                Assert.Equal(text, actual.GetString());
                break;
            case bool flag:
                Assert.Equal(flag, actual.GetBoolean());
                break;
            case byte[] bytes:
                Assert.Equal(Convert.ToHexStringLower(bytes), actual.GetString());
                break;
            case double or float when actual.ValueKind == JsonValueKind.String:
                Assert.Equal(Convert.ToDouble(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture), actual.GetString());
                break;
            default:
                Assert.Equal(Convert.ToDouble(value, CultureInfo.InvariantCulture), actual.GetDouble());
                break;
        }
    }

    private static string Run(string script, string argument)
    {
        string interop = InteropDirectory();
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = interop,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(interop, script));
        start.ArgumentList.Add(argument);
        using Process process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node.");
        Task<string> error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(120_000), $"node {script} did not finish within 120 s.");
        Assert.True(process.ExitCode == 0, $"node {script} failed ({process.ExitCode}): {error.Result}");
        return output;
    }

    private static string InteropDirectory()
    {
        DirectoryInfo? directory = new(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Traffic.sln")))
        {
            directory = directory.Parent;
        }

        Assert.True(directory is not null, "Traffic.sln not found above the test binaries.");
        string interop = Path.Combine(directory.FullName, "tests", "interop");
        Assert.True(Directory.Exists(Path.Combine(interop, "node_modules", "apache-arrow")),
            $"apache-arrow is not installed: run `npm ci` in {interop} (tests/interop) before the tests.");
        return interop;
    }
}
