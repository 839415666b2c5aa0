using TrafficEngine.Columns;

namespace TrafficEngine.Arrow.Ipc;

/// <summary>A whole file in one pinned array, starting at a 64-byte boundary (<c>Origin</c>).</summary>
internal sealed record FileImage(byte[] Bytes, int Origin, int Length)
{
    /// <summary>Largest file that fits in one array with room for alignment.</summary>
    public const long MaxLength = int.MaxValue - (2 * ArrowBuffer.Alignment);

    public ReadOnlySpan<byte> Span => Bytes.AsSpan(Origin, Length);

    public static FileImage Read(string path)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);
        long length = RandomAccess.GetLength(handle);
        CheckLength(length);
        byte[] bytes = ArrowBuffer.AllocateAligned((int)length, out int origin, zeroed: false);
        int read = 0;
        while (read < length)
        {
            int n = RandomAccess.Read(handle, bytes.AsSpan(origin + read, (int)length - read), read);
            if (n == 0)
            {
                throw new ArrowFormatException($"File shrank while being read: {read} of {length} bytes", read);
            }

            read += n;
        }

        return new FileImage(bytes, origin, (int)length);
    }

    public static FileImage Read(Stream stream)
    {
        if (!stream.CanSeek)
        {
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            copy.Position = 0;
            return Read(copy);
        }

        long length = stream.Length - stream.Position;
        CheckLength(length);
        byte[] bytes = ArrowBuffer.AllocateAligned((int)length, out int origin, zeroed: false);
        int read = stream.ReadAtLeast(bytes.AsSpan(origin, (int)length), (int)length, throwOnEndOfStream: false);
        if (read != length)
        {
            throw new ArrowFormatException($"Stream ended after {read} of {length} bytes", read);
        }

        return new FileImage(bytes, origin, (int)length);
    }

    private static void CheckLength(long length)
    {
        if (length > MaxLength)
        {
            throw new ArrowFormatException($"File of {length} bytes is larger than the {MaxLength} bytes one reader can map", 0);
        }
    }
}
