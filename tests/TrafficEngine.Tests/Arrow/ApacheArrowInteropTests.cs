using System.Diagnostics;
using System.Text.Json;
using TrafficEngine.Arrow;
using TrafficEngine.Columns;

namespace TrafficEngine.Tests.Arrow;

/// <summary>
/// Checks the codec against the reference implementation (npm apache-arrow 21.2.0, pinned in tests/interop).
/// Needs node and `npm ci` run once in tests/interop; without them the tests fail with that instruction.
/// </summary>
public sealed class ApacheArrowInteropTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void NodeReads_EngineWrittenFile_SameTypesNullsMetadataAndValues(bool stream)
    {
        Batch[] batches = [SampleBatches.Create(0, 23), SampleBatches.Create(23, 11, ["zz", "A1"]).Slice(3, 7), SampleBatches.Create(40, 0)];
        byte[] bytes = stream ? SampleBatches.WriteStream(SampleBatches.AllTypes, batches) : SampleBatches.WriteFile(SampleBatches.AllTypes, batches);
        string path = Path.Combine(Path.GetTempPath(), $"engine-{Guid.NewGuid():N}.arrow");
        File.WriteAllBytes(path, bytes);

        using JsonDocument json = JsonDocument.Parse(RunNode("read.mjs", path));
        File.Delete(path);

        JsonElement root = json.RootElement;
        Assert.Equal(stream ? "stream" : "file", root.GetProperty("format").GetString());
        Assert.Equal("traffic-tests", root.GetProperty("metadata").GetProperty("source").GetString());
        JsonElement[] fields = root.GetProperty("fields").EnumerateArray().ToArray();
        string[] expectedTypes =
        [
            "Int8", "Int16", "Int32", "Int64", "Uint8", "Uint16", "Uint32", "Uint64", "Float32", "Float64", "Bool", "Utf8",
            "Timestamp<MILLISECOND, UTC>", "Timestamp<MICROSECOND>", "Date32<DAY>", "Dictionary<Int32, Utf8>",
        ];
        Assert.Equal(expectedTypes, fields.Select(f => f.GetProperty("type").GetString()).ToArray());
        Assert.False(fields[2].GetProperty("nullable").GetBoolean());
        Assert.True(fields[0].GetProperty("nullable").GetBoolean());
        Assert.Equal("count", fields[2].GetProperty("metadata").GetProperty("unit").GetString());
        JsonElement[] readBatches = root.GetProperty("batches").EnumerateArray().ToArray();
        Assert.Equal(batches.Length, readBatches.Length);
        for (int b = 0; b < batches.Length; b++)
        {
            Assert.Equal(batches[b].Length, readBatches[b].GetProperty("rows").GetInt32());
            for (int c = 0; c < batches[b].Columns.Count; c++)
            {
                Column column = batches[b].Columns[c];
                JsonElement[] values = readBatches[b].GetProperty("columns").GetProperty(SampleBatches.AllTypes.Fields[c].Name).EnumerateArray().ToArray();
                for (int r = 0; r < column.Length; r++)
                {
                    AssertSame(column, r, values[r]);
                }
            }
        }
    }

    [Theory]
    [InlineData("node.arrow")]
    [InlineData("node.arrows")]
    public void EngineReads_NodeWrittenFile_ValuesAsDocumented(string fileName)
    {
        string directory = Directory.CreateTempSubdirectory("arrow-interop-").FullName;
        RunNode("write.mjs", directory);
        string path = Path.Combine(directory, fileName);
        byte[] bytes = File.ReadAllBytes(path);
        bool stream = fileName.EndsWith(".arrows", StringComparison.Ordinal);

        List<Batch> batches = stream ? SampleBatches.ReadStream(bytes) : SampleBatches.ReadFile(bytes);
        List<Batch>? mapped = stream ? null : ArrowFile.ReadAll(path).Batches; // apache-arrow pads buffers to 8 bytes, not 64
        Directory.Delete(directory, recursive: true);

        Assert.Equal(2, batches.Count);
        for (int b = 0; b < (mapped?.Count ?? 0); b++)
        {
            SampleBatches.AssertSameValues(batches[b], mapped![b]);
        }

        Assert.Equal(stream ? null : 2, mapped?.Count);
        Assert.True(stream || mapped!.SelectMany(b => b.Columns).Any(c => c switch
        {
            StringColumn strings => !strings.OffsetsBuffer.IsAlignedTo(64) || !strings.DataBuffer.IsAlignedTo(64),
            Column<double> doubles => !doubles.ValuesBuffer.IsAlignedTo(64),
            Column<long> longs => !longs.ValuesBuffer.IsAlignedTo(64),
            _ => false,
        }), "The node-written file was expected to hold buffers aligned to 8 bytes but not 64.");
        Schema schema = batches[0].Schema;
        Assert.Equal("apache-arrow", schema.Metadata["origin"]);
        Assert.Equal("count", schema.Fields[2].Metadata["unit"]);
        Assert.False(schema.Fields[2].Nullable);
        Assert.Equal(DataType.Timestamp(TimeUnit.Microsecond, "Europe/Vienna"), schema.Fields[13].Type);
        Assert.Equal(DataType.Dictionary(DataType.Int32, DataType.Utf8), schema.Fields[15].Type);
        for (int b = 0; b < 2; b++)
        {
            Batch batch = batches[b];
            for (int r = 0; r < 3; r++)
            {
                int k = (3 * b) + r;
                Assert.Equal(k, batch["i32"].GetValue(r));
                if (r == 1)
                {
                    Assert.All(batch.Columns.Where((_, c) => c != 2), column => Assert.True(column.IsNull(r)));
                    continue;
                }

                object?[] expected =
                [
                    (sbyte)(k - 3), (short)(-100 * k), k, (1L << 40) + k, (byte)(200 + k), (ushort)(60000 + k), 4_000_000_000u + (uint)k,
                    (1UL << 63) + (ulong)k, k + 0.5f, k / 4.0, k % 2 == 0, $"n{k}ü", 1_700_000_000_000L + k, (1_700_000_000_000L + k) * 1000,
                    19000 + k, "ABCDEF"[k].ToString(),
                ];
                Assert.Equal(expected, batch.Columns.Select(c => c.GetValue(r)).ToArray());
            }
        }
    }

    [Fact]
    public void NodeReads_EngineWrittenBinary_HexValuesAndExtensionName()
    {
        var schema = new Schema([new Field("blob", DataType.Binary, metadata: new Dictionary<string, string> { ["ARROW:extension:name"] = "geoarrow.wkb" })]);
        var batch = new Batch(schema, [ArrowBinaryTests.BuildBlobs([[0x01, 0x02, 0xAB], null, [], [0xFF]])]);
        string path = Path.Combine(Path.GetTempPath(), $"engine-binary-{Guid.NewGuid():N}.arrow");
        File.WriteAllBytes(path, SampleBatches.WriteFile(schema, batch));

        using JsonDocument json = JsonDocument.Parse(RunNode("read.mjs", path));
        File.Delete(path);

        JsonElement field = json.RootElement.GetProperty("fields")[0];
        Assert.Equal("Binary", field.GetProperty("type").GetString());
        Assert.Equal("geoarrow.wkb", field.GetProperty("metadata").GetProperty("ARROW:extension:name").GetString());
        string?[] values = json.RootElement.GetProperty("batches")[0].GetProperty("columns").GetProperty("blob")
            .EnumerateArray().Select(v => v.ValueKind == JsonValueKind.Null ? null : v.GetString()).ToArray();
        Assert.Equal(new string?[] { "0102ab", null, "", "ff" }, values);
    }

    [Fact]
    public void EngineReads_NodeWrittenBinary_ValuesAsDocumented()
    {
        string directory = Directory.CreateTempSubdirectory("arrow-interop-").FullName;
        RunNode("write.mjs", directory);
        byte[] bytes = File.ReadAllBytes(Path.Combine(directory, "node-binary.arrow"));
        Directory.Delete(directory, recursive: true);

        Batch batch = SampleBatches.ReadFile(bytes).Single();

        Assert.Equal(DataType.Binary, batch.Schema.Fields[0].Type);
        Assert.Equal("geoarrow.wkb", batch.Schema.Fields[0].Metadata["ARROW:extension:name"]);
        var blobs = Assert.IsType<BinaryColumn>(batch["blob"]);
        Assert.Equal(4, blobs.Length);
        Assert.Equal(new byte[] { 0, 1, 255 }, blobs.GetBytes(0).ToArray());
        Assert.True(blobs.IsNull(1));
        Assert.Empty(blobs.GetBytes(2).ToArray());
        Assert.Equal(new byte[] { 0xCA, 0xFE }, blobs.GetBytes(3).ToArray());
    }

    private static void AssertSame(Column column, int row, JsonElement actual)
    {
        object? value = column.GetValue(row);
        if (value is null)
        {
            Assert.Equal(JsonValueKind.Null, actual.ValueKind);
            return;
        }

        switch (value)
        {
            case long or ulong when column.Type.Id != TypeId.Timestamp:
                Assert.Equal(value.ToString(), actual.GetString());
                break;
            case int days when column.Type.Id == TypeId.Date32:
                Assert.Equal(days * 86_400_000.0, actual.GetDouble());
                break;
            case long raw when column.Type.Id == TypeId.Timestamp:
                // apache-arrow returns every timestamp as (fractional) epoch milliseconds.
                long perMs = column.Type.Unit switch { TimeUnit.Second => 0, TimeUnit.Millisecond => 1, TimeUnit.Microsecond => 1000, _ => 1_000_000 };
                double ms = actual.GetDouble();
                Assert.Equal(raw, perMs == 0 ? (long)(ms / 1000) : (long)Math.Round(ms * perMs));
                break;
            case string text:
                Assert.Equal(text, actual.GetString());
                break;
            case bool flag:
                Assert.Equal(flag, actual.GetBoolean());
                break;
            default:
                Assert.Equal(Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture), actual.GetDouble());
                break;
        }
    }

    private static string RunNode(string script, string argument)
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
        Assert.True(process.WaitForExit(60_000), $"node {script} did not finish within 60 s.");
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
