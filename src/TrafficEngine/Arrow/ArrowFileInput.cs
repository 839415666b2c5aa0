using System.Buffers.Binary;
using Apache.Arrow;
using Apache.Arrow.Ipc;
using Apache.Arrow.Memory;

namespace TrafficEngine.Arrow;

/// <summary>
/// Reads an Arrow IPC file batch by batch through Apache.Arrow, each batch checked by <see cref="ArrowValidation"/>
/// before it is handed out. Files up to 2 GB are memory-mapped and read without a copy (arrays over the page
/// cache, valid until this reader is disposed: keep it open while spans of its batches are in use); larger files
/// are read batch by batch into fresh memory. Compressed files (LZ4 frame, Zstandard) are decompressed. Every
/// failure of the library on a damaged file becomes an <see cref="ArrowFormatException"/> naming the file.
/// </summary>
public sealed class ArrowFileInput : IDisposable
{
    private static readonly byte[] Magic = "ARROW1"u8.ToArray();
    private readonly Stream _stream;
    private readonly MappedMemory? _mapped;
    private readonly ArrowFileReader? _fileReader;
    private readonly ReadOnlyMemory<byte> _messages;
    private bool _reading;

    private ArrowFileInput(string path, Stream stream, MappedMemory? mapped, ArrowFileReader? fileReader, ReadOnlyMemory<byte> messages, Schema schema)
    {
        Path = path;
        _stream = stream;
        _mapped = mapped;
        _fileReader = fileReader;
        _messages = messages;
        Schema = schema;
    }

    public string Path { get; }

    public Schema Schema { get; }

    /// <summary>Whether the file is memory-mapped (batches are zero-copy views of it).</summary>
    public bool IsMapped => _mapped is not null;

    /// <summary>Files above this size are read with copies rather than mapped (tests lower it).</summary>
    internal static long MapLimit { get; set; } = int.MaxValue;

    public static ArrowFileInput Open(string path) => OpenFile(path, FileOptions.RandomAccess,
        stream => stream.Length <= MapLimit ? OpenMapped(path, stream) : OpenStreamed(path, stream));

    /// <summary>
    /// Opens <paramref name="path"/> to be read batch by batch into fresh memory (no mapping): each batch lives as long
    /// as it is referenced, whatever happens to this reader, and memory stays bounded by the batches held.
    /// </summary>
    public static ArrowFileInput OpenCopying(string path) => OpenFile(path, FileOptions.SequentialScan, stream => OpenStreamed(path, stream));

    /// <summary>The number of batches, from the footer (no batch is read); for files opened with <see cref="OpenCopying"/>.</summary>
    public int BatchCount => _fileReader is not null
        ? Guard(Path, () => _fileReader.RecordBatchCountAsync().AsTask().GetAwaiter().GetResult())
        : throw new InvalidOperationException("BatchCount is known for files opened with OpenCopying.");

    /// <summary>The batches in file order, each validated. Only one enumeration per reader.</summary>
    public IEnumerable<RecordBatch> ReadBatches()
    {
        if (_reading)
        {
            throw new InvalidOperationException("The batches of an ArrowFileInput can be read once.");
        }

        _reading = true;
        return _fileReader is null ? ReadMapped() : ReadStreamed();
    }

    public void Dispose()
    {
        _fileReader?.Dispose();
        ((IDisposable?)_mapped)?.Dispose();
        _stream.Dispose();
    }

    private IEnumerable<RecordBatch> ReadMapped()
    {
        using var reader = new ArrowStreamReader(_messages, ArrowCompressions.Codecs);
        for (int index = 0; ; index++)
        {
            RecordBatch? batch = Guard(Path, reader.ReadNextRecordBatch);
            if (batch is null)
            {
                yield break;
            }

            ArrowValidation.Validate(batch, Path, index);
            yield return batch;
        }
    }

    private IEnumerable<RecordBatch> ReadStreamed()
    {
        int count = Guard(Path, () => _fileReader!.RecordBatchCountAsync().AsTask().GetAwaiter().GetResult());
        for (int index = 0; index < count; index++)
        {
            int at = index;
            RecordBatch batch = Guard(Path, () => _fileReader!.ReadRecordBatchAsync(at).AsTask().GetAwaiter().GetResult())
                ?? throw new ArrowFormatException($"{Path}: the footer lists {count} batches but batch {index} cannot be read.", Path);
            ArrowValidation.Validate(batch, Path, index);
            yield return batch;
        }
    }

    /// <summary>Opens the file, checks its magic bytes and hands it to <paramref name="open"/>; failures close it.</summary>
    private static ArrowFileInput OpenFile(string path, FileOptions options, Func<FileStream, ArrowFileInput> open)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, options);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException or IOException)
        {
            throw new ArrowFormatException($"Cannot open Arrow file '{path}': {e.Message}", path, null, e);
        }

        try
        {
            CheckEnvelope(path, stream);
            return open(stream);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    private static ArrowFileInput OpenStreamed(string path, Stream stream)
    {
        var reader = new ArrowFileReader(stream, MemoryAllocator.Default.Value, ArrowCompressions.Codecs, leaveOpen: true);
        Schema schema = Guard(path, () => reader.Schema);
        return new ArrowFileInput(path, stream, null, reader, default, schema);
    }

    private static ArrowFileInput OpenMapped(string path, FileStream stream)
    {
        MappedMemory mapped = MappedMemory.Map(stream);
        try
        {
            (ReadOnlyMemory<byte> messages, Schema? schema) = Messages(path, mapped.Memory);
            if (schema is null)
            {
                ((IDisposable)mapped).Dispose();
                return OpenStreamed(path, stream);
            }

            return new ArrowFileInput(path, stream, mapped, null, messages, schema);
        }
        catch
        {
            ((IDisposable)mapped).Dispose();
            throw;
        }
    }

    /// <summary>Reads every batch of a whole file held in memory (its magic bytes already checked), validated.</summary>
    internal static List<RecordBatch> ReadAll(string path, ReadOnlyMemory<byte> file, out Schema schema)
    {
        (ReadOnlyMemory<byte> messages, Schema? streamSchema) = Messages(path, file);
        var batches = new List<RecordBatch>();
        if (streamSchema is null)
        {
            using ArrowFileInput footer = OpenStreamed(path, new MemoryStream(file.ToArray(), writable: false));
            schema = footer.Schema;
            batches.AddRange(footer.ReadBatches());
            return batches;
        }

        schema = streamSchema;
        using var reader = new ArrowStreamReader(messages, ArrowCompressions.Codecs);
        for (int index = 0; ; index++)
        {
            RecordBatch? batch = Guard(path, reader.ReadNextRecordBatch);
            if (batch is null)
            {
                return batches;
            }

            ArrowValidation.Validate(batch, path, index);
            batches.Add(batch);
        }
    }

    /// <summary>
    /// The stream of IPC messages inside a file (between the leading magic and the footer) and its schema. A file
    /// is the stream format framed by magic bytes and a footer, so the stream reader reads it in order.
    /// </summary>
    private static (ReadOnlyMemory<byte> Messages, Schema? Schema) Messages(string path, ReadOnlyMemory<byte> file)
    {
        int footerLength = BinaryPrimitives.ReadInt32LittleEndian(file.Span[^10..]);
        long messagesEnd = file.Length - 10L - footerLength;
        if (footerLength <= 0 || messagesEnd < 8)
        {
            throw new ArrowFormatException($"{path}: not an Arrow IPC file: its footer length ({footerLength}) does not fit a file of {file.Length} bytes.", path);
        }

        ReadOnlyMemory<byte> messages = file[8..(int)messagesEnd];
        try
        {
            using var probe = new ArrowStreamReader(messages, ArrowCompressions.Codecs);
            return (messages, probe.Schema);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Some files hold their schema in the footer only (apache-arrow for JavaScript; Apache.Arrow's writer when a
            // file has no batch): read them through the footer.
            return (ReadOnlyMemory<byte>.Empty, null);
        }
    }

    /// <summary>Checks the magic bytes at both ends of a file.</summary>
    internal static void CheckEnvelope(string path, ReadOnlySpan<byte> head, ReadOnlySpan<byte> tail, long length)
    {
        if (length < 8 + 10)
        {
            throw new ArrowFormatException($"{path}: not an Arrow IPC file: {length} bytes is too short.", path);
        }

        if (!head[..6].SequenceEqual(Magic) || !tail.SequenceEqual(Magic))
        {
            throw new ArrowFormatException(head[..6].SequenceEqual(Magic)
                ? $"{path}: the Arrow file is incomplete (no closing magic bytes): it was not finished or was truncated."
                : $"{path}: not an Arrow IPC file (no ARROW1 magic bytes at its start).", path);
        }
    }

    private static void CheckEnvelope(string path, FileStream stream)
    {
        long length = stream.Length;
        Span<byte> head = stackalloc byte[8], tail = stackalloc byte[6];
        if (length >= 8 + 10)
        {
            stream.Position = 0;
            stream.ReadExactly(head);
            stream.Position = length - 6;
            stream.ReadExactly(tail);
            stream.Position = 0;
        }

        CheckEnvelope(path, head, tail, length);
    }

    /// <summary>Runs a call into Apache.Arrow, turning its failures on damaged input into one-line format errors.</summary>
    internal static T Guard<T>(string path, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is not ArrowFormatException and not OutOfMemoryException and not OperationCanceledException)
        {
            string detail = string.Join(' ', e.Message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            throw new ArrowFormatException($"{path}: damaged or unsupported Arrow data: {detail}", path, null, e);
        }
    }
}
