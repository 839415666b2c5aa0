using TrafficEngine.Arrow;
using TrafficEngine.Columns;

namespace TrafficEngine.Publishing;

/// <summary>
/// An Arrow IPC file read batch by batch with bounded memory, the reading counterpart of <see cref="ArrowFileSink"/>:
/// each enumeration maps the file afresh and hands out one batch at a time. A memory-mapped page a batch touched
/// counts as resident until its mapping is gone, and a mapping goes only when the garbage collector has released
/// the batches over it; so after every <see cref="ReleaseBytes"/> of batches read, the source collects, and the pages
/// of batches the caller no longer holds leave the process. Enumerate it as often as needed; hold a batch (not
/// only spans of it) while using it.
/// </summary>
public sealed class ArrowFileSource : IEnumerable<Batch>
{
    private readonly string _path;

    public ArrowFileSource(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        _path = Path.GetFullPath(path);
        using ArrowFileReader reader = ArrowFileReader.Open(_path);
        Schema = reader.Schema;
        BatchCount = reader.BatchCount;
        FileBytes = new FileInfo(_path).Length;
    }

    public Schema Schema { get; }

    public int BatchCount { get; }

    public long FileBytes { get; }

    /// <summary>Bytes of batches (by the file's mean batch size) read between two releases of mapped pages. Default 128 MB.</summary>
    public long ReleaseBytes { get; init; } = 128L << 20;

    /// <summary>The rows in the file (each batch's length, read from its header).</summary>
    public long CountRows()
    {
        long rows = 0;
        foreach (Batch batch in this)
        {
            rows += batch.Length;
        }

        return rows;
    }

    public IEnumerator<Batch> GetEnumerator()
    {
        long perBatch = BatchCount == 0 ? 0 : Math.Max(1, FileBytes / BatchCount);
        long sinceRelease = 0;
        ArrowFileReader reader = ArrowFileReader.Open(_path);
        try
        {
            for (int i = 0; i < BatchCount; i++)
            {
                yield return reader.ReadBatch(i);
                sinceRelease += perBatch;
                if (sinceRelease >= ReleaseBytes && i + 1 < BatchCount)
                {
                    // A new mapping for the batches to come; the old one goes once its batches are unreachable.
                    reader.Dispose();
                    reader = ArrowFileReader.Open(_path);
                    GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true);
                    GC.WaitForPendingFinalizers();
                    sinceRelease = 0;
                }
            }
        }
        finally
        {
            reader.Dispose();
        }
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
