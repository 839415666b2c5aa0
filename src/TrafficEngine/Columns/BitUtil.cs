using System.Numerics;
using System.Runtime.CompilerServices;

namespace TrafficEngine.Columns;

/// <summary>Bit-level helpers for Arrow bitmaps (least-significant bit first).</summary>
public static class BitUtil
{
    public static int BytesForBits(long bits) => checked((int)((bits + 7) >> 3));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool GetBit(ReadOnlySpan<byte> bits, int index) => (bits[index >> 3] & (1 << (index & 7))) != 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SetBit(Span<byte> bits, int index, bool value)
    {
        if (value)
        {
            bits[index >> 3] |= (byte)(1 << (index & 7));
        }
        else
        {
            bits[index >> 3] &= (byte)~(1 << (index & 7));
        }
    }

    /// <summary>Number of set bits in [offset, offset + length).</summary>
    public static int CountSet(ReadOnlySpan<byte> bits, int offset, int length)
    {
        int count = 0;
        int i = offset;
        int end = offset + length;
        while (i < end && (i & 7) != 0)
        {
            count += GetBit(bits, i) ? 1 : 0;
            i++;
        }

        int fullBytesEnd = i + ((end - i) & ~63);
        while (i < fullBytesEnd)
        {
            count += BitOperations.PopCount(Unsafe.ReadUnaligned<ulong>(ref Unsafe.AsRef(in bits[i >> 3])));
            i += 64;
        }

        while (i < end)
        {
            count += GetBit(bits, i) ? 1 : 0;
            i++;
        }

        return count;
    }

    /// <summary>Copies <paramref name="length"/> bits starting at bit <paramref name="sourceOffset"/> to bit 0 of <paramref name="destination"/>.</summary>
    public static void CopyBits(ReadOnlySpan<byte> source, int sourceOffset, Span<byte> destination, int length)
    {
        if ((sourceOffset & 7) == 0)
        {
            int bytes = BytesForBits(length);
            source.Slice(sourceOffset >> 3, bytes).CopyTo(destination);
            int tail = length & 7;
            if (tail != 0)
            {
                destination[bytes - 1] &= (byte)((1 << tail) - 1);
            }

            return;
        }

        destination[..BytesForBits(length)].Clear();
        for (int i = 0; i < length; i++)
        {
            if (GetBit(source, sourceOffset + i))
            {
                destination[i >> 3] |= (byte)(1 << (i & 7));
            }
        }
    }
}
