using System.Numerics.Tensors;
using Apache.Arrow;

namespace TrafficEngine.Kernels;

/// <summary>
/// Sums and counts. Double sums propagate NaN (and +Inf + -Inf is NaN); <c>SumIgnoringNaN</c> skips NaN. Float values
/// are summed in double. Int values are summed in long; long sums wrap on overflow (unchecked), as C# does.
/// Summation order is not sequential, so floating-point sums may differ from a left-to-right loop in the last bits.
/// </summary>
public static partial class StatsKernels
{
    private const int ChunkLength = 1024;

    public static double Sum(ReadOnlySpan<double> values) => TensorPrimitives.Sum(values);

    public static double Sum(ReadOnlySpan<double> values, ReadOnlySpan<byte> validity, int validityOffset)
    {
        KernelGuard.Validity(validity, validityOffset, values.Length);
        return validity.IsEmpty ? Sum(values) : StatsCore.Sum(values, new ValidityLanes(validity, validityOffset), skipNaN: false);
    }

    public static double SumIgnoringNaN(ReadOnlySpan<double> values) => StatsCore.Sum(values, default(AllValid), skipNaN: true);

    public static double SumIgnoringNaN(ReadOnlySpan<double> values, ReadOnlySpan<byte> validity, int validityOffset)
    {
        KernelGuard.Validity(validity, validityOffset, values.Length);
        return validity.IsEmpty ? SumIgnoringNaN(values) : StatsCore.Sum(values, new ValidityLanes(validity, validityOffset), skipNaN: true);
    }

    public static double Sum(ReadOnlySpan<float> values) => SumWidened(values, skipNaN: false);

    public static double SumIgnoringNaN(ReadOnlySpan<float> values) => SumWidened(values, skipNaN: true);

    public static long Sum(ReadOnlySpan<long> values) => TensorPrimitives.Sum(values);

    public static long Sum(ReadOnlySpan<long> values, ReadOnlySpan<byte> validity, int validityOffset)
    {
        KernelGuard.Validity(validity, validityOffset, values.Length);
        return validity.IsEmpty ? Sum(values) : StatsCore.Sum(values, new ValidityLanes(validity, validityOffset), skipNaN: false);
    }

    /// <summary>Sum in long, so it cannot overflow below 2^32 values.</summary>
    public static long Sum(ReadOnlySpan<int> values)
    {
        Span<long> chunk = stackalloc long[ChunkLength];
        long sum = 0;
        for (int i = 0; i < values.Length; i += ChunkLength)
        {
            ReadOnlySpan<int> part = values.Slice(i, Math.Min(ChunkLength, values.Length - i));
            TensorPrimitives.ConvertChecked(part, chunk[..part.Length]);
            sum += TensorPrimitives.Sum<long>(chunk[..part.Length]);
        }

        return sum;
    }

    /// <summary>Values that are present and not NaN.</summary>
    public static int CountValid(ReadOnlySpan<double> values) => StatsCore.CountValid(values, default(AllValid));

    public static int CountValid(ReadOnlySpan<double> values, ReadOnlySpan<byte> validity, int validityOffset)
    {
        KernelGuard.Validity(validity, validityOffset, values.Length);
        return validity.IsEmpty ? CountValid(values) : StatsCore.CountValid(values, new ValidityLanes(validity, validityOffset));
    }

    public static int CountValid(ReadOnlySpan<float> values) => StatsCore.CountValid(values, default(AllValid));

    /// <summary>Values that are present: the length minus the nulls.</summary>
    public static int CountValid(ReadOnlySpan<long> values, ReadOnlySpan<byte> validity, int validityOffset)
    {
        KernelGuard.Validity(validity, validityOffset, values.Length);
        return validity.IsEmpty ? values.Length : BitUtility.CountBits(validity, validityOffset, values.Length);
    }

    /// <inheritdoc cref="CountValid(ReadOnlySpan{long}, ReadOnlySpan{byte}, int)"/>
    public static int CountValid(ReadOnlySpan<int> values, ReadOnlySpan<byte> validity, int validityOffset)
    {
        KernelGuard.Validity(validity, validityOffset, values.Length);
        return validity.IsEmpty ? values.Length : BitUtility.CountBits(validity, validityOffset, values.Length);
    }

    private static double SumWidened(ReadOnlySpan<float> values, bool skipNaN)
    {
        Span<double> chunk = stackalloc double[ChunkLength];
        double sum = 0;
        for (int i = 0; i < values.Length; i += ChunkLength)
        {
            ReadOnlySpan<float> part = values.Slice(i, Math.Min(ChunkLength, values.Length - i));
            TensorPrimitives.ConvertChecked(part, chunk[..part.Length]);
            sum += StatsCore.Sum<double, AllValid>(chunk[..part.Length], default, skipNaN);
        }

        return sum;
    }
}
