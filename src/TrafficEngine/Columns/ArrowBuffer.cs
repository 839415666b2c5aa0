using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace TrafficEngine.Columns;

/// <summary>
/// An immutable run of bytes holding one Arrow buffer (validity bits, values, offsets or string data).
/// Buffers the engine allocates start on a 64-byte boundary of pinned memory; buffers a reader wraps share the
/// bytes of the file image (an array, or a memory-mapped file behind a <see cref="MemoryManager{T}"/>) without
/// copying. Slicing never copies. A buffer keeps its memory alive; a span taken from it does not, so keep the
/// column (or batch) reachable while using spans of memory-mapped buffers.
/// </summary>
public readonly struct ArrowBuffer
{
    /// <summary>Alignment of every buffer the engine allocates, as the Arrow format recommends.</summary>
    public const int Alignment = 64;

    private readonly object? _owner; // a byte[] or a MemoryManager<byte>
    private readonly int _offset;

    private ArrowBuffer(object owner, int offset, int length)
    {
        _owner = owner;
        _offset = offset;
        Length = length;
    }

    public static ArrowBuffer Empty => default;

    public int Length { get; }

    public bool IsEmpty => Length == 0;

    public ReadOnlySpan<byte> Span
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get
        {
            object? owner = _owner;
            if (owner is null)
            {
                return default;
            }

            return owner.GetType() == typeof(byte[])
                ? new ReadOnlySpan<byte>(Unsafe.As<byte[]>(owner), _offset, Length)
                : Unsafe.As<MemoryManager<byte>>(owner).GetSpan().Slice(_offset, Length);
        }
    }

    public ReadOnlyMemory<byte> Memory => _owner switch
    {
        null => default,
        byte[] array => new ReadOnlyMemory<byte>(array, _offset, Length),
        _ => Unsafe.As<MemoryManager<byte>>(_owner).Memory.Slice(_offset, Length),
    };

    /// <summary>Wraps bytes without copying; the caller must not change them afterwards.</summary>
    public static ArrowBuffer Wrap(byte[] array, int offset, int length)
    {
        ArgumentNullException.ThrowIfNull(array);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, array.Length - offset);
        return new ArrowBuffer(array, offset, length);
    }

    /// <summary>
    /// Wraps memory owned by <paramref name="manager"/> (such as a memory-mapped file) without copying; the buffer
    /// keeps the manager reachable, and the caller must not change the bytes afterwards.
    /// </summary>
    public static ArrowBuffer Wrap(MemoryManager<byte> manager, int offset, int length)
    {
        ArgumentNullException.ThrowIfNull(manager);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, manager.GetSpan().Length - offset);
        return length == 0 ? Empty : new ArrowBuffer(manager, offset, length);
    }

    /// <summary>A copy of the given bytes in a fresh aligned buffer.</summary>
    public static ArrowBuffer CopyOf(ReadOnlySpan<byte> bytes)
    {
        byte[] array = AllocateAligned(bytes.Length, out int offset);
        bytes.CopyTo(array.AsSpan(offset));
        return new ArrowBuffer(array, offset, bytes.Length);
    }

    /// <summary>A copy of the given values in a fresh aligned buffer.</summary>
    public static ArrowBuffer CopyOf<T>(ReadOnlySpan<T> values)
        where T : unmanaged => CopyOf(MemoryMarshal.AsBytes(values));

    /// <summary>
    /// Allocates pinned memory (zeroed unless the caller overwrites it all) whose element at the returned offset sits on a 64-byte boundary.
    /// The array never moves (pinned object heap), so the alignment holds for its lifetime.
    /// </summary>
    internal static unsafe byte[] AllocateAligned(int length, out int offset, bool zeroed = true)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        byte[] array = zeroed
            ? GC.AllocateArray<byte>(checked(length + Alignment), pinned: true)
            : GC.AllocateUninitializedArray<byte>(checked(length + Alignment), pinned: true);
        if (!zeroed)
        {
            HugePages.Advise(array); // not written yet: its first writes can take 2 MB pages
        }

        nint address = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(array));
        offset = (int)((Alignment - (address & (Alignment - 1))) & (Alignment - 1));
        return array;
    }

    internal static ArrowBuffer FromAligned(byte[] array, int offset, int length) => new(array, offset, length);

    /// <summary>The buffer reinterpreted as values of <typeparamref name="T"/> (any trailing partial value is ignored).</summary>
    public ReadOnlySpan<T> As<T>()
        where T : unmanaged => MemoryMarshal.Cast<byte, T>(Span);

    public ArrowBuffer Slice(int offset, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, Length - offset);
        return length == 0 ? Empty : new ArrowBuffer(_owner!, _offset + offset, length);
    }

    /// <summary>Whether the first byte sits on a boundary of <paramref name="alignment"/> bytes (meaningful for pinned memory).</summary>
    public unsafe bool IsAlignedTo(int alignment)
    {
        if (_owner is null)
        {
            return true;
        }

        nint address = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetReference(Span));
        return (address & (alignment - 1)) == 0;
    }
}
