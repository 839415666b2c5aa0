using System.Text;
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
    private readonly byte[][] _vehicleUtf8;

    public MatchOutputBuilder(RoadNetwork network, ProbeTable table)
    {
        _network = network;
        _table = table;
        _edge = new int[table.Count];
        _offset = new double[table.Count];
        _distance = new double[table.Count];
        _piece = new int[table.Count];
        _confidence = new double[table.Count];
        _vehicleUtf8 = table.VehicleIds.Select(Encoding.UTF8.GetBytes).ToArray();
    }

    public void SetFixes(int start, TrajectoryMatch match)
    {
        match.Edges.CopyTo(_edge.AsSpan(start));
        match.OffsetsMetres.CopyTo(_offset.AsSpan(start));
        match.DistancesMetres.CopyTo(_distance.AsSpan(start));
        match.Pieces.CopyTo(_piece.AsSpan(start));
        match.Confidence.CopyTo(_confidence.AsSpan(start));
    }

    public (double? Median, double? P95) DistanceQuantiles()
    {
        double[] matched = _distance.Where((_, i) => _edge[i] >= 0).ToArray();
        if (matched.Length == 0)
        {
            return (null, null);
        }

        System.Array.Sort(matched);
        return (Math.Round(Quantile(matched, 0.5), 2), Math.Round(Quantile(matched, 0.95), 2));
    }

    public IReadOnlyList<RecordBatch> BuildPoints()
    {
        Schema schema = MatchSchema.Points();
        var batches = new List<RecordBatch>();
        int vehicle = 0;
        for (int first = 0; first < _table.Count || batches.Count == 0; first += BatchRows)
        {
            int rows = Math.Min(BatchRows, _table.Count - first);
            var vehicles = new StringArray.Builder();
            var timestamps = new FixedWidthArrayBuilder<long>(ArrowTypes.TimestampMsUtc, rows);
            var matched = new BooleanArray.Builder();
            var pieces = new FixedWidthArrayBuilder<int>(Int32Type.Default, rows);
            var edgeIds = new FixedWidthArrayBuilder<long>(Int64Type.Default, rows);
            var fromNodes = new FixedWidthArrayBuilder<long>(Int64Type.Default, rows);
            var toNodes = new FixedWidthArrayBuilder<long>(Int64Type.Default, rows);
            var offsets = new FixedWidthArrayBuilder<double>(DoubleType.Default, rows);
            var distances = new FixedWidthArrayBuilder<double>(DoubleType.Default, rows);
            var confidence = new FixedWidthArrayBuilder<double>(DoubleType.Default, rows);
            for (int row = first; row < first + rows; row++)
            {
                while (row >= _table.VehicleStart[vehicle + 1])
                {
                    vehicle++;
                }

                vehicles.Append(_vehicleUtf8[vehicle]);
                timestamps.Append(_table.TimestampMs[row]);
                int e = _edge[row];
                matched.Append(e >= 0);
                if (e < 0)
                {
                    pieces.AppendNull();
                    edgeIds.AppendNull();
                    fromNodes.AppendNull();
                    toNodes.AppendNull();
                    offsets.AppendNull();
                    distances.AppendNull();
                    confidence.AppendNull();
                    continue;
                }

                pieces.Append(_piece[row]);
                edgeIds.Append(_network.EdgeIds[e]);
                fromNodes.Append(_network.NodeIds[_network.EdgeFrom[e]]);
                toNodes.Append(_network.NodeIds[_network.EdgeTo[e]]);
                offsets.Append(_offset[row]);
                distances.Append(_distance[row]);
                confidence.Append(_confidence[row]);
            }

            batches.Add(ArrowColumns.Batch(schema,
            [
                vehicles.Build(), timestamps.Build(), matched.Build(), pieces.Build(), edgeIds.Build(),
                fromNodes.Build(), toNodes.Build(), offsets.Build(), distances.Build(), confidence.Build(),
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
        Builders b = new(BatchRows);
        for (int r = 0; r < ranges.Length; r++)
        {
            List<(int Vehicle, Traversal Traversal)> range = ranges[r] ?? [];
            ranges[r] = null;
            foreach ((int vehicle, Traversal t) in range)
            {
                b.Vehicles.Append(_vehicleUtf8[vehicle]);
                b.Pieces.Append(t.Piece);
                b.EdgeIds.Append(_network.EdgeIds[t.Edge]);
                b.FromNodes.Append(_network.NodeIds[_network.EdgeFrom[t.Edge]]);
                b.ToNodes.Append(_network.NodeIds[_network.EdgeTo[t.Edge]]);
                long enter = (long)Math.Round(t.EnterTimeMs), exit = (long)Math.Round(t.ExitTimeMs);
                b.Enter.Append(enter);
                b.Exit.Append(exit);
                double length = _network.LengthMetres[t.Edge];
                b.Fraction.Append(length > 0 ? Math.Clamp(t.LengthMetres / length, 0, 1) : 1);
                b.Length.Append(t.LengthMetres);
                b.Speed.Append(t.ExitTimeMs > t.EnterTimeMs ? t.LengthMetres / ((t.ExitTimeMs - t.EnterTimeMs) / 1000.0) * 3.6 : null);
                b.Confidence.Append(t.Confidence);
                if (b.Pieces.Length == BatchRows)
                {
                    batches.Add(b.Build(schema));
                }
            }
        }

        if (b.Pieces.Length > 0 || batches.Count == 0)
        {
            batches.Add(b.Build(schema));
        }

        return batches;
    }

    private static double Quantile(double[] sorted, double q)
    {
        double position = q * (sorted.Length - 1);
        int low = (int)Math.Floor(position);
        int high = Math.Min(low + 1, sorted.Length - 1);
        return sorted[low] + ((position - low) * (sorted[high] - sorted[low]));
    }

    private sealed class Builders(int capacity)
    {
        public StringArray.Builder Vehicles { get; } = new();
        public FixedWidthArrayBuilder<int> Pieces { get; } = new(Int32Type.Default, capacity);
        public FixedWidthArrayBuilder<long> EdgeIds { get; } = new(Int64Type.Default, capacity);
        public FixedWidthArrayBuilder<long> FromNodes { get; } = new(Int64Type.Default, capacity);
        public FixedWidthArrayBuilder<long> ToNodes { get; } = new(Int64Type.Default, capacity);
        public FixedWidthArrayBuilder<long> Enter { get; } = new(ArrowTypes.TimestampMsUtc, capacity);
        public FixedWidthArrayBuilder<long> Exit { get; } = new(ArrowTypes.TimestampMsUtc, capacity);
        public FixedWidthArrayBuilder<double> Fraction { get; } = new(DoubleType.Default, capacity);
        public FixedWidthArrayBuilder<double> Length { get; } = new(DoubleType.Default, capacity);
        public FixedWidthArrayBuilder<double> Speed { get; } = new(DoubleType.Default, capacity);
        public FixedWidthArrayBuilder<double> Confidence { get; } = new(DoubleType.Default, capacity);

        public RecordBatch Build(Schema schema) => ArrowColumns.Batch(schema,
        [
            Vehicles.Build(), Pieces.Build(), EdgeIds.Build(), FromNodes.Build(), ToNodes.Build(), Enter.Build(),
            Exit.Build(), Fraction.Build(), Length.Build(), Speed.Build(), Confidence.Build(),
        ]);
    }
}
