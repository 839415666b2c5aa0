using TrafficEngine.Geo;

namespace TrafficEngine.Congestion;

/// <summary>
/// Post-stratification of the congested-length share. The published R_k is the congested share of a class's whole
/// length (DOMAIN.md §3), but a probe fleet sees the roads it drives: central arterials by the hot spots, not the
/// quiet ones at the edge of town. The share of the observed edges alone therefore overstates R_k (measured on
/// simulated days: 6.6 % congested on observed edges against 4.6 % over the network, bench/RESULTS.md).
/// The network is cut into strata, a road class within a square cell of <see cref="CongestionOptions.SelectionCellMetres"/>;
/// an unobserved edge is taken to be as congested as the observed length of its stratum, shrunk towards its coarse
/// stratum (the same class in a cell four times the side) and that towards the class as a whole, each with the weight
/// of <see cref="CongestionOptions.SelectionPriorMetres"/> metres of observed length:
/// s_k = C_k / O_k;  s_coarse = (C + m s_k) / (O + m);  s_fine = (C + m s_coarse) / (O + m).
/// A group's class share is then (C_obs + sum over its unobserved length of L s_stratum) / its class length, written
/// as (C_obs + sum_s W_s s_s - sum_obs L_e s_(e)) / W. Observed edges keep their own reading; a fully observed group
/// reads exactly as before.
/// </summary>
internal sealed class SelectionStrata
{
    private const int Classes = RoadClasses.Count;
    private const int CoarseFactor = 4;

    private readonly int[] _pairOfEdge;
    private readonly int[] _coarseOfPair;
    private readonly int[] _classOfCoarse;
    private readonly double _priorMetres;

    private SelectionStrata(int[] pairOfEdge, int[] coarseOfPair, int[] classOfCoarse, double priorMetres)
    {
        _pairOfEdge = pairOfEdge;
        _coarseOfPair = coarseOfPair;
        _classOfCoarse = classOfCoarse;
        _priorMetres = priorMetres;
    }

    /// <summary>Fine strata (class within a cell), numbered densely.</summary>
    public int Pairs => _coarseOfPair.Length;

    /// <summary>Coarse strata (class within a cell of four times the side).</summary>
    public int CoarsePairs => _classOfCoarse.Length;

    /// <summary>The fine stratum of every edge.</summary>
    public ReadOnlySpan<int> PairOfEdge => _pairOfEdge;

    /// <summary>The strata of <paramref name="network"/>, or null when <see cref="CongestionOptions.SelectionCellMetres"/> is 0 (no correction).</summary>
    public static SelectionStrata? For(RoadNetwork network, CongestionOptions options)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(options);
        if (options.SelectionCellMetres <= 0)
        {
            return null;
        }

        // The coarse square from the fine one's grid coordinates, so that every fine stratum lies in one coarse stratum.
        (long X, long Y)[] fine = VehicleBootstrap.Squares(network, options.SelectionCellMetres);
        var pairs = new Dictionary<(long X, long Y, RoadClass Class), int>();
        var coarsePairs = new Dictionary<(long X, long Y, RoadClass Class), int>();
        var pairOfEdge = new int[network.EdgeCount];
        var coarseOfPair = new List<int>();
        var classOfCoarse = new List<int>();
        for (int e = 0; e < network.EdgeCount; e++)
        {
            RoadClass k = network.Classes[e];
            (long x, long y) = fine[e];
            if (!pairs.TryGetValue((x, y, k), out int pair))
            {
                var coarse = (VehicleBootstrap.FloorDiv(x, CoarseFactor), VehicleBootstrap.FloorDiv(y, CoarseFactor), k);
                if (!coarsePairs.TryGetValue(coarse, out int c))
                {
                    c = coarsePairs.Count;
                    coarsePairs.Add(coarse, c);
                    classOfCoarse.Add((int)k);
                }

                pair = pairs.Count;
                pairs.Add((x, y, k), pair);
                coarseOfPair.Add(c);
            }

            pairOfEdge[e] = pair;
        }

        return new SelectionStrata(pairOfEdge, [.. coarseOfPair], [.. classOfCoarse], options.SelectionPriorMetres);
    }

    /// <summary>
    /// Each group's whole length per fine stratum (CSR by group), from an edge membership (CSR by edge); with
    /// <paramref name="blockOf"/>, per (fine stratum, block) so that a bootstrap replicate can weigh each block's length.
    /// </summary>
    public GroupLengths Lengths(RoadNetwork network, ReadOnlySpan<int> offsets, ReadOnlySpan<int> members, int groupCount,
        int[]? blockOf = null)
    {
        long blocks = blockOf is null || blockOf.Length == 0 ? 1 : blockOf.Max() + 1L;
        var sums = new Dictionary<(int Group, int Pair, int Block), double>();
        for (int e = 0; e < network.EdgeCount; e++)
        {
            int blockOfEdge = blockOf is null ? 0 : blockOf[e];
            for (int m = offsets[e]; m < offsets[e + 1]; m++)
            {
                var key = (members[m], _pairOfEdge[e], blockOfEdge);
                sums[key] = sums.GetValueOrDefault(key) + network.LengthMetres[e];
            }
        }

        (int Group, int Pair, int Block)[] keys = [.. sums.Keys.Order()];
        var start = new int[groupCount + 1];
        var pair = new int[keys.Length];
        var block = new int[keys.Length];
        var length = new double[keys.Length];
        for (int i = 0; i < keys.Length; i++)
        {
            start[keys[i].Group + 1]++;
            pair[i] = keys[i].Pair;
            block[i] = keys[i].Block;
            length[i] = sums[keys[i]];
        }

        for (int g = 0; g < groupCount; g++)
        {
            start[g + 1] += start[g];
        }

        var classOfPair = new int[Pairs];
        for (int p = 0; p < Pairs; p++)
        {
            classOfPair[p] = _classOfCoarse[_coarseOfPair[p]];
        }

        return new GroupLengths(start, pair, block, length, classOfPair, (int)blocks);
    }

    /// <summary>Buffers for <paramref name="lanes"/> estimates side by side (lane fastest: index = stratum x lanes + lane).</summary>
    public Buffers CreateBuffers(int lanes) => new(Pairs, CoarsePairs, lanes);

    /// <summary>
    /// Every fine stratum's share into <see cref="Buffers.Share"/> from the observed and congested lengths gathered in
    /// <see cref="Buffers.Observed"/> and <see cref="Buffers.Congested"/>, which it clears for the next bin.
    /// </summary>
    public void Estimate(Buffers b)
    {
        int lanes = b.Lanes;
        System.Array.Clear(b.CoarseObserved);
        System.Array.Clear(b.CoarseCongested);
        System.Array.Clear(b.ClassObserved);
        System.Array.Clear(b.ClassCongested);
        for (int p = 0; p < Pairs; p++)
        {
            int c = _coarseOfPair[p], k = _classOfCoarse[c];
            for (int r = 0; r < lanes; r++)
            {
                double o = b.Observed[(p * lanes) + r], x = b.Congested[(p * lanes) + r];
                b.CoarseObserved[(c * lanes) + r] += o;
                b.CoarseCongested[(c * lanes) + r] += x;
                b.ClassObserved[(k * lanes) + r] += o;
                b.ClassCongested[(k * lanes) + r] += x;
            }
        }

        for (int i = 0; i < Classes * lanes; i++)
        {
            b.ClassShare[i] = b.ClassObserved[i] > 0 ? b.ClassCongested[i] / b.ClassObserved[i] : 0;
        }

        for (int c = 0; c < CoarsePairs; c++)
        {
            int k = _classOfCoarse[c];
            for (int r = 0; r < lanes; r++)
            {
                int i = (c * lanes) + r;
                b.CoarseShare[i] = Shrunk(b.CoarseCongested[i], b.CoarseObserved[i], b.ClassShare[(k * lanes) + r], _priorMetres * b.PriorScale[r]);
            }
        }

        for (int p = 0; p < Pairs; p++)
        {
            int c = _coarseOfPair[p];
            for (int r = 0; r < lanes; r++)
            {
                int i = (p * lanes) + r;
                b.Share[i] = Shrunk(b.Congested[i], b.Observed[i], b.CoarseShare[(c * lanes) + r], _priorMetres * b.PriorScale[r]);
            }
        }

        System.Array.Clear(b.Observed);
        System.Array.Clear(b.Congested);
    }

    /// <summary>The stratum's share shrunk towards its parent's with the weight of <paramref name="prior"/> metres.</summary>
    private static double Shrunk(double congested, double observed, double parent, double prior) =>
        observed + prior > 0 ? (congested + (prior * parent)) / (observed + prior) : parent;

    /// <summary>
    /// The estimates of one bin: per-stratum sums in, per-stratum shares out; lane = replicate. <see cref="PriorScale"/>
    /// scales the prior per lane (1 for the point estimate): a bootstrap replicate on a network resampled in blocks
    /// has W_b metres of road for the W of the real one, and its prior weighs W_b / W as much, so that the prior is
    /// the same share of the network in every replicate (with one block, a replicate is then the point estimate on
    /// its resampled fleet whatever the block weighs).
    /// </summary>
    internal sealed class Buffers(int pairs, int coarse, int lanes)
    {
        public int Lanes { get; } = lanes;
        public readonly double[] PriorScale = Enumerable.Repeat(1.0, lanes).ToArray();
        public readonly double[] Observed = new double[pairs * lanes];
        public readonly double[] Congested = new double[pairs * lanes];
        public readonly double[] Share = new double[pairs * lanes];
        public readonly double[] CoarseObserved = new double[coarse * lanes];
        public readonly double[] CoarseCongested = new double[coarse * lanes];
        public readonly double[] CoarseShare = new double[coarse * lanes];
        public readonly double[] ClassObserved = new double[Classes * lanes];
        public readonly double[] ClassCongested = new double[Classes * lanes];
        public readonly double[] ClassShare = new double[Classes * lanes];
    }

    /// <summary>
    /// Each group's whole length per fine stratum and block: stratum <c>Pair[i]</c> holds <c>Length[i]</c> metres of
    /// group g in block <c>Block[i]</c> (0 without blocks) for i in Start[g] .. Start[g+1]-1.
    /// </summary>
    internal sealed record GroupLengths(int[] Start, int[] Pair, int[] Block, double[] Length, int[] ClassOfPair, int BlockCount)
    {
        /// <summary>
        /// Adds to <paramref name="perClass"/> (class x lanes + lane) the group's whole length per class times its
        /// strata's shares: the congested length the group would have were every edge as its stratum.
        /// </summary>
        public void AddExpected(int group, Buffers b, Span<double> perClass)
        {
            int lanes = b.Lanes;
            for (int i = Start[group]; i < Start[group + 1]; i++)
            {
                int p = Pair[i], k = ClassOfPair[p];
                double w = Length[i];
                for (int r = 0; r < lanes; r++)
                {
                    perClass[(k * lanes) + r] += w * b.Share[(p * lanes) + r];
                }
            }
        }

        /// <summary>
        /// The same for bootstrap replicates <paramref name="first"/> .. first + lanes - 1 on a resampled network: each
        /// block's length counted as often as the block weighs (<paramref name="blockWeights"/>[block x
        /// <paramref name="stride"/> + replicate]); also adds the resampled whole length per class to <paramref name="whole"/>.
        /// </summary>
        public void AddExpected(int group, Buffers b, ReadOnlySpan<byte> blockWeights, int stride, int first, int lanes,
            Span<double> perClass, Span<double> whole)
        {
            int width = b.Lanes;
            for (int i = Start[group]; i < Start[group + 1]; i++)
            {
                int p = Pair[i], k = ClassOfPair[p];
                double w = Length[i];
                ReadOnlySpan<byte> u = blockWeights.Slice((Block[i] * stride) + first, lanes);
                ReadOnlySpan<double> share = b.Share.AsSpan(p * width, lanes);
                Span<double> into = perClass.Slice(k * width, lanes), length = whole.Slice(k * width, lanes);
                for (int r = 0; r < lanes; r++)
                {
                    double l = w * u[r];
                    into[r] += l * share[r];
                    length[r] += l;
                }
            }
        }
    }
}
