using Microsoft.Win32.SafeHandles;
using TrafficEngine.Columns;

namespace TrafficEngine.Arrow.Ipc;

/// <summary>A whole file in one pinned array, starting at a 64-byte boundary (<c>origin</c>).</summary>
internal sealed class ArrayFileImage : FileImage
{
    private readonly byte[] _bytes;
    private readonly int _origin;
    private readonly int _length;

    private ArrayFileImage(byte[] bytes, int origin, int length)
    {
        _bytes = bytes;
        _origin = origin;
        _length = length;
    }

    public override long Length => _length;

    public override ReadOnlySpan<byte> Span(long offset, int length) => _bytes.AsSpan(_origin + (int)offset, length);

    public override ArrowBuffer Buffer(long offset, int length) =>
        length == 0 ? ArrowBuffer.Empty : ArrowBuffer.FromAligned(_bytes, _origin + (int)offset, length);

    public static ArrayFileImage Read(string path)
    {
        using SafeFileHandle handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);
        return Read(handle);
    }

    public static ArrayFileImage Read(SafeFileHandle handle)
    {
        long length = RandomAccess.GetLength(handle);
        CheckArrayLength(length);
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

        return new ArrayFileImage(bytes, origin, (int)length);
    }

    public static ArrayFileImage Read(Stream stream)
    {
        if (!stream.CanSeek)
        {
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            copy.Position = 0;
            return Read(copy);
        }

        long length = stream.Length - stream.Position;
        CheckArrayLength(length);
        byte[] bytes = ArrowBuffer.AllocateAligned((int)length, out int origin, zeroed: false);
        int read = stream.ReadAtLeast(bytes.AsSpan(origin, (int)length), (int)length, throwOnEndOfStream: false);
        if (read != length)
        {
            throw new ArrowFormatException($"Stream ended after {read} of {length} bytes", read);
        }

        return new ArrayFileImage(bytes, origin, (int)length);
    }
}
