using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using ArrowBuffer = Apache.Arrow.ArrowBuffer;

namespace TrafficEngine.Arrow;

/// <summary>
/// Memory the engine fills itself and then hands to Apache.Arrow without a copy: a pinned byte array (it never
/// moves, so the alignment holds) whose usable part starts on a 64-byte boundary, as the Arrow format recommends.
/// Large uninitialised buffers are advised to 2 MB pages before their first write (<see cref="HugePages"/>).
/// </summary>
public readonly struct NativeBuffer
{
    /// <summary>The alignment of every buffer's first byte.</summary>
    public const int Alignment = 64;

    private readonly byte[] _array;
    private readonly int _offset;

    private NativeBuffer(byte[] array, int offset, int length)
    {
        _array = array;
        _offset = offset;
        Length = length;
    }

    /// <summary>The usable length in bytes.</summary>
    public int Length { get; }

    public bool IsEmpty => Length == 0;

    /// <summary>Allocates <paramref name="length"/> bytes, zeroed unless <paramref name="zeroed"/> is false (then the caller writes every byte it hands on).</summary>
    public static unsafe NativeBuffer Allocate(int length, bool zeroed = true)
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
        int offset = (int)((Alignment - (address & (Alignment - 1))) & (Alignment - 1));
        return new NativeBuffer(array, offset, length);
    }

    /// <summary>Allocates room for <paramref name="count"/> values of <typeparamref name="T"/>.</summary>
    public static NativeBuffer Allocate<T>(int count, bool zeroed = true)
        where T : unmanaged => Allocate(checked(count * Unsafe.SizeOf<T>()), zeroed);

    /// <summary>The bytes, writable until the buffer is handed to Arrow.</summary>
    public Span<byte> Bytes => _array is null ? [] : _array.AsSpan(_offset, Length);

    /// <summary>The bytes as values of <typeparamref name="T"/>.</summary>
    public Span<T> As<T>()
        where T : unmanaged => MemoryMarshal.Cast<byte, T>(Bytes);

    /// <summary>The first <paramref name="length"/> bytes as an Arrow buffer over the same memory (no copy).</summary>
    public ArrowBuffer ToArrow(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, Length);
        return length == 0 ? ArrowBuffer.Empty : new ArrowBuffer(_array.AsMemory(_offset, length));
    }

    /// <summary>The first <paramref name="count"/> values of <typeparamref name="T"/> as an Arrow buffer (no copy).</summary>
    public ArrowBuffer ToArrow<T>(int count)
        where T : unmanaged => ToArrow(checked(count * Unsafe.SizeOf<T>()));

    /// <summary>A fresh aligned copy of <paramref name="values"/> as an Arrow buffer.</summary>
    public static ArrowBuffer CopyOf<T>(ReadOnlySpan<T> values)
        where T : unmanaged
    {
        NativeBuffer buffer = Allocate<T>(values.Length, zeroed: false);
        values.CopyTo(buffer.As<T>());
        return buffer.ToArrow<T>(values.Length);
    }

    /// <summary>Whether <paramref name="bytes"/> starts on a boundary of <paramref name="alignment"/> bytes.</summary>
    public static unsafe bool IsAligned(ReadOnlySpan<byte> bytes, int alignment) =>
        ((nint)Unsafe.AsPointer(ref MemoryMarshal.GetReference(bytes)) & (alignment - 1)) == 0;
}
