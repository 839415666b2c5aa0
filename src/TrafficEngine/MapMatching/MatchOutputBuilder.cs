using Apache.Arrow;
using Apache.Arrow.Types;
using TrafficEngine.Arrow;
using TrafficEngine.Geo;

namespace TrafficEngine.MapMatching;

/// <summary>
/// Collects per-fix results into flat arrays indexed by input row (workers write disjoint row ranges, so the order
/// never depends on scheduling) and builds the output batches, at most <see cref="BatchRows"/> rows each.
/// </summary>
internal sealed class MatchOutputBuilder
{
    internal const int BatchRows = 1 << 20;

    private readonly RoadNetwork _network;
    private readonly ProbeTable _table;
    private readonly int[] _edge;
    private readonly double[] _offset;
    private readonly double[] _distance;
    private readonly int[] _piece;
    private readonly double[] _confidence;

    private readonly FeedVehicles _vehicles;
    private int[]? _codes;

    public MatchOutputBuilder(RoadNetwork network, ProbeTable table, FeedVehicles? vehicles = null)
    {
        _network = network;
        _vehicles = vehicles ?? FeedVehicles.Of([table]);
        _table = table;
        _edge = new int[table.Count];
        _offset = new double[table.Count];
        _distance = new double[table.Count];
        _piece = new int[table.Count];
        _confidence = new double[table.Count];
    }

    public void SetFixes(int start, TrajectoryMatch match)
    {
        match.Edges.CopyTo(_edge.AsSpan(start));
        match.OffsetsMetres.CopyTo(_offset.AsSpan(start));
        match.DistancesMetres.CopyTo(_distance.AsSpan(start));
        match.Pieces.CopyTo(_piece.AsSpan(start));
        match.Confidence.CopyTo(_confidence.AsSpan(start));
    }

    /// <summary>Counts the matched fixes' distances into the feed's histogram.</summary>
    public void AddDistances(DistanceHistogram histogram)
    {
        for (int i = 0; i < _edge.Length; i++)
        {
            if (_edge[i] >= 0)
            {
                histogram.Add(_distance[i]);
            }
        }
    }

    public IReadOnlyList<RecordBatch> BuildPoints()
    {
        Schema schema = MatchSchema.Points();
        var batches = new List<RecordBatch>();
        int vehicle = 0;
        for (int first = 0; first < _table.Count || batches.Count == 0; first += BatchRows)
        {
            int rows = Math.Min(BatchRows, _table.Count - first);
            var vehicles = new FixedWidthArrayBuilder<int>(Int32Type.Default, rows);
            var timestamps = new FixedWidthArrayBuilder<long>(ArrowTypes.TimestampMsUtc, rows);
            var matched = new BooleanArray.Builder();
            var pieces = new FixedWidthArrayBuilder<int>(Int32Type.Default, rows);
            var edgeIds = new FixedWidthArrayBuilder<long>(Int64Type.Default, rows);
            var offsets = new FixedWidthArrayBuilder<float>(FloatType.Default, rows);
            var distances = new FixedWidthArrayBuilder<float>(FloatType.Default, rows);
            var confidence = new FixedWidthArrayBuilder<float>(FloatType.Default, rows);
            for (int row = first; row < first + rows; row++)
            {
                while (row >= _table.VehicleStart[vehicle + 1])
                {
                    vehicle++;
                }

                vehicles.Append(Code(vehicle));
                timestamps.Append(_table.TimestampMs[row]);
                int e = _edge[row];
                matched.Append(e >= 0);
                if (e < 0)
                {
                    pieces.AppendNull();
                    edgeIds.AppendNull();
                    offsets.AppendNull();
                    distances.AppendNull();
                    confidence.AppendNull();
                    continue;
                }

                pieces.Append(_piece[row]);
                edgeIds.Append(_network.EdgeIds[e]);
                offsets.Append((float)_offset[row]);
                distances.Append((float)_distance[row]);
                confidence.Append((float)_confidence[row]);
            }

            batches.Add(ArrowColumns.Batch(schema,
            [
                ArrowArrays.Dictionary(vehicles.Build(), VehicleDictionary()), timestamps.Build(), matched.Build(), pieces.Build(),
                edgeIds.Build(), offsets.Build(), distances.Build(), confidence.Build(),
            ]));
        }

        return batches;
    }

    /// <summary>
    /// The traversal batches, in range order. Each range's list is dropped (its slot set to null) once its rows are in
    /// the builders, so the lists and the columns built from them are not all held at once.
    /// </summary>
    public IReadOnlyList<RecordBatch> BuildTraversals(List<(int Vehicle, Traversal Traversal)>?[] ranges)
    {
        ArgumentNullException.ThrowIfNull(ranges);
        Schema schema = MatchSchema.Traversals();
        var batches = new List<RecordBatch>();
        var b = new Builders(BatchRows);
        for (int r = 0; r < ranges.Length; r++)
        {
            List<(int Vehicle, Traversal Traversal)> range = ranges[r] ?? [];
            ranges[r] = null;
            foreach ((int vehicle, Traversal t) in range)
            {
                b.Vehicles.Append(Code(vehicle));
                b.EdgeIds.Append(_network.EdgeIds[t.Edge]);
                long enter = (long)Math.Round(t.EnterTimeMs), exit = (long)Math.Round(t.ExitTimeMs);
                b.Enter.Append(enter);
                b.Exit.Append(exit);
                double length = _network.LengthMetres[t.Edge];
                b.Fraction.Append((float)(length > 0 ? Math.Clamp(t.LengthMetres / length, 0, 1) : 1));
                b.Speed.Append(t.ExitTimeMs > t.EnterTimeMs ? (float)(t.LengthMetres / ((t.ExitTimeMs - t.EnterTimeMs) / 1000.0) * 3.6) : null);
                if (b.Vehicles.Length == BatchRows)
                {
                    batches.Add(b.Build(schema, VehicleDictionary()));
                    b = new Builders(BatchRows);
                }
            }
        }

        if (b.Vehicles.Length > 0 || batches.Count == 0)
        {
            batches.Add(b.Build(schema, VehicleDictionary()));
        }

        return batches;
    }

    /// <summary>The feed's vehicles: one dictionary for every batch of a file (an Arrow file keeps one per column).</summary>
    internal StringArray VehicleDictionary() => _vehicles.Dictionary;

    /// <summary>The feed-wide dictionary code of the partition's vehicle number <paramref name="vehicle"/>.</summary>
    internal int Code(int vehicle)
    {
        _codes ??= System.Array.ConvertAll(_table.VehicleIds, _vehicles.CodeOf);
        return _codes[vehicle];
    }


    private sealed class Builders(int capacity)
    {
        public FixedWidthArrayBuilder<int> Vehicles { get; } = new(Int32Type.Default, capacity);
        public FixedWidthArrayBuilder<long> EdgeIds { get; } = new(Int64Type.Default, capacity);
        public FixedWidthArrayBuilder<long> Enter { get; } = new(ArrowTypes.TimestampMsUtc, capacity);
        public FixedWidthArrayBuilder<long> Exit { get; } = new(ArrowTypes.TimestampMsUtc, capacity);
        public FixedWidthArrayBuilder<float> Fraction { get; } = new(FloatType.Default, capacity);
        public FixedWidthArrayBuilder<float> Speed { get; } = new(FloatType.Default, capacity);

        public RecordBatch Build(Schema schema, StringArray vehicles) => ArrowColumns.Batch(schema,
        [
            ArrowArrays.Dictionary(Vehicles.Build(), vehicles), EdgeIds.Build(), Enter.Build(), Exit.Build(), Fraction.Build(), Speed.Build(),
        ]);
    }
}
