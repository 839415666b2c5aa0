using System.Text;
using Apache.Arrow;
using Apache.Arrow.Types;
using TrafficEngine.Arrow;
using TrafficEngine.Geo;
using TrafficEngine.Ingest;

namespace TrafficEngine.MapMatching;

/// <summary>
/// Probe fixes gathered from ingest batches into flat arrays, with the row range of each vehicle. Checks the order
/// the matcher relies on (by vehicle, then time; each vehicle in one run) and names the row that breaks it.
/// </summary>
internal sealed class ProbeTable
{
    private ProbeTable(double[] lon, double[] lat, long[] timestampMs, int[] vehicleStart, string[] vehicleIds, Crs declaredCrs)
    {
        Lon = lon;
        Lat = lat;
        TimestampMs = timestampMs;
        VehicleStart = vehicleStart;
        VehicleIds = vehicleIds;
        DeclaredCrs = declaredCrs;
    }

    public double[] Lon { get; }

    public double[] Lat { get; }

    public long[] TimestampMs { get; }

    /// <summary>Vehicle v's fixes are rows VehicleStart[v] .. VehicleStart[v+1]-1.</summary>
    public int[] VehicleStart { get; }

    public string[] VehicleIds { get; }

    /// <summary>The coordinate system the feed was declared in at ingest (the schema's traffic.source_crs; WGS-84 if absent).</summary>
    public Crs DeclaredCrs { get; }

    public int Count => Lon.Length;

    public int VehicleCount => VehicleIds.Length;

    public static ProbeTable From(IReadOnlyList<RecordBatch> batches)
    {
        ArgumentNullException.ThrowIfNull(batches);
        long total = batches.Sum(b => (long)b.Length);
        if (total > System.Array.MaxLength)
        {
            throw new ArgumentException($"{total} fixes are more than one match can hold; match the probes in parts.", nameof(batches));
        }

        var lon = new double[total];
        var lat = new double[total];
        var time = new long[total];
        var starts = new List<int>();
        var ids = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        Crs crs = Crs.Wgs84;
        byte[] previous = [];
        int row = 0;
        foreach (RecordBatch batch in batches)
        {
            if (batch.Schema.Metadata?.TryGetValue(ProbeSchema.SourceCrsKey, out string? declared) == true)
            {
                crs = CrsNames.Parse(declared);
            }

            StringArray vehicles = batch.Require<StringArray>(ProbeSchema.VehicleId);
            ReadOnlySpan<long> ts = batch.Require<PrimitiveArray<long>>(ProbeSchema.Timestamp).Values;
            ReadOnlySpan<double> x = batch.Require<PrimitiveArray<double>>(ProbeSchema.Lon).Values;
            ReadOnlySpan<double> y = batch.Require<PrimitiveArray<double>>(ProbeSchema.Lat).Values;
            for (int i = 0; i < batch.Length; i++, row++)
            {
                ReadOnlySpan<byte> id = vehicles.GetBytes(i);
                if (row == 0 || !id.SequenceEqual(previous))
                {
                    string name = Encoding.UTF8.GetString(id);
                    if (!seen.Add(name))
                    {
                        throw new InvalidDataException($"Probes are not ordered by vehicle: vehicle '{name}' appears again at row {row + 1}.");
                    }

                    starts.Add(row);
                    ids.Add(name);
                    previous = id.ToArray();
                }
                else if (ts[i] < time[row - 1])
                {
                    throw new InvalidDataException($"Probes are not ordered by time within vehicle '{ids[^1]}' at row {row + 1}.");
                }

                if (!double.IsFinite(x[i]) || !double.IsFinite(y[i]))
                {
                    throw new InvalidDataException($"Probe row {row + 1} has a non-finite coordinate ({x[i]}, {y[i]}).");
                }

                lon[row] = x[i];
                lat[row] = y[i];
                time[row] = ts[i];
            }
        }

        starts.Add(row);
        return new ProbeTable(lon, lat, time, [.. starts], [.. ids], crs);
    }
}
