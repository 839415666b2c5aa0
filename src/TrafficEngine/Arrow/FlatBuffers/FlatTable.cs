using System.Buffers.Binary;
using System.Text;

namespace TrafficEngine.Arrow.FlatBuffers;

/// <summary>
/// A bounds-checked view of one FlatBuffers table inside a byte range. Every read checks the vtable, the field and
/// the referenced object against the range and throws <see cref="ArrowFormatException"/> with the file offset.
/// References (uoffsets) only point forward, so following them can never loop.
/// </summary>
internal readonly struct FlatTable
{
    private readonly byte[] _bytes;
    private readonly int _start;
    private readonly int _end;
    private readonly long _bias;
    private readonly int _position;
    private readonly int _vtable;
    private readonly int _vtableSize;
    private readonly int _tableSize;

    private FlatTable(byte[] bytes, int start, int end, long bias, int position)
    {
        _bytes = bytes;
        _start = start;
        _end = end;
        _bias = bias;
        _position = position;
        Require(position >= start && (long)position + 4 <= end, position, "table lies outside the metadata");
        long vtable = position - (long)BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(position));
        Require(vtable >= start && vtable + 4 <= end, position, "vtable offset points outside the metadata");
        _vtable = (int)vtable;
        _vtableSize = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(_vtable));
        _tableSize = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(_vtable + 2));
        Require(_vtableSize >= 4 && (_vtableSize & 1) == 0 && (long)_vtable + _vtableSize <= end, _vtable, $"vtable size {_vtableSize} is invalid");
        Require(_tableSize >= 4 && (long)position + _tableSize <= end, position, $"table size {_tableSize} runs past the metadata");
    }

    /// <summary>The root table of a flatbuffer occupying bytes[start..start+length]; <paramref name="fileOffset"/> is where it sits in the file.</summary>
    public static FlatTable Root(byte[] bytes, int start, int length, long fileOffset)
    {
        int end = start + length;
        long bias = fileOffset - start;
        if (length < 8)
        {
            throw new ArrowFormatException($"Flatbuffer of {length} bytes is too short", fileOffset);
        }

        uint root = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(start));
        if (root > (uint)(length - 4))
        {
            throw new ArrowFormatException($"Flatbuffer root offset {root} lies outside the {length}-byte metadata", fileOffset);
        }

        return new FlatTable(bytes, start, end, bias, start + (int)root);
    }

    /// <summary>File offset of this table, for error messages.</summary>
    public long FileOffset => _position + _bias;

    public bool Has(int slot) => FieldPosition(slot, 1) != 0;

    public bool GetBool(int slot, bool defaultValue = false)
    {
        int at = FieldPosition(slot, 1);
        return at == 0 ? defaultValue : _bytes[at] != 0;
    }

    public byte GetByte(int slot, byte defaultValue = 0)
    {
        int at = FieldPosition(slot, 1);
        return at == 0 ? defaultValue : _bytes[at];
    }

    public short GetShort(int slot, short defaultValue = 0)
    {
        int at = FieldPosition(slot, 2);
        return at == 0 ? defaultValue : BinaryPrimitives.ReadInt16LittleEndian(_bytes.AsSpan(at));
    }

    public int GetInt(int slot, int defaultValue = 0)
    {
        int at = FieldPosition(slot, 4);
        return at == 0 ? defaultValue : BinaryPrimitives.ReadInt32LittleEndian(_bytes.AsSpan(at));
    }

    public long GetLong(int slot, long defaultValue = 0)
    {
        int at = FieldPosition(slot, 8);
        return at == 0 ? defaultValue : BinaryPrimitives.ReadInt64LittleEndian(_bytes.AsSpan(at));
    }

    /// <summary>The table referenced by a field, or null when the field is absent.</summary>
    public FlatTable? GetTable(int slot)
    {
        int at = FieldPosition(slot, 4);
        return at == 0 ? null : new FlatTable(_bytes, _start, _end, _bias, Follow(at));
    }

    public string? GetString(int slot)
    {
        FlatVector? vector = GetVector(slot, 1);
        if (vector is not { } v)
        {
            return null;
        }

        try
        {
            return new UTF8Encoding(false, true).GetString(_bytes, v.Start, v.Count);
        }
        catch (DecoderFallbackException)
        {
            throw new ArrowFormatException("String in the metadata is not valid UTF-8", v.Start + _bias);
        }
    }

    /// <summary>A vector of <paramref name="elementSize"/>-byte elements, or null when the field is absent.</summary>
    public FlatVector? GetVector(int slot, int elementSize)
    {
        int at = FieldPosition(slot, 4);
        if (at == 0)
        {
            return null;
        }

        int vector = Follow(at);
        Require((long)vector + 4 <= _end, vector, "vector length lies outside the metadata");
        uint count = BinaryPrimitives.ReadUInt32LittleEndian(_bytes.AsSpan(vector));
        Require(vector + 4 + ((long)count * elementSize) <= _end, vector, $"vector of {count} elements runs past the metadata");
        return new FlatVector(vector + 4, (int)count);
    }

    /// <summary>Element <paramref name="index"/> of a vector of tables.</summary>
    public FlatTable GetTableElement(FlatVector vector, int index)
    {
        int at = vector.Start + (index * 4);
        return new FlatTable(_bytes, _start, _end, _bias, Follow(at));
    }

    /// <summary>A little-endian long at a byte position inside a vector of structs (already bounds-checked by GetVector).</summary>
    public long ReadLong(int position) => BinaryPrimitives.ReadInt64LittleEndian(_bytes.AsSpan(position));

    public int ReadInt(int position) => BinaryPrimitives.ReadInt32LittleEndian(_bytes.AsSpan(position));

    private int FieldPosition(int slot, int size)
    {
        int entry = 4 + (slot * 2);
        if (entry + 2 > _vtableSize)
        {
            return 0;
        }

        int offset = BinaryPrimitives.ReadUInt16LittleEndian(_bytes.AsSpan(_vtable + entry));
        if (offset == 0)
        {
            return 0;
        }

        Require(offset + size <= _tableSize, _position, $"field {slot} at offset {offset} runs past its {_tableSize}-byte table");
        return _position + offset;
    }

    private int Follow(int at)
    {
        uint relative = BinaryPrimitives.ReadUInt32LittleEndian(_bytes.AsSpan(at));
        long target = at + (long)relative;
        Require(target + 4 <= _end, at, $"reference {relative} points past the metadata");
        return (int)target;
    }

    private void Require(bool condition, long position, string what)
    {
        if (!condition)
        {
            throw new ArrowFormatException($"Malformed flatbuffer: {what}", position + _bias);
        }
    }
}

/// <summary>Start (byte position of element 0) and element count of a bounds-checked flatbuffer vector.</summary>
internal readonly record struct FlatVector(int Start, int Count);
