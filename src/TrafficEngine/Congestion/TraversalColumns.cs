using System.Text;
using Apache.Arrow;
using Apache.Arrow.Types;
using TrafficEngine.Arrow;
using TrafficEngine.Geo;

namespace TrafficEngine.Congestion;

/// <summary>
/// The columns of map-matched traversals the congestion analysis needs, gathered from batches into flat arrays:
/// edge (dense index in the network), vehicle (dense per distinct pseudonym), enter and exit times, metres driven
/// (length_m where a file has it, else fraction x the edge's length).
/// Rows whose edge id is not in the network, or with a null in a needed column, are counted and left out.
/// </summary>
public sealed class TraversalColumns
{
    public const string EdgeId = "edge_id";
    public const string VehicleId = "vehicle_id";
    public const string EnterTime = "enter_time";
    public const string ExitTime = "exit_time";
    public const string LengthMetres = "length_m";
    public const string Fraction = "fraction";

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

    private static int Number(Dictionary<string, int> numbers, string vehicle)
    {
        if (!numbers.TryGetValue(vehicle, out int number))
        {
            number = numbers.Count;
            numbers.Add(vehicle, number);
        }

        return number;
    }

    public static TraversalColumns Gather(RoadNetwork network, IEnumerable<RecordBatch> batches)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(batches);
        var edges = new List<int>();
        var vehicles = new List<int>();
        var enter = new List<long>();
        var exit = new List<long>();
        var metres = new List<double>();
        (long read, long unknown, long nulls, int vehicleCount) = Scan(network, batches, (e, v, a, b, m) =>
        {
            edges.Add(e);
            vehicles.Add(v);
            enter.Add(a);
            exit.Add(b);
            metres.Add(m);
        }, CancellationToken.None);
        return new TraversalColumns([.. edges], [.. vehicles], [.. enter], [.. exit], [.. metres], read, unknown, nulls, vehicleCount);
    }

    /// <summary>A traversal row as the aggregator takes it: dense edge, dense vehicle, enter and exit (UTC ms), metres.</summary>
    internal delegate void RowSink(int edge, int vehicle, long enterMs, long exitMs, double metres);

    /// <summary>
    /// Reads the rows batch by batch, giving each usable row to <paramref name="sink"/>; rows read, unknown edges,
    /// null rows and distinct vehicles. Vehicles are numbered in order of first appearance.
    /// </summary>
    internal static (long Read, long Unknown, long Nulls, int Vehicles) Scan(RoadNetwork network, IEnumerable<RecordBatch> batches,
        RowSink sink, CancellationToken cancel)
    {
        var lookup = EdgeIdLookup.For(network);
        var vehicleIds = new Dictionary<string, int>(StringComparer.Ordinal);
        long read = 0, unknown = 0, nulls = 0;
        foreach (RecordBatch batch in batches)
        {
            cancel.ThrowIfCancellationRequested();
            PrimitiveArray<long> edgeIds = batch.Require<PrimitiveArray<long>>(EdgeId);
            IArrowArray vehicleColumn = batch.Column(VehicleId);
            var strings = vehicleColumn as StringArray;
            var dictionary = vehicleColumn as DictionaryArray;
            if (strings is null && dictionary is null)
            {
                throw new InvalidDataException($"Column '{VehicleId}' is {ArrowTypes.Describe(vehicleColumn.Data.DataType)}, not utf8 or a utf8 dictionary.");
            }

            // Vehicle numbers per dictionary position, given on first appearance (as the strings would be).
            int[] numberOf = dictionary is null ? [] : new int[dictionary.Dictionary.Length];
            System.Array.Fill(numberOf, -1);
            PrimitiveArray<long> enterColumn = batch.Require<PrimitiveArray<long>>(EnterTime);
            PrimitiveArray<long> exitColumn = batch.Require<PrimitiveArray<long>>(ExitTime);
            IArrowArray metresColumn = batch.Schema.GetFieldIndex(LengthMetres) >= 0 ? batch.Require<PrimitiveArray<double>>(LengthMetres) : batch.Require<PrimitiveArray<float>>(Fraction);
            ReadOnlySpan<double> lengths = metresColumn is PrimitiveArray<double> l ? l.Values : default;
            ReadOnlySpan<float> fractions = metresColumn is PrimitiveArray<float> f ? f.Values : default;
            ReadOnlySpan<long> ids = edgeIds.Values, enters = enterColumn.Values, exits = exitColumn.Values;
            int previousVehicle = -1;
            ReadOnlySpan<byte> previousBytes = default;
            for (int i = 0; i < batch.Length; i++)
            {
                read++;
                if (edgeIds.IsNull(i) || vehicleColumn.IsNull(i) || enterColumn.IsNull(i) || exitColumn.IsNull(i) || metresColumn.IsNull(i))
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

                if (dictionary is not null)
                {
                    long position = dictionary.Code(i);
                    if ((ulong)position >= (ulong)numberOf.Length)
                    {
                        throw new InvalidDataException($"Column '{VehicleId}' row {read}: dictionary index {position} outside its {numberOf.Length} entries.");
                    }

                    if (numberOf[position] < 0)
                    {
                        numberOf[position] = Number(vehicleIds, ArrowArrays.GetString(dictionary.Dictionary, (int)position)!);
                    }

                    previousVehicle = numberOf[position];
                }
                else
                {
                    ReadOnlySpan<byte> bytes = strings!.GetBytes(i);
                    if (previousVehicle < 0 || !bytes.SequenceEqual(previousBytes))
                    {
                        previousVehicle = Number(vehicleIds, Encoding.UTF8.GetString(bytes));
                        previousBytes = bytes;
                    }
                }

                sink(edge, previousVehicle, enters[i], exits[i], lengths.IsEmpty ? fractions[i] * network.LengthMetres[edge] : lengths[i]);
            }
        }

        return (read, unknown, nulls, vehicleIds.Count);
    }
}
