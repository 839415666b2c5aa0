using System.Text;
using Apache.Arrow;
using Apache.Arrow.Types;
using TrafficEngine.Arrow;
using TrafficEngine.Geo;

namespace TrafficEngine.Congestion;

/// <summary>
/// The columns of map-matched traversals the congestion analysis needs, gathered from batches into flat arrays:
/// edge (dense index in the network), vehicle (dense per distinct pseudonym), enter and exit times, metres driven.
/// Rows whose edge id is not in the network, or with a null in a needed column, are counted and left out.
/// </summary>
public sealed class TraversalColumns
{
    public const string EdgeId = "edge_id";
    public const string VehicleId = "vehicle_id";
    public const string EnterTime = "enter_time";
    public const string ExitTime = "exit_time";
    public const string LengthMetres = "length_m";

    private TraversalColumns(int[] edges, int[] vehicles, long[] enterMs, long[] exitMs, double[] metres,
        long rowsRead, long unknownEdges, long nullRows, int vehicleCount)
    {
        Edges = edges;
        Vehicles = vehicles;
        EnterMs = enterMs;
        ExitMs = exitMs;
        Metres = metres;
        RowsRead = rowsRead;
        UnknownEdges = unknownEdges;
        NullRows = nullRows;
        VehicleCount = vehicleCount;
    }

    public int[] Edges { get; }

    public int[] Vehicles { get; }

    public long[] EnterMs { get; }

    public long[] ExitMs { get; }

    public double[] Metres { get; }

    public long RowsRead { get; }

    /// <summary>Rows whose edge id the network does not have (a traversal file matched on another network).</summary>
    public long UnknownEdges { get; }

    /// <summary>Rows with a null edge, vehicle, time or length.</summary>
    public long NullRows { get; }

    public int VehicleCount { get; }

    public static TraversalColumns Gather(RoadNetwork network, IEnumerable<RecordBatch> batches)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(batches);
        var lookup = EdgeIdLookup.For(network);
        var edges = new List<int>();
        var vehicles = new List<int>();
        var enter = new List<long>();
        var exit = new List<long>();
        var metres = new List<double>();
        var vehicleIds = new Dictionary<string, int>(StringComparer.Ordinal);
        long read = 0, unknown = 0, nulls = 0;
        foreach (RecordBatch batch in batches)
        {
            PrimitiveArray<long> edgeIds = batch.Require<PrimitiveArray<long>>(EdgeId);
            StringArray vehicleColumn = batch.Require<StringArray>(VehicleId);
            PrimitiveArray<long> enterColumn = batch.Require<PrimitiveArray<long>>(EnterTime);
            PrimitiveArray<long> exitColumn = batch.Require<PrimitiveArray<long>>(ExitTime);
            PrimitiveArray<double> lengthColumn = batch.Require<PrimitiveArray<double>>(LengthMetres);
            ReadOnlySpan<long> ids = edgeIds.Values, enters = enterColumn.Values, exits = exitColumn.Values;
            ReadOnlySpan<double> lengths = lengthColumn.Values;
            int previousVehicle = -1;
            ReadOnlySpan<byte> previousBytes = default;
            for (int i = 0; i < batch.Length; i++)
            {
                read++;
                if (edgeIds.IsNull(i) || vehicleColumn.IsNull(i) || enterColumn.IsNull(i) || exitColumn.IsNull(i) || lengthColumn.IsNull(i))
                {
                    nulls++;
                    continue;
                }

                int edge = lookup.Find(ids[i]);
                if (edge < 0)
                {
                    unknown++;
                    continue;
                }

                ReadOnlySpan<byte> bytes = vehicleColumn.GetBytes(i);
                if (previousVehicle < 0 || !bytes.SequenceEqual(previousBytes))
                {
                    string key = Encoding.UTF8.GetString(bytes);
                    if (!vehicleIds.TryGetValue(key, out previousVehicle))
                    {
                        previousVehicle = vehicleIds.Count;
                        vehicleIds.Add(key, previousVehicle);
                    }

                    previousBytes = bytes;
                }

                edges.Add(edge);
                vehicles.Add(previousVehicle);
                enter.Add(enters[i]);
                exit.Add(exits[i]);
                metres.Add(lengths[i]);
            }
        }

        return new TraversalColumns([.. edges], [.. vehicles], [.. enter], [.. exit], [.. metres], read, unknown, nulls, vehicleIds.Count);
    }
}
