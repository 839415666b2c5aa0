using System.Globalization;
using Apache.Arrow;
using Apache.Arrow.Types;
using TrafficEngine.Arrow;
using TrafficEngine.Ingest;

namespace TrafficEngine.Simulation;

/// <summary>
/// Simulated probe vehicles with their ground truth, as flat arrays. Vehicle v's fixes are
/// <c>FixOffsets[v] .. FixOffsets[v+1]-1</c>; its true path (dense edge indexes in driving order, from the edge of its
/// first fix to the edge of its last) is <c>PathOffsets[v] .. PathOffsets[v+1]-1</c> of <see cref="PathEdges"/>.
/// </summary>
public sealed class SimulatedFleet
{
    internal SimulatedFleet(int[] fixOffsets, double[] lon, double[] lat, long[] timestampMs, int[] trueEdges,
        int[] pathOffsets, int[] pathEdges)
    {
        FixOffsets = fixOffsets;
        Lon = lon;
        Lat = lat;
        TimestampMs = timestampMs;
        TrueEdges = trueEdges;
        PathOffsets = pathOffsets;
        PathEdges = pathEdges;
    }

    public int VehicleCount => FixOffsets.Length - 1;

    public int FixCount => Lon.Length;

    public int[] FixOffsets { get; }

    /// <summary>Observed (noisy) WGS-84 longitude of each fix.</summary>
    public double[] Lon { get; }

    public double[] Lat { get; }

    public long[] TimestampMs { get; }

    /// <summary>The dense index of the directed edge each fix was really on.</summary>
    public int[] TrueEdges { get; }

    public int[] PathOffsets { get; }

    public int[] PathEdges { get; }

    /// <summary>Vehicle v's name in probe batches: "sim" and a zero-padded number, so ordering by id keeps v's order.</summary>
    public static string VehicleName(int vehicle) => "sim" + vehicle.ToString("D6", CultureInfo.InvariantCulture);

    /// <summary>The fleet as a probe batch in the ingest output schema, ordered by vehicle then time.</summary>
    public RecordBatch ToProbeBatch()
    {
        var vehicles = new StringArray.Builder();
        var timestamps = new FixedWidthArrayBuilder<long>(ArrowTypes.TimestampMsUtc, FixCount);
        var lons = new FixedWidthArrayBuilder<double>(DoubleType.Default, FixCount);
        var lats = new FixedWidthArrayBuilder<double>(DoubleType.Default, FixCount);
        for (int v = 0; v < VehicleCount; v++)
        {
            string name = VehicleName(v);
            for (int i = FixOffsets[v]; i < FixOffsets[v + 1]; i++)
            {
                vehicles.Append(name);
                timestamps.Append(TimestampMs[i]);
                lons.Append(Lon[i]);
                lats.Append(Lat[i]);
            }
        }

        Schema schema = ProbeSchema.Create(speedKmh: false, headingDeg: false, occupied: false);
        return ArrowColumns.Batch(schema, [vehicles.Build(), timestamps.Build(), lons.Build(), lats.Build()]);
    }
}
