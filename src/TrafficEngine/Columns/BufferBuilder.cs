using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace TrafficEngine.Columns;

/// <summary>
/// A growable run of bytes in 64-byte aligned pinned memory, handed over as an <see cref="ArrowBuffer"/>
/// without copying. Used by every column builder.
/// </summary>
public sealed class BufferBuilder
{
    private byte[] _array;
    private int _offset;
    private int _capacity;

    public BufferBuilder(int initialCapacity = 256)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(initialCapacity);
        _capacity = Math.Max(initialCapacity, 64);
        _array = ArrowBuffer.AllocateAligned(_capacity, out _offset);
    }

    /// <summary>Bytes written so far.</summary>
    public int Length { get; private set; }

    public Span<byte> WrittenSpan => _array.AsSpan(_offset, Length);

    /// <summary>Makes room for <paramref name="bytes"/> more bytes and returns them (zeroed when fresh).</summary>
    public Span<byte> Reserve(int bytes)
    {
        EnsureCapacity((long)Length + bytes);
        Span<byte> span = _array.AsSpan(_offset + Length, bytes);
        Length += bytes;
        return span;
    }

    public void Append(ReadOnlySpan<byte> bytes) => bytes.CopyTo(Reserve(bytes.Length));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Append<T>(T value)
        where T : unmanaged
    {
        int size = Unsafe.SizeOf<T>();
        if (Length + size > _capacity)
        {
            EnsureCapacity((long)Length + size);
        }

        Unsafe.WriteUnaligned(ref _array[_offset + Length], value);
        Length += size;
    }

    public void Append<T>(ReadOnlySpan<T> values)
        where T : unmanaged => Append(MemoryMarshal.AsBytes(values));

    /// <summary>Shrinks the written length (for example to drop a trailing partial record).</summary>
    public void Truncate(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, Length);
        _array.AsSpan(_offset + length, Length - length).Clear();
        Length = length;
    }

    /// <summary>Hands the bytes over as a buffer and starts afresh; the builder can be reused.</summary>
    public ArrowBuffer Build()
    {
        ArrowBuffer buffer = ArrowBuffer.FromAligned(_array, _offset, Length);
        _capacity = 64;
        _array = ArrowBuffer.AllocateAligned(_capacity, out _offset);
        Length = 0;
        return buffer;
    }

    public void EnsureCapacity(long required)
    {
        if (required <= _capacity)
        {
            return;
        }

        if (required > Array.MaxLength - ArrowBuffer.Alignment)
        {
            throw new InvalidOperationException($"A column buffer cannot exceed {Array.MaxLength - ArrowBuffer.Alignment} bytes; split the data into more batches.");
        }

        long grown = Math.Max(required, Math.Min((long)_capacity * 2, Array.MaxLength - ArrowBuffer.Alignment));
        byte[] array = ArrowBuffer.AllocateAligned((int)grown, out int offset);
        _array.AsSpan(_offset, Length).CopyTo(array.AsSpan(offset));
        _array = array;
        _offset = offset;
        _capacity = (int)grown;
    }
}
