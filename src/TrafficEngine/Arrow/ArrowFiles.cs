using Apache.Arrow;

namespace TrafficEngine.Arrow;

/// <summary>One-call writing and reading of whole Arrow IPC files.</summary>
public static class ArrowFiles
{
    /// <summary>The IPC metadata version Apache.Arrow writes: V5, current since Arrow 1.0.</summary>
    public const string FormatVersion = "V5";

    /// <summary>Writes the batches atomically (see <see cref="ArrowFileOutput"/>).</summary>
    public static void Write(string path, Schema schema, IEnumerable<RecordBatch> batches, ArrowCompression compression = ArrowCompression.None)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(batches);
        using var output = new ArrowFileOutput(path, schema, compression);
        foreach (RecordBatch batch in batches)
        {
            output.Write(batch);
        }

        output.Complete();
    }

    /// <summary>
    /// Reads a whole file into managed memory (one copy of its bytes, arrays over that copy, so the batches live as
    /// long as they are referenced), every batch validated. For large files read batch by batch with
    /// <see cref="ArrowFileInput.Open"/>.
    /// </summary>
    public static (Schema Schema, List<RecordBatch> Batches) ReadAll(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        NativeBuffer aligned;
        int length;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
            if (stream.Length > System.Array.MaxLength - NativeBuffer.Alignment)
            {
                throw new ArrowFormatException($"{path}: {stream.Length} bytes is too large to read whole; read it batch by batch.", path);
            }

            length = (int)stream.Length;
            aligned = NativeBuffer.Allocate(length, zeroed: false);
            stream.ReadExactly(aligned.Bytes);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException or IOException)
        {
            throw new ArrowFormatException($"Cannot open Arrow file '{path}': {e.Message}", path, null, e);
        }

        ReadOnlySpan<byte> bytes = aligned.Bytes;
        ArrowFileInput.CheckEnvelope(path, bytes[..Math.Min(8, length)], bytes[Math.Max(0, length - 6)..], length);
        List<RecordBatch> batches = ArrowFileInput.ReadAll(path, aligned.ToArrow(length).Memory, out Schema schema);
        return (schema, batches);
    }
}
