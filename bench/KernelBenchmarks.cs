using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using TrafficEngine.Kernels;

namespace Bench;

/// <summary>Each SIMD kernel against a plain scalar loop (the category's baseline) on 1M GPS-like rows.</summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class KernelBenchmarks
{
    private const int Length = 1_000_000;
    private const double EarthRadiusMeters = 6371008.8;

    private readonly double[] _lon = new double[Length];
    private readonly double[] _lat = new double[Length];
    private readonly long[] _timestampMs = new long[Length];
    private readonly long[] _vehicle = new long[Length];
    private readonly int[] _selection = new int[Length];
    private readonly double[] _output = new double[Length];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        long t = 1_700_000_000_000;
        for (int i = 0; i < Length; i++)
        {
            _vehicle[i] = i / 500;
            _lon[i] = 4.7 + (random.NextDouble() * 0.4);
            _lat[i] = 52.2 + (random.NextDouble() * 0.3);
            t += random.Next(1, 30_000);
            _timestampMs[i] = t;
        }
    }

    [Benchmark(Baseline = true), BenchmarkCategory("SelectInRange")]
    public int SelectInRange_Scalar()
    {
        int count = 0;
        for (int i = 0; i < _lat.Length; i++)
        {
            _selection[count] = i;
            count += _lat[i] >= 52.3 && _lat[i] <= 52.4 ? 1 : 0;
        }

        return count;
    }

    [Benchmark, BenchmarkCategory("SelectInRange")]
    public int SelectInRange_Simd() => FilterKernels.SelectInRange(_lat, 52.3, 52.4, _selection);

    [Benchmark(Baseline = true), BenchmarkCategory("SelectInBoundingBox")]
    public int SelectInBoundingBox_Scalar()
    {
        int count = 0;
        for (int i = 0; i < _lat.Length; i++)
        {
            _selection[count] = i;
            count += _lon[i] >= 4.8 && _lon[i] <= 5.0 && _lat[i] >= 52.3 && _lat[i] <= 52.4 ? 1 : 0;
        }

        return count;
    }

    [Benchmark, BenchmarkCategory("SelectInBoundingBox")]
    public int SelectInBoundingBox_Simd() => FilterKernels.SelectInBoundingBox(_lon, _lat, 4.8, 52.3, 5.0, 52.4, _selection);

    [Benchmark(Baseline = true), BenchmarkCategory("SelectInTimeWindow")]
    public int SelectInTimeWindow_Scalar()
    {
        long from = _timestampMs[Length / 4], to = _timestampMs[Length / 2];
        int count = 0;
        for (int i = 0; i < _timestampMs.Length; i++)
        {
            _selection[count] = i;
            count += _timestampMs[i] >= from && _timestampMs[i] < to ? 1 : 0;
        }

        return count;
    }

    [Benchmark, BenchmarkCategory("SelectInTimeWindow")]
    public int SelectInTimeWindow_Simd() =>
        FilterKernels.SelectInTimeWindow(_timestampMs, _timestampMs[Length / 4], _timestampMs[Length / 2], _selection);

    [Benchmark(Baseline = true), BenchmarkCategory("MinMax")]
    public (double, double) MinMax_Scalar()
    {
        double min = double.NaN, max = double.NaN;
        foreach (double v in _lat)
        {
            min = double.MinNumber(min, v);
            max = double.MaxNumber(max, v);
        }

        return (min, max);
    }

    [Benchmark, BenchmarkCategory("MinMax")]
    public (double, double) MinMax_Simd() => StatsKernels.MinMax(_lat);

    [Benchmark(Baseline = true), BenchmarkCategory("SumIgnoringNaN")]
    public double SumIgnoringNaN_Scalar()
    {
        double sum = 0;
        foreach (double v in _lat)
        {
            if (!double.IsNaN(v))
            {
                sum += v;
            }
        }

        return sum;
    }

    [Benchmark, BenchmarkCategory("SumIgnoringNaN")]
    public double SumIgnoringNaN_Simd() => StatsKernels.SumIgnoringNaN(_lat);

    [Benchmark(Baseline = true), BenchmarkCategory("ImpliedSpeedKmh")]
    public void ImpliedSpeedKmh_Scalar()
    {
        _output[0] = double.NaN;
        for (int i = 1; i < Length; i++)
        {
            if (_vehicle[i] != _vehicle[i - 1])
            {
                _output[i] = double.NaN;
                continue;
            }

            double phi1 = _lat[i - 1] * Math.PI / 180, phi2 = _lat[i] * Math.PI / 180;
            double sinPhi = Math.Sin((_lat[i] - _lat[i - 1]) * Math.PI / 360), sinLambda = Math.Sin((_lon[i] - _lon[i - 1]) * Math.PI / 360);
            double a = (sinPhi * sinPhi) + (Math.Cos(phi1) * Math.Cos(phi2) * sinLambda * sinLambda);
            double meters = 2 * EarthRadiusMeters * Math.Asin(Math.Sqrt(Math.Min(a, 1)));
            _output[i] = SpeedKernels.SpeedKmh(meters, _timestampMs[i] - _timestampMs[i - 1]);
        }
    }

    [Benchmark, BenchmarkCategory("ImpliedSpeedKmh")]
    public void ImpliedSpeedKmh_Simd() => SpeedKernels.ImpliedSpeedKmh(_vehicle, _timestampMs, _lon, _lat, _output);
}
