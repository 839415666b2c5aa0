using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using TrafficEngine.Geo;

namespace TrafficEngine.Congestion;

internal static partial class VehicleBootstrap
{
    /// <summary>Replicates worked out together, four Vector256 lanes of doubles at a time.</summary>
    internal const int Chunk = 16;

    /// <summary>Below this much work per bin ((pairs + cells) x replicates) the replicates run on one thread.</summary>
    private const long ParallelWork = 400_000;

    /// <summary>The hash streams of the two resampled units.</summary>
    internal const ulong VehicleStream = 0x9e3779b97f4a7c15UL, BlockStream = 0xd1b54a32d192ed03UL;

    /// <summary>P(Poisson(1) &lt;= k) x 2^53, k = 0, 1, ...: a weight is the number of these a 53-bit uniform reaches.</summary>
    private static readonly ulong[] PoissonCdf = PoissonThresholds();

    /// <summary>
    /// The weight of <paramref name="unit"/> (a vehicle or a block) in replicate <paramref name="replicate"/>: Poisson(1)
    /// by inversion of a SplitMix64 hash of the pair in the unit's <paramref name="stream"/>; the same on every machine
    /// and in every run.
    /// </summary>
    internal static int Weight(int unit, int replicate, ulong stream)
    {
        ulong z = (((ulong)(uint)unit << 32) | (uint)replicate) + stream;
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
        var thresholds = new ulong[20];
        double p = Math.Exp(-1), cdf = p;
        for (int k = 0; k < thresholds.Length; k++)
        {
            thresholds[k] = (ulong)(cdf * 9007199254740992.0); // 2^53
            p /= k + 1;
            cdf += p;
        }

        return thresholds;
    }

    /// <summary>
    /// One thread's buffers for a chunk of replicates: the weights of the bin's vehicles and blocks, each cell's
    /// weighted seconds, metres and vehicles, the class sums, and the groups' accumulators (lane = replicate).
    /// </summary>
    private sealed class Worker(int groups, SelectionStrata? strata)
    {
        public readonly SelectionStrata.Buffers? Strata = strata?.CreateBuffers(Chunk);
        public readonly double[] ObservedExpected = new double[strata is null ? 0 : groups * RoadClasses.Count * Chunk];
        public readonly double[] Expected = new double[RoadClasses.Count * Chunk];
        public readonly double[] Whole = new double[RoadClasses.Count * Chunk];
        public double[] VehicleWeights = [];
        public double[] BlockWeights = [];
        public double[] Sums = [];
        public readonly double[] ClassSums = new double[2 * RoadClasses.Count * Chunk];
        public readonly double[] Observed = new double[groups * RoadClasses.Count * Chunk];
        public readonly double[] Congested = new double[groups * RoadClasses.Count * Chunk];
        public readonly double[] ClassVkt = new double[groups * RoadClasses.Count * Chunk];
        public readonly double[] TimeWeighted = new double[groups * Chunk];
        public readonly double[] FreeWeighted = new double[groups * Chunk];
    }

    private sealed partial class Pass
    {
        private double[] _repTpi = [];
        private double[] _repTti = [];
        private Worker[] _workers = [];

        /// <summary>Every replicate of the closing bin into <see cref="_repTpi"/> and <see cref="_repTti"/> (touched group x replicate).</summary>
        private void RunReplicates(int cells, int pairs)
        {
            int replicates = _options.IntervalReplicates;
            int chunks = (replicates + Chunk - 1) / Chunk;
            Grow(ref _repTpi, replicates * _touched.Count);
            Grow(ref _repTti, replicates * _touched.Count);
            if (_workers.Length == 0)
            {
                _workers = [.. Enumerable.Range(0, Math.Max(1, Environment.ProcessorCount)).Select(_ => new Worker(_groupBase[^1], _strata))];
            }

            int slices = (long)(pairs + cells) * replicates >= ParallelWork ? Math.Min(_workers.Length, chunks) : 1;
            if (slices == 1)
            {
                for (int chunk = 0; chunk < chunks; chunk++)
                {
                    Replicates(chunk * Chunk, cells, _workers[0]);
                }

                return;
            }

            // Chunks dealt round-robin to the slices; each writes only its own replicates' results.
            Parallel.For(0, slices, s =>
            {
                for (int chunk = s; chunk < chunks; chunk += slices)
                {
                    Replicates(chunk * Chunk, cells, _workers[s]);
                }
            });
        }

        /// <summary>
        /// Replicates <paramref name="first"/> .. first + 15 of the closing bin, one per lane: the weights, each cell's
        /// weighted sums, the class paces, then per cell the rule of <see cref="GroupIndexCalculator.IsCongested(RoadClass, double, double, double, double, CongestionOptions)"/>
        /// (compared by multiplication: speed &lt;= threshold as 3.6 metres &lt;= threshold x seconds) and every group's
        /// sums, and last each touched group's TPI and TTI.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void Replicates(int first, int cells, Worker w)
        {
            int vehicles = _localCount, blocks = _blockCount;
            Grow(ref w.VehicleWeights, vehicles * Chunk);
            Grow(ref w.BlockWeights, blocks * Chunk);
            Grow(ref w.Sums, cells * 3 * Chunk);
            for (int v = 0; v < vehicles; v++)
            {
                for (int r = 0; r < Chunk; r++)
                {
                    w.VehicleWeights[(v * Chunk) + r] = Weight(_globalOf[v], first + r, VehicleStream);
                }
            }

            for (int t = 0; t < blocks; t++)
            {
                for (int r = 0; r < Chunk; r++)
                {
                    w.BlockWeights[(t * Chunk) + r] = Weight(_blockGlobalOf[t], first + r, BlockStream);
                }
            }

            ref double weights = ref MemoryMarshal.GetArrayDataReference(w.VehicleWeights);
            ref double sums = ref MemoryMarshal.GetArrayDataReference(w.Sums);
            ref double classSums = ref MemoryMarshal.GetArrayDataReference(w.ClassSums);
            System.Array.Clear(w.ClassSums);
            for (int c = 0; c < cells; c++)
            {
                Vector256<double> s0 = default, s1 = default, s2 = default, s3 = default;
                Vector256<double> m0 = default, m1 = default, m2 = default, m3 = default;
                Vector256<double> n0 = default, n1 = default, n2 = default, n3 = default;
                for (int p = _pairStart[c]; p < _pairStart[c + 1]; p++)
                {
                    ref double wv = ref Unsafe.Add(ref weights, _pairVehicle[p] * Chunk);
                    var seconds = Vector256.Create(_pairSeconds[p]);
                    var metres = Vector256.Create(_pairMetres[p]);
                    Vector256<double> w0 = Vector256.LoadUnsafe(ref wv), w1 = Vector256.LoadUnsafe(ref wv, 4);
                    Vector256<double> w2 = Vector256.LoadUnsafe(ref wv, 8), w3 = Vector256.LoadUnsafe(ref wv, 12);
                    s0 += w0 * seconds; s1 += w1 * seconds; s2 += w2 * seconds; s3 += w3 * seconds;
                    m0 += w0 * metres; m1 += w1 * metres; m2 += w2 * metres; m3 += w3 * metres;
                    n0 += w0; n1 += w1; n2 += w2; n3 += w3;
                }

                ref double at = ref Unsafe.Add(ref sums, c * 3 * Chunk);
                s0.StoreUnsafe(ref at); s1.StoreUnsafe(ref at, 4); s2.StoreUnsafe(ref at, 8); s3.StoreUnsafe(ref at, 12);
                m0.StoreUnsafe(ref at, 16); m1.StoreUnsafe(ref at, 20); m2.StoreUnsafe(ref at, 24); m3.StoreUnsafe(ref at, 28);
                n0.StoreUnsafe(ref at, 32); n1.StoreUnsafe(ref at, 36); n2.StoreUnsafe(ref at, 40); n3.StoreUnsafe(ref at, 44);
                ref double u = ref w.BlockWeights[_cellBlock[c] * Chunk];
                ref double cs = ref Unsafe.Add(ref classSums, _cellClass[c] * 2 * Chunk);
                for (int i = 0; i < Chunk; i += 4)
                {
                    Vector256<double> ui = Vector256.LoadUnsafe(ref u, (nuint)i);
                    (Vector256.LoadUnsafe(ref cs, (nuint)i) + (ui * Vector256.LoadUnsafe(ref at, (nuint)i))).StoreUnsafe(ref cs, (nuint)i);
                    (Vector256.LoadUnsafe(ref cs, (nuint)(Chunk + i)) + (ui * Vector256.LoadUnsafe(ref at, (nuint)(Chunk + i)))).StoreUnsafe(ref cs, (nuint)(Chunk + i));
                }
            }

            // Class paces (seconds per metre) for the shrink; a class without metres has none (NaN), like the point's.
            for (int k = 0; k < Classes; k++)
            {
                ref double cs = ref Unsafe.Add(ref classSums, k * 2 * Chunk);
                for (int i = 0; i < Chunk; i += 4)
                {
                    (Vector256.LoadUnsafe(ref cs, (nuint)i) / Vector256.LoadUnsafe(ref cs, (nuint)(Chunk + i))).StoreUnsafe(ref cs, (nuint)i);
                }
            }

            AccumulateCells(cells, w);
            if (_strata is not null)
            {
                for (int r = 0; r < Chunk; r++)
                {
                    w.Strata!.PriorScale[r] = first + r < _priorScale.Length ? _priorScale[first + r] : 1;
                }

                _strata.Estimate(w.Strata!);
                AccumulateObservedExpected(cells, w);
            }

            Finish(first, w);
        }

        /// <summary>Each observed cell's lengths, VKT and travel-time sums into its groups, lane by lane.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void AccumulateCells(int cells, Worker w)
        {
            var minimum = Vector256.Create((double)_options.AggregateMinVehicles);
            var trusted = Vector256.Create((double)_options.MinVehicles);
            double shrinkWeight = _options.AggregateShrinkVehicles;
            var shrink = Vector256.Create(shrinkWeight);
            var kmh = Vector256.Create(3.6);
            var perKm = Vector256.Create(1 / 1000.0);
            var perHour = Vector256.Create(1 / 3600.0);
            ref double sums = ref MemoryMarshal.GetArrayDataReference(w.Sums);
            ref double classSums = ref MemoryMarshal.GetArrayDataReference(w.ClassSums);
            ref double observed = ref MemoryMarshal.GetArrayDataReference(w.Observed);
            ref double congested = ref MemoryMarshal.GetArrayDataReference(w.Congested);
            ref double classVkt = ref MemoryMarshal.GetArrayDataReference(w.ClassVkt);
            ref double timeWeighted = ref MemoryMarshal.GetArrayDataReference(w.TimeWeighted);
            ref double freeWeighted = ref MemoryMarshal.GetArrayDataReference(w.FreeWeighted);
            bool strata = _strata is not null;
            ref double strataObserved = ref strata ? ref MemoryMarshal.GetArrayDataReference(w.Strata!.Observed) : ref Unsafe.NullRef<double>();
            ref double strataCongested = ref strata ? ref MemoryMarshal.GetArrayDataReference(w.Strata!.Congested) : ref Unsafe.NullRef<double>();
            for (int c = 0; c < cells; c++)
            {
                int k = _cellClass[c], e = _speeds.Edges[_cellStart + c];
                int pair = strata ? _strata!.PairOfEdge[e] : 0;
                ref double at = ref Unsafe.Add(ref sums, c * 3 * Chunk);
                ref double u = ref w.BlockWeights[_cellBlock[c] * Chunk];
                ref double pace = ref Unsafe.Add(ref classSums, k * 2 * Chunk);
                var threshold = Vector256.Create(_congestedKmh[k]);
                var thresholdPace = Vector256.Create(3.6 / _congestedKmh[k]);
                var length = Vector256.Create(_network.LengthMetres[e]);
                var lengthOverFree = Vector256.Create(_network.LengthMetres[e] / _indices.EdgeFreeFlowKmh[e]);
                for (int i = 0; i < Chunk; i += 4)
                {
                    Vector256<double> s = Vector256.LoadUnsafe(ref at, (nuint)i);
                    Vector256<double> m = Vector256.LoadUnsafe(ref at, (nuint)(Chunk + i));
                    Vector256<double> n = Vector256.LoadUnsafe(ref at, (nuint)((2 * Chunk) + i));
                    Vector256<double> ui = Vector256.LoadUnsafe(ref u, (nuint)i);
                    Vector256<double> seen = Vector256.GreaterThanOrEqual(n, minimum) & Vector256.GreaterThan(ui, Vector256<double>.Zero);
                    if (seen == Vector256<double>.Zero)
                    {
                        continue;
                    }

                    // Speed m / s x 3.6 at or below the threshold; shrunk: 3.6 / ((n s/m + a pace) / (n + a)) at or below it.
                    Vector256<double> plain = Vector256.LessThanOrEqual(kmh * m, threshold * s);
                    Vector256<double> shrunk = Vector256.GreaterThanOrEqual((n * s) + (shrink * Vector256.LoadUnsafe(ref pace, (nuint)i) * m),
                        (n + shrink) * m * thresholdPace);
                    Vector256<double> thin = shrinkWeight > 0 ? Vector256.LessThan(n, trusted) : Vector256<double>.Zero;
                    Vector256<double> isCongested = Vector256.ConditionalSelect(thin, shrunk, plain) & seen;
                    Vector256<double> l = (ui * length) & seen;
                    Vector256<double> vkt = (ui * m * perKm) & seen;
                    Vector256<double> time = (l * s * perHour) & seen;
                    Vector256<double> free = vkt * lengthOverFree;
                    if (strata)
                    {
                        nuint pi = (nuint)((pair * Chunk) + i);
                        (Vector256.LoadUnsafe(ref strataObserved, pi) + l).StoreUnsafe(ref strataObserved, pi);
                        (Vector256.LoadUnsafe(ref strataCongested, pi) + (l & isCongested)).StoreUnsafe(ref strataCongested, pi);
                    }

                    for (int j = _memberOffsets[e]; j < _memberOffsets[e + 1]; j++)
                    {
                        int g = _members[j];
                        nuint gk = (nuint)((((g * Classes) + k) * Chunk) + i), gi = (nuint)((g * Chunk) + i);
                        (Vector256.LoadUnsafe(ref observed, gk) + l).StoreUnsafe(ref observed, gk);
                        (Vector256.LoadUnsafe(ref congested, gk) + (l & isCongested)).StoreUnsafe(ref congested, gk);
                        (Vector256.LoadUnsafe(ref classVkt, gk) + vkt).StoreUnsafe(ref classVkt, gk);
                        (Vector256.LoadUnsafe(ref timeWeighted, gi) + time).StoreUnsafe(ref timeWeighted, gi);
                        (Vector256.LoadUnsafe(ref freeWeighted, gi) + free).StoreUnsafe(ref freeWeighted, gi);
                    }
                }
            }
        }

        /// <summary>
        /// Each observed cell's length at its stratum's share into its groups (lane by lane), to be replaced in the
        /// class share by the cell's own reading, as <see cref="GroupIndexCalculator"/> does.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void AccumulateObservedExpected(int cells, Worker w)
        {
            var minimum = Vector256.Create((double)_options.AggregateMinVehicles);
            ref double sums = ref MemoryMarshal.GetArrayDataReference(w.Sums);
            ref double share = ref MemoryMarshal.GetArrayDataReference(w.Strata!.Share);
            ref double expected = ref MemoryMarshal.GetArrayDataReference(w.ObservedExpected);
            for (int c = 0; c < cells; c++)
            {
                int k = _cellClass[c], e = _speeds.Edges[_cellStart + c], pair = _strata!.PairOfEdge[e];
                ref double at = ref Unsafe.Add(ref sums, c * 3 * Chunk);
                ref double u = ref w.BlockWeights[_cellBlock[c] * Chunk];
                var length = Vector256.Create(_network.LengthMetres[e]);
                for (int i = 0; i < Chunk; i += 4)
                {
                    Vector256<double> n = Vector256.LoadUnsafe(ref at, (nuint)((2 * Chunk) + i));
                    Vector256<double> ui = Vector256.LoadUnsafe(ref u, (nuint)i);
                    Vector256<double> seen = Vector256.GreaterThanOrEqual(n, minimum) & Vector256.GreaterThan(ui, Vector256<double>.Zero);
                    if (seen == Vector256<double>.Zero)
                    {
                        continue;
                    }

                    Vector256<double> atShare = (ui * length * Vector256.LoadUnsafe(ref share, (nuint)((pair * Chunk) + i))) & seen;
                    for (int j = _memberOffsets[e]; j < _memberOffsets[e + 1]; j++)
                    {
                        nuint gk = (nuint)((((_members[j] * Classes) + k) * Chunk) + i);
                        (Vector256.LoadUnsafe(ref expected, gk) + atShare).StoreUnsafe(ref expected, gk);
                    }
                }
            }
        }

        /// <summary>Every touched group's TPI and TTI per lane, as <see cref="GroupIndexCalculator"/> forms them; clears the accumulators.</summary>
        private void Finish(int first, Worker w)
        {
            int replicates = _options.IntervalReplicates;
            int lanes = Math.Min(Chunk, replicates - first);
            for (int t = 0; t < _touched.Count; t++)
            {
                int g = _touched[t];
                if (_strata is not null)
                {
                    w.Expected.AsSpan().Clear();
                    w.Whole.AsSpan().Clear();
                    _strataLengths!.AddExpected(g, w.Strata!, _blockWeightTable, replicates, first, lanes, w.Expected, w.Whole);
                }

                for (int r = 0; r < lanes; r++)
                {
                    double totalVkt = 0, ratio = 0;
                    for (int k = 0; k < Classes; k++)
                    {
                        totalVkt += w.ClassVkt[(((g * Classes) + k) * Chunk) + r];
                    }

                    for (int k = 0; k < Classes; k++)
                    {
                        int i = (((g * Classes) + k) * Chunk) + r;
                        if (w.Observed[i] > 0 && totalVkt > 0)
                        {
                            double share = _strata is null
                                ? w.Congested[i] / w.Observed[i]
                                : Math.Clamp((w.Congested[i] + w.Expected[(k * Chunk) + r] - w.ObservedExpected[i]) / w.Whole[(k * Chunk) + r], 0, 1);
                            ratio += w.ClassVkt[i] / totalVkt * share;
                        }
                    }

                    double free = w.FreeWeighted[(g * Chunk) + r];
                    _repTpi[(t * replicates) + first + r] = totalVkt > 0 ? _options.Tpi.Index(ratio) : double.NaN;
                    _repTti[(t * replicates) + first + r] = free > 0 ? w.TimeWeighted[(g * Chunk) + r] / free : double.NaN;
                }

                w.Observed.AsSpan(g * Classes * Chunk, Classes * Chunk).Clear();
                w.Congested.AsSpan(g * Classes * Chunk, Classes * Chunk).Clear();
                w.ClassVkt.AsSpan(g * Classes * Chunk, Classes * Chunk).Clear();
                w.TimeWeighted.AsSpan(g * Chunk, Chunk).Clear();
                w.FreeWeighted.AsSpan(g * Chunk, Chunk).Clear();
                if (_strata is not null)
                {
                    w.ObservedExpected.AsSpan(g * Classes * Chunk, Classes * Chunk).Clear();
                }
            }
        }
    }
}
