using System.Buffers.Binary;

namespace TrafficEngine.Arrow.Ipc;

/// <summary>A file footer Block: where a message starts, its prefix + metadata length and its body length.</summary>
internal readonly record struct Block(long Offset, int MetadataLength, long BodyLength);

/// <summary>
/// Writes encapsulated IPC messages: 0xFFFFFFFF, int32 metadata length, the flatbuffer padded so the body starts
/// on a 64-byte boundary of the output, then the body. Counts the bytes itself so the stream need not seek.
/// </summary>
internal sealed class MessageWriter
{
    private readonly Stream _stream;

    public MessageWriter(Stream stream, long position = 0)
    {
        _stream = stream;
        Position = position;
    }

    public long Position { get; private set; }

    public void WriteRaw(ReadOnlySpan<byte> bytes)
    {
        _stream.Write(bytes);
        Position += bytes.Length;
    }

    public Block WriteMessage(ReadOnlySpan<byte> metadata, MessageBody? body)
    {
        long offset = Position;
        long unpadded = offset + 8 + metadata.Length;
        long bodyStart = (unpadded + ArrowFormat.BodyAlignment - 1) & ~(long)(ArrowFormat.BodyAlignment - 1);
        int metadataLength = checked((int)(bodyStart - offset - 8));
        Span<byte> prefix = stackalloc byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(prefix, ArrowFormat.Continuation);
        BinaryPrimitives.WriteInt32LittleEndian(prefix[4..], metadataLength);
        WriteRaw(prefix);
        WriteRaw(metadata);
        Span<byte> padding = stackalloc byte[ArrowFormat.BodyAlignment];
        padding.Clear();
        WriteRaw(padding[..(metadataLength - metadata.Length)]);
        long bodyLength = body?.BodyLength ?? 0;
        body?.WriteTo(_stream);
        Position += bodyLength;
        return new Block(offset, metadataLength + 8, bodyLength);
    }

    public void WriteEndOfStream()
    {
        Span<byte> eos = stackalloc byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(eos, ArrowFormat.Continuation);
        BinaryPrimitives.WriteInt32LittleEndian(eos[4..], 0);
        WriteRaw(eos);
    }
}
