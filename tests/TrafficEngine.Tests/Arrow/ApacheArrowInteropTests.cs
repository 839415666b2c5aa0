using System.Text.Json;
using Apache.Arrow;
using Apache.Arrow.Types;
using TrafficEngine.Arrow;
using TrafficEngine.Tests.Interop;

namespace TrafficEngine.Tests.Arrow;

/// <summary>The engine's files against the independent reference implementation (npm apache-arrow), both ways.</summary>
public sealed class ApacheArrowInteropTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("arrow-interop-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void NodeReads_EngineWrittenFile_SameTypesNullsMetadataAndValues()
    {
        string path = Path.Combine(_folder, "engine.arrow");
        ArrowFiles.Write(path, ArrowSamples.Schema, [ArrowSamples.Create(0, 23), ArrowSamples.Create(23, 11).Slice(3, 7), ArrowSamples.Create(40, 0)]);
        NodeArrow.AssertReadsAsEngine(path);

        using JsonDocument json = NodeArrow.Read(path);
        JsonElement root = json.RootElement;
        Assert.Equal("traffic-tests", root.GetProperty("metadata").GetProperty("source").GetString());
        JsonElement[] fields = root.GetProperty("fields").EnumerateArray().ToArray();
        Assert.Equal(
            ["Int16", "Int32", "Int64", "Float32", "Float64", "Bool", "Utf8", "Timestamp<MILLISECOND, UTC>", "Dictionary<Int32, Utf8>", "Binary"],
            fields.Select(f => f.GetProperty("type").GetString()));
        Assert.Equal("count", fields[1].GetProperty("metadata").GetProperty("unit").GetString());
        Assert.Equal("geoarrow.wkb", fields[9].GetProperty("metadata").GetProperty(GeoArrow.ExtensionNameKey).GetString());
    }

    [Fact]
    public void EngineReads_NodeWrittenFile_ValuesAsDocumented()
    {
        NodeArrow.Write(_folder);
        string path = Path.Combine(_folder, "node.arrow");
        (Schema schema, List<RecordBatch> batches) = ArrowFiles.ReadAll(path);
        using (ArrowFileInput mapped = ArrowFileInput.Open(path))
        {
            ArrowSamples.AssertSameRows(batches, mapped.ReadBatches().ToList());
        }

        Assert.Equal(2, batches.Count);
        Assert.Equal("apache-arrow", schema.Metadata["origin"]);
        Assert.Equal("count", schema.FieldsList[2].Metadata["unit"]);
        Assert.False(schema.FieldsList[2].IsNullable);
        Assert.True(ArrowTypes.Same(new TimestampType(TimeUnit.Microsecond, "Europe/Vienna"), schema.FieldsList[13].DataType));
        Assert.True(ArrowTypes.Same(ArrowTypes.DictionaryUtf8, schema.FieldsList[15].DataType));
        for (int b = 0; b < 2; b++)
        {
            RecordBatch batch = batches[b];
            for (int r = 0; r < 3; r++)
            {
                int k = (3 * b) + r;
                Assert.Equal(k, ArrowArrays.GetValue(batch.Column("i32"), r));
                if (r == 1)
                {
                    Assert.All(batch.Arrays.Where((_, c) => c != 2), column => Assert.True(column.IsNull(r)));
                    continue;
                }

                object?[] expected =
                [
                    (sbyte)(k - 3), (short)(-100 * k), k, (1L << 40) + k, (byte)(200 + k), (ushort)(60000 + k), 4_000_000_000u + (uint)k,
                    (1UL << 63) + (ulong)k, k + 0.5f, k / 4.0, k % 2 == 0, $"n{k}ü", 1_700_000_000_000L + k, (1_700_000_000_000L + k) * 1000,
                    19000 + k, "ABCDEF"[k].ToString(),
                ];
                Assert.Equal(expected, batch.Arrays.Select(c => ArrowArrays.GetValue(c, r)).ToArray());
            }
        }

        RecordBatch binary = ArrowFiles.ReadAll(Path.Combine(_folder, "node-binary.arrow")).Batches.Single();
        Assert.Equal("geoarrow.wkb", binary.Schema.FieldsList[0].Metadata[GeoArrow.ExtensionNameKey]);
        Assert.Equal([new byte[] { 0, 1, 255 }, null, System.Array.Empty<byte>(), new byte[] { 0xCA, 0xFE }], Enumerable.Range(0, 4).Select(i => (byte[]?)ArrowArrays.GetValue(binary.Column(0), i)));
    }
}
