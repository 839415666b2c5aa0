using Apache.Arrow;
using Apache.Arrow.Ipc;
using Apache.Arrow.Types;
using TrafficEngine.Arrow;

namespace TrafficEngine.Tests.Arrow;

/// <summary>The engine's file layer over Apache.Arrow: round trips, atomic output, and the library's pitfalls guarded.</summary>
public sealed class ArrowFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("arrow-files-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData(ArrowCompression.None)]
    [InlineData(ArrowCompression.Lz4)]
    [InlineData(ArrowCompression.Zstd)]
    public void Write_ThenRead_SameSchemaValuesNullsAndMetadata_MappedWholeAndStreamed(ArrowCompression compression)
    {
        RecordBatch[] batches = [ArrowSamples.Create(0, 50), ArrowSamples.Create(50, 0), ArrowSamples.Create(50, 7)];
        string path = Path.Combine(_folder, "all.arrow");
        ArrowFiles.Write(path, ArrowSamples.Schema, batches, compression);

        (Schema schema, List<RecordBatch> whole) = ArrowFiles.ReadAll(path);
        Assert.Equal("traffic-tests", schema.Metadata["source"]);
        Assert.Equal("count", schema.FieldsList[1].Metadata["unit"]);
        Assert.False(schema.FieldsList[1].IsNullable);
        Assert.True(GeoArrow.IsWkb(schema.FieldsList[9]));
        Assert.True(ArrowTypes.Same(ArrowTypes.DictionaryUtf8, schema.FieldsList[8].DataType));
        ArrowSamples.AssertSameRows(batches, whole);

        using (ArrowFileInput mapped = ArrowFileInput.Open(path))
        {
            Assert.True(mapped.IsMapped);
            ArrowSamples.AssertSameRows(batches, mapped.ReadBatches().ToList());
        }

        long limit = ArrowFileInput.MapLimit;
        try
        {
            ArrowFileInput.MapLimit = 0;
            using ArrowFileInput streamed = ArrowFileInput.Open(path);
            Assert.False(streamed.IsMapped);
            ArrowSamples.AssertSameRows(batches, streamed.ReadBatches().ToList());
        }
        finally
        {
            ArrowFileInput.MapLimit = limit;
        }
    }

    [Fact]
    public void Compression_MakesTheFileSmaller_AndTheLibraryAloneNeedsACodecFactory()
    {
        var builder = new FixedWidthArrayBuilder<long>(Int64Type.Default);
        for (int i = 0; i < 100_000; i++)
        {
            builder.Append(i / 100);
        }

        var schema = new Schema([new Field("v", Int64Type.Default, nullable: false)], []);
        RecordBatch batch = ArrowColumns.Batch(schema, [builder.Build()]);
        string plain = Path.Combine(_folder, "plain.arrow"), zstd = Path.Combine(_folder, "zstd.arrow");
        ArrowFiles.Write(plain, schema, [batch]);
        ArrowFiles.Write(zstd, schema, [batch], ArrowCompression.Zstd);
        Assert.True(new FileInfo(zstd).Length * 10 < new FileInfo(plain).Length);

        // The pitfall: Apache.Arrow's reader without a codec factory fails on a compressed file with a bare Exception.
        using (var raw = new ArrowFileReader(File.OpenRead(zstd)))
        {
            Exception bare = Assert.ThrowsAny<Exception>(() => raw.ReadNextRecordBatch());
            Assert.IsNotType<ArrowFormatException>(bare);
        }

        Assert.Equal(batch.Length, ArrowFiles.ReadAll(zstd).Batches.Single().Length);
        Assert.Equal(99L, ((Int64Array)ArrowFiles.ReadAll(zstd).Batches.Single().Column(0)).Values[^1] / 10);
    }

    [Fact]
    public void LaterBatchWithAnotherDictionary_LibraryReadsItBackWrong_OutputRefusesIt()
    {
        var schema = new Schema([new Field("road", ArrowTypes.DictionaryUtf8, nullable: false)], []);
        RecordBatch first = ArrowColumns.Batch(schema, [Encode(["a", "b"])]);
        RecordBatch second = ArrowColumns.Batch(schema, [Encode(["c", "d"])]);

        // Apache.Arrow alone: the file keeps the first dictionary, the second batch reads back as "a", "b".
        string raw = Path.Combine(_folder, "raw.arrow");
        using (FileStream stream = File.Create(raw))
        using (var writer = new ArrowFileWriter(stream, schema))
        {
            writer.WriteRecordBatch(first);
            writer.WriteRecordBatch(second);
            writer.WriteEnd();
        }

        List<RecordBatch> back = ArrowFiles.ReadAll(raw).Batches;
        Assert.Equal(["a", "b"], Enumerable.Range(0, 2).Select(i => ArrowArrays.GetString(back[1].Column(0), i)));

        string guarded = Path.Combine(_folder, "guarded.arrow");
        using (var output = new ArrowFileOutput(guarded, schema))
        {
            output.Write(first);
            output.Write(ArrowColumns.Batch(schema, [ArrowArrays.Dictionary(ArrowArrays.Copy(Int32Type.Default, [1, 0]), ArrowArrays.Strings(["a", "b"]))]));
            var error = Assert.Throws<InvalidOperationException>(() => output.Write(second));
            Assert.Contains("'road'", error.Message, StringComparison.Ordinal);
        }

        Assert.False(File.Exists(guarded));
        Assert.Empty(Directory.GetFiles(_folder, ".guarded*"));

        static DictionaryArray Encode(string[] values)
        {
            var builder = new DictionaryArrayBuilder();
            foreach (string value in values)
            {
                builder.Append(value);
            }

            return builder.Build();
        }
    }

    [Fact]
    public void DisposeWithoutComplete_LeavesNothing_CompleteWritesTheFooter()
    {
        string path = Path.Combine(_folder, "out.arrow");
        File.WriteAllText(path, "old");
        using (var output = new ArrowFileOutput(path, ArrowSamples.Schema))
        {
            output.Write(ArrowSamples.Create(0, 5));
        }

        Assert.Equal("old", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(_folder));

        // Apache.Arrow alone: disposing its writer writes no footer, and the file does not open.
        string raw = Path.Combine(_folder, "raw.arrow");
        using (FileStream stream = File.Create(raw))
        using (var writer = new ArrowFileWriter(stream, ArrowSamples.Schema))
        {
            writer.WriteRecordBatch(ArrowSamples.Create(0, 5));
        }

        var error = Assert.Throws<ArrowFormatException>(() => ArrowFiles.ReadAll(raw));
        Assert.Contains("incomplete", error.Message, StringComparison.Ordinal);

        using (var output = new ArrowFileOutput(path, ArrowSamples.Schema))
        {
            output.Write(ArrowSamples.Create(0, 5));
            output.Complete();
        }

        Assert.Equal(5, ArrowFiles.ReadAll(path).Batches.Sum(b => b.Length));
    }

    [Fact]
    public void EmptyFile_OfSchemaOnly_Opens()
    {
        string path = Path.Combine(_folder, "empty.arrow");
        ArrowFiles.Write(path, ArrowSamples.Schema, []);
        (Schema schema, List<RecordBatch> batches) = ArrowFiles.ReadAll(path);
        Assert.Equal(ArrowSamples.Schema.FieldsList.Count, schema.FieldsList.Count);
        Assert.Empty(batches);
    }

    [Fact]
    public void BatchUnderAnEqualSchemaWithOtherMetadata_WritesItsDictionary()
    {
        // Apache.Arrow alone fails here ("Dictionary with id 0 not found"): it keys dictionaries by the writer's Field objects.
        var bare = new Schema([new Field("road", ArrowTypes.DictionaryUtf8, nullable: false)], []);
        var labelled = new Schema(bare.FieldsList.Select(f => new Field(f.Name, f.DataType, f.IsNullable)), [new KeyValuePair<string, string>("run", "7")]);
        RecordBatch batch = ArrowColumns.Batch(bare, [ArrowArrays.Dictionary(ArrowArrays.Copy(Int32Type.Default, [1, 0, 1]), ArrowArrays.Strings(["x", "y"]))]);
        string path = Path.Combine(_folder, "labelled.arrow");
        ArrowFiles.Write(path, labelled, [batch, batch]);
        (Schema schema, List<RecordBatch> back) = ArrowFiles.ReadAll(path);
        Assert.Equal("7", schema.Metadata["run"]);
        Assert.Equal(["y", "x", "y", "y", "x", "y"], back.SelectMany(b => Enumerable.Range(0, b.Length).Select(i => ArrowArrays.GetString(b.Column(0), i))));
    }

    [Fact]
    public void Output_RefusesABatchOfAnotherShape()
    {
        string path = Path.Combine(_folder, "x.arrow");
        var other = new Schema([new Field("v", Int64Type.Default, nullable: false)], []);
        using var output = new ArrowFileOutput(path, ArrowSamples.Schema);
        Assert.Throws<ArgumentException>(() => output.Write(ArrowColumns.Batch(other, [ArrowArrays.Copy(Int64Type.Default, [1L])])));
    }
}
