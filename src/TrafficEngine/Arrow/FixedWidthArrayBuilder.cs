using System.Runtime.CompilerServices;
using Apache.Arrow;
using Apache.Arrow.Types;

namespace TrafficEngine.Arrow;

/// <summary>
/// Builds a fixed-width Apache.Arrow array (integers, floats, timestamps, date32) in one growing aligned buffer the
/// engine writes directly; <see cref="Build"/> hands that buffer to the array without a copy. The validity bitmap is
/// made only once the first null arrives. For hot paths that know their length, write a <see cref="NativeBuffer"/>
/// and call <see cref="ArrowArrays.Primitive{T}"/> instead.
/// </summary>
public sealed class FixedWidthArrayBuilder<T>
    where T : unmanaged, IEquatable<T>
{
    private NativeBuffer _values;
    private ArrowBuffer.BitmapBuilder? _validity;

    public FixedWidthArrayBuilder(IArrowType type, int capacity = 1024)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (type is not FixedWidthType fixedWidth || fixedWidth.BitWidth != Unsafe.SizeOf<T>() * 8 || type is BooleanType)
        {
            throw new ArgumentException($"A {ArrowTypes.Describe(type)} array cannot hold values of {typeof(T).Name}.", nameof(type));
        }

        Type = type;
        _values = NativeBuffer.Allocate<T>(Math.Max(capacity, 16));
    }

    public IArrowType Type { get; }

    public int Length { get; private set; }

    public int NullCount { get; private set; }

    public void Append(T value)
    {
        EnsureCapacity(Length + 1);
        _values.As<T>()[Length] = value;
        _validity?.Append(true);
        Length++;
    }

    public void Append(T? value)
    {
        if (value.HasValue)
        {
            Append(value.Value);
        }
        else
        {
            AppendNull();
        }
    }

    public void AppendNull()
    {
        if (_validity is null)
        {
            _validity = new ArrowBuffer.BitmapBuilder(Math.Max(Length + 1, 64));
            _validity.AppendRange(true, Length);
        }

        EnsureCapacity(Length + 1);
        _values.As<T>()[Length] = default;
        _validity.Append(false);
        NullCount++;
        Length++;
    }

    public void AppendRange(ReadOnlySpan<T> values)
    {
        EnsureCapacity(Length + values.Length);
        values.CopyTo(_values.As<T>()[Length..]);
        _validity?.AppendRange(true, values.Length);
        Length += values.Length;
    }

    /// <summary>The array; the builder must not be used afterwards.</summary>
    public PrimitiveArray<T> Build()
    {
        ArrowBuffer validity = _validity is null ? ArrowBuffer.Empty : _validity.Build();
        PrimitiveArray<T> array = ArrowArrays.Primitive<T>(Type, _values.ToArrow<T>(Length), Length, validity, NullCount);
        _values = default;
        _validity = null;
        return array;
    }

    private void EnsureCapacity(int required)
    {
        int capacity = _values.Length / Unsafe.SizeOf<T>();
        if (required <= capacity)
        {
            return;
        }

        NativeBuffer grown = NativeBuffer.Allocate<T>((int)Math.Min(System.Array.MaxLength / Unsafe.SizeOf<T>(), Math.Max(required, 2L * capacity)));
        _values.As<T>()[..Length].CopyTo(grown.As<T>());
        _values = grown;
    }
}
