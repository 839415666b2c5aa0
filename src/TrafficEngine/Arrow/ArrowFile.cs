using TrafficEngine.Columns;

namespace TrafficEngine.Arrow;

/// <summary>One-call reading and writing of whole Arrow IPC files.</summary>
public static class ArrowFile
{
    /// <summary>
    /// Writes the batches to a temporary file in the same folder, then renames it over <paramref name="path"/>, so
    /// readers see either the old file or the complete new one.
    /// </summary>
    public static void Write(string path, Schema schema, IEnumerable<Batch> batches)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(batches);
        string fullPath = Path.GetFullPath(path);
        string temporary = Path.Combine(Path.GetDirectoryName(fullPath)!, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            using (var writer = new ArrowFileWriter(stream, schema, leaveOpen: true))
            {
                foreach (Batch batch in batches)
                {
                    writer.WriteBatch(batch);
                }

                writer.Finish();
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, fullPath, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    /// <summary>
    /// Reads a whole file into managed memory: one copy of the file's bytes, zero-copy columns over it. Spans taken
    /// from the columns keep that memory alive by themselves, so no caller can outlive it. For zero-copy reading of
    /// big files use <see cref="ArrowFileReader.Open"/> (memory-mapped), which asks callers to keep the batches
    /// referenced while they use spans of them.
    /// </summary>
    public static (Schema Schema, List<Batch> Batches) ReadAll(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        using var reader = new ArrowFileReader(stream);
        return (reader.Schema, reader.ReadAll().ToList());
    }
}
