using TrafficEngine.Geo;

namespace TrafficEngine.Congestion;

/// <summary>
/// Computes TPI, TTI, speed and congested shares per group of edges (the city, areas, corridors) and bin, from the
/// cells seen by at least <see cref="CongestionOptions.AggregateMinVehicles"/> vehicles. Membership is a CSR list: edge e belongs to groups <c>members[offsets[e] .. offsets[e+1]-1]</c>.
/// Per bin and group: for each road class k, R_k = congested length / the class's length and w_k = class VKT share;
/// R = sum w_k R_k; TPI = the scale's map of R (DOMAIN.md §3). The unobserved length of a class is taken as congested
/// as its stratum's observed length (<see cref="SelectionStrata"/>); with <see cref="CongestionOptions.SelectionCellMetres"/>
/// 0, R_k is the observed length's congested share.
/// </summary>
public static class GroupIndexCalculator
{
    private const int Classes = RoadClasses.Count;

    /// <summary>Membership of every edge in the single group 0: the city.</summary>
    public static (int[] Offsets, int[] Members) WholeNetwork(int edgeCount)
    {
        var offsets = new int[edgeCount + 1];
        for (int e = 0; e <= edgeCount; e++)
        {
            offsets[e] = e;
        }

        return (offsets, new int[edgeCount]);
    }

    public static GroupIndexTable Compute(RoadNetwork network, SegmentSpeedTable speeds, SegmentIndices indices,
        ReadOnlySpan<int> offsets, ReadOnlySpan<int> members, int groupCount, CongestionOptions options)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(speeds);
        ArgumentNullException.ThrowIfNull(indices);
        ArgumentNullException.ThrowIfNull(options);
        if (offsets.Length != network.EdgeCount + 1)
        {
            throw new ArgumentException($"Membership offsets need {network.EdgeCount + 1} entries.", nameof(offsets));
        }

        var observed = new double[groupCount * Classes];
        var congested = new double[groupCount * Classes];
        var classVkt = new double[groupCount * Classes];
        var timeWeighted = new double[groupCount];
        var freeWeighted = new double[groupCount];
        var metres = new double[groupCount];
        var seconds = new double[groupCount];
        var traversals = new int[groupCount];
        var segments = new int[groupCount];
        var touched = new List<int>();
        var wholeLength = new double[groupCount * Classes];
        for (int e = 0; e < network.EdgeCount; e++)
        {
            for (int m = offsets[e]; m < offsets[e + 1]; m++)
            {
                wholeLength[(members[m] * Classes) + (int)network.Classes[e]] += network.LengthMetres[e];
            }
        }

        SelectionStrata? strata = SelectionStrata.For(network, options);
        SelectionStrata.GroupLengths? strataLengths = strata?.Lengths(network, offsets, members, groupCount);
        SelectionStrata.Buffers? estimates = strata?.CreateBuffers(1);
        var observedExpected = new double[strata is null ? 0 : groupCount * Classes];
        Span<double> expected = stackalloc double[Classes];
        var rows = new Rows();
        ReadOnlySpan<double> length = network.LengthMetres;
        ReadOnlySpan<RoadClass> classes = network.Classes;

        Span<double> classPace = stackalloc double[Classes];
        Span<double> classMetres = stackalloc double[Classes];
        int c = 0;
        while (c < speeds.Count)
        {
            long bin = speeds.BinStartMs[c];
            touched.Clear();
            int binEnd = c;
            classPace.Clear();
            classMetres.Clear();
            for (; binEnd < speeds.Count && speeds.BinStartMs[binEnd] == bin; binEnd++)
            {
                int k0 = (int)classes[speeds.Edges[binEnd]];
                classPace[k0] += speeds.Seconds[binEnd];
                classMetres[k0] += speeds.Metres[binEnd];
            }

            for (int k0 = 0; k0 < Classes; k0++)
            {
                classPace[k0] = classMetres[k0] > 0 ? classPace[k0] / classMetres[k0] : double.NaN;
            }

            int binStart = c;
            for (; c < binEnd; c++)
            {
                if (speeds.Vehicles[c] < options.AggregateMinVehicles)
                {
                    continue;
                }

                int e = speeds.Edges[c];
                int k = (int)classes[e];
                bool isCongested = IsCongested(c, classes[e], classPace[k], speeds, indices, options);
                if (estimates is not null)
                {
                    int pair = strata!.PairOfEdge[e];
                    estimates.Observed[pair] += length[e];
                    estimates.Congested[pair] += isCongested ? length[e] : 0;
                }

                double vkt = speeds.Vkt(c);
                double speed = speeds.SpeedKmh(c);
                for (int m = offsets[e]; m < offsets[e + 1]; m++)
                {
                    int g = members[m];
                    if (segments[g] == 0)
                    {
                        touched.Add(g);
                    }

                    observed[(g * Classes) + k] += length[e];
                    if (isCongested)
                    {
                        congested[(g * Classes) + k] += length[e];
                    }

                    classVkt[(g * Classes) + k] += vkt;
                    timeWeighted[g] += vkt * length[e] / speed;
                    freeWeighted[g] += vkt * length[e] / indices.EdgeFreeFlowKmh[e];
                    metres[g] += speeds.Metres[c];
                    seconds[g] += speeds.Seconds[c];
                    traversals[g] += speeds.Traversals[c];
                    segments[g]++;
                }
            }

            if (estimates is not null)
            {
                // The observed edges' length at their strata's shares, to be replaced by their own readings.
                strata!.Estimate(estimates);
                for (int i = binStart; i < binEnd; i++)
                {
                    if (speeds.Vehicles[i] < options.AggregateMinVehicles)
                    {
                        continue;
                    }

                    int e = speeds.Edges[i];
                    double atShare = length[e] * estimates.Share[strata.PairOfEdge[e]];
                    for (int m = offsets[e]; m < offsets[e + 1]; m++)
                    {
                        observedExpected[(members[m] * Classes) + (int)classes[e]] += atShare;
                    }
                }
            }

            foreach (int g in touched)
            {
                double totalVkt = 0, ratio = 0, observedAll = 0, congestedAll = 0, coverage = 0;
                expected.Clear();
                strataLengths?.AddExpected(g, estimates!, expected);
                for (int k = 0; k < Classes; k++)
                {
                    totalVkt += classVkt[(g * Classes) + k];
                }

                for (int k = 0; k < Classes; k++)
                {
                    int i = (g * Classes) + k;
                    if (observed[i] > 0 && totalVkt > 0)
                    {
                        double share = strata is null
                            ? congested[i] / observed[i]
                            : Math.Clamp((congested[i] + expected[k] - observedExpected[i]) / wholeLength[i], 0, 1);
                        ratio += classVkt[i] / totalVkt * share;
                        coverage += classVkt[i] / totalVkt * Math.Min(1, observed[i] / wholeLength[i]);
                    }

                    observedAll += observed[i];
                    congestedAll += congested[i];
                    observed[i] = congested[i] = classVkt[i] = 0;
                    if (strata is not null)
                    {
                        observedExpected[i] = 0;
                    }
                }

                // Too little of the network observed to say anything: published as insufficient data, never as a number.
                bool enough = coverage >= options.MinCoverage;
                double tpi = enough ? options.Tpi.Index(ratio) : double.NaN;
                rows.Add(g, bin, tpi, enough ? TpiScale.Band(tpi) : CongestionLevel.FreeFlow, timeWeighted[g] / freeWeighted[g], metres[g] / seconds[g] * 3.6,
                    congestedAll / observedAll, ratio, totalVkt, traversals[g], segments[g], coverage);
                timeWeighted[g] = freeWeighted[g] = metres[g] = seconds[g] = 0;
                traversals[g] = segments[g] = 0;
            }
        }

        return rows.ToTable();
    }

    /// <summary>
    /// Whether a cell counts as congested in an aggregate. A cell seen by fewer than <see cref="CongestionOptions.MinVehicles"/>
    /// vehicles is one or two readings: its pace (seconds per metre) is shrunk towards the bin's pace on its road class
    /// with the weight of <see cref="CongestionOptions.AggregateShrinkVehicles"/> vehicles, so one delayed taxi does not
    /// make a road congested, while several slow ones still do.
    /// </summary>
    private static bool IsCongested(int c, RoadClass roadClass, double classPace, SegmentSpeedTable speeds, SegmentIndices indices,
        CongestionOptions options)
    {
        int n = speeds.Vehicles[c];
        if (n >= options.MinVehicles || options.AggregateShrinkVehicles <= 0 || double.IsNaN(classPace))
        {
            return indices.Levels[c] >= options.CongestedFrom;
        }

        return IsCongested(roadClass, speeds.Seconds[c], speeds.Metres[c], n, classPace, options);
    }

    /// <summary>
    /// The same rule for a cell given by its sums: <paramref name="vehicles"/> may be a bootstrap replicate's weighted
    /// count (see <see cref="VehicleBootstrap"/>).
    /// </summary>
    internal static bool IsCongested(RoadClass roadClass, double seconds, double metres, double vehicles, double classPace, CongestionOptions options)
    {
        if (vehicles >= options.MinVehicles || options.AggregateShrinkVehicles <= 0 || double.IsNaN(classPace))
        {
            return options.Thresholds.Classify(roadClass, metres / seconds * 3.6) >= options.CongestedFrom;
        }

        double pace = seconds / metres;
        double shrunk = ((vehicles * pace) + (options.AggregateShrinkVehicles * classPace)) / (vehicles + options.AggregateShrinkVehicles);
        return options.Thresholds.Classify(roadClass, 3.6 / shrunk) >= options.CongestedFrom;
    }

    private sealed class Rows
    {
        private readonly List<int> _groups = [];
        private readonly List<long> _bins = [];
        private readonly List<double> _tpi = [];
        private readonly List<CongestionLevel> _levels = [];
        private readonly List<double> _tti = [];
        private readonly List<double> _speed = [];
        private readonly List<double> _share = [];
        private readonly List<double> _ratio = [];
        private readonly List<double> _vkt = [];
        private readonly List<int> _traversals = [];
        private readonly List<int> _segments = [];
        private readonly List<double> _coverage = [];

        public void Add(int group, long bin, double tpi, CongestionLevel level, double tti, double speed, double share,
            double ratio, double vkt, int traversals, int segments, double coverage)
        {
            _coverage.Add(coverage);
            _groups.Add(group);
            _bins.Add(bin);
            _tpi.Add(tpi);
            _levels.Add(level);
            _tti.Add(tti);
            _speed.Add(speed);
            _share.Add(share);
            _ratio.Add(ratio);
            _vkt.Add(vkt);
            _traversals.Add(traversals);
            _segments.Add(segments);
        }

        public GroupIndexTable ToTable()
        {
            int[] order = [.. Enumerable.Range(0, _groups.Count).OrderBy(i => _groups[i]).ThenBy(i => _bins[i])];
            return new GroupIndexTable(
                [.. order.Select(i => _groups[i])], [.. order.Select(i => _bins[i])], [.. order.Select(i => _tpi[i])],
                [.. order.Select(i => _levels[i])], [.. order.Select(i => _tti[i])], [.. order.Select(i => _speed[i])],
                [.. order.Select(i => _share[i])], [.. order.Select(i => _ratio[i])], [.. order.Select(i => _vkt[i])],
                [.. order.Select(i => _traversals[i])], [.. order.Select(i => _segments[i])], [.. order.Select(i => _coverage[i])]);
        }
    }
}
