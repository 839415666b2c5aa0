using System.Runtime.InteropServices;
using Apache.Arrow;
using Apache.Arrow.Types;

namespace TrafficEngine.Arrow;

/// <summary>
/// Strict checks of batches read from a file, before any kernel takes spans of them: every column as long as the
/// batch and of its field's type, no nulls in a not-null field, buffers long enough for their length and offset,
/// null counts that match the bitmap, binary offsets monotonic and inside the data, dictionary codes inside the
/// dictionary. Apache.Arrow's reader checks none of these; a hostile or damaged file would otherwise read out of
/// bounds or give wrong values. Failures are <see cref="ArrowFormatException"/>s naming the file, batch and column.
/// </summary>
public static class ArrowValidation
{
    public static void Validate(RecordBatch batch, string file, int batchIndex)
    {
        ArgumentNullException.ThrowIfNull(batch);
        Schema schema = batch.Schema;
        if (batch.ColumnCount != schema.FieldsList.Count)
        {
            throw Fail(file, batchIndex, null, $"has {batch.ColumnCount} columns but the schema has {schema.FieldsList.Count} fields");
        }

        for (int c = 0; c < batch.ColumnCount; c++)
        {
            Field field = schema.FieldsList[c];
            IArrowArray column = batch.Column(c);
            ArrayData data = column.Data;
            if (data.Length != batch.Length)
            {
                throw Fail(file, batchIndex, field.Name, $"has {data.Length} rows, the batch {batch.Length}");
            }

            if (!ArrowTypes.Same(data.DataType, field.DataType))
            {
                throw Fail(file, batchIndex, field.Name, $"is {ArrowTypes.Describe(data.DataType)} but the schema says {ArrowTypes.Describe(field.DataType)}");
            }

            string? problem = Check(data);
            if (problem is not null)
            {
                throw Fail(file, batchIndex, field.Name, problem);
            }

            if (!field.IsNullable && data.GetNullCount() > 0)
            {
                throw Fail(file, batchIndex, field.Name, $"is declared not null but holds {data.GetNullCount()} nulls");
            }
        }
    }

    /// <summary>What is wrong with <paramref name="data"/>, or null when it is sound.</summary>
    internal static string? Check(ArrayData data)
    {
        if (data.Length < 0 || data.Offset < 0)
        {
            return $"has a negative length or offset ({data.Length}, {data.Offset})";
        }

        long end = (long)data.Offset + data.Length;
        if (data.DataType is NullType)
        {
            return null;
        }

        if (data.Buffers.Length < 1)
        {
            return "has no buffers";
        }

        string? validity = CheckValidity(data, end);
        if (validity is not null)
        {
            return validity;
        }

        switch (data.DataType)
        {
            case BooleanType:
                return Need(data, 1, (end + 7) / 8, "values");
            case DictionaryType dictionary:
                return CheckDictionary(data, dictionary, end);
            case BinaryType or StringType:
                return CheckOffsets(data, end);
            case FixedWidthType fixedWidth:
                return Need(data, 1, end * (fixedWidth.BitWidth / 8), "values");
            default:
                return $"is of type {ArrowTypes.Describe(data.DataType)}, which the engine does not read";
        }
    }

    private static string? CheckValidity(ArrayData data, long end)
    {
        ArrowBuffer bitmap = data.Buffers[0];
        if (bitmap.IsEmpty)
        {
            return data.NullCount > 0 ? $"states {data.NullCount} nulls but has no validity bitmap" : null;
        }

        if (bitmap.Length < (end + 7) / 8)
        {
            return $"has a validity bitmap of {bitmap.Length} bytes, too short for {end} rows";
        }

        int unset = data.Length - BitUtility.CountBits(bitmap.Span, data.Offset, data.Length);
        if (data.NullCount >= 0 && data.NullCount != unset)
        {
            return $"states {data.NullCount} nulls but its validity bitmap has {unset}";
        }

        return null;
    }

    private static string? Need(ArrayData data, int buffer, long bytes, string what)
    {
        if (data.Buffers.Length <= buffer)
        {
            return $"has no {what} buffer";
        }

        long length = data.Buffers[buffer].Length;
        return length < bytes ? $"has a {what} buffer of {length} bytes, too short for {data.Length} rows at offset {data.Offset} ({bytes} bytes)" : null;
    }

    private static string? CheckOffsets(ArrayData data, long end)
    {
        string? problem = Need(data, 1, (end + 1) * sizeof(int), "offsets");
        if (problem is not null)
        {
            return problem;
        }

        ReadOnlySpan<int> offsets = MemoryMarshal.Cast<byte, int>(data.Buffers[1].Span).Slice(data.Offset, data.Length + 1);
        long dataLength = data.Buffers.Length > 2 ? data.Buffers[2].Length : 0;
        if (offsets[0] < 0)
        {
            return $"has a negative first offset ({offsets[0]})";
        }

        for (int i = 1; i < offsets.Length; i++)
        {
            if (offsets[i] < offsets[i - 1])
            {
                return $"has offsets that decrease at row {i - 1} ({offsets[i - 1]} then {offsets[i]})";
            }
        }

        return offsets[^1] > dataLength ? $"has offsets up to {offsets[^1]} but {dataLength} bytes of data" : null;
    }

    private static string? CheckDictionary(ArrayData data, DictionaryType type, long end)
    {
        if (data.Dictionary is null)
        {
            return "is dictionary-encoded but has no dictionary";
        }

        if (!ArrowTypes.Same(data.Dictionary.DataType, type.ValueType))
        {
            return $"has a dictionary of {ArrowTypes.Describe(data.Dictionary.DataType)}, not {ArrowTypes.Describe(type.ValueType)}";
        }

        string? problem = Check(data.Dictionary);
        if (problem is not null)
        {
            return $"has a dictionary that {problem}";
        }

        if (type.IndexType is not IntegerType index)
        {
            return $"has dictionary indices of type {ArrowTypes.Describe(type.IndexType)}";
        }

        problem = Need(data, 1, end * (index.BitWidth / 8), "indices");
        if (problem is not null)
        {
            return problem;
        }

        long size = data.Dictionary.Length;
        ReadOnlySpan<byte> bitmap = data.Buffers[0].Span;
        ReadOnlySpan<byte> bytes = data.Buffers[1].Span;
        for (int i = 0; i < data.Length; i++)
        {
            int at = data.Offset + i;
            if (!bitmap.IsEmpty && !BitUtility.GetBit(bitmap, at))
            {
                continue;
            }

            long code = index.BitWidth switch
            {
                8 => index.IsSigned ? (sbyte)bytes[at] : bytes[at],
                16 => index.IsSigned ? MemoryMarshal.Cast<byte, short>(bytes)[at] : MemoryMarshal.Cast<byte, ushort>(bytes)[at],
                32 => index.IsSigned ? MemoryMarshal.Cast<byte, int>(bytes)[at] : MemoryMarshal.Cast<byte, uint>(bytes)[at],
                _ => MemoryMarshal.Cast<byte, long>(bytes)[at],
            };
            if (code < 0 || code >= size)
            {
                return $"has dictionary code {code} at row {i}, outside the dictionary of {size} values";
            }
        }

        return null;
    }

    private static ArrowFormatException Fail(string file, int batch, string? field, string problem) =>
        new(field is null ? $"{file}: batch {batch} {problem}." : $"{file}: batch {batch}, column '{field}' {problem}.", file, field);
}
