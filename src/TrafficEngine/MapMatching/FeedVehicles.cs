using Apache.Arrow;
using TrafficEngine.Arrow;
using TrafficEngine.Ingest;

namespace TrafficEngine.MapMatching;

/// <summary>
/// The distinct vehicles of a probe feed in order of first appearance: the one dictionary of the <c>vehicle_id</c>
/// column of every traversal and matched-point batch written for the feed. An Arrow IPC file holds one dictionary
/// per column (Apache.Arrow writes no delta dictionaries), so batches written as partitions finish must share it;
/// it is gathered in a pass over the probes' vehicle column alone, memory bounded by the number of vehicles.
/// </summary>
internal sealed class FeedVehicles
{
    private readonly Dictionary<string, int> _codes;

    private FeedVehicles(List<string> ids)
    {
        _codes = new Dictionary<string, int>(ids.Count, StringComparer.Ordinal);
        foreach (string id in ids)
        {
            _codes.TryAdd(id, _codes.Count);
        }

        Dictionary = ArrowArrays.Strings(_codes.Keys);
    }

    /// <summary>The vehicle ids in code order.</summary>
    public StringArray Dictionary { get; }

    public int Count => _codes.Count;

    /// <summary>Reads the vehicle column of every probe batch (utf8 or dictionary-encoded utf8).</summary>
    public static FeedVehicles Read(IEnumerable<RecordBatch> probes)
    {
        ArgumentNullException.ThrowIfNull(probes);
        var ids = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        void Add(string? id)
        {
            if (id is not null && seen.Add(id))
            {
                ids.Add(id);
            }
        }

        foreach (RecordBatch batch in probes)
        {
            IArrowArray column = batch.Require<IArrowArray>(ProbeSchema.VehicleId);
            if (column is DictionaryArray dictionary)
            {
                // Each code's string once per batch, not once per row, in order of first appearance.
                var decoded = new bool[dictionary.Dictionary.Length];
                for (int i = 0; i < dictionary.Length; i++)
                {
                    if (dictionary.IsValid(i) && !decoded[dictionary.Code(i)])
                    {
                        decoded[dictionary.Code(i)] = true;
                        Add(ArrowArrays.GetString(dictionary.Dictionary, dictionary.Code(i)));
                    }
                }

                continue;
            }

            var strings = batch.Require<StringArray>(ProbeSchema.VehicleId);
            ReadOnlySpan<byte> previous = default;
            bool any = false;
            for (int i = 0; i < strings.Length; i++)
            {
                // The feed is ordered by vehicle: decode a string only where the bytes change.
                ReadOnlySpan<byte> bytes = strings.GetBytes(i, out bool isNull);
                if (isNull || (any && bytes.SequenceEqual(previous)))
                {
                    continue;
                }

                any = true;
                previous = bytes;
                Add(strings.GetString(i));
            }
        }

        return new FeedVehicles(ids);
    }

    /// <summary>The vehicles of tables already in memory.</summary>
    public static FeedVehicles Of(IEnumerable<ProbeTable> tables)
    {
        ArgumentNullException.ThrowIfNull(tables);
        return new FeedVehicles(tables.SelectMany(t => t.VehicleIds).ToList());
    }

    /// <summary>The code of <paramref name="vehicleId"/>; a vehicle outside the feed is a bug.</summary>
    public int CodeOf(string vehicleId) => _codes.TryGetValue(vehicleId, out int code)
        ? code
        : throw new InvalidOperationException($"Vehicle '{vehicleId}' is not among the feed's {_codes.Count} vehicles.");
}
