using Apache.Arrow;

namespace TrafficEngine.Kernels;

/// <summary>
/// Min, max, sum and count over value spans, optionally honouring an Arrow validity bitmap (bit set = present,
/// least-significant bit first, starting at bit <c>validityOffset</c>; an empty bitmap means no nulls). Null slots
/// never take part.
/// <para>Floating point: Min/Max/MinMax ignore NaN (IEEE minimumNumber/maximumNumber, so -0.0 is less than 0.0) and
/// return NaN only when no value is present and non-NaN, including the empty span. Integers: Min/Max/MinMax return
/// null when no value is present.</para>
/// </summary>
public static partial class StatsKernels
{
    public static double Min(ReadOnlySpan<double> values) => StatsCore.Min(values, default(AllValid), double.NaN);

    public static double Min(ReadOnlySpan<double> values, ReadOnlySpan<byte> validity, int validityOffset)
    {
        KernelGuard.Validity(validity, validityOffset, values.Length);
        return validity.IsEmpty ? Min(values) : StatsCore.Min(values, new ValidityLanes(validity, validityOffset), double.NaN);
    }

    public static double Max(ReadOnlySpan<double> values) => StatsCore.Max(values, default(AllValid), double.NaN);

    public static double Max(ReadOnlySpan<double> values, ReadOnlySpan<byte> validity, int validityOffset)
    {
        KernelGuard.Validity(validity, validityOffset, values.Length);
        return validity.IsEmpty ? Max(values) : StatsCore.Max(values, new ValidityLanes(validity, validityOffset), double.NaN);
    }

    /// <summary>Min and max in one pass; both NaN when no value is present and non-NaN.</summary>
    public static (double Min, double Max) MinMax(ReadOnlySpan<double> values) =>
        StatsCore.MinMax(values, default(AllValid), double.NaN, double.NaN);

    public static (double Min, double Max) MinMax(ReadOnlySpan<double> values, ReadOnlySpan<byte> validity, int validityOffset)
    {
        KernelGuard.Validity(validity, validityOffset, values.Length);
        return validity.IsEmpty ? MinMax(values) : StatsCore.MinMax(values, new ValidityLanes(validity, validityOffset), double.NaN, double.NaN);
    }

    public static float Min(ReadOnlySpan<float> values) => StatsCore.Min(values, default(AllValid), float.NaN);

    public static float Max(ReadOnlySpan<float> values) => StatsCore.Max(values, default(AllValid), float.NaN);

    public static (float Min, float Max) MinMax(ReadOnlySpan<float> values) =>
        StatsCore.MinMax(values, default(AllValid), float.NaN, float.NaN);

    public static long? Min(ReadOnlySpan<long> values) => values.IsEmpty ? null : StatsCore.Min(values, default(AllValid), long.MaxValue);

    public static long? Min(ReadOnlySpan<long> values, ReadOnlySpan<byte> validity, int validityOffset) =>
        MinMax(values, validity, validityOffset)?.Min;

    public static long? Max(ReadOnlySpan<long> values) => values.IsEmpty ? null : StatsCore.Max(values, default(AllValid), long.MinValue);

    public static long? Max(ReadOnlySpan<long> values, ReadOnlySpan<byte> validity, int validityOffset) =>
        MinMax(values, validity, validityOffset)?.Max;

    public static (long Min, long Max)? MinMax(ReadOnlySpan<long> values) =>
        values.IsEmpty ? null : StatsCore.MinMax(values, default(AllValid), long.MaxValue, long.MinValue);

    public static (long Min, long Max)? MinMax(ReadOnlySpan<long> values, ReadOnlySpan<byte> validity, int validityOffset)
    {
        KernelGuard.Validity(validity, validityOffset, values.Length);
        if (validity.IsEmpty)
        {
            return MinMax(values);
        }

        return BitUtility.CountBits(validity, validityOffset, values.Length) == 0
            ? null
            : StatsCore.MinMax(values, new ValidityLanes(validity, validityOffset), long.MaxValue, long.MinValue);
    }

    public static int? Min(ReadOnlySpan<int> values) => values.IsEmpty ? null : StatsCore.Min(values, default(AllValid), int.MaxValue);

    public static int? Max(ReadOnlySpan<int> values) => values.IsEmpty ? null : StatsCore.Max(values, default(AllValid), int.MinValue);

    public static (int Min, int Max)? MinMax(ReadOnlySpan<int> values) =>
        values.IsEmpty ? null : StatsCore.MinMax(values, default(AllValid), int.MaxValue, int.MinValue);

    public static (int Min, int Max)? MinMax(ReadOnlySpan<int> values, ReadOnlySpan<byte> validity, int validityOffset)
    {
        KernelGuard.Validity(validity, validityOffset, values.Length);
        if (validity.IsEmpty)
        {
            return MinMax(values);
        }

        return BitUtility.CountBits(validity, validityOffset, values.Length) == 0
            ? null
            : StatsCore.MinMax(values, new ValidityLanes(validity, validityOffset), int.MaxValue, int.MinValue);
    }
}
