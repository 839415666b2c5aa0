using TrafficEngine.Kernels;

namespace TrafficEngine.Tests.Kernels;

public sealed class StatsKernelsTests
{
    public static TheoryData<int> Lengths => KernelData.Lengths();

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Doubles_MatchScalarReference(int length)
    {
        foreach (int offset in new[] { 0, 3, 8 })
        {
            double[] values = KernelData.Doubles(length, length * 31 + offset);
            byte[] validity = KernelData.Validity(offset, length, length + offset);
            bool[] allValid = Enumerable.Repeat(true, length).ToArray();
            bool[] present = Enumerable.Range(0, length).Select(i => KernelData.IsValid(validity, offset + i)).ToArray();
            double[] finite = values.Select(v => double.IsInfinity(v) ? 1.5 : v).ToArray();

            AssertDoubleStats(values, allValid, StatsKernels.Min(values), StatsKernels.Max(values), StatsKernels.MinMax(values), StatsKernels.CountValid(values));
            AssertDoubleStats(
                values, present, StatsKernels.Min(values, validity, offset), StatsKernels.Max(values, validity, offset),
                StatsKernels.MinMax(values, validity, offset), StatsKernels.CountValid(values, validity, offset));
            AssertSum(ReferenceSum(values, allValid, false), StatsKernels.Sum(values));
            AssertSum(ReferenceSum(finite, allValid, false), StatsKernels.Sum(finite));
            AssertSum(ReferenceSum(finite, allValid, true), StatsKernels.SumIgnoringNaN(finite));
            AssertSum(ReferenceSum(finite, present, false), StatsKernels.Sum(finite, validity, offset));
            AssertSum(ReferenceSum(values, present, true), StatsKernels.SumIgnoringNaN(values, validity, offset));
        }
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Floats_MatchScalarReference(int length)
    {
        float[] values = KernelData.Floats(length, length);
        double[] widened = Array.ConvertAll(values, v => (double)v);
        bool[] allValid = Enumerable.Repeat(true, length).ToArray();
        float[] finite = values.Select(v => float.IsInfinity(v) ? 1.5f : v).ToArray();
        double[] finiteWidened = Array.ConvertAll(finite, v => (double)v);

        (float min, float max) = StatsKernels.MinMax(values);

        KernelData.AssertSame(ReferenceMin(widened, allValid), StatsKernels.Min(values));
        KernelData.AssertSame(ReferenceMax(widened, allValid), StatsKernels.Max(values));
        KernelData.AssertSame(ReferenceMin(widened, allValid), min);
        KernelData.AssertSame(ReferenceMax(widened, allValid), max);
        Assert.Equal(values.Count(v => !float.IsNaN(v)), StatsKernels.CountValid(values));
        AssertSum(ReferenceSum(widened, allValid, false), StatsKernels.Sum(values));
        AssertSum(ReferenceSum(finiteWidened, allValid, true), StatsKernels.SumIgnoringNaN(finite));
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Longs_MatchScalarReference(int length)
    {
        foreach (int offset in new[] { 0, 5, 16 })
        {
            long[] values = KernelData.Longs(length, length * 17 + offset);
            byte[] validity = KernelData.Validity(offset, length, length - offset);
            long[] present = values.Where((_, i) => KernelData.IsValid(validity, offset + i)).ToArray();

            Assert.Equal(values.Length == 0 ? null : values.Min(), StatsKernels.Min(values));
            Assert.Equal(values.Length == 0 ? null : values.Max(), StatsKernels.Max(values));
            Assert.Equal(values.Length == 0 ? null : (values.Min(), values.Max()), StatsKernels.MinMax(values));
            Assert.Equal(present.Length == 0 ? null : present.Min(), StatsKernels.Min(values, validity, offset));
            Assert.Equal(present.Length == 0 ? null : present.Max(), StatsKernels.Max(values, validity, offset));
            Assert.Equal(present.Length == 0 ? null : (present.Min(), present.Max()), StatsKernels.MinMax(values, validity, offset));
            Assert.Equal(WrappingSum(values), StatsKernels.Sum(values));
            Assert.Equal(WrappingSum(present), StatsKernels.Sum(values, validity, offset));
            Assert.Equal(present.Length, StatsKernels.CountValid(values, validity, offset));
            Assert.Equal(length, StatsKernels.CountValid(values, [], 0));
        }
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Ints_MatchScalarReference(int length)
    {
        int offset = length % 11;
        int[] values = KernelData.Ints(length, length);
        byte[] validity = KernelData.Validity(offset, length, length);
        int[] present = values.Where((_, i) => KernelData.IsValid(validity, offset + i)).ToArray();

        Assert.Equal(values.Length == 0 ? null : values.Min(), StatsKernels.Min(values));
        Assert.Equal(values.Length == 0 ? null : values.Max(), StatsKernels.Max(values));
        Assert.Equal(values.Length == 0 ? null : (values.Min(), values.Max()), StatsKernels.MinMax(values));
        Assert.Equal(present.Length == 0 ? null : (present.Min(), present.Max()), StatsKernels.MinMax(values, validity, offset));
        Assert.Equal(values.Sum(v => (long)v), StatsKernels.Sum(values));
        Assert.Equal(present.Length, StatsKernels.CountValid(values, validity, offset));
    }

    [Theory]
    [InlineData(new[] { 0.0, -0.0 }, -0.0, 0.0)]
    [InlineData(new[] { double.NaN, double.NaN }, double.NaN, double.NaN)]
    [InlineData(new double[0], double.NaN, double.NaN)]
    [InlineData(new[] { double.NaN, 3.0, double.NegativeInfinity }, double.NegativeInfinity, 3.0)]
    public void MinMax_EdgeCases_FollowMinimumNumberSemantics(double[] values, double expectedMin, double expectedMax)
    {
        (double min, double max) = StatsKernels.MinMax(values);

        KernelData.AssertSame(expectedMin, min);
        KernelData.AssertSame(expectedMax, max);
    }

    [Fact]
    public void Min_AllNull_ReturnsNaNOrNull()
    {
        double[] doubles = [1, 2, 3];
        long[] longs = [1, 2, 3];
        byte[] validity = [0];

        double min = StatsKernels.Min(doubles, validity, 0);
        long? longMin = StatsKernels.Min(longs, validity, 0);

        Assert.True(double.IsNaN(min));
        Assert.Null(longMin);
    }

    [Fact]
    public void Min_ValidityTooShort_Throws()
    {
        var values = new double[9];

        Assert.Throws<ArgumentException>(() => StatsKernels.Min(values, new byte[1], 0));
    }

    private static void AssertDoubleStats(double[] values, bool[] present, double min, double max, (double Min, double Max) minMax, int count)
    {
        KernelData.AssertSame(ReferenceMin(values, present), min);
        KernelData.AssertSame(ReferenceMax(values, present), max);
        KernelData.AssertSame(ReferenceMin(values, present), minMax.Min);
        KernelData.AssertSame(ReferenceMax(values, present), minMax.Max);
        Assert.Equal(values.Where((v, i) => present[i] && !double.IsNaN(v)).Count(), count);
    }

    private static double ReferenceMin(double[] values, bool[] present)
    {
        double result = double.NaN;
        for (int i = 0; i < values.Length; i++)
        {
            double v = values[i];
            if (present[i] && !double.IsNaN(v) && (double.IsNaN(result) || v < result || (v == result && double.IsNegative(v))))
            {
                result = v;
            }
        }

        return result;
    }

    private static double ReferenceMax(double[] values, bool[] present)
    {
        double result = double.NaN;
        for (int i = 0; i < values.Length; i++)
        {
            double v = values[i];
            if (present[i] && !double.IsNaN(v) && (double.IsNaN(result) || v > result || (v == result && !double.IsNegative(v))))
            {
                result = v;
            }
        }

        return result;
    }

    /// <summary>SIMD sums in another order: equal within 1e-12 of the sum of magnitudes; NaN and infinities exactly.</summary>
    private static void AssertSum((double Sum, double Magnitude) expected, double actual)
    {
        if (!double.IsFinite(expected.Sum))
        {
            Assert.Equal(expected.Sum, actual);
            return;
        }

        Assert.True(Math.Abs(expected.Sum - actual) <= 1e-12 * expected.Magnitude, $"expected {expected.Sum:R}, got {actual:R}");
    }

    private static (double Sum, double Magnitude) ReferenceSum(double[] values, bool[] present, bool skipNaN)
    {
        double sum = 0, magnitude = 0;
        for (int i = 0; i < values.Length; i++)
        {
            if (present[i] && !(skipNaN && double.IsNaN(values[i])))
            {
                sum += values[i];
                magnitude += Math.Abs(values[i]);
            }
        }

        return (sum, magnitude);
    }

    private static long WrappingSum(long[] values)
    {
        long sum = 0;
        foreach (long v in values)
        {
            sum = unchecked(sum + v);
        }

        return sum;
    }
}
