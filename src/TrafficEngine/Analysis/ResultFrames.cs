using Apache.Arrow;
using Apache.Arrow.Compression;
using Apache.Arrow.Ipc;
using Apache.Arrow.Memory;
using Microsoft.Data.Analysis;

namespace TrafficEngine.Analysis;

/// <summary>
/// Opens any Arrow IPC file the engine writes (network.arrow, probes.arrow, traversals.arrow, matched_points.arrow,
/// the congestion folder's segment_speeds.arrow) as a <see cref="DataFrame"/> in one call, uncompressed or lz4/zstd.
/// The whole file is loaded into memory (every batch, concatenated): it is meant for result tables and moderate
/// files, not for a city-day of probes; stream those with Apache.Arrow's <see cref="ArrowFileReader"/> instead.
/// Column types are those of <see cref="ArrowFrames"/>.
/// </summary>
public static class ResultFrames
{
    /// <summary>Reads every batch of the Arrow IPC file at <paramref name="path"/> into one DataFrame.</summary>
    public static DataFrame Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using FileStream stream = File.OpenRead(path);
        try
        {
            return Open(stream);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
    }

    /// <summary>Reads every batch of an Arrow IPC file from a seekable stream, which is left open.</summary>
    public static DataFrame Open(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var reader = new ArrowFileReader(stream, MemoryAllocator.Default.Value, new CompressionCodecFactory(), leaveOpen: true);
        Schema schema = reader.Schema;
        var batches = new List<RecordBatch>();
        try
        {
            while (reader.ReadNextRecordBatch() is { } batch)
            {
                batches.Add(batch);
            }

            return ArrowFrames.ToDataFrame(schema, batches);
        }
        finally
        {
            foreach (RecordBatch batch in batches)
            {
                batch.Dispose();
            }
        }
    }
}
