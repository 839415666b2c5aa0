using System.Buffers.Binary;
using TrafficEngine.Arrow;
using TrafficEngine.Columns;

namespace TrafficEngine.Tests.Arrow;

public sealed class ArrowHostileInputTests
{
    private static readonly Batch Sample = SampleBatches.Create(0, 37);
    internal static readonly byte[] FileBytes = SampleBatches.WriteFile(Sample.Schema, Sample, SampleBatches.Create(37, 5, ["q"]));
    private static readonly byte[] StreamBytes = SampleBatches.WriteStream(Sample.Schema, Sample, SampleBatches.Create(37, 5, ["q"]));

    public static TheoryData<string> Corruptions => new()
    {
        "bad-start-magic", "bad-end-magic", "footer-length-huge", "footer-length-negative", "metadata-length-negative",
        "row-count-huge", "buffer-length-huge", "buffer-offset-misaligned", "bitmap-too-short", "string-offset-out-of-range",
    };

    [Theory]
    [MemberData(nameof(Corruptions))]
    public void ReadFile_Corruption_ThrowsArrowFormatException(string kind)
    {
        byte[] bytes = Corrupt((byte[])FileBytes.Clone(), kind);

        var error = Assert.Throws<ArrowFormatException>(() => SampleBatches.ReadFile(bytes));

        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }

    [Fact]
    public void ReadFile_EveryTruncation_ThrowsOnlyArrowFormatException()
    {
        for (int length = 0; length < FileBytes.Length; length++)
        {
            byte[] truncated = FileBytes[..length];

            Assert.Throws<ArrowFormatException>(() => SampleBatches.ReadFile(truncated));
        }
    }

    [Fact]
    public void ReadStream_EveryTruncation_ThrowsArrowFormatExceptionOrReadsAPrefix()
    {
        for (int length = 0; length < StreamBytes.Length; length++)
        {
            byte[] truncated = StreamBytes[..length];

            Exception? error = Record.Exception(() => SampleBatches.ReadStream(truncated));

            Assert.True(error is null or ArrowFormatException, $"Truncation at {length}: {error}");
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Read_RandomByteFlips_ThrowsOnlyArrowFormatException(bool stream)
    {
        var random = new Random(20240611);
        byte[] original = stream ? StreamBytes : FileBytes;
        for (int iteration = 0; iteration < 2000; iteration++)
        {
            byte[] bytes = (byte[])original.Clone();
            int flips = random.Next(1, 4);
            for (int f = 0; f < flips; f++)
            {
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            }

            Exception? error = Record.Exception(() => ReadEverything(bytes, stream));

            Assert.True(error is null or ArrowFormatException, $"Iteration {iteration}: {error}");
        }
    }

    [Fact]
    public void ReadStream_HugeBodyLengthOnUnseekableStream_ThrowsWithoutAllocating()
    {
        byte[] bytes = (byte[])StreamBytes.Clone();
        int schemaLength = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(4)) + 8;
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(schemaLength + 4), int.MaxValue - 200);
        using var reader = new ArrowStreamReader(new UnseekableStream(bytes));

        Assert.Throws<ArrowFormatException>(() => reader.ReadNext());
    }

    [Fact]
    public void ReadFile_UnsupportedType_NamesFieldAndType()
    {
        byte[] bytes = (byte[])FileBytes.Clone();
        // The footer's schema repeats the first field's type tag; change Int (2) to List (12) there.
        int footerLength = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(bytes.Length - 10));
        int footerStart = bytes.Length - 10 - footerLength;
        int nameAt = bytes.AsSpan(footerStart).IndexOf("\u0002\0\0\0i8\0"u8);
        int tagAt = FindTypeTag(bytes, footerStart, footerLength);
        bytes[tagAt] = 12;

        var error = Assert.Throws<ArrowFormatException>(() => SampleBatches.ReadFile(bytes));

        Assert.True(nameAt >= 0);
        Assert.Contains("List", error.Message, StringComparison.Ordinal);
    }

    private static int FindTypeTag(byte[] bytes, int footerStart, int footerLength)
    {
        // Flip each byte equal to 2 in the footer until the reader reports an unsupported List type.
        for (int i = footerStart; i < footerStart + footerLength; i++)
        {
            if (bytes[i] != 2)
            {
                continue;
            }

            byte[] probe = (byte[])bytes.Clone();
            probe[i] = 12;
            Exception? error = Record.Exception(() => SampleBatches.ReadFile(probe));
            if (error is ArrowFormatException && error.Message.Contains("type List", StringComparison.Ordinal))
            {
                return i;
            }
        }

        throw new InvalidOperationException("No type tag found.");
    }

    private static void ReadEverything(byte[] bytes, bool stream)
    {
        List<Batch> batches = stream ? SampleBatches.ReadStream(bytes) : SampleBatches.ReadFile(bytes);
        foreach (Batch batch in batches)
        {
            foreach (Column column in batch.Columns)
            {
                for (int r = 0; r < column.Length; r++)
                {
                    _ = column.GetValue(r);
                }
            }
        }
    }

    internal static byte[] Corrupt(byte[] bytes, string kind)
    {
        int footerLength = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(bytes.Length - 10));
        int firstMessage = 8;
        int schemaMessageEnd = firstMessage + 8 + BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(firstMessage + 4));
        switch (kind)
        {
            case "bad-start-magic":
                bytes[0] = (byte)'X';
                break;
            case "bad-end-magic":
                bytes[^1] = (byte)'X';
                break;
            case "footer-length-huge":
                BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(bytes.Length - 10), footerLength + bytes.Length);
                break;
            case "footer-length-negative":
                BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(bytes.Length - 10), -5);
                break;
            case "metadata-length-negative":
                // The first dictionary message follows the schema message.
                BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(schemaMessageEnd + 4), -100);
                break;
            default:
                PatchRecordBatch(bytes, kind);
                break;
        }

        return bytes;
    }

    /// <summary>Patches the first record batch message's header through a re-encoded copy of its known values.</summary>
    private static void PatchRecordBatch(byte[] bytes, string kind)
    {
        using var reader = new ArrowFileReader(new MemoryStream(bytes));
        _ = reader.BatchCount;
        int at = FindRecordBatchMetadata(bytes);
        Span<byte> meta = bytes.AsSpan(at);
        // Locate the row count (37 as int64) and the buffers vector by value patterns of the sample batch.
        int rowCount = meta.IndexOf(BitConverter.GetBytes(37L));
        switch (kind)
        {
            case "row-count-huge":
                BinaryPrimitives.WriteInt64LittleEndian(meta[rowCount..], 1L << 40);
                break;
            case "buffer-length-huge":
                // The validity buffer of the first field: (offset 0, length 5 bytes for 37 rows).
                int validity = meta.IndexOf(Concat(0L, 5L));
                BinaryPrimitives.WriteInt64LittleEndian(meta[(validity + 8)..], 1L << 40);
                break;
            case "buffer-offset-misaligned":
                int first = meta.IndexOf(Concat(0L, 5L));
                BinaryPrimitives.WriteInt64LittleEndian(meta[(first + 16)..], 65);
                break;
            case "bitmap-too-short":
                int bitmap = meta.IndexOf(Concat(0L, 5L));
                BinaryPrimitives.WriteInt64LittleEndian(meta[(bitmap + 8)..], 2);
                break;
            case "string-offset-out-of-range":
                // Body: the 'name' offsets buffer ends with the data length; make the last offset huge instead.
                int body = at + BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(at - 4));
                int nameOffsets = FindStringOffsets(bytes, body);
                BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(nameOffsets + (37 * 4)), 1 << 30);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown corruption.");
        }
    }

    private static int FindRecordBatchMetadata(byte[] bytes)
    {
        // Skip messages (continuation, length, body length from the footer is not needed: walk the prefixes).
        int position = 8;
        while (true)
        {
            int length = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(position + 4));
            int metadata = position + 8;
            Span<byte> window = bytes.AsSpan(metadata, length);
            long bodyLength = ReadBodyLength(bytes, metadata, length);
            if (window.IndexOf(BitConverter.GetBytes(37L)) >= 0)
            {
                return metadata;
            }

            position = metadata + length + (int)bodyLength;
        }
    }

    private static long ReadBodyLength(byte[] bytes, int metadata, int length)
    {
        // Message table: root offset, then vtable entry for bodyLength (slot 3).
        int root = metadata + BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(metadata));
        int vtable = root - BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(root));
        int field = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(vtable + 4 + 6));
        _ = length;
        return BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(root + field));
    }

    private static int FindStringOffsets(byte[] bytes, int body)
    {
        // The first string is "veh-1-é": offsets start 0, 0 (row 0 null), then 8 ("veh-1-é" is 8 bytes).
        byte[] pattern = [0, 0, 0, 0, 0, 0, 0, 0, 8, 0, 0, 0, 16, 0, 0, 0];
        int found = bytes.AsSpan(body).IndexOf(pattern);
        return found >= 0 ? body + found : throw new InvalidOperationException("String offsets not found.");
    }

    private static byte[] Concat(long a, long b)
    {
        byte[] result = new byte[16];
        BinaryPrimitives.WriteInt64LittleEndian(result, a);
        BinaryPrimitives.WriteInt64LittleEndian(result.AsSpan(8), b);
        return result;
    }

    private sealed class UnseekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
