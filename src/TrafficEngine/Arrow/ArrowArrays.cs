using Apache.Arrow;
using Apache.Arrow.Types;

namespace TrafficEngine.Arrow;

/// <summary>
/// Apache.Arrow arrays over buffers the engine filled (no copy), and the typed access the engine reads them with.
/// </summary>
public static class ArrowArrays
{
    /// <summary>A fixed-width array of <paramref name="type"/> over <paramref name="values"/> (and an optional validity bitmap).</summary>
    public static PrimitiveArray<T> Primitive<T>(IArrowType type, ArrowBuffer values, int length, ArrowBuffer validity = default, int nullCount = 0)
        where T : unmanaged, IEquatable<T>
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (values.Length < (long)length * System.Runtime.CompilerServices.Unsafe.SizeOf<T>())
        {
            throw new ArgumentException($"A values buffer of {values.Length} bytes is too short for {length} values of {typeof(T).Name}.", nameof(values));
        }

        var data = new ArrayData(type, length, validity.IsEmpty ? 0 : nullCount, 0, [validity.IsEmpty ? ArrowBuffer.Empty : validity, values]);
        return ArrowArrayFactory.BuildArray(data) as PrimitiveArray<T>
            ?? throw new ArgumentException($"A {ArrowTypes.Describe(type)} array does not hold values of {typeof(T).Name}.", nameof(type));
    }

    /// <summary>A fresh copy of <paramref name="values"/> as a fixed-width array of <paramref name="type"/>.</summary>
    public static PrimitiveArray<T> Copy<T>(IArrowType type, ReadOnlySpan<T> values)
        where T : unmanaged, IEquatable<T> => Primitive<T>(type, NativeBuffer.CopyOf(values), values.Length);

    /// <summary>A utf8 array over int32 offsets and UTF-8 bytes.</summary>
    public static StringArray Strings(ArrowBuffer offsets, ArrowBuffer data, int length, ArrowBuffer validity = default, int nullCount = 0) =>
        new(length, offsets, data, validity.IsEmpty ? ArrowBuffer.Empty : validity, validity.IsEmpty ? 0 : nullCount);

    /// <summary>A utf8 array of the given strings (null for a null); for small arrays such as dictionaries.</summary>
    public static StringArray Strings(IEnumerable<string?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var builder = new StringArray.Builder();
        foreach (string? value in values)
        {
            if (value is null)
            {
                builder.AppendNull();
            }
            else
            {
                builder.Append(value);
            }
        }

        return builder.Build();
    }

    /// <summary>A dictionary array: <paramref name="indices"/> (int8 to int64) into <paramref name="dictionary"/>.</summary>
    public static DictionaryArray Dictionary(IArrowArray indices, IArrowArray dictionary, bool ordered = false)
    {
        ArgumentNullException.ThrowIfNull(indices);
        ArgumentNullException.ThrowIfNull(dictionary);
        return new DictionaryArray(new DictionaryType(indices.Data.DataType, dictionary.Data.DataType, ordered), indices, dictionary);
    }

    /// <summary>The dictionary code at <paramref name="index"/> of a dictionary array whatever its index width.</summary>
    public static int Code(this DictionaryArray array, int index)
    {
        ArgumentNullException.ThrowIfNull(array);
        return array.Indices switch
        {
            Int32Array a => a.Values[index],
            Int16Array a => a.Values[index],
            Int8Array a => a.Values[index],
            UInt8Array a => a.Values[index],
            UInt16Array a => a.Values[index],
            Int64Array a => checked((int)a.Values[index]),
            UInt32Array a => checked((int)a.Values[index]),
            UInt64Array a => checked((int)a.Values[index]),
            _ => throw new NotSupportedException($"Dictionary indices of type {ArrowTypes.Describe(array.Indices.Data.DataType)} are not supported."),
        };
    }

    /// <summary>The string at <paramref name="index"/> of a utf8 or dictionary-encoded utf8 array, or null.</summary>
    public static string? GetString(IArrowArray array, int index)
    {
        ArgumentNullException.ThrowIfNull(array);
        return array switch
        {
            StringArray s => s.IsNull(index) ? null : s.GetString(index),
            DictionaryArray { Dictionary: StringArray values } d => d.IsNull(index) ? null : values.GetString(d.Code(index)),
            _ => throw new NotSupportedException($"A {ArrowTypes.Describe(array.Data.DataType)} array holds no strings."),
        };
    }

    /// <summary>
    /// The value at <paramref name="index"/> boxed, or null: the value type of a fixed-width array (timestamps and
    /// dates as their stored integers), bool, string (dictionary-encoded strings decoded), byte[] for binary. For
    /// tests, diagnostics and edges, never hot paths.
    /// </summary>
    public static object? GetValue(IArrowArray array, int index)
    {
        ArgumentNullException.ThrowIfNull(array);
        if (array.IsNull(index))
        {
            return null;
        }

        return array switch
        {
            BooleanArray b => b.GetValue(index),
            StringArray s => s.GetString(index),
            BinaryArray b => b.GetBytes(index).ToArray(),
            DictionaryArray d => GetValue(d.Dictionary, d.Code(index)),
            Int8Array a => a.Values[index],
            Int16Array a => a.Values[index],
            Int32Array a => a.Values[index],
            Int64Array a => a.Values[index],
            UInt8Array a => a.Values[index],
            UInt16Array a => a.Values[index],
            UInt32Array a => a.Values[index],
            UInt64Array a => a.Values[index],
            FloatArray a => a.Values[index],
            DoubleArray a => a.Values[index],
            TimestampArray a => a.Values[index],
            Date32Array a => a.Values[index],
            Date64Array a => a.Values[index],
            HalfFloatArray a => a.Values[index],
            _ when array.Data.DataType is FixedWidthType { BitWidth: >= 8 } width && array.Data.Buffers.Length > 1 =>
                array.Data.Buffers[1].Span.Slice((array.Offset + index) * (width.BitWidth / 8), width.BitWidth / 8).ToArray(),
            _ => throw new NotSupportedException($"Values of {ArrowTypes.Describe(array.Data.DataType)} arrays are not supported here."),
        };
    }
}
