using TrafficEngine.Geo;

namespace TrafficEngine.Congestion;

internal static partial class VehicleBootstrap
{
    /// <summary>Below this much work per bin ((pairs + cells) x replicates) the replicates run on one thread.</summary>
    private const long ParallelWork = 200_000;

    /// <summary>P(Poisson(1) &lt;= k) x 2^53, k = 0, 1, ...: a weight is the number of these a 53-bit uniform reaches.</summary>
    private static readonly ulong[] PoissonCdf = PoissonThresholds();

    /// <summary>
    /// Vehicle <paramref name="vehicle"/>'s weight in replicate <paramref name="replicate"/>: Poisson(1) by inversion
    /// of a SplitMix64 hash of the pair, the same on every machine and in every run.
    /// </summary>
    internal static int Weight(int vehicle, int replicate)
    {
        ulong z = (((ulong)(uint)vehicle << 32) | (uint)replicate) + 0x9e3779b97f4a7c15UL;
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9UL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebUL;
        z ^= z >> 31;
        ulong u = z >> 11;
        int k = 0;
        while (k < PoissonCdf.Length && u >= PoissonCdf[k])
        {
            k++;
        }

        return k;
    }

    private static ulong[] PoissonThresholds()
    {
        var thresholds = new List<ulong>();
        double p = Math.Exp(-1), cdf = p;
        for (int k = 0; k < 20; k++)
        {
            thresholds.Add((ulong)(cdf * 9007199254740992.0)); // 2^53
            p /= k + 1;
            cdf += p;
        }

        return [.. thresholds];
    }

    /// <summary>One thread's buffers: the cells' weighted sums and the groups' accumulators.</summary>
    private sealed class Worker(int groups)
    {
        public double[] Seconds = [];
        public double[] Metres = [];
        public double[] Vehicles = [];
        public readonly double[] Observed = new double[groups * RoadClasses.Count];
        public readonly double[] Congested = new double[groups * RoadClasses.Count];
        public readonly double[] ClassVkt = new double[groups * RoadClasses.Count];
        public readonly double[] TimeWeighted = new double[groups];
        public readonly double[] FreeWeighted = new double[groups];
    }

    private sealed partial class Pass
    {
        private byte[] _weights = [];
        private double[] _repTpi = [];
        private double[] _repTti = [];
        private Worker[] _workers = [];

        /// <summary>Every replicate of the closing bin, into <see cref="_repTpi"/> and <see cref="_repTti"/> (touched group x replicate).</summary>
        private void RunReplicates(int cells, int pairs)
        {
            int replicates = _options.IntervalReplicates;
            Grow(ref _weights, replicates * _localCount);
            Grow(ref _repTpi, replicates * _touched.Count);
            Grow(ref _repTti, replicates * _touched.Count);
            if (_workers.Length == 0)
            {
                _workers = [.. Enumerable.Range(0, Environment.ProcessorCount).Select(_ => new Worker(_groupBase[^1]))];
            }

            int slices = (long)(pairs + cells) * replicates >= ParallelWork ? Math.Min(_workers.Length, replicates) : 1;
            if (slices == 1)
            {
                for (int b = 0; b < replicates; b++)
                {
                    Replicate(b, cells, _workers[0]);
                }

                return;
            }

            // Replicates dealt round-robin to the slices; each writes only its own results.
            Parallel.For(0, slices, s =>
            {
                for (int b = s; b < replicates; b += slices)
                {
                    Replicate(b, cells, _workers[s]);
                }
            });
        }

        /// <summary>
        /// Replicate <paramref name="b"/> of the closing bin: the vehicles' weights, each cell's weighted seconds, metres
        /// and vehicles, the class paces for the shrink, then every touched group's TPI and TTI as
        /// <see cref="GroupIndexCalculator"/> works them out.
        /// </summary>
        private void Replicate(int b, int cells, Worker w)
        {
            int vehicles = _localCount;
            Span<byte> weight = _weights.AsSpan(b * vehicles, vehicles);
            for (int v = 0; v < vehicles; v++)
            {
                weight[v] = (byte)Weight(_globalOf[v], b);
            }

            Grow(ref w.Seconds, cells);
            Grow(ref w.Metres, cells);
            Grow(ref w.Vehicles, cells);
            ReadOnlySpan<RoadClass> classes = _network.Classes;
            ReadOnlySpan<int> edges = _speeds.Edges.AsSpan(_cellStart, cells);
            Span<double> classSeconds = stackalloc double[Classes];
            Span<double> classMetres = stackalloc double[Classes];
            classSeconds.Clear();
            classMetres.Clear();
            for (int c = 0; c < cells; c++)
            {
                double s = 0, m = 0, n = 0;
                for (int p = _pairStart[c]; p < _pairStart[c + 1]; p++)
                {
                    double x = weight[_pairVehicle[p]];
                    s += x * _pairSeconds[p];
                    m += x * _pairMetres[p];
                    n += x;
                }

                w.Seconds[c] = s;
                w.Metres[c] = m;
                w.Vehicles[c] = n;
                int k = (int)classes[edges[c]];
                classSeconds[k] += s;
                classMetres[k] += m;
            }

            Span<double> classPace = stackalloc double[Classes];
            for (int k = 0; k < Classes; k++)
            {
                classPace[k] = classMetres[k] > 0 ? classSeconds[k] / classMetres[k] : double.NaN;
            }

            ReadOnlySpan<double> length = _network.LengthMetres;
            ReadOnlySpan<float> freeFlow = _indices.EdgeFreeFlowKmh;
            for (int c = 0; c < cells; c++)
            {
                double n = w.Vehicles[c];
                if (n < _options.AggregateMinVehicles) // also every cell whose vehicles all weigh 0
                {
                    continue;
                }

                int e = edges[c];
                int k = (int)classes[e];
                double s = w.Seconds[c], m = w.Metres[c];
                bool congested = GroupIndexCalculator.IsCongested(classes[e], s, m, n, classPace[k], _options);
                double vkt = m / 1000.0, speed = m / s * 3.6;
                for (int i = _memberOffsets[e]; i < _memberOffsets[e + 1]; i++)
                {
                    int g = _members[i];
                    w.Observed[(g * Classes) + k] += length[e];
                    if (congested)
                    {
                        w.Congested[(g * Classes) + k] += length[e];
                    }

                    w.ClassVkt[(g * Classes) + k] += vkt;
                    w.TimeWeighted[g] += vkt * length[e] / speed;
                    w.FreeWeighted[g] += vkt * length[e] / freeFlow[e];
                }
            }

            int replicates = _options.IntervalReplicates;
            for (int t = 0; t < _touched.Count; t++)
            {
                int g = _touched[t];
                double totalVkt = 0, ratio = 0;
                for (int k = 0; k < Classes; k++)
                {
                    totalVkt += w.ClassVkt[(g * Classes) + k];
                }

                for (int k = 0; k < Classes; k++)
                {
                    int i = (g * Classes) + k;
                    if (w.Observed[i] > 0 && totalVkt > 0)
                    {
                        ratio += w.ClassVkt[i] / totalVkt * (w.Congested[i] / w.Observed[i]);
                    }

                    w.Observed[i] = w.Congested[i] = w.ClassVkt[i] = 0;
                }

                _repTpi[(t * replicates) + b] = totalVkt > 0 ? _options.Tpi.Index(ratio) : double.NaN;
                _repTti[(t * replicates) + b] = w.FreeWeighted[g] > 0 ? w.TimeWeighted[g] / w.FreeWeighted[g] : double.NaN;
                w.TimeWeighted[g] = w.FreeWeighted[g] = 0;
            }
        }
    }
}
