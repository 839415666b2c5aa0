using TrafficEngine.Kernels;

namespace TrafficEngine.Tests.Kernels;

public sealed class FilterKernelsTests
{
    private static readonly (double Min, double Max)[] DoubleRanges =
    [
        (-50.0, 50.0), (0.0, 0.0), (-0.0, 100.0), (50.0, -50.0), (double.NegativeInfinity, double.PositiveInfinity), (double.NaN, 1.0),
    ];

    private static readonly (long Min, long Max)[] LongRanges =
    [
        (-50, 50), (0, 0), (long.MinValue, long.MaxValue), (50, -50), (long.MaxValue, long.MaxValue), (-1000, long.MinValue + 1),
    ];

    public static TheoryData<int> Lengths => KernelData.Lengths();

    [Theory]
    [MemberData(nameof(Lengths))]
    public void SelectInRange_Doubles_MatchesScalarReference(int length)
    {
        foreach ((double min, double max) in DoubleRanges)
        {
            ArraySegment<double> values = new(KernelData.Doubles(length + 1, length, min, max, -0.0), 1, length);
            int[] expected = Reference(length, i => values[i] >= min && values[i] <= max);
            var selection = new int[length];

            int count = FilterKernels.SelectInRange(values, min, max, selection);

            Assert.Equal(expected, selection[..count]);
            AssertMask(expected, length, bitmap => FilterKernels.MaskInRange(values, min, max, bitmap));
            AssertRefine(length, length, expected, (rows, n) => FilterKernels.RefineInRange(values, min, max, rows, n));
        }
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void SelectInRange_Floats_MatchesScalarReference(int length)
    {
        foreach ((double dmin, double dmax) in DoubleRanges)
        {
            float min = (float)dmin, max = (float)dmax;
            ArraySegment<float> values = new(KernelData.Floats(length + 1, length, min, max), 1, length);
            int[] expected = Reference(length, i => values[i] >= min && values[i] <= max);
            var selection = new int[length];

            int count = FilterKernels.SelectInRange(values, min, max, selection);

            Assert.Equal(expected, selection[..count]);
            AssertMask(expected, length, bitmap => FilterKernels.MaskInRange(values, min, max, bitmap));
            AssertRefine(length, length, expected, (rows, n) => FilterKernels.RefineInRange(values, min, max, rows, n));
        }
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void SelectInRange_Longs_MatchesScalarReference(int length)
    {
        foreach ((long min, long max) in LongRanges)
        {
            ArraySegment<long> values = new(KernelData.Longs(length + 1, length, min, max), 1, length);
            int[] expected = Reference(length, i => values[i] >= min && values[i] <= max);
            var selection = new int[length];

            int count = FilterKernels.SelectInRange(values, min, max, selection);

            Assert.Equal(expected, selection[..count]);
            AssertMask(expected, length, bitmap => FilterKernels.MaskInRange(values, min, max, bitmap));
            AssertRefine(length, length, expected, (rows, n) => FilterKernels.RefineInRange(values, min, max, rows, n));
        }
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void SelectInRange_Ints_MatchesScalarReference(int length)
    {
        foreach ((long lmin, long lmax) in LongRanges)
        {
            int min = (int)Math.Clamp(lmin, int.MinValue, int.MaxValue), max = (int)Math.Clamp(lmax, int.MinValue, int.MaxValue);
            ArraySegment<int> values = new(KernelData.Ints(length + 1, length, min, max), 1, length);
            int[] expected = Reference(length, i => values[i] >= min && values[i] <= max);
            var selection = new int[length];

            int count = FilterKernels.SelectInRange(values, min, max, selection);

            Assert.Equal(expected, selection[..count]);
            AssertMask(expected, length, bitmap => FilterKernels.MaskInRange(values, min, max, bitmap));
            AssertRefine(length, length, expected, (rows, n) => FilterKernels.RefineInRange(values, min, max, rows, n));
        }
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void SelectInTimeWindow_MatchesHalfOpenReference(int length)
    {
        foreach ((long from, long to) in LongRanges)
        {
            ArraySegment<long> timestamps = new(KernelData.Longs(length + 1, length + 7, from, to), 1, length);
            int[] expected = Reference(length, i => timestamps[i] >= from && timestamps[i] < to);
            var selection = new int[length];

            int count = FilterKernels.SelectInTimeWindow(timestamps, from, to, selection);

            Assert.Equal(expected, selection[..count]);
            AssertMask(expected, length, bitmap => FilterKernels.MaskInTimeWindow(timestamps, from, to, bitmap));
            AssertRefine(length, length, expected, (rows, n) => FilterKernels.RefineInTimeWindow(timestamps, from, to, rows, n));
        }
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void SelectInBoundingBox_MatchesScalarReference(int length)
    {
        (double MinLon, double MinLat, double MaxLon, double MaxLat)[] boxes =
        [
            (-50, -60, 50, 60), (0, -0.0, 0, 0), (50, -60, -50, 60), (double.NaN, -60, 50, 60),
            (double.NegativeInfinity, double.NegativeInfinity, double.PositiveInfinity, double.PositiveInfinity),
        ];
        foreach ((double minLon, double minLat, double maxLon, double maxLat) in boxes)
        {
            ArraySegment<double> lon = new(KernelData.Doubles(length + 1, length, minLon, maxLon), 1, length);
            ArraySegment<double> lat = new(KernelData.Doubles(length + 1, length + 99, minLat, maxLat), 1, length);
            int[] expected = Reference(length, i => lon[i] >= minLon && lon[i] <= maxLon && lat[i] >= minLat && lat[i] <= maxLat);
            var selection = new int[length];

            int count = FilterKernels.SelectInBoundingBox(lon, lat, minLon, minLat, maxLon, maxLat, selection);

            Assert.Equal(expected, selection[..count]);
            AssertMask(expected, length, bitmap => FilterKernels.MaskInBoundingBox(lon, lat, minLon, minLat, maxLon, maxLat, bitmap));
            AssertRefine(length, length, expected, (rows, n) => FilterKernels.RefineInBoundingBox(lon, lat, minLon, minLat, maxLon, maxLat, rows, n));
        }
    }

    [Fact]
    public void SelectInRange_SelectionTooShort_Throws()
    {
        double[] values = [1, 2, 3];

        Assert.Throws<ArgumentException>(() => FilterKernels.SelectInRange(values, 0, 10, new int[2]));
    }

    [Fact]
    public void RefineInRange_RowOutsideValues_Throws()
    {
        double[] values = [1, 2, 3];

        Assert.Throws<ArgumentException>(() => FilterKernels.RefineInRange(values, 0, 10, new[] { 0, 3 }, 2));
    }

    private static int[] Reference(int length, Func<int, bool> matches) =>
        Enumerable.Range(0, length).Where(matches).ToArray();

    private delegate int MaskKernel(Span<byte> bitmap);

    private static void AssertMask(int[] expected, int length, MaskKernel kernel)
    {
        var bitmap = new byte[(length + 7) / 8];
        Array.Fill(bitmap, (byte)0xA5);

        int count = kernel(bitmap);

        var want = new byte[bitmap.Length];
        foreach (int row in expected)
        {
            want[row >> 3] |= (byte)(1 << (row & 7));
        }

        Assert.Equal(expected.Length, count);
        Assert.Equal(want, bitmap);
    }

    /// <summary>Refining every other row must keep exactly those of them the full selection holds, in order.</summary>
    private static void AssertRefine(int length, int valueCount, int[] expected, Func<int[], int, int> refine)
    {
        int[] rows = Enumerable.Range(0, valueCount).Where(i => i % 2 == 0).Append(-1).ToArray();

        int count = refine(rows, rows.Length - 1);

        Assert.Equal(expected.Where(i => i % 2 == 0), rows[..count]);
        Assert.True(length >= count);
    }
}
