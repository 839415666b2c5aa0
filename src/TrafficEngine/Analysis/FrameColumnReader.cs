using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Apache.Arrow;
using Apache.Arrow.Types;
using TrafficEngine.Arrow;
using Microsoft.Data.Analysis;
using Microsoft.ML.Data;

namespace TrafficEngine.Analysis;

/// <summary>
/// Turns the chunks of one Arrow field (one array per record batch) into one <see cref="DataFrameColumn"/>, copying
/// the values into managed memory the column owns. Numbers and booleans keep their type; see
/// <see cref="ArrowFrames"/> for what every other Arrow type becomes.
/// </summary>
internal static class FrameColumnReader
{
    public static DataFrameColumn Read(Field field, IReadOnlyList<IArrowArray> chunks)
    {
        string name = field.Name;
        int length = checked((int)chunks.Sum(c => (long)c.Length));
        return field.DataType switch
        {
            BooleanType => new BooleanDataFrameColumn(name, Values(chunks, (BooleanArray a, int i) => a.GetValue(i))),
            Int8Type => Primitive<sbyte>(chunks, length, (v, n, l, c) => new SByteDataFrameColumn(name, v, n, l, c)),
            Int16Type => Primitive<short>(chunks, length, (v, n, l, c) => new Int16DataFrameColumn(name, v, n, l, c)),
            Int32Type => Primitive<int>(chunks, length, (v, n, l, c) => new Int32DataFrameColumn(name, v, n, l, c)),
            Int64Type => Primitive<long>(chunks, length, (v, n, l, c) => new Int64DataFrameColumn(name, v, n, l, c)),
            UInt8Type => Primitive<byte>(chunks, length, (v, n, l, c) => new ByteDataFrameColumn(name, v, n, l, c)),
            UInt16Type => Primitive<ushort>(chunks, length, (v, n, l, c) => new UInt16DataFrameColumn(name, v, n, l, c)),
            UInt32Type => Primitive<uint>(chunks, length, (v, n, l, c) => new UInt32DataFrameColumn(name, v, n, l, c)),
            UInt64Type => Primitive<ulong>(chunks, length, (v, n, l, c) => new UInt64DataFrameColumn(name, v, n, l, c)),
            FloatType => Primitive<float>(chunks, length, (v, n, l, c) => new SingleDataFrameColumn(name, v, n, l, c)),
            DoubleType => Primitive<double>(chunks, length, (v, n, l, c) => new DoubleDataFrameColumn(name, v, n, l, c)),
            HalfFloatType => new SingleDataFrameColumn(name, Values(chunks, (HalfFloatArray a, int i) => a.GetValue(i) is { } h ? (float)h : (float?)null)),
            TimestampType t => new DateTimeDataFrameColumn(name, Values(chunks, (TimestampArray a, int i) => Timestamp(a, i, t))),
            Date32Type => new DateTimeDataFrameColumn(name, Values(chunks, (Date32Array a, int i) => a.GetDateTime(i))),
            Date64Type => new DateTimeDataFrameColumn(name, Values(chunks, (Date64Array a, int i) => a.GetDateTime(i))),
            StringType => new StringDataFrameColumn(name, Values(chunks, (StringArray a, int i) => a.GetString(i))),
            LargeStringType => new StringDataFrameColumn(name, Values(chunks, (LargeStringArray a, int i) => a.GetString(i))),
            BinaryType => Binary(field, chunks.Cast<BinaryArray>(), (a, i) => a.IsNull(i) ? null : a.GetBytes(i).ToArray()),
            LargeBinaryType => Binary(field, chunks.Cast<LargeBinaryArray>(), (a, i) => a.IsNull(i) ? null : a.GetBytes(i).ToArray()),
            DictionaryType { ValueType: StringType } => new StringDataFrameColumn(name, DictionaryStrings(chunks)),
            _ => throw new NotSupportedException(
                $"Field \"{name}\" is of Arrow type {field.DataType.Name}, which has no DataFrame column; the engine does not write it."),
        };
    }

    /// <summary>
    /// A timestamp as a <see cref="DateTime"/>: with a time zone it is an instant, returned in UTC (Kind Utc); without
    /// one it is a wall-clock time (Kind Unspecified). Nanoseconds are truncated to the 100 ns ticks of DateTime.
    /// </summary>
    private static DateTime? Timestamp(TimestampArray array, int index, TimestampType type)
    {
        if (array.IsNull(index))
        {
            return null;
        }

        long value = array.Values[index];
        long ticks = type.Unit switch
        {
            TimeUnit.Second => checked(value * TimeSpan.TicksPerSecond),
            TimeUnit.Millisecond => checked(value * TimeSpan.TicksPerMillisecond),
            TimeUnit.Microsecond => checked(value * 10),
            _ => value / 100,
        };
        DateTimeKind kind = string.IsNullOrEmpty(type.Timezone) ? DateTimeKind.Unspecified : DateTimeKind.Utc;
        return new DateTime(DateTime.UnixEpoch.Ticks + ticks, kind);
    }

    private static IEnumerable<string?> DictionaryStrings(IReadOnlyList<IArrowArray> chunks)
    {
        foreach (DictionaryArray chunk in chunks.Cast<DictionaryArray>())
        {
            var dictionary = (StringArray)chunk.Dictionary;
            string?[] words = [.. Enumerable.Range(0, dictionary.Length).Select(i => dictionary.GetString(i))];
            for (int i = 0; i < chunk.Length; i++)
            {
                yield return chunk.IsNull(i) ? null : words[chunk.Code(i)];
            }
        }
    }

    private static VBufferDataFrameColumn<byte> Binary<TArray>(Field field, IEnumerable<TArray> chunks, Func<TArray, int, byte[]?> get)
        where TArray : IArrowArray
    {
        var column = new VBufferDataFrameColumn<byte>(field.Name);
        foreach (TArray chunk in chunks)
        {
            for (int i = 0; i < chunk.Length; i++)
            {
                byte[] bytes = get(chunk, i) ?? throw new NotSupportedException(
                    $"Field \"{field.Name}\" holds a null binary value at row {column.Length}; a DataFrame binary column (VBuffer<byte>) cannot hold nulls.");
                column.Append(new VBuffer<byte>(bytes.Length, bytes));
            }
        }

        return column;
    }

    private static IEnumerable<T> Values<TArray, T>(IReadOnlyList<IArrowArray> chunks, Func<TArray, int, T> get)
        where TArray : IArrowArray
    {
        foreach (TArray chunk in chunks.Cast<TArray>())
        {
            for (int i = 0; i < chunk.Length; i++)
            {
                yield return get(chunk, i);
            }
        }
    }

    /// <summary>One managed value buffer and one validity bitmap across every chunk, wrapped without a further copy.</summary>
    private static DataFrameColumn Primitive<T>(IReadOnlyList<IArrowArray> chunks, int length,
        Func<ReadOnlyMemory<byte>, ReadOnlyMemory<byte>, int, int, DataFrameColumn> create)
        where T : unmanaged, IEquatable<T>
    {
        var bytes = new byte[checked(length * Unsafe.SizeOf<T>())];
        Span<T> values = MemoryMarshal.Cast<byte, T>(bytes.AsSpan());
        var validity = new byte[(length + 7) / 8];
        int row = 0, nulls = 0;
        foreach (PrimitiveArray<T> chunk in chunks.Cast<PrimitiveArray<T>>())
        {
            chunk.Values.CopyTo(values[row..]);
            for (int i = 0; i < chunk.Length; i++, row++)
            {
                if (chunk.IsValid(i))
                {
                    validity[row >> 3] |= (byte)(1 << (row & 7));
                }
                else
                {
                    values[row] = default;
                    nulls++;
                }
            }
        }

        return create(bytes, validity, length, nulls);
    }
}
