using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace TrafficEngine.Arrow.Ipc;

/// <summary>The check that utf8 offsets never decrease, in one vectorised pass over the offsets buffer.</summary>
internal static class StringOffsets
{
    /// <summary>The first index i with offsets[i] &lt; offsets[i - 1], or -1 when the offsets never decrease.</summary>
    public static int FindDecrease(ReadOnlySpan<int> offsets)
    {
        ref int start = ref MemoryMarshal.GetReference(offsets);
        nuint length = (nuint)offsets.Length, i = 1;
        if (Vector256.IsHardwareAccelerated && length > (nuint)Vector256<int>.Count)
        {
            // Compares offsets[i..i+8) with offsets[i-1..i+7): two loads, one of them unaligned, per 8 values.
            for (nuint last = length - (nuint)Vector256<int>.Count; i <= last; i += (nuint)Vector256<int>.Count)
            {
                if (Vector256.LessThanAny(Vector256.LoadUnsafe(ref start, i), Vector256.LoadUnsafe(ref start, i - 1)))
                {
                    return FindDecreaseScalar(ref start, i, length);
                }
            }
        }
        else if (Vector128.IsHardwareAccelerated && length > (nuint)Vector128<int>.Count)
        {
            for (nuint last = length - (nuint)Vector128<int>.Count; i <= last; i += (nuint)Vector128<int>.Count)
            {
                if (Vector128.LessThanAny(Vector128.LoadUnsafe(ref start, i), Vector128.LoadUnsafe(ref start, i - 1)))
                {
                    return FindDecreaseScalar(ref start, i, length);
                }
            }
        }

        return FindDecreaseScalar(ref start, i, length); // scalar tail, and everything when SIMD is off
    }

    /// <summary>The scalar loop the vector paths are tested against.</summary>
    internal static int FindDecreaseScalar(ReadOnlySpan<int> offsets) =>
        FindDecreaseScalar(ref MemoryMarshal.GetReference(offsets), 1, (nuint)offsets.Length);

    private static int FindDecreaseScalar(ref int start, nuint i, nuint length)
    {
        for (; i < length; i++)
        {
            if (Unsafe.Add(ref start, i) < Unsafe.Add(ref start, i - 1))
            {
                return (int)i;
            }
        }

        return -1;
    }
}
