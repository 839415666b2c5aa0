using TrafficEngine.Arrow;
using TrafficEngine.Columns;

namespace TrafficEngine.Tests.Arrow;

public sealed class ArrowRoundTripTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void WriteRead_AllTypesWithNulls_SameValues(bool stream)
    {
        Batch batch = SampleBatches.Create(0, 103);

        List<Batch> read = stream
            ? SampleBatches.ReadStream(SampleBatches.WriteStream(batch.Schema, batch))
            : SampleBatches.ReadFile(SampleBatches.WriteFile(batch.Schema, batch));

        Batch only = Assert.Single(read);
        SampleBatches.AssertSameValues(batch, only);
        Assert.Equal("count", only.Schema.Fields[2].Metadata["unit"]);
        Assert.Equal("traffic-tests", only.Schema.Metadata["source"]);
        Assert.False(only.Schema.Fields[2].Nullable);
    }

    [Theory]
    [InlineData(false, 0, 0)]
    [InlineData(false, 3, 50)]
    [InlineData(false, 8, 17)]
    [InlineData(true, 13, 77)]
    [InlineData(true, 1, 1)]
    public void WriteRead_SlicedBatch_SameValues(bool stream, int offset, int length)
    {
        Batch slice = SampleBatches.Create(0, 100).Slice(offset, length);

        List<Batch> read = stream
            ? SampleBatches.ReadStream(SampleBatches.WriteStream(slice.Schema, slice))
            : SampleBatches.ReadFile(SampleBatches.WriteFile(slice.Schema, slice));

        SampleBatches.AssertSameValues(slice, Assert.Single(read));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void WriteRead_BatchesWithDifferentDictionaries_SameValues(bool stream)
    {
        Batch[] batches =
        [
            SampleBatches.Create(0, 40, ["x", "y"]),
            SampleBatches.Create(40, 0),
            SampleBatches.Create(40, 33, ["z", "y", "w", "x"]),
            SampleBatches.Create(73, 20, ["x", "y"]),
        ];

        List<Batch> read = stream
            ? SampleBatches.ReadStream(SampleBatches.WriteStream(SampleBatches.AllTypes, batches))
            : SampleBatches.ReadFile(SampleBatches.WriteFile(SampleBatches.AllTypes, batches));

        Assert.Equal(batches.Length, read.Count);
        for (int i = 0; i < batches.Length; i++)
        {
            SampleBatches.AssertSameValues(batches[i], read[i]);
        }
    }

    [Fact]
    public void WriteRead_NoBatches_KeepsSchema()
    {
        byte[] file = SampleBatches.WriteFile(SampleBatches.AllTypes);

        using var reader = new ArrowFileReader(new MemoryStream(file));

        Assert.Equal(SampleBatches.AllTypes, reader.Schema);
        Assert.Equal(0, reader.BatchCount);
    }

    [Fact]
    public void Open_FileOnDisk_ColumnsAreAlignedViewsOfTheFile()
    {
        string path = Path.Combine(Path.GetTempPath(), $"arrow-{Guid.NewGuid():N}.arrow");
        Batch batch = SampleBatches.Create(0, 1000);
        try
        {
            ArrowFile.Write(path, batch.Schema, [batch, batch.Slice(10, 20)]);

            (Schema schema, List<Batch> batches) = ArrowFile.ReadAll(path);

            Assert.Equal(batch.Schema, schema);
            SampleBatches.AssertSameValues(batch, batches[0]);
            SampleBatches.AssertSameValues(batch.Slice(10, 20), batches[1]);
            Assert.True(batches[0].Get<Column<double>>("f64").ValuesBuffer.IsAlignedTo(64));
            Assert.Empty(Directory.GetFiles(Path.GetTempPath(), $".{Path.GetFileName(path)}.*"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void WriteBatch_OtherSchema_Throws()
    {
        using var writer = new ArrowStreamWriter(new MemoryStream(), SampleBatches.AllTypes);
        var schema = new Schema([new Field("x", DataType.Int32)]);
        var batch = new Batch(schema, [new ColumnBuilder<int>(DataType.Int32).Build()]);

        Assert.Throws<ArgumentException>(() => writer.WriteBatch(batch));
    }

    [Fact]
    public void Write_StreamFormat_EndsWithEndOfStreamMarker()
    {
        byte[] bytes = SampleBatches.WriteStream(SampleBatches.AllTypes, SampleBatches.Create(0, 3));

        Assert.Equal(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0 }, bytes[^8..]);
    }

    [Fact]
    public void Write_FileFormat_HasMagicAndAlignedBodies()
    {
        byte[] bytes = SampleBatches.WriteFile(SampleBatches.AllTypes, SampleBatches.Create(0, 3));

        Assert.Equal("ARROW1\0\0"u8.ToArray(), bytes[..8]);
        Assert.Equal("ARROW1"u8.ToArray(), bytes[^6..]);
    }
}
