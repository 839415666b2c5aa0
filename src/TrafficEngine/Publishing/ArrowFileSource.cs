using Apache.Arrow;
using TrafficEngine.Arrow;

namespace TrafficEngine.Publishing;

/// <summary>
/// An Arrow IPC file read batch by batch with bounded memory, the reading counterpart of <see cref="ArrowFileSink"/>:
/// each enumeration opens the file afresh and reads one validated batch at a time into fresh memory
/// (<see cref="ArrowFileInput.OpenCopying"/>), so a batch lives exactly as long as the caller holds it and the file
/// is never resident as a whole. Enumerate it as often as needed.
/// </summary>
public sealed class ArrowFileSource : IReadOnlyCollection<RecordBatch>
{
    private readonly string _path;

    public ArrowFileSource(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        _path = Path.GetFullPath(path);
        using ArrowFileInput input = ArrowFileInput.OpenCopying(_path);
        Schema = input.Schema;
        Count = input.BatchCount;
        FileBytes = new FileInfo(_path).Length;
    }

    /// <summary>The batches in the file (from its footer; no batch is read to know it).</summary>
    public int Count { get; }

    public Schema Schema { get; }

    public long FileBytes { get; }

    /// <summary>The rows in the file.</summary>
    public long CountRows()
    {
        long rows = 0;
        foreach (RecordBatch batch in this)
        {
            rows += batch.Length;
        }

        return rows;
    }

    public IEnumerator<RecordBatch> GetEnumerator()
    {
        using ArrowFileInput input = ArrowFileInput.OpenCopying(_path);
        foreach (RecordBatch batch in input.ReadBatches())
        {
            yield return batch;
        }
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
