using TrafficEngine.Geo;

namespace TrafficEngine.Congestion;

/// <summary>
/// How sure a city, area or corridor figure is: the distinct vehicles behind each row, and intervals of its TPI and
/// TTI from a Poisson bootstrap over vehicles. The vehicle is the unit resampled because it is the unit sampled: a
/// probe fleet is a sample of the vehicles on the roads, and one vehicle's traversals are not independent of each
/// other (one slow taxi slows every edge it drives).
/// In replicate b every vehicle v weighs w_b(v) ~ Poisson(1), drawn from a hash of (v, b): nothing is stored, and a
/// vehicle weighs the same in every bin, so each replicate is one resampled fleet for the whole feed. A second pass
/// over the bin-sorted traversals (free flow and levels known by then) rebuilds, bin by bin and replicate by
/// replicate, each cell's seconds, metres and vehicles as weighted sums, classifies the cell by the rule of
/// <see cref="GroupIndexCalculator"/> (the thin-cell shrink included, the weighted vehicle count standing for the
/// cell's vehicles; a cell whose vehicles all weigh 0 is unobserved), and works out the replicate's TPI and TTI per
/// group by the same formulas. Weighting is resampling: replicate b equals the point estimate on a fleet in which
/// vehicle v appears w_b(v) times. The interval is the (1 - level) / 2 and (1 + level) / 2 percentiles of the
/// replicates that observed the group, widened where needed to hold the point estimate (see <see cref="Interval"/>).
/// Rows without a TPI (coverage below <see cref="CongestionOptions.MinCoverage"/>) get no interval.
/// Memory: one bin's rows and cells, and a byte per (vehicle of the bin, replicate); the replicates of a bin run in
/// parallel, each on its own buffers, so the result does not depend on the threads.
/// </summary>
internal static partial class VehicleBootstrap
{
    /// <summary>One set of groups (the city, the areas or the corridors): its point estimates and edge membership (CSR).</summary>
    internal sealed record Grouping(GroupIndexTable Table, int[] Offsets, int[] Members, int GroupCount);

    /// <summary>Hears every (grouping, group, bin)'s replicate TPIs and TTIs (NaN where a replicate observed none of the group).</summary>
    internal delegate void ReplicateObserver(int grouping, int group, long binStartMs, ReadOnlySpan<double> tpi, ReadOnlySpan<double> tti);

    /// <summary>
    /// The groupings' tables with <see cref="GroupIndexTable.Vehicles"/> and the intervals filled in, from the
    /// traversals in bin order (<paramref name="chunks"/>: the same rows, in the same order, as the speed table was
    /// aggregated from; vehicles dense below <paramref name="vehicleCount"/>).
    /// </summary>
    public static GroupIndexTable[] Apply(RoadNetwork network, SegmentSpeedTable speeds, SegmentIndices indices,
        IEnumerable<TraversalSpill.Rows> chunks, int vehicleCount, IReadOnlyList<Grouping> groupings, CongestionOptions options,
        ReplicateObserver? observer = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(speeds);
        ArgumentNullException.ThrowIfNull(indices);
        ArgumentNullException.ThrowIfNull(chunks);
        ArgumentNullException.ThrowIfNull(groupings);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(vehicleCount);
        options.Validate();
        var pass = new Pass(network, speeds, indices, groupings, options, vehicleCount, observer);
        foreach (TraversalSpill.Rows chunk in chunks)
        {
            cancel.ThrowIfCancellationRequested();
            pass.Add(chunk);
        }

        pass.Close();
        return pass.Tables();
    }

    /// <summary>
    /// The published interval from the finite replicate values (sorted in place): the percentiles at (1 - level) / 2
    /// and (1 + level) / 2, widened to hold <paramref name="point"/>. The percentile interval, not the basic one
    /// (2 x point - percentiles): the TPI is capped at 0 and 10 and the basic interval would cross the caps. Widened
    /// because a figure published outside its own interval reads as a contradiction, and where it happens (a bin
    /// whose TPI rests on a few thin cells, where resampling shifts the shrinkage) the point is as likely as the
    /// replicates. NaN when no replicate observed the group.
    /// </summary>
    internal static (double Low, double High) Interval(Span<double> finite, double point, double level)
    {
        if (finite.IsEmpty || double.IsNaN(point))
        {
            return (double.NaN, double.NaN);
        }

        finite.Sort();
        double low = Percentiles.OfSorted(finite, (1 - level) / 2);
        double high = Percentiles.OfSorted(finite, (1 + level) / 2);
        return (Math.Min(low, point), Math.Max(high, point));
    }

    /// <summary>
    /// Every edge's block: the square of <paramref name="metres"/> side (on a local east-north grid) holding the edge's
    /// midpoint, numbered densely; with 0, every edge its own block.
    /// </summary>
    internal static int[] Blocks(RoadNetwork network, double metres)
    {
        var blocks = new int[network.EdgeCount];
        if (metres <= 0)
        {
            for (int e = 0; e < blocks.Length; e++)
            {
                blocks[e] = e;
            }

            return blocks;
        }

        (long X, long Y)[] squares = Squares(network, metres);
        var numbers = new Dictionary<(long X, long Y), int>();
        for (int e = 0; e < blocks.Length; e++)
        {
            if (!numbers.TryGetValue(squares[e], out int number))
            {
                number = numbers.Count;
                numbers.Add(squares[e], number);
            }

            blocks[e] = number;
        }

        return blocks;
    }

    /// <summary>
    /// Every edge's square of <paramref name="metres"/> side holding its midpoint, as grid coordinates: north metres
    /// are lat x 110,574, east metres lon x 111,320 x cos of the midpoint's latitude rounded to a whole degree (bands
    /// of one degree, each an exact grid; a band's edge is one more cell border). No reference taken from the network,
    /// so an edge falls in the same square whatever else was loaded with it (a network clipped to a district cuts the
    /// same squares).
    /// </summary>
    internal static (long X, long Y)[] Squares(RoadNetwork network, double metres)
    {
        var squares = new (long X, long Y)[network.EdgeCount];
        for (int e = 0; e < squares.Length; e++)
        {
            int from = network.EdgeFrom[e], to = network.EdgeTo[e];
            double lon = (network.NodeLon[from] + network.NodeLon[to]) / 2, lat = (network.NodeLat[from] + network.NodeLat[to]) / 2;
            squares[e] = ((long)Math.Floor(lon * 111_320 * Math.Cos(Math.Round(lat) * Math.PI / 180) / metres), (long)Math.Floor(lat * 110_574 / metres));
        }

        return squares;
    }

    internal static long FloorDiv(long a, long b)
    {
        long q = Math.DivRem(a, b, out long r);
        return r < 0 ? q - 1 : q;
    }

    /// <summary>The state of one pass: the bin being gathered, the groups' table rows, the outputs.</summary>
    private sealed partial class Pass
    {
        private const int Classes = RoadClasses.Count;

        private readonly RoadNetwork _network;
        private readonly SegmentSpeedTable _speeds;
        private readonly SegmentIndices _indices;
        private readonly CongestionOptions _options;
        private readonly IReadOnlyList<Grouping> _groupings;
        private readonly ReplicateObserver? _observer;
        private readonly double _minKmh;
        private readonly double _maxKmh;

        // Every grouping's groups numbered one after another: global group = _groupBase[grouping] + group.
        private readonly int[] _groupBase;
        private readonly int[] _groupingOf;
        private readonly int[] _memberOffsets;
        private readonly int[] _members;

        // Per global group: its next table row (rows are ordered by group, then bin) and the end of its rows.
        private readonly int[] _rowCursor;
        private readonly int[] _rowEnd;

        private readonly int[][] _vehicles;
        private readonly double[][] _tpiLow;
        private readonly double[][] _tpiHigh;
        private readonly double[][] _ttiLow;
        private readonly double[][] _ttiHigh;

        // The open bin: its cells in the speed table, each edge's cell in it, each vehicle's number in it.
        private long _bin = long.MinValue;
        private int _cellStart;
        private int _cellEnd;
        private readonly int[] _cellOf;
        private readonly int[] _blockOf;
        private readonly int[] _blockLocalOf;
        private readonly double[] _congestedKmh;

        // The selection correction (null when off): strata, each group's length per (stratum, block), and every
        // block's weight per replicate (block x replicates + replicate), the whole network's since unobserved
        // blocks count in a group's resampled length.
        private readonly SelectionStrata? _strata;
        private readonly SelectionStrata.GroupLengths? _strataLengths;
        private readonly byte[] _blockWeightTable = [];
        private readonly double[] _priorScale = [];
        private int[] _localOf;
        private int[] _globalOf = new int[256];
        private int _localCount;

        // The open bin's rows: local cell, local vehicle, seconds, metres.
        private int[] _rowCell = new int[1024];
        private int[] _rowVehicle = new int[1024];
        private double[] _rowSeconds = new double[1024];
        private double[] _rowMetres = new double[1024];
        private int _rowCount;

        public Pass(RoadNetwork network, SegmentSpeedTable speeds, SegmentIndices indices, IReadOnlyList<Grouping> groupings,
            CongestionOptions options, int vehicleCount, ReplicateObserver? observer)
        {
            _network = network;
            _speeds = speeds;
            _indices = indices;
            _options = options;
            _groupings = groupings;
            _observer = observer;
            _minKmh = options.MinTraversalSpeedKmh;
            _maxKmh = options.MaxTraversalSpeedKmh;
            _groupBase = new int[groupings.Count + 1];
            for (int i = 0; i < groupings.Count; i++)
            {
                if (groupings[i].Offsets.Length != network.EdgeCount + 1)
                {
                    throw new ArgumentException($"Membership offsets need {network.EdgeCount + 1} entries.", nameof(groupings));
                }

                _groupBase[i + 1] = _groupBase[i] + groupings[i].GroupCount;
            }

            int groups = _groupBase[^1];
            _groupingOf = new int[groups];
            for (int i = 0; i < groupings.Count; i++)
            {
                _groupingOf.AsSpan(_groupBase[i], groupings[i].GroupCount).Fill(i);
            }

            (_memberOffsets, _members) = Combined(network.EdgeCount, groupings, _groupBase);
            _rowCursor = new int[groups];
            _rowEnd = new int[groups];
            _vehicles = new int[groupings.Count][];
            _tpiLow = new double[groupings.Count][];
            _tpiHigh = new double[groupings.Count][];
            _ttiLow = new double[groupings.Count][];
            _ttiHigh = new double[groupings.Count][];
            for (int i = 0; i < groupings.Count; i++)
            {
                GroupIndexTable table = groupings[i].Table;
                for (int r = table.Count - 1; r >= 0; r--)
                {
                    int g = _groupBase[i] + table.Groups[r];
                    _rowCursor[g] = r;
                    _rowEnd[g] = Math.Max(_rowEnd[g], r + 1);
                }

                _vehicles[i] = new int[table.Count];
                System.Array.Fill(_vehicles[i], -1);
                _tpiLow[i] = NaNs(table.Count);
                _tpiHigh[i] = NaNs(table.Count);
                _ttiLow[i] = NaNs(table.Count);
                _ttiHigh[i] = NaNs(table.Count);
            }

            _cellOf = new int[network.EdgeCount];
            System.Array.Fill(_cellOf, -1);
            _localOf = new int[Math.Max(vehicleCount, 1)];
            System.Array.Fill(_localOf, -1);
            _blockOf = Blocks(network, options.IntervalBlockMetres);
            _blockLocalOf = new int[_blockOf.Length == 0 ? 0 : _blockOf.Max() + 1];
            System.Array.Fill(_blockLocalOf, -1);
            _congestedKmh = new double[Classes];
            for (int k = 0; k < Classes; k++)
            {
                // Level >= CongestedFrom exactly when the speed is at or below the threshold above that level.
                _congestedKmh[k] = options.CongestedFrom == CongestionLevel.FreeFlow
                    ? double.PositiveInfinity
                    : options.Thresholds.For((RoadClass)k)[(int)options.CongestedFrom - 1];
            }

            _touchedMark = new bool[groups];
            _lastVehicle = new int[groups];
            System.Array.Fill(_lastVehicle, -1);
            _groupVehicles = new int[groups];
            if (options.IntervalReplicates > 0 && SelectionStrata.For(network, options) is SelectionStrata strata)
            {
                _strata = strata;
                _strataLengths = strata.Lengths(network, _memberOffsets, _members, groups, _blockOf);
                int replicates = options.IntervalReplicates;
                _blockWeightTable = new byte[_strataLengths.BlockCount * replicates];
                var blockLength = new double[_strataLengths.BlockCount];
                for (int e = 0; e < network.EdgeCount; e++)
                {
                    blockLength[_blockOf[e]] += network.LengthMetres[e];
                }

                // Each replicate's resampled network length over the real one's: the scale of its prior.
                _priorScale = new double[replicates];
                double total = blockLength.Sum();
                for (int t = 0; t < _strataLengths.BlockCount; t++)
                {
                    for (int r = 0; r < replicates; r++)
                    {
                        int u = Weight(t, r, BlockStream);
                        _blockWeightTable[(t * replicates) + r] = (byte)u;
                        _priorScale[r] += u * blockLength[t] / total;
                    }
                }
            }
        }

        /// <summary>Takes the usable rows of a chunk (the aggregator's rules: positive time and length, a plausible speed).</summary>
        public void Add(TraversalSpill.Rows chunk)
        {
            ReadOnlySpan<int> edges = chunk.Edges, vehicles = chunk.Vehicles;
            ReadOnlySpan<long> enterMs = chunk.EnterMs, exitMs = chunk.ExitMs;
            ReadOnlySpan<double> metres = chunk.Metres;
            long binMs = _speeds.BinMs;
            for (int i = 0; i < edges.Length; i++)
            {
                long enter = enterMs[i], exit = exitMs[i];
                double m = metres[i];
                if (exit <= enter || !(m > 0) || !double.IsFinite(m))
                {
                    continue;
                }

                double seconds = (exit - enter) / 1000.0;
                double kmhSeconds = m * 3.6;
                if (kmhSeconds < _minKmh * seconds || kmhSeconds > _maxKmh * seconds)
                {
                    continue;
                }

                long bin = FloorDiv(enter + ((exit - enter) / 2), binMs) * binMs;
                if (bin != _bin)
                {
                    Close();
                    Open(bin);
                }

                int cell = _cellOf[edges[i]];
                if (cell < 0)
                {
                    throw new InvalidOperationException($"A traversal of edge {edges[i]} has no cell in its bin."); // a bug, not the data
                }

                Append(cell, LocalVehicle(vehicles[i]), seconds, m);
            }
        }

        /// <summary>The tables with the outputs; every row must have been seen.</summary>
        public GroupIndexTable[] Tables()
        {
            var tables = new GroupIndexTable[_groupings.Count];
            for (int i = 0; i < tables.Length; i++)
            {
                if (System.Array.IndexOf(_vehicles[i], -1) is int missing and >= 0)
                {
                    throw new InvalidOperationException($"Row {missing} of grouping {i} met no traversal."); // a bug, not the data
                }

                tables[i] = _groupings[i].Table.WithSpread(_vehicles[i], _tpiLow[i], _tpiHigh[i], _ttiLow[i], _ttiHigh[i]);
            }

            return tables;
        }

        private void Open(long bin)
        {
            int c = _cellEnd;
            while (c < _speeds.Count && _speeds.BinStartMs[c] < bin)
            {
                c++;
            }

            if (c == _speeds.Count || _speeds.BinStartMs[c] != bin)
            {
                throw new InvalidOperationException($"Traversals in bin {bin} but no cells: the rows are not those aggregated."); // a bug
            }

            _bin = bin;
            _open = true;
            _cellStart = c;
            for (; c < _speeds.Count && _speeds.BinStartMs[c] == bin; c++)
            {
                _cellOf[_speeds.Edges[c]] = c - _cellStart;
            }

            _cellEnd = c;
        }

        private int LocalVehicle(int vehicle)
        {
            if (vehicle >= _localOf.Length)
            {
                int old = _localOf.Length;
                System.Array.Resize(ref _localOf, Math.Max(vehicle + 1, 2 * old));
                _localOf.AsSpan(old).Fill(-1);
            }

            int local = _localOf[vehicle];
            if (local < 0)
            {
                local = _localCount++;
                _localOf[vehicle] = local;
                if (local == _globalOf.Length)
                {
                    System.Array.Resize(ref _globalOf, 2 * local);
                }

                _globalOf[local] = vehicle;
            }

            return local;
        }

        private void Append(int cell, int vehicle, double seconds, double metres)
        {
            if (_rowCount == _rowCell.Length)
            {
                int size = 2 * _rowCount;
                System.Array.Resize(ref _rowCell, size);
                System.Array.Resize(ref _rowVehicle, size);
                System.Array.Resize(ref _rowSeconds, size);
                System.Array.Resize(ref _rowMetres, size);
            }

            _rowCell[_rowCount] = cell;
            _rowVehicle[_rowCount] = vehicle;
            _rowSeconds[_rowCount] = seconds;
            _rowMetres[_rowCount] = metres;
            _rowCount++;
        }

        /// <summary>Every edge's global groups, over all groupings (CSR).</summary>
        private static (int[] Offsets, int[] Members) Combined(int edgeCount, IReadOnlyList<Grouping> groupings, int[] groupBase)
        {
            var offsets = new int[edgeCount + 1];
            for (int e = 0; e < edgeCount; e++)
            {
                int n = 0;
                foreach (Grouping grouping in groupings)
                {
                    n += grouping.Offsets[e + 1] - grouping.Offsets[e];
                }

                offsets[e + 1] = offsets[e] + n;
            }

            var members = new int[offsets[^1]];
            for (int e = 0, at = 0; e < edgeCount; e++)
            {
                for (int i = 0; i < groupings.Count; i++)
                {
                    for (int m = groupings[i].Offsets[e]; m < groupings[i].Offsets[e + 1]; m++)
                    {
                        members[at++] = groupBase[i] + groupings[i].Members[m];
                    }
                }
            }

            return (offsets, members);
        }

        private static double[] NaNs(int count)
        {
            var values = new double[count];
            System.Array.Fill(values, double.NaN);
            return values;
        }
    }
}
