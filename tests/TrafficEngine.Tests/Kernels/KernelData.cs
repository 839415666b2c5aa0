namespace TrafficEngine.Tests.Kernels;

/// <summary>Inputs for kernel theories: every length 0..300, values salted with NaN, infinities, -0.0 and boundaries.</summary>
internal static class KernelData
{
    public static TheoryData<int> Lengths()
    {
        var data = new TheoryData<int>();
        for (int length = 0; length <= 300; length++)
        {
            data.Add(length);
        }

        return data;
    }

    public static double[] Doubles(int length, int seed, params double[] boundaries)
    {
        var random = new Random(seed);
        double[] specials = [double.NaN, double.PositiveInfinity, double.NegativeInfinity, -0.0, 0.0, .. boundaries];
        var values = new double[length];
        for (int i = 0; i < length; i++)
        {
            int pick = random.Next(4);
            values[i] = pick switch
            {
                0 => specials[random.Next(specials.Length)],
                1 when boundaries.Length > 0 => Nudge(boundaries[random.Next(boundaries.Length)], random),
                _ => (random.NextDouble() * 400.0) - 200.0,
            };
        }

        return values;
    }

    public static float[] Floats(int length, int seed, params float[] boundaries) =>
        Array.ConvertAll(Doubles(length, seed, Array.ConvertAll(boundaries, b => (double)b)), d => (float)d);

    public static long[] Longs(int length, int seed, params long[] boundaries)
    {
        var random = new Random(seed);
        long[] specials = [long.MinValue, long.MaxValue, 0, -1, 1, .. boundaries];
        var values = new long[length];
        for (int i = 0; i < length; i++)
        {
            int pick = random.Next(4);
            values[i] = pick switch
            {
                0 => specials[random.Next(specials.Length)],
                1 when boundaries.Length > 0 => boundaries[random.Next(boundaries.Length)] + random.Next(-1, 2),
                _ => random.NextInt64(-1000, 1000),
            };
        }

        return values;
    }

    public static int[] Ints(int length, int seed, params int[] boundaries)
    {
        var random = new Random(seed);
        int[] specials = [int.MinValue, int.MaxValue, 0, -1, 1, .. boundaries];
        var values = new int[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = random.Next(3) == 0 ? specials[random.Next(specials.Length)] : random.Next(-1000, 1000);
        }

        return values;
    }

    /// <summary>Random validity bitmap covering offset + length bits, with roughly a quarter of slots null.</summary>
    public static byte[] Validity(int offset, int length, int seed)
    {
        var random = new Random(seed);
        var bitmap = new byte[((offset + length) / 8) + 1];
        for (int i = 0; i < bitmap.Length; i++)
        {
            bitmap[i] = (byte)(random.Next(256) | random.Next(256));
        }

        return bitmap;
    }

    public static bool IsValid(byte[] bitmap, int index) => (bitmap[index >> 3] & (1 << (index & 7))) != 0;

    /// <summary>Same value, or both NaN; -0.0 and 0.0 are different here.</summary>
    public static void AssertSame(double expected, double actual)
    {
        if (double.IsNaN(expected) && double.IsNaN(actual))
        {
            return;
        }

        Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(actual));
    }

    /// <summary>Equal within a relative tolerance; NaN, infinities and zero must match exactly.</summary>
    public static void AssertClose(double expected, double actual, double relative)
    {
        if (double.IsNaN(expected) || double.IsInfinity(expected) || expected == 0)
        {
            Assert.Equal(expected, actual);
            return;
        }

        Assert.True(Math.Abs(expected - actual) <= relative * Math.Abs(expected), $"expected {expected:R}, got {actual:R}");
    }

    private static double Nudge(double boundary, Random random) => random.Next(3) switch
    {
        0 => Math.BitDecrement(boundary),
        1 => Math.BitIncrement(boundary),
        _ => boundary,
    };
}
