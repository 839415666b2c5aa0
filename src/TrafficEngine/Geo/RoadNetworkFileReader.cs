using Apache.Arrow;
using Apache.Arrow.Types;
using TrafficEngine.Arrow;

namespace TrafficEngine.Geo;

/// <summary>Turns the batches of a road network file back into a <see cref="RoadNetwork"/>, checking its consistency.</summary>
internal static class RoadNetworkFileReader
{
    public static RoadNetwork FromBatches(string path, Schema schema, List<RecordBatch> batches)
    {
        int edges = batches.Sum(b => b.Length);
        var edgeIds = new long[edges];
        var sourceIds = new long[edges];
        var fromIds = new long[edges];
        var toIds = new long[edges];
        var from = new int[edges];
        var to = new int[edges];
        var length = new double[edges];
        var freeFlow = new float[edges];
        var classes = new RoadClass[edges];
        var lanes = new short[edges];
        var highwayCodes = new int[edges];
        var nameCodes = new int[edges];
        var offsets = new int[edges + 1];
        var highways = new Dictionary<string, int>(StringComparer.Ordinal);
        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        int points = 0;
        foreach (RecordBatch batch in batches)
        {
            var geometry = (BinaryArray)batch.Column(RoadNetworkFile.Geometry);
            for (int i = 0; i < batch.Length; i++)
            {
                int count = Wkb.PointCount(geometry.GetBytes(i), out string? problem);
                if (count < 2)
                {
                    throw new InvalidDataException($"{path}: edge row {points}: geometry {problem ?? $"has {count} point(s)"}.");
                }

                points += count;
            }
        }

        var lon = new double[points];
        var lat = new double[points];
        int row = 0, written = 0;
        foreach (RecordBatch batch in batches)
        {
            int n = batch.Length;
            Fixed<long>(batch, RoadNetworkFile.EdgeId).CopyTo(edgeIds.AsSpan(row));
            Fixed<long>(batch, RoadNetworkFile.SourceId).CopyTo(sourceIds.AsSpan(row));
            Fixed<long>(batch, RoadNetworkFile.FromNode).CopyTo(fromIds.AsSpan(row));
            Fixed<long>(batch, RoadNetworkFile.ToNode).CopyTo(toIds.AsSpan(row));
            Fixed<int>(batch, RoadNetworkFile.FromIndex).CopyTo(from.AsSpan(row));
            Fixed<int>(batch, RoadNetworkFile.ToIndex).CopyTo(to.AsSpan(row));
            Fixed<double>(batch, RoadNetworkFile.LengthM).CopyTo(length.AsSpan(row));
            Fixed<float>(batch, RoadNetworkFile.FreeFlowKmh).CopyTo(freeFlow.AsSpan(row));
            var laneColumn = (PrimitiveArray<short>)batch.Column(RoadNetworkFile.Lanes);
            Codes(path, (DictionaryArray)batch.Column(RoadNetworkFile.Highway), highways, highwayCodes.AsSpan(row, n));
            Codes(path, (DictionaryArray)batch.Column(RoadNetworkFile.Name), names, nameCodes.AsSpan(row, n));
            var classColumn = (DictionaryArray)batch.Column(RoadNetworkFile.RoadClassName);
            var classOf = new RoadClass[classColumn.Dictionary.Length];
            for (int d = 0; d < classOf.Length; d++)
            {
                if (!RoadClasses.TryParse(ArrowArrays.GetString(classColumn.Dictionary, d), out classOf[d]))
                {
                    throw new InvalidDataException($"{path}: unknown road class '{ArrowArrays.GetString(classColumn.Dictionary, d)}'.");
                }
            }

            var geometry = (BinaryArray)batch.Column(RoadNetworkFile.Geometry);
            for (int i = 0; i < n; i++)
            {
                lanes[row + i] = laneColumn.IsValid(i) ? laneColumn.Values[i] : (short)0;
                classes[row + i] = classOf[(int)classColumn.Code(i)];
                ReadOnlySpan<byte> wkb = geometry.GetBytes(i);
                int count = Wkb.PointCount(wkb, out _);
                Wkb.ReadPoints(wkb, lon.AsSpan(written, count), lat.AsSpan(written, count));
                written += count;
                offsets[row + i + 1] = written;
            }

            row += n;
        }

        long[] nodeIds = NodeIds(path, schema, from, to, fromIds, toIds);
        (double[] nodeLon, double[] nodeLat) = RoadNetworkBuilder.NodeCoordinates(nodeIds.Length, from, to, offsets, lon, lat);
        try
        {
            return new RoadNetwork(nodeIds, nodeLon, nodeLat, edgeIds, sourceIds, from, to, length, freeFlow, classes, lanes,
                highwayCodes, Values(highways), nameCodes, Values(names), offsets, lon, lat, schema.Metadata ?? new Dictionary<string, string>());
        }
        catch (ArgumentException ex)
        {
            throw new InvalidDataException($"{path}: {ex.Message}", ex);
        }
    }

    private static ReadOnlySpan<T> Fixed<T>(RecordBatch batch, string name)
        where T : unmanaged, IEquatable<T> => ((PrimitiveArray<T>)batch.Column(name)).Values;

    /// <summary>Maps a batch's dictionary codes to network-wide codes (-1 for null).</summary>
    private static void Codes(string path, DictionaryArray column, Dictionary<string, int> values, Span<int> codes)
    {
        var map = new int[column.Dictionary.Length];
        for (int d = 0; d < map.Length; d++)
        {
            string value = ArrowArrays.GetString(column.Dictionary, d) ?? throw new InvalidDataException($"{path}: a null dictionary value.");
            if (!values.TryGetValue(value, out map[d]))
            {
                map[d] = values.Count;
                values.Add(value, map[d]);
            }
        }

        for (int i = 0; i < codes.Length; i++)
        {
            codes[i] = column.IsValid(i) ? map[(int)column.Code(i)] : -1;
        }
    }

    /// <summary>Node ids by dense index from the edges' (index, id) pairs, checking every index means one id.</summary>
    private static long[] NodeIds(string path, Schema schema, int[] from, int[] to, long[] fromIds, long[] toIds)
    {
        int max = -1;
        for (int e = 0; e < from.Length; e++)
        {
            if (from[e] < 0 || to[e] < 0)
            {
                throw new InvalidDataException($"{path}: edge row {e} has a negative node index.");
            }

            max = Math.Max(max, Math.Max(from[e], to[e]));
        }

        if (schema.Metadata is not null && schema.Metadata.TryGetValue("traffic.network.node_count", out string? stated)
            && int.TryParse(stated, System.Globalization.CultureInfo.InvariantCulture, out int count) && count != max + 1)
        {
            throw new InvalidDataException($"{path}: the metadata states {count} nodes but the edges use {max + 1}.");
        }

        var ids = new long[max + 1];
        var seen = new bool[max + 1];
        for (int e = 0; e < from.Length; e++)
        {
            Assign(from[e], fromIds[e], e);
            Assign(to[e], toIds[e], e);
        }

        int gap = System.Array.IndexOf(seen, false);
        return gap < 0 ? ids : throw new InvalidDataException($"{path}: node index {gap} is used by no edge.");

        void Assign(int index, long id, int row)
        {
            if (seen[index] && ids[index] != id)
            {
                throw new InvalidDataException($"{path}: edge row {row}: node index {index} stands for both node {ids[index]} and node {id}.");
            }

            seen[index] = true;
            ids[index] = id;
        }
    }

    private static string[] Values(Dictionary<string, int> codes)
    {
        var values = new string[codes.Count];
        foreach (KeyValuePair<string, int> pair in codes)
        {
            values[pair.Value] = pair.Key;
        }

        return values;
    }
}
