using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace TrafficEngine.Kernels;

/// <summary>The loops behind <see cref="FilterKernels"/>, generic over the value type and the predicate.</summary>
internal static class FilterCore
{
    /// <summary>Writes the indices of matching values to <paramref name="selection"/> (at least values.Length long).</summary>
    public static int Select<T, TPredicate>(ReadOnlySpan<T> values, TPredicate predicate, Span<int> selection)
        where TPredicate : struct, IValuePredicate<T>
    {
        ref T start = ref MemoryMarshal.GetReference(values);
        ref int output = ref MemoryMarshal.GetReference(selection);
        int length = values.Length, i = 0, count = 0;
        if (Vector256.IsHardwareAccelerated && length >= Vector256<T>.Count)
        {
            for (int last = length - Vector256<T>.Count; i <= last; i += Vector256<T>.Count)
            {
                uint bits = predicate.Matches(Vector256.LoadUnsafe(ref start, (nuint)i)).ExtractMostSignificantBits();
                count = Append(ref output, count, i, bits, Vector256<T>.Count);
            }
        }
        else if (Vector128.IsHardwareAccelerated && length >= Vector128<T>.Count)
        {
            for (int last = length - Vector128<T>.Count; i <= last; i += Vector128<T>.Count)
            {
                uint bits = predicate.Matches(Vector128.LoadUnsafe(ref start, (nuint)i)).ExtractMostSignificantBits();
                count = Append(ref output, count, i, bits, Vector128<T>.Count);
            }
        }

        for (; i < length; i++) // scalar tail, and everything when SIMD is off; branch-free
        {
            Unsafe.Add(ref output, count) = i;
            count += predicate.Matches(Unsafe.Add(ref start, i)) ? 1 : 0;
        }

        return count;
    }

    /// <summary>Writes an Arrow bitmap (bit i set when value i matches) to <paramref name="bitmap"/>; returns the set count.</summary>
    public static int Mask<T, TPredicate>(ReadOnlySpan<T> values, TPredicate predicate, Span<byte> bitmap)
        where TPredicate : struct, IValuePredicate<T>
    {
        ref T start = ref MemoryMarshal.GetReference(values);
        ref byte output = ref MemoryMarshal.GetReference(bitmap);
        int length = values.Length, i = 0, count = 0;
        if (Vector256.IsHardwareAccelerated && Vector256<T>.Count <= 8)
        {
            for (int last = length - 8; i <= last; i += 8)
            {
                uint bits = 0;
                for (int k = 0; k < 8; k += Vector256<T>.Count)
                {
                    bits |= predicate.Matches(Vector256.LoadUnsafe(ref start, (nuint)(i + k))).ExtractMostSignificantBits() << k;
                }

                Unsafe.Add(ref output, i >> 3) = (byte)bits;
                count += BitOperations.PopCount(bits);
            }
        }
        else if (Vector128.IsHardwareAccelerated && Vector128<T>.Count <= 8)
        {
            for (int last = length - 8; i <= last; i += 8)
            {
                uint bits = 0;
                for (int k = 0; k < 8; k += Vector128<T>.Count)
                {
                    bits |= predicate.Matches(Vector128.LoadUnsafe(ref start, (nuint)(i + k))).ExtractMostSignificantBits() << k;
                }

                Unsafe.Add(ref output, i >> 3) = (byte)bits;
                count += BitOperations.PopCount(bits);
            }
        }

        for (; i < length; i += 8) // whole bytes, the last one zero-padded
        {
            uint bits = 0;
            int end = Math.Min(i + 8, length);
            for (int j = i; j < end; j++)
            {
                bits |= (predicate.Matches(Unsafe.Add(ref start, j)) ? 1u : 0u) << (j - i);
            }

            Unsafe.Add(ref output, i >> 3) = (byte)bits;
            count += BitOperations.PopCount(bits);
        }

        return count;
    }

    /// <summary>Keeps, in order and in place, the selected rows whose value matches; returns the new count.</summary>
    public static int Refine<T, TPredicate>(ReadOnlySpan<T> values, TPredicate predicate, Span<int> selection, int count)
        where TPredicate : struct, IValuePredicate<T>
    {
        int kept = 0;
        for (int j = 0; j < count; j++)
        {
            int row = selection[j];
            if ((uint)row >= (uint)values.Length)
            {
                KernelGuard.ThrowRowOutOfRange(row, values.Length, nameof(selection));
            }

            selection[kept] = row;
            kept += predicate.Matches(values[row]) ? 1 : 0;
        }

        return kept;
    }

    /// <summary>Branch-free append of the set lanes of one vector: one store per lane, advance by the bit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Append(ref int output, int count, int index, uint bits, int lanes)
    {
        if (bits == 0)
        {
            return count;
        }

        for (int k = 0; k < lanes; k++)
        {
            Unsafe.Add(ref output, count) = index + k;
            count += (int)((bits >> k) & 1);
        }

        return count;
    }
}
