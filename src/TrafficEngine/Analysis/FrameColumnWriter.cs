using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Apache.Arrow;
using Apache.Arrow.Types;
using Microsoft.Data.Analysis;
using Microsoft.ML.Data;

namespace TrafficEngine.Analysis;

/// <summary>
/// Turns one <see cref="DataFrameColumn"/> into an Arrow array of the given field's type, or of the type inferred from
/// the column when no field is given (see <see cref="ArrowFrames.ToRecordBatch"/>). A value the Arrow type cannot hold
/// exactly fails with an <see cref="ArgumentException"/> naming the column and row: nothing is rounded silently.
/// </summary>
internal static class FrameColumnWriter
{
    public static Field InferField(DataFrameColumn column) => new(column.Name, InferType(column), nullable: true);

    public static IArrowArray Write(DataFrameColumn column, Field field)
    {
        IArrowType type = field.DataType;
        return (column, type) switch
        {
            (PrimitiveDataFrameColumn<bool> c, BooleanType) => Boolean(c),
            (PrimitiveDataFrameColumn<sbyte> c, Int8Type) => Primitive(c, type, v => v),
            (PrimitiveDataFrameColumn<short> c, Int16Type) => Primitive(c, type, v => v),
            (PrimitiveDataFrameColumn<int> c, Int32Type) => Primitive(c, type, v => v),
            (PrimitiveDataFrameColumn<long> c, Int64Type) => Primitive(c, type, v => v),
            (PrimitiveDataFrameColumn<byte> c, UInt8Type) => Primitive(c, type, v => v),
            (PrimitiveDataFrameColumn<ushort> c, UInt16Type) => Primitive(c, type, v => v),
            (PrimitiveDataFrameColumn<uint> c, UInt32Type) => Primitive(c, type, v => v),
            (PrimitiveDataFrameColumn<ulong> c, UInt64Type) => Primitive(c, type, v => v),
            (PrimitiveDataFrameColumn<float> c, FloatType) => Primitive(c, type, v => v),
            (PrimitiveDataFrameColumn<double> c, DoubleType) => Primitive(c, type, v => v),
            (PrimitiveDataFrameColumn<float> c, HalfFloatType) => Primitive(c, type, (v, row) => Exact((Half)v, (float)(Half)v == v || float.IsNaN(v), c, row)),
            (PrimitiveDataFrameColumn<DateTime> c, TimestampType t) => Primitive(c, type, (v, row) => Timestamp(v, t, c, row)),
            (PrimitiveDataFrameColumn<DateTime> c, Date32Type) => Primitive(c, type, (v, row) => Date32(v, c, row)),
            (StringDataFrameColumn c, StringType) => Strings(c),
            (StringDataFrameColumn c, DictionaryType { IndexType: Int32Type, ValueType: StringType } d) => Dictionary(c, d),
            (VBufferDataFrameColumn<byte> c, BinaryType) => Binary(c),
            _ => throw new ArgumentException(
                $"Column \"{column.Name}\" holds {column.DataType.Name} values, which do not convert to the Arrow type {type.Name}.", nameof(column)),
        };
    }

    private static IArrowType InferType(DataFrameColumn column) => column switch
    {
        PrimitiveDataFrameColumn<bool> => BooleanType.Default,
        PrimitiveDataFrameColumn<sbyte> => Int8Type.Default,
        PrimitiveDataFrameColumn<short> => Int16Type.Default,
        PrimitiveDataFrameColumn<int> => Int32Type.Default,
        PrimitiveDataFrameColumn<long> => Int64Type.Default,
        PrimitiveDataFrameColumn<byte> => UInt8Type.Default,
        PrimitiveDataFrameColumn<ushort> => UInt16Type.Default,
        PrimitiveDataFrameColumn<uint> => UInt32Type.Default,
        PrimitiveDataFrameColumn<ulong> => UInt64Type.Default,
        PrimitiveDataFrameColumn<float> => FloatType.Default,
        PrimitiveDataFrameColumn<double> => DoubleType.Default,
        PrimitiveDataFrameColumn<DateTime> => new TimestampType(TimeUnit.Millisecond, "UTC"),
        StringDataFrameColumn => StringType.Default,
        VBufferDataFrameColumn<byte> => BinaryType.Default,
        _ => throw new ArgumentException($"Column \"{column.Name}\" holds {column.DataType.Name} values, which have no Arrow type here.", nameof(column)),
    };

    /// <summary>A DateTime as days since the epoch; it must be a midnight (a date32 holds no time of day).</summary>
    private static int Date32(DateTime value, DataFrameColumn column, long row) =>
        Exact(checked((int)((value.Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerDay)), value.TimeOfDay == TimeSpan.Zero, column, row);

    private static T Exact<T>(T value, bool exact, DataFrameColumn column, long row) => exact
        ? value
        : throw new ArgumentException($"Column \"{column.Name}\", row {row}: the value does not fit the Arrow type exactly.", nameof(column));

    /// <summary>
    /// A DateTime as a timestamp: Local times are converted to UTC, Unspecified ones are taken as they are (UTC for a
    /// zoned field, wall-clock for one without a zone). A value finer than the unit fails.
    /// </summary>
    private static long Timestamp(DateTime value, TimestampType type, DataFrameColumn column, long row)
    {
        if (value.Kind == DateTimeKind.Local)
        {
            value = value.ToUniversalTime();
        }

        long ticks = value.Ticks - DateTime.UnixEpoch.Ticks;
        long perUnit = type.Unit switch
        {
            TimeUnit.Second => TimeSpan.TicksPerSecond,
            TimeUnit.Millisecond => TimeSpan.TicksPerMillisecond,
            TimeUnit.Microsecond => 10,
            _ => 0,
        };
        return perUnit == 0 ? checked(ticks * 100) : Exact(ticks / perUnit, ticks % perUnit == 0, column, row);
    }

    private static IArrowArray Primitive<T>(PrimitiveDataFrameColumn<T> column, IArrowType type, Func<T, T> map)
        where T : unmanaged => Primitive<T, T>(column, type, (v, _) => map(v));

    private static IArrowArray Primitive<TIn, TOut>(PrimitiveDataFrameColumn<TIn> column, IArrowType type, Func<TIn, long, TOut> map)
        where TIn : unmanaged
        where TOut : unmanaged
    {
        int length = Length(column);
        var bytes = new byte[checked(length * Unsafe.SizeOf<TOut>())];
        Span<TOut> values = MemoryMarshal.Cast<byte, TOut>(bytes.AsSpan());
        var validity = new byte[(length + 7) / 8];
        int nulls = 0;
        for (int i = 0; i < length; i++)
        {
            if (column[i] is { } value)
            {
                values[i] = map(value, i);
                validity[i >> 3] |= (byte)(1 << (i & 7));
            }
            else
            {
                nulls++;
            }
        }

        var data = new ArrayData(type, length, nulls, 0, [new ArrowBuffer(validity), new ArrowBuffer(bytes)]);
        return ArrowArrayFactory.BuildArray(data);
    }

    private static BooleanArray Boolean(PrimitiveDataFrameColumn<bool> column)
    {
        var builder = new BooleanArray.Builder().Reserve(Length(column));
        foreach (bool? value in column)
        {
            builder = value is { } v ? builder.Append(v) : builder.AppendNull();
        }

        return builder.Build();
    }

    private static StringArray Strings(StringDataFrameColumn column)
    {
        var builder = new StringArray.Builder().Reserve(Length(column));
        foreach (string? value in column)
        {
            builder = value is null ? builder.AppendNull() : builder.Append(value);
        }

        return builder.Build();
    }

    private static DictionaryArray Dictionary(StringDataFrameColumn column, DictionaryType type)
    {
        var codes = new Dictionary<string, int>(StringComparer.Ordinal);
        var words = new StringArray.Builder();
        var indices = new Int32Array.Builder().Reserve(Length(column));
        foreach (string? value in column)
        {
            if (value is null)
            {
                indices.AppendNull();
                continue;
            }

            if (!codes.TryGetValue(value, out int code))
            {
                code = codes.Count;
                codes.Add(value, code);
                words.Append(value);
            }

            indices.Append(code);
        }

        return new DictionaryArray(type, indices.Build(), words.Build());
    }

    private static BinaryArray Binary(VBufferDataFrameColumn<byte> column)
    {
        var builder = new BinaryArray.Builder().Reserve(Length(column));
        for (long i = 0; i < column.Length; i++)
        {
            VBuffer<byte> value = column[i];
            builder.Append(value.DenseValues().ToArray().AsSpan());
        }

        return builder.Build();
    }

    private static int Length(DataFrameColumn column) => column.Length <= int.MaxValue
        ? (int)column.Length
        : throw new ArgumentException($"Column \"{column.Name}\" has {column.Length} rows; a record batch holds at most {int.MaxValue}.", nameof(column));
}
