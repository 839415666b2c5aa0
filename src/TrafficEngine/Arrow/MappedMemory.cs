using System.Buffers;
using System.IO.MemoryMappedFiles;

namespace TrafficEngine.Arrow;

/// <summary>
/// A read-only memory-mapped file as <see cref="Memory{T}"/>, so Apache.Arrow's reader takes arrays straight over
/// the page cache (no copy). The mapping ends on <see cref="IDisposable.Dispose"/>: arrays read from it must not be
/// used afterwards.
/// </summary>
internal sealed unsafe class MappedMemory : MemoryManager<byte>
{
    private readonly MemoryMappedFile _file;
    private readonly MemoryMappedViewAccessor _view;
    private readonly byte* _pointer;
    private readonly int _length;
    private bool _disposed;

    private MappedMemory(MemoryMappedFile file, MemoryMappedViewAccessor view, byte* pointer, int length)
    {
        _file = file;
        _view = view;
        _pointer = pointer;
        _length = length;
    }

    /// <summary>Maps the whole of <paramref name="stream"/> (at most 2 GB - 1, the limit of <see cref="Memory{T}"/>).</summary>
    public static MappedMemory Map(FileStream stream)
    {
        long length = stream.Length;
        if (length is 0 or > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(stream), length, "Only files of 1 byte to 2 GB - 1 can be mapped as one memory.");
        }

        MemoryMappedFile file = MemoryMappedFile.CreateFromFile(stream, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: true);
        MemoryMappedViewAccessor? view = null;
        try
        {
            view = file.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read);
            byte* pointer = null;
            view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
            return new MappedMemory(file, view, pointer + view.PointerOffset, (int)length);
        }
        catch
        {
            view?.Dispose();
            file.Dispose();
            throw;
        }
    }

    public override Span<byte> GetSpan() => new(_pointer, _length);

    public override MemoryHandle Pin(int elementIndex = 0) => new(_pointer + elementIndex);

    public override void Unpin()
    {
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            _view.SafeMemoryMappedViewHandle.ReleasePointer();
            _view.Dispose();
            _file.Dispose();
        }
    }
}
