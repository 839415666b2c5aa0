using Apache.Arrow;
using Apache.Arrow.Ipc;
using Apache.Arrow.Types;
using TrafficEngine.IO;

namespace TrafficEngine.Arrow;

/// <summary>
/// Writes an Arrow IPC file published atomically: batches go to a temporary file beside the destination, and only
/// <see cref="Complete"/> writes the footer, flushes to disk and renames it over the destination. Disposing without
/// <see cref="Complete"/> deletes the temporary file, so a failed or cancelled run leaves no partial output (Apache.Arrow's
/// own writer writes no footer on <c>Dispose</c>, which leaves a file no reader opens).
/// <para>
/// Apache.Arrow's file writer writes each dictionary once, from the first batch, and neither delta nor replacement
/// dictionaries: a later batch whose dictionary differs would read back with the first batch's values, silently.
/// This writer checks every later batch's dictionaries against the first batch's (the same array, or equal values)
/// and refuses one that differs; build all batches of a file against one dictionary.
/// </para>
/// </summary>
public sealed class ArrowFileOutput : IDisposable
{
    private readonly string _temporary;
    private readonly FileStream _stream;
    private readonly ArrowFileWriter _writer;
    private IArrowArray?[]? _dictionaries;
    private bool _completed;
    private bool _disposed;

    public ArrowFileOutput(string destination, Schema schema, ArrowCompression compression = ArrowCompression.None)
    {
        ArgumentException.ThrowIfNullOrEmpty(destination);
        ArgumentNullException.ThrowIfNull(schema);
        Destination = Path.GetFullPath(destination);
        Schema = schema;
        _temporary = AtomicFile.TemporaryPathFor(Destination);
        _stream = new FileStream(_temporary, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 20);
        _writer = new ArrowFileWriter(_stream, schema, leaveOpen: true, compression.WriterOptions());
    }

    public string Destination { get; }

    public Schema Schema { get; }

    public long RowsWritten { get; private set; }

    public int BatchesWritten { get; private set; }

    public void Write(RecordBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ObjectDisposedException.ThrowIf(_disposed || _completed, this);
        CheckShape(batch);
        if (!ReferenceEquals(batch.Schema, Schema))
        {
            // Apache.Arrow finds a batch's dictionaries by the Field objects of the writer's schema ("Dictionary with
            // id 0 not found" otherwise): a batch built under an equal schema with other metadata is re-labelled.
            batch = new RecordBatch(Schema, batch.Arrays, batch.Length);
        }

        CheckDictionaries(batch);
        _writer.WriteRecordBatch(batch);
        RowsWritten += batch.Length;
        BatchesWritten++;
    }

    /// <summary>Writes the footer, flushes the file to disk and renames it over the destination.</summary>
    public void Complete()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_completed)
        {
            return;
        }

        if (BatchesWritten == 0)
        {
            _writer.WriteStart(); // a file with a schema and no batches is still a valid file (its schema in the footer)
        }

        _writer.WriteEnd();
        _stream.Flush(flushToDisk: true);
        _stream.Dispose();
        AtomicFile.Commit(_temporary, Destination);
        _completed = true;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _writer.Dispose();
        _stream.Dispose();
        if (!_completed)
        {
            File.Delete(_temporary);
        }
    }

    private void CheckShape(RecordBatch batch)
    {
        IReadOnlyList<Field> expected = Schema.FieldsList, actual = batch.Schema.FieldsList;
        if (actual.Count != expected.Count)
        {
            throw new ArgumentException($"{Destination}: a batch of {actual.Count} columns for a file of {expected.Count}.", nameof(batch));
        }

        for (int i = 0; i < expected.Count; i++)
        {
            if (actual[i].Name != expected[i].Name || !ArrowTypes.Same(batch.Column(i).Data.DataType, expected[i].DataType))
            {
                throw new ArgumentException(
                    $"{Destination}: batch column {i} is '{actual[i].Name}' ({ArrowTypes.Describe(batch.Column(i).Data.DataType)}), the file's is '{expected[i].Name}' ({ArrowTypes.Describe(expected[i].DataType)}).",
                    nameof(batch));
            }
        }
    }

    private void CheckDictionaries(RecordBatch batch)
    {
        if (_dictionaries is null)
        {
            _dictionaries = new IArrowArray?[batch.ColumnCount];
            for (int i = 0; i < batch.ColumnCount; i++)
            {
                _dictionaries[i] = (batch.Column(i) as DictionaryArray)?.Dictionary;
            }

            return;
        }

        for (int i = 0; i < batch.ColumnCount; i++)
        {
            if (batch.Column(i) is DictionaryArray array && !SameValues(_dictionaries[i]!, array.Dictionary))
            {
                throw new InvalidOperationException(
                    $"{Destination}: column '{Schema.FieldsList[i].Name}' of batch {BatchesWritten} has another dictionary than the first batch; an Arrow file keeps the first batch's dictionary only, so build every batch of a file against one dictionary.");
            }
        }
    }

    private static bool SameValues(IArrowArray first, IArrowArray other)
    {
        if (ReferenceEquals(first, other) || ReferenceEquals(first.Data, other.Data))
        {
            return true;
        }

        if (first.Length != other.Length || first.NullCount != other.NullCount || !ArrowTypes.Same(first.Data.DataType, other.Data.DataType))
        {
            return false;
        }

        if (first is BinaryArray a && other is BinaryArray b)
        {
            for (int i = 0; i < a.Length; i++)
            {
                if (a.IsNull(i) != b.IsNull(i) || !a.GetBytes(i).SequenceEqual(b.GetBytes(i)))
                {
                    return false;
                }
            }

            return true;
        }

        if (first.Data.DataType is FixedWidthType fixedWidth && first.Data.DataType is not BooleanType)
        {
            int width = fixedWidth.BitWidth / 8;
            ReadOnlySpan<byte> x = first.Data.Buffers[1].Span.Slice(first.Offset * width, first.Length * width);
            ReadOnlySpan<byte> y = other.Data.Buffers[1].Span.Slice(other.Offset * width, other.Length * width);
            return x.SequenceEqual(y) && first.NullCount == 0;
        }

        return false;
    }
}
