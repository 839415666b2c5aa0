using TrafficEngine.Columns;

namespace TrafficEngine.Arrow.Ipc;

/// <summary>
/// The bytes of a whole Arrow file as the file reader sees them: either read into one aligned array
/// (<see cref="ArrayFileImage"/>) or memory-mapped (<see cref="MappedFileImage"/>). Message bodies come out as
/// <see cref="ArrowBuffer"/>s that share the image without copying.
/// </summary>
internal abstract class FileImage : IDisposable
{
    /// <summary>Largest file read into one array, with room for alignment.</summary>
    public const long MaxArrayLength = int.MaxValue - (2 * ArrowBuffer.Alignment);

    public abstract long Length { get; }

    /// <summary>Bytes [offset, offset + length); the caller has checked the range against <see cref="Length"/>.</summary>
    public abstract ReadOnlySpan<byte> Span(long offset, int length);

    /// <summary>A buffer sharing bytes [offset, offset + length) of the image; it keeps the image's memory alive.</summary>
    public abstract ArrowBuffer Buffer(long offset, int length);

    /// <summary>
    /// Memory-maps the file where that is safe to do (not on Windows, where a mapped file cannot be replaced or
    /// deleted until the mapping is gone); reads it into an aligned array otherwise.
    /// </summary>
    public static FileImage Open(string path) =>
        OperatingSystem.IsWindows() ? ArrayFileImage.Read(path) : MappedFileImage.Map(path);

    /// <summary>
    /// Releases the image's memory now. Only for when no buffer from it is reachable any more; otherwise leave it to
    /// the garbage collector, which releases the memory after the last buffer.
    /// </summary>
    public virtual void Dispose()
    {
    }

    protected static void CheckArrayLength(long length)
    {
        if (length > MaxArrayLength)
        {
            throw new ArrowFormatException($"Input of {length} bytes is larger than the {MaxArrayLength} bytes one reader can hold in memory", 0);
        }
    }
}
