using Apache.Arrow;
using Apache.Arrow.Types;
using TrafficEngine.Arrow;
using TrafficEngine.Geo;

namespace TrafficEngine.Commute;

/// <summary>
/// Edge speeds of one period of the day from the congestion outputs (segment_speeds.arrow): per edge, the space-mean
/// speed over its published (not low-sample) bins whose Beijing local start hour is in [FromHour, ToHour), i.e.
/// sum vkt / sum (vkt / speed); NaN for an edge with no such bin (its free-flow speed is used then).
/// </summary>
public static class CongestedSpeeds
{
    private const string BinStart = "bin_start", EdgeId = "edge_id", Speed = "speed_kmh", Vkt = "vkt", LowSample = "low_sample";

    /// <summary>Reads segment_speeds.arrow at <paramref name="path"/> batch by batch.</summary>
    public static float[] Read(string path, RoadNetwork network, int fromHour, int toHour)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using ArrowFileInput input = ArrowFileInput.OpenCopying(path);
        return Read(input.ReadBatches(), network, fromHour, toHour, path);
    }

    public static float[] Read(IEnumerable<RecordBatch> segmentSpeeds, RoadNetwork network, int fromHour, int toHour, string file = "segment_speeds.arrow")
    {
        ArgumentNullException.ThrowIfNull(segmentSpeeds);
        ArgumentNullException.ThrowIfNull(network);
        if (fromHour < 0 || toHour > 24 || fromHour >= toHour)
        {
            throw new ArgumentOutOfRangeException(nameof(toHour), $"the period {fromHour}-{toHour} is not whole hours within a day (from < to, 0..24).");
        }

        var vkt = new double[network.EdgeCount];
        var hours = new double[network.EdgeCount];
        foreach (RecordBatch batch in segmentSpeeds)
        {
            ArrowColumns.RequireField(batch.Schema, BinStart, ArrowTypes.TimestampMsUtc, file);
            ArrowColumns.RequireField(batch.Schema, EdgeId, Int64Type.Default, file);
            ArrowColumns.RequireField(batch.Schema, Speed, DoubleType.Default, file);
            ArrowColumns.RequireField(batch.Schema, Vkt, DoubleType.Default, file);
            ReadOnlySpan<long> bins = batch.Require<PrimitiveArray<long>>(BinStart, file).Values;
            ReadOnlySpan<long> edges = batch.Require<PrimitiveArray<long>>(EdgeId, file).Values;
            ReadOnlySpan<double> speeds = batch.Require<PrimitiveArray<double>>(Speed, file).Values;
            ReadOnlySpan<double> vkts = batch.Require<PrimitiveArray<double>>(Vkt, file).Values;
            BooleanArray? low = batch.Find(LowSample) as BooleanArray;
            for (int r = 0; r < batch.Length; r++)
            {
                int hour = (int)((((bins[r] / 3_600_000) + 8) % 24 + 24) % 24);
                if (hour < fromHour || hour >= toHour || low?.GetValue(r) == true || !(speeds[r] > 0) || !(vkts[r] > 0))
                {
                    continue;
                }

                int e = network.FindEdge(edges[r]);
                if (e < 0)
                {
                    continue;
                }

                vkt[e] += vkts[r];
                hours[e] += vkts[r] / speeds[r];
            }
        }

        var kmh = new float[network.EdgeCount];
        for (int e = 0; e < kmh.Length; e++)
        {
            kmh[e] = hours[e] > 0 ? (float)(vkt[e] / hours[e]) : float.NaN;
        }

        return kmh;
    }
}
