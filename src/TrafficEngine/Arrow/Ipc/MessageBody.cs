using System.Buffers.Binary;
using System.Runtime.InteropServices;
using TrafficEngine.Columns;

namespace TrafficEngine.Arrow.Ipc;

/// <summary>
/// The field nodes, buffer descriptors and body bytes of one record or dictionary batch. Buffers are referenced,
/// not copied, except where a slice needs rebasing (string offsets) or re-packing (bitmaps at odd bit offsets).
/// Every buffer starts on a 64-byte boundary of the body.
/// </summary>
internal sealed class MessageBody
{
    private readonly List<long> _nodes = [];
    private readonly List<long> _buffers = [];
    private readonly List<ReadOnlyMemory<byte>> _parts = [];

    public long BodyLength { get; private set; }

    public ReadOnlySpan<long> Nodes => CollectionsMarshal.AsSpan(_nodes);

    public ReadOnlySpan<long> Buffers => CollectionsMarshal.AsSpan(_buffers);

    /// <summary>Adds a column; a dictionary column contributes its indices (see <see cref="AddIndices"/> to substitute them).</summary>
    public void AddColumn(Column column)
    {
        _nodes.Add(column.Length);
        _nodes.Add(column.NullCount);
        if (column.NullCount == 0)
        {
            AddBuffer(ReadOnlyMemory<byte>.Empty);
        }
        else
        {
            AddBitmap(column.Validity, column.Offset, column.Length);
        }

        switch (column)
        {
            case BooleanColumn booleans:
                AddBitmap(booleans.ValuesBuffer, booleans.Offset, booleans.Length);
                break;
            case BinaryColumn strings:
                AddStrings(strings);
                break;
            case DictionaryColumn dictionary:
                AddFixed(dictionary.Indices);
                break;
            default:
                AddFixed(column);
                break;
        }
    }

    /// <summary>Adds a dictionary column whose indices were remapped into <paramref name="indices"/> (bytes of its index type).</summary>
    public void AddIndices(DictionaryColumn column, ReadOnlyMemory<byte> indices)
    {
        _nodes.Add(column.Length);
        _nodes.Add(column.NullCount);
        if (column.NullCount == 0)
        {
            AddBuffer(ReadOnlyMemory<byte>.Empty);
        }
        else
        {
            AddBitmap(column.Validity, column.Offset, column.Length);
        }

        AddBuffer(indices);
    }

    public void WriteTo(Stream stream)
    {
        Span<byte> padding = stackalloc byte[ArrowFormat.BodyAlignment];
        padding.Clear();
        foreach (ReadOnlyMemory<byte> part in _parts)
        {
            stream.Write(part.Span);
            stream.Write(padding[..(Pad(part.Length) - part.Length)]);
        }
    }

    /// <summary>The bytes of a fixed-width column's values from its offset.</summary>
    internal static ReadOnlyMemory<byte> FixedValues(Column column)
    {
        ArrowBuffer values = column switch
        {
            Column<sbyte> c => c.ValuesBuffer,
            Column<byte> c => c.ValuesBuffer,
            Column<short> c => c.ValuesBuffer,
            Column<ushort> c => c.ValuesBuffer,
            Column<int> c => c.ValuesBuffer,
            Column<uint> c => c.ValuesBuffer,
            Column<long> c => c.ValuesBuffer,
            Column<ulong> c => c.ValuesBuffer,
            Column<float> c => c.ValuesBuffer,
            Column<double> c => c.ValuesBuffer,
            _ => throw new NotSupportedException($"The Arrow writer cannot encode a {column.GetType().Name} of {column.Type}."),
        };
        int width = column.Type.ByteWidth;
        return values.Memory.Slice(column.Offset * width, column.Length * width);
    }

    private void AddFixed(Column column) => AddBuffer(FixedValues(column));

    private void AddStrings(BinaryColumn strings)
    {
        ReadOnlySpan<int> offsets = strings.Offsets;
        int first = offsets[0];
        int last = offsets[^1];
        if (first == 0)
        {
            AddBuffer(strings.OffsetsBuffer.Memory.Slice(strings.Offset * sizeof(int), offsets.Length * sizeof(int)));
        }
        else
        {
            byte[] rebased = new byte[offsets.Length * sizeof(int)];
            for (int i = 0; i < offsets.Length; i++)
            {
                BinaryPrimitives.WriteInt32LittleEndian(rebased.AsSpan(i * sizeof(int)), offsets[i] - first);
            }

            AddBuffer(rebased);
        }

        AddBuffer(strings.DataBuffer.Memory[first..last]);
    }

    private void AddBitmap(ArrowBuffer bits, int offset, int length)
    {
        int bytes = BitUtil.BytesForBits(length);
        if ((offset & 7) == 0)
        {
            AddBuffer(bits.Memory.Slice(offset >> 3, bytes));
            return;
        }

        byte[] packed = new byte[bytes];
        BitUtil.CopyBits(bits.Span, offset, packed, length);
        AddBuffer(packed);
    }

    private void AddBuffer(ReadOnlyMemory<byte> bytes)
    {
        _buffers.Add(BodyLength);
        _buffers.Add(bytes.Length);
        _parts.Add(bytes);
        BodyLength += Pad(bytes.Length);
    }

    private static int Pad(int length) => (length + ArrowFormat.BodyAlignment - 1) & ~(ArrowFormat.BodyAlignment - 1);
}
