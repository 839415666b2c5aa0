using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Apache.Arrow;

namespace TrafficEngine.Kernels;

/// <summary>Which lanes take part in an aggregate: all of them, or those set in an Arrow validity bitmap.</summary>
internal interface ILaneFilter
{
    bool IsValid(int index);

    /// <summary>Bits for <paramref name="count"/> (at most 8) values from <paramref name="index"/>, bit k = value index + k.</summary>
    uint Bits(int index, int count);

    Vector128<T> Keep<T>(Vector128<T> values, int index, Vector128<T> replacement);

    Vector256<T> Keep<T>(Vector256<T> values, int index, Vector256<T> replacement);
}

internal readonly struct AllValid : ILaneFilter
{
    public bool IsValid(int index) => true;

    public uint Bits(int index, int count) => (1u << count) - 1;

    public Vector128<T> Keep<T>(Vector128<T> values, int index, Vector128<T> replacement) => values;

    public Vector256<T> Keep<T>(Vector256<T> values, int index, Vector256<T> replacement) => values;
}

/// <summary>Lanes whose bit is set in an Arrow validity bitmap (least-significant bit first) starting at a bit offset.</summary>
internal readonly ref struct ValidityLanes(ReadOnlySpan<byte> bitmap, int offset) : ILaneFilter
{
    private readonly ReadOnlySpan<byte> _bitmap = bitmap;
    private readonly int _offset = offset;

    public bool IsValid(int index) => BitUtility.GetBit(_bitmap, _offset + index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint Bits(int index, int count)
    {
        int bit = _offset + index;
        int byteIndex = bit >> 3;
        int shift = bit & 7;
        uint word = _bitmap[byteIndex];
        if (shift + count > 8)
        {
            word |= (uint)_bitmap[byteIndex + 1] << 8;
        }

        return (word >> shift) & ((1u << count) - 1);
    }

    public Vector128<T> Keep<T>(Vector128<T> values, int index, Vector128<T> replacement) =>
        Vector128.ConditionalSelect(LaneMask.Expand128<T>(Bits(index, Vector128<T>.Count)), values, replacement);

    public Vector256<T> Keep<T>(Vector256<T> values, int index, Vector256<T> replacement) =>
        Vector256.ConditionalSelect(LaneMask.Expand256<T>(Bits(index, Vector256<T>.Count)), values, replacement);
}

/// <summary>Turns a few bits into a lane mask (all bits set where the bit is set) for 4- and 8-byte lanes.</summary>
internal static class LaneMask
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Expand128<T>(uint bits)
    {
        if (Unsafe.SizeOf<T>() == sizeof(long))
        {
            Vector128<long> lanes = Vector128.Create(1L, 2L);
            return Vector128.Equals(Vector128.Create((long)bits) & lanes, lanes).As<long, T>();
        }

        Vector128<int> words = Vector128.Create(1, 2, 4, 8);
        return Vector128.Equals(Vector128.Create((int)bits) & words, words).As<int, T>();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Expand256<T>(uint bits)
    {
        if (Unsafe.SizeOf<T>() == sizeof(long))
        {
            Vector256<long> lanes = Vector256.Create(1L, 2L, 4L, 8L);
            return Vector256.Equals(Vector256.Create((long)bits) & lanes, lanes).As<long, T>();
        }

        Vector256<int> words = Vector256.Create(1, 2, 4, 8, 16, 32, 64, 128);
        return Vector256.Equals(Vector256.Create((int)bits) & words, words).As<int, T>();
    }
}
