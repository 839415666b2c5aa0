using System.Buffers;
using System.IO.MemoryMappedFiles;
using Microsoft.Win32.SafeHandles;
using TrafficEngine.Columns;

namespace TrafficEngine.Arrow.Ipc;

/// <summary>
/// A whole file mapped read-only into memory. Nothing is copied: the pages the reader validates are faulted in from
/// the page cache, the rest only when a column is used. Message bodies come out as buffers over
/// <see cref="MappedRegion"/>s, which keep this image (and so the mapping) reachable; the mapping is released by
/// <see cref="Dispose"/> or, once no buffer is left, by the garbage collector (the view's SafeHandle finalizer).
/// Mapped pages start on a page boundary, so file offsets keep their alignment in memory.
/// </summary>
internal sealed unsafe class MappedFileImage : FileImage
{
    private readonly MemoryMappedViewAccessor _view;
    private readonly byte* _start;
    private readonly long _length;

    private MappedFileImage(MemoryMappedViewAccessor view, long length)
    {
        _view = view;
        _length = length;
        byte* pointer = null;
        SafeMemoryMappedViewHandle handle = view.SafeMemoryMappedViewHandle;
        handle.AcquirePointer(ref pointer);
        // The pointer stays valid while the view is open: until Dispose, or until this object is unreachable and
        // the view handle's own finalizer unmaps it. Holding the reference count would stop that finalizer.
        handle.ReleasePointer();
        _start = pointer + view.PointerOffset;
    }

    public override long Length => _length;

    /// <summary>
    /// Maps the file and closes it again: the mapping outlives the file handle, so the file is neither held open
    /// nor locked afterwards. An empty file cannot be mapped; it gets an empty image, which the reader rejects.
    /// </summary>
    public static FileImage Map(string path)
    {
        using SafeFileHandle handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        long length = RandomAccess.GetLength(handle);
        if (length == 0)
        {
            return ArrayFileImage.Read(handle);
        }

        try
        {
            using var file = MemoryMappedFile.CreateFromFile(handle, null, length, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: true);
            return new MappedFileImage(file.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read), length);
        }
        catch (ArgumentException error)
        {
            // The file changed length between measuring and mapping it.
            throw new ArrowFormatException($"File '{path}' could not be mapped: {error.Message}", 0);
        }
    }

    public override ReadOnlySpan<byte> Span(long offset, int length) => new(_start + offset, length);

    public override ArrowBuffer Buffer(long offset, int length) =>
        length == 0 ? ArrowBuffer.Empty : ArrowBuffer.Wrap(new MappedRegion(this, _start + offset, length), 0, length);

    public override void Dispose()
    {
        _view.Dispose();
        base.Dispose();
    }

    /// <summary>One message body of the mapping as a <see cref="MemoryManager{T}"/>; keeps the mapping alive.</summary>
    private sealed class MappedRegion(MappedFileImage image, byte* start, int length) : MemoryManager<byte>
    {
        private readonly MappedFileImage _image = image;

        public override Span<byte> GetSpan()
        {
            GC.KeepAlive(_image);
            return new Span<byte>(start, length);
        }

        public override MemoryHandle Pin(int elementIndex = 0)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(elementIndex);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(elementIndex, length);
            return new MemoryHandle(start + elementIndex, default, this); // the handle keeps this region, so the mapping, alive
        }

        public override void Unpin()
        {
        }

        protected override void Dispose(bool disposing)
        {
        }
    }
}
