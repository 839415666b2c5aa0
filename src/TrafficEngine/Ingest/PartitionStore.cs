using System.Runtime.CompilerServices;

namespace TrafficEngine.Ingest;

/// <summary>
/// Buffers parsed rows in 256 partitions (by the first byte of the vehicle's pseudonym HMAC). When more than
/// <c>maxRowsInMemory</c> rows are buffered every partition is appended to its own spill file and cleared.
/// </summary>
internal sealed class PartitionStore
{
    public const int PartitionCount = 256;

    private readonly ProbeRows?[] _partitions = new ProbeRows?[PartitionCount];
    private readonly bool[] _spilled = new bool[PartitionCount];
    private readonly string _directory;
    private readonly long _maxRowsInMemory;
    private readonly int _initialCapacity;
    private long _buffered;

    /// <summary>Partitions spilling into <paramref name="directory"/>; <paramref name="expectedRows"/> sizes the buffers once.</summary>
    public PartitionStore(string directory, long maxRowsInMemory, long expectedRows = 0)
    {
        _directory = directory;
        _maxRowsInMemory = maxRowsInMemory;
        long perPartition = Math.Min(expectedRows, maxRowsInMemory) / PartitionCount * 5 / 4;
        _initialCapacity = (int)Math.Clamp(perPartition, 1024, 1 << 20);
    }

    /// <summary>How many times the buffers were spilled to disk.</summary>
    public int SpillCount { get; private set; }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(int partition, int vehicle, long timestampMs, double lon, double lat, float speedKmh, float headingDeg, sbyte occupied, int fileIndex, long line)
    {
        ProbeRows rows = _partitions[partition] ??= new ProbeRows(_initialCapacity);
        rows.Add(vehicle, timestampMs, lon, lat, speedKmh, headingDeg, occupied, fileIndex, line);
        if (++_buffered > _maxRowsInMemory)
        {
            Spill();
        }
    }

    /// <summary>All rows of a partition in arrival order (spilled chunks first, then the buffer); empties it.</summary>
    public ProbeRows Take(int partition)
    {
        ProbeRows? buffered = _partitions[partition];
        _partitions[partition] = null;
        if (!_spilled[partition])
        {
            return buffered ?? new ProbeRows(16);
        }

        var rows = new ProbeRows((buffered?.Count ?? 0) + 1024);
        string path = SpillPath(partition);
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.None, 1 << 16))
        {
            while (rows.ReadChunk(stream))
            {
            }
        }

        File.Delete(path);
        if (buffered is not null)
        {
            for (int i = 0; i < buffered.Count; i++)
            {
                rows.AddFrom(buffered, i);
            }
        }

        return rows;
    }

    private void Spill()
    {
        for (int p = 0; p < PartitionCount; p++)
        {
            ProbeRows? rows = _partitions[p];
            if (rows is null || rows.Count == 0)
            {
                continue;
            }

            using (var stream = new FileStream(SpillPath(p), FileMode.Append, FileAccess.Write, FileShare.None, 1 << 16))
            {
                rows.WriteChunk(stream);
            }

            _spilled[p] = true;
            rows.Clear(); // reuse the buffers: dropping them left up to one budget of pinned garbage per spill
        }

        _buffered = 0;
        SpillCount++;
    }

    private string SpillPath(int partition) => Path.Combine(_directory, $"partition-{partition:x2}.bin");
}
