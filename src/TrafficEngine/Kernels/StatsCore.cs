using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace TrafficEngine.Kernels;

/// <summary>
/// The loops behind <see cref="StatsKernels"/>, generic over the value type and the lane filter. Min and max use
/// MinNumber/MaxNumber (NaN loses to any number, -0.0 &lt; 0.0), which are associative, so vector and scalar give
/// the same answer exactly; the identity fills lanes that do not take part.
/// </summary>
internal static class StatsCore
{
    public static T Min<T, TLanes>(ReadOnlySpan<T> values, TLanes lanes, T identity)
        where T : INumber<T>
        where TLanes : ILaneFilter, allows ref struct =>
        MinMax(values, lanes, identity, identity, wantMin: true, wantMax: false).Min;

    public static T Max<T, TLanes>(ReadOnlySpan<T> values, TLanes lanes, T identity)
        where T : INumber<T>
        where TLanes : ILaneFilter, allows ref struct =>
        MinMax(values, lanes, identity, identity, wantMin: false, wantMax: true).Max;

    public static (T Min, T Max) MinMax<T, TLanes>(ReadOnlySpan<T> values, TLanes lanes, T minIdentity, T maxIdentity, bool wantMin = true, bool wantMax = true)
        where T : INumber<T>
        where TLanes : ILaneFilter, allows ref struct
    {
        ref T start = ref MemoryMarshal.GetReference(values);
        int length = values.Length, i = 0;
        T min = minIdentity, max = maxIdentity;
        if (Vector256.IsHardwareAccelerated && length >= Vector256<T>.Count)
        {
            Vector256<T> minFill = Vector256.Create(minIdentity), maxFill = Vector256.Create(maxIdentity);
            Vector256<T> minAcc = minFill, maxAcc = maxFill;
            for (int last = length - Vector256<T>.Count; i <= last; i += Vector256<T>.Count)
            {
                Vector256<T> v = Vector256.LoadUnsafe(ref start, (nuint)i);
                if (wantMin)
                {
                    minAcc = Vector256.MinNumber(minAcc, lanes.Keep(v, i, minFill));
                }

                if (wantMax)
                {
                    maxAcc = Vector256.MaxNumber(maxAcc, lanes.Keep(v, i, maxFill));
                }
            }

            for (int k = 0; k < Vector256<T>.Count; k++)
            {
                min = T.MinNumber(min, minAcc.GetElement(k));
                max = T.MaxNumber(max, maxAcc.GetElement(k));
            }
        }
        else if (Vector128.IsHardwareAccelerated && length >= Vector128<T>.Count)
        {
            Vector128<T> minFill = Vector128.Create(minIdentity), maxFill = Vector128.Create(maxIdentity);
            Vector128<T> minAcc = minFill, maxAcc = maxFill;
            for (int last = length - Vector128<T>.Count; i <= last; i += Vector128<T>.Count)
            {
                Vector128<T> v = Vector128.LoadUnsafe(ref start, (nuint)i);
                if (wantMin)
                {
                    minAcc = Vector128.MinNumber(minAcc, lanes.Keep(v, i, minFill));
                }

                if (wantMax)
                {
                    maxAcc = Vector128.MaxNumber(maxAcc, lanes.Keep(v, i, maxFill));
                }
            }

            for (int k = 0; k < Vector128<T>.Count; k++)
            {
                min = T.MinNumber(min, minAcc.GetElement(k));
                max = T.MaxNumber(max, maxAcc.GetElement(k));
            }
        }

        for (; i < length; i++)
        {
            if (lanes.IsValid(i))
            {
                T v = Unsafe.Add(ref start, i);
                min = T.MinNumber(min, v);
                max = T.MaxNumber(max, v);
            }
        }

        return (min, max);
    }

    /// <summary>Sum of the lanes that take part; NaN propagates unless <paramref name="skipNaN"/>. Integers wrap.</summary>
    public static T Sum<T, TLanes>(ReadOnlySpan<T> values, TLanes lanes, bool skipNaN)
        where T : INumber<T>
        where TLanes : ILaneFilter, allows ref struct
    {
        ref T start = ref MemoryMarshal.GetReference(values);
        int length = values.Length, i = 0;
        T sum = T.Zero;
        if (Vector256.IsHardwareAccelerated && length >= Vector256<T>.Count)
        {
            Vector256<T> acc = Vector256<T>.Zero;
            for (int last = length - Vector256<T>.Count; i <= last; i += Vector256<T>.Count)
            {
                Vector256<T> v = lanes.Keep(Vector256.LoadUnsafe(ref start, (nuint)i), i, Vector256<T>.Zero);
                acc += skipNaN ? Vector256.ConditionalSelect(Vector256.Equals(v, v), v, Vector256<T>.Zero) : v;
            }

            sum = Vector256.Sum(acc);
        }
        else if (Vector128.IsHardwareAccelerated && length >= Vector128<T>.Count)
        {
            Vector128<T> acc = Vector128<T>.Zero;
            for (int last = length - Vector128<T>.Count; i <= last; i += Vector128<T>.Count)
            {
                Vector128<T> v = lanes.Keep(Vector128.LoadUnsafe(ref start, (nuint)i), i, Vector128<T>.Zero);
                acc += skipNaN ? Vector128.ConditionalSelect(Vector128.Equals(v, v), v, Vector128<T>.Zero) : v;
            }

            sum = Vector128.Sum(acc);
        }

        for (; i < length; i++)
        {
            T v = Unsafe.Add(ref start, i);
            if (lanes.IsValid(i) && (!skipNaN || !T.IsNaN(v)))
            {
                sum += v;
            }
        }

        return sum;
    }

    /// <summary>Number of lanes that take part and are not NaN.</summary>
    public static int CountValid<T, TLanes>(ReadOnlySpan<T> values, TLanes lanes)
        where T : INumber<T>
        where TLanes : ILaneFilter, allows ref struct
    {
        ref T start = ref MemoryMarshal.GetReference(values);
        int length = values.Length, i = 0, count = 0;
        if (Vector256.IsHardwareAccelerated && length >= Vector256<T>.Count)
        {
            for (int last = length - Vector256<T>.Count; i <= last; i += Vector256<T>.Count)
            {
                Vector256<T> v = Vector256.LoadUnsafe(ref start, (nuint)i);
                count += BitOperations.PopCount(Vector256.Equals(v, v).ExtractMostSignificantBits() & lanes.Bits(i, Vector256<T>.Count));
            }
        }
        else if (Vector128.IsHardwareAccelerated && length >= Vector128<T>.Count)
        {
            for (int last = length - Vector128<T>.Count; i <= last; i += Vector128<T>.Count)
            {
                Vector128<T> v = Vector128.LoadUnsafe(ref start, (nuint)i);
                count += BitOperations.PopCount(Vector128.Equals(v, v).ExtractMostSignificantBits() & lanes.Bits(i, Vector128<T>.Count));
            }
        }

        for (; i < length; i++)
        {
            T v = Unsafe.Add(ref start, i);
            count += lanes.IsValid(i) && !T.IsNaN(v) ? 1 : 0;
        }

        return count;
    }
}
