using System.Buffers.Binary;
using System.Text;

namespace TrafficEngine.Arrow.FlatBuffers;

/// <summary>
/// A minimal FlatBuffers encoder: writes back to front, tables with vtables, strings and vectors of offsets or
/// structs. Every scalar is written even when it equals the schema default, so readers never guess.
/// Offsets returned by the Create/End methods count bytes from the end of the buffer, as in the reference library.
/// </summary>
internal sealed class FlatBufferBuilder
{
    private byte[] _buffer;
    private int _space;
    private int _minAlign = 1;
    private int[] _vtable = [];
    private int _vtableCount;
    private int _objectStart;

    public FlatBufferBuilder(int initialCapacity = 1024)
    {
        _buffer = new byte[Math.Max(initialCapacity, 64)];
        _space = _buffer.Length;
    }

    /// <summary>Bytes written so far, which is also the offset of the last written item.</summary>
    public int Offset => _buffer.Length - _space;

    public void StartTable(int fieldCount)
    {
        _vtable = new int[fieldCount];
        _vtableCount = fieldCount;
        _objectStart = Offset;
    }

    public void AddBool(int slot, bool value) => AddByte(slot, value ? (byte)1 : (byte)0);

    public void AddByte(int slot, byte value)
    {
        Prep(1, 0);
        _buffer[--_space] = value;
        _vtable[slot] = Offset;
    }

    public void AddShort(int slot, short value)
    {
        Prep(2, 0);
        _space -= 2;
        BinaryPrimitives.WriteInt16LittleEndian(_buffer.AsSpan(_space), value);
        _vtable[slot] = Offset;
    }

    public void AddInt(int slot, int value)
    {
        Prep(4, 0);
        PutInt(value);
        _vtable[slot] = Offset;
    }

    public void AddLong(int slot, long value)
    {
        Prep(8, 0);
        PutLong(value);
        _vtable[slot] = Offset;
    }

    /// <summary>Adds a reference to an object (table, string or vector) written earlier.</summary>
    public void AddOffset(int slot, int target)
    {
        AddUOffset(target);
        _vtable[slot] = Offset;
    }

    public int EndTable()
    {
        Prep(4, 0);
        PutInt(0); // placeholder for the signed offset to the vtable
        int objectOffset = Offset;
        int used = _vtableCount;
        while (used > 0 && _vtable[used - 1] == 0)
        {
            used--;
        }

        Prep(sizeof(short), (used + 1) * sizeof(short)); // room for the whole vtable: PutShort does not grow the buffer
        for (int i = used - 1; i >= 0; i--)
        {
            PutShort((short)(_vtable[i] != 0 ? objectOffset - _vtable[i] : 0));
        }

        PutShort((short)(objectOffset - _objectStart));
        PutShort((short)((used + 2) * sizeof(short)));
        int vtableOffset = Offset;
        BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(_buffer.Length - objectOffset), vtableOffset - objectOffset);
        _vtableCount = 0;
        return objectOffset;
    }

    public int CreateString(string value)
    {
        int byteCount = Encoding.UTF8.GetByteCount(value);
        Prep(4, byteCount + 1);
        _buffer[--_space] = 0;
        _space -= byteCount;
        Encoding.UTF8.GetBytes(value, _buffer.AsSpan(_space, byteCount));
        PutInt(byteCount);
        return Offset;
    }

    public int CreateOffsetVector(ReadOnlySpan<int> targets)
    {
        Prep(4, targets.Length * 4);
        for (int i = targets.Length - 1; i >= 0; i--)
        {
            AddUOffset(targets[i]);
        }

        PutInt(targets.Length);
        return Offset;
    }

    /// <summary>A vector of structs made of longs only (FieldNode, Buffer): <paramref name="longsPerStruct"/> each.</summary>
    public int CreateLongStructVector(ReadOnlySpan<long> values, int longsPerStruct)
    {
        int count = values.Length / longsPerStruct;
        Prep(4, values.Length * 8);
        Prep(8, values.Length * 8);
        for (int i = values.Length - 1; i >= 0; i--)
        {
            PutLong(values[i]);
        }

        PutInt(count);
        return Offset;
    }

    /// <summary>A vector of the file footer's Block structs: long offset, int metaDataLength, 4 bytes padding, long bodyLength.</summary>
    public int CreateBlockVector(IReadOnlyList<(long Offset, int MetadataLength, long BodyLength)> blocks)
    {
        Prep(4, blocks.Count * 24);
        Prep(8, blocks.Count * 24);
        for (int i = blocks.Count - 1; i >= 0; i--)
        {
            PutLong(blocks[i].BodyLength);
            PutInt(0);
            PutInt(blocks[i].MetadataLength);
            PutLong(blocks[i].Offset);
        }

        PutInt(blocks.Count);
        return Offset;
    }

    /// <summary>Writes the root offset and returns the finished buffer (a view of the builder's own array).</summary>
    public ReadOnlySpan<byte> Finish(int root)
    {
        Prep(Math.Max(_minAlign, 8), 4);
        AddUOffset(root);
        return _buffer.AsSpan(_space);
    }

    private void AddUOffset(int target)
    {
        Prep(4, 0);
        PutInt(Offset - target + 4);
    }

    private void PutShort(short value)
    {
        _space -= 2;
        BinaryPrimitives.WriteInt16LittleEndian(_buffer.AsSpan(_space), value);
    }

    private void PutInt(int value)
    {
        _space -= 4;
        BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(_space), value);
    }

    private void PutLong(long value)
    {
        _space -= 8;
        BinaryPrimitives.WriteInt64LittleEndian(_buffer.AsSpan(_space), value);
    }

    /// <summary>Pads so that after <paramref name="additional"/> more bytes the next item of <paramref name="size"/> bytes is aligned.</summary>
    private void Prep(int size, int additional)
    {
        _minAlign = Math.Max(_minAlign, size);
        int alignSize = (~(Offset + additional) + 1) & (size - 1);
        while (_space < alignSize + size + additional)
        {
            Grow();
        }

        for (int i = 0; i < alignSize; i++)
        {
            _buffer[--_space] = 0;
        }
    }

    private void Grow()
    {
        int used = Offset;
        byte[] grown = new byte[checked(_buffer.Length * 2)];
        _buffer.AsSpan(_space).CopyTo(grown.AsSpan(grown.Length - used));
        _buffer = grown;
        _space = grown.Length - used;
    }
}
