using System.Buffers.Binary;
using TrafficEngine.Arrow;
using TrafficEngine.Columns;

namespace TrafficEngine.Tests.Arrow;

/// <summary>The Arrow binary type: column, builder, IPC round trips and hostile offsets.</summary>
public sealed class ArrowBinaryTests
{
    private static readonly Schema BlobSchema = new(
        [
            new Field("id", DataType.Int32, nullable: false),
            new Field("blob", DataType.Binary, metadata: new Dictionary<string, string> { ["ARROW:extension:name"] = "geoarrow.wkb" }),
        ]);

    /// <summary>Values of lengths 3, 0 (null), 5, 0 (empty), 2: offsets 0,3,3,8,8,10.</summary>
    private static readonly byte[]?[] Values = [[0x00, 0x01, 0xFF], null, [1, 2, 3, 4, 5], [], [0xCA, 0xFE]];

    [Fact]
    public void Build_ValuesNullsAndEmpty_SameBytes()
    {
        BinaryColumn column = BuildBlobs(Values);

        Assert.Equal(DataType.Binary, column.Type);
        Assert.Equal(5, column.Length);
        Assert.Equal(1, column.NullCount);
        Assert.Equal([0, 3, 3, 8, 8, 10], column.Offsets.ToArray());
        Assert.Equal(Values[2], column.GetBytes(2).ToArray());
        Assert.True(column.IsNull(1));
        Assert.Empty(column.GetBytes(3).ToArray());
        Assert.Equal(Values[4], column.Slice(3, 2).GetBytes(1).ToArray());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void WriteRead_BinaryColumn_SameBytesAndFieldMetadata(bool stream)
    {
        Batch batch = CreateBatch();

        byte[] bytes = stream ? SampleBatches.WriteStream(BlobSchema, batch) : SampleBatches.WriteFile(BlobSchema, batch);
        Batch read = (stream ? SampleBatches.ReadStream(bytes) : SampleBatches.ReadFile(bytes)).Single();

        Assert.Equal(BlobSchema, read.Schema);
        var blobs = Assert.IsType<BinaryColumn>(read["blob"]);
        AssertBlobs(Values, blobs);
    }

    [Fact]
    public void WriteRead_SlicedBinaryColumn_RebasesOffsets()
    {
        Batch batch = CreateBatch().Slice(2, 3);

        Batch read = SampleBatches.ReadFile(SampleBatches.WriteFile(BlobSchema, batch)).Single();

        AssertBlobs(Values[2..], (BinaryColumn)read["blob"]);
    }

    [Theory]
    [InlineData("last-offset-past-data")]
    [InlineData("decreasing-offsets")]
    [InlineData("negative-first-offset")]
    public void ReadFile_HostileBinaryOffsets_ThrowsArrowFormatException(string kind)
    {
        byte[] bytes = SampleBatches.WriteFile(BlobSchema, CreateBatch());
        int offsets = FindOffsets(bytes);
        switch (kind)
        {
            case "last-offset-past-data":
                BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(offsets + (5 * 4)), 1 << 30);
                break;
            case "decreasing-offsets":
                BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(offsets + (2 * 4)), 9);
                break;
            default:
                BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(offsets), -4);
                break;
        }

        var error = Assert.Throws<ArrowFormatException>(() => SampleBatches.ReadFile(bytes));

        Assert.Contains("'blob'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_OffsetsPastData_Throws()
    {
        ArrowBuffer offsets = ArrowBuffer.CopyOf<int>([0, 4]);

        Assert.Throws<ArgumentException>(() => new BinaryColumn(offsets, ArrowBuffer.CopyOf<byte>([1, 2]), 1));
    }

    internal static BinaryColumn BuildBlobs(IReadOnlyList<byte[]?> values)
    {
        var builder = new BinaryColumnBuilder();
        foreach (byte[]? value in values)
        {
            if (value is null)
            {
                builder.AppendNull();
            }
            else
            {
                builder.Append(value);
            }
        }

        return builder.Build();
    }

    private static Batch CreateBatch()
    {
        var ids = new ColumnBuilder<int>(DataType.Int32);
        for (int i = 0; i < Values.Length; i++)
        {
            ids.Append(i);
        }

        return new Batch(BlobSchema, [ids.Build(), BuildBlobs(Values)]);
    }

    private static void AssertBlobs(byte[]?[] expected, BinaryColumn actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i] is null, actual.IsNull(i));
            if (expected[i] is { } bytes)
            {
                Assert.Equal(bytes, actual.GetBytes(i).ToArray());
            }
        }
    }

    private static int FindOffsets(byte[] bytes)
    {
        byte[] pattern = new byte[6 * 4];
        int[] offsets = [0, 3, 3, 8, 8, 10];
        for (int i = 0; i < offsets.Length; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(pattern.AsSpan(i * 4), offsets[i]);
        }

        int found = bytes.AsSpan().IndexOf(pattern);
        return found >= 0 ? found : throw new InvalidOperationException("Binary offsets not found.");
    }
}
