using System.Buffers.Binary;
using System.Text;
using TrafficEngine.Columns;

namespace TrafficEngine.Arrow.Ipc;

/// <summary>
/// The dictionary of one field across an IPC file. The file format forbids replacing a dictionary, so each batch's
/// dictionary is merged into one growing union: values not seen before go out as a delta dictionary batch, and the
/// batch's indices are remapped to union positions when they differ (the common case of an unchanged or
/// append-only dictionary writes the indices as they are).
/// </summary>
internal sealed class DictionaryUnion
{
    private readonly Dictionary<string, int> _positions = new(StringComparer.Ordinal);
    private StringColumn? _lastDictionary;
    private int[] _lastMapping = [];
    private bool _lastIsIdentity;
    private int _nullPosition = -1;

    /// <summary>Whether the first dictionary batch (not a delta) has been written.</summary>
    public bool Started { get; private set; }

    /// <summary>
    /// Merges the column's dictionary; returns the new values (a delta, possibly empty) and, when the indices need
    /// remapping, the bytes of the remapped indices in the column's index type; otherwise null.
    /// </summary>
    public (StringColumn Delta, ReadOnlyMemory<byte>? Indices) Merge(DictionaryColumn column)
    {
        StringColumn dictionary = column.Dictionary;
        var delta = new StringColumnBuilder();
        if (!ReferenceEquals(dictionary, _lastDictionary))
        {
            _lastMapping = new int[dictionary.Length];
            _lastIsIdentity = true;
            for (int i = 0; i < dictionary.Length; i++)
            {
                int position = Lookup(dictionary, i, delta);
                _lastMapping[i] = position;
                _lastIsIdentity &= position == i;
            }

            _lastDictionary = dictionary;
        }

        Started = true;
        StringColumn deltaColumn = delta.Build();
        if (_lastIsIdentity)
        {
            return (deltaColumn, null);
        }

        ReadOnlyMemory<byte> remapped = Remap(column, _lastMapping);
        return (deltaColumn, remapped);
    }

    private int Lookup(StringColumn dictionary, int index, StringColumnBuilder delta)
    {
        int count = _positions.Count + (_nullPosition >= 0 ? 1 : 0);
        if (dictionary.IsNull(index))
        {
            if (_nullPosition < 0)
            {
                _nullPosition = count;
                delta.AppendNull();
            }

            return _nullPosition;
        }

        string value = Encoding.UTF8.GetString(dictionary.GetBytes(index));
        if (!_positions.TryGetValue(value, out int position))
        {
            position = count;
            _positions.Add(value, position);
            delta.Append(dictionary.GetBytes(index));
        }

        return position;
    }

    private static byte[] Remap(DictionaryColumn column, int[] mapping)
    {
        DataType indexType = column.Type.IndexType!;
        int width = indexType.ByteWidth;
        long max = indexType.Id switch
        {
            TypeId.Int8 => sbyte.MaxValue,
            TypeId.UInt8 => byte.MaxValue,
            TypeId.Int16 => short.MaxValue,
            TypeId.UInt16 => ushort.MaxValue,
            TypeId.Int32 => int.MaxValue,
            _ => long.MaxValue,
        };
        byte[] result = new byte[column.Length * width];
        for (int row = 0; row < column.Length; row++)
        {
            if (column.IsNull(row))
            {
                continue;
            }

            long position = mapping[column.GetIndex(row)];
            if (position > max)
            {
                throw new InvalidOperationException($"The file's merged dictionary has more values than a {indexType} index can address; use a wider index type.");
            }

            Span<byte> slot = result.AsSpan(row * width, width);
            switch (width)
            {
                case 1:
                    slot[0] = (byte)position;
                    break;
                case 2:
                    BinaryPrimitives.WriteInt16LittleEndian(slot, (short)position);
                    break;
                case 4:
                    BinaryPrimitives.WriteInt32LittleEndian(slot, (int)position);
                    break;
                default:
                    BinaryPrimitives.WriteInt64LittleEndian(slot, position);
                    break;
            }
        }

        return result;
    }
}
