namespace TrafficEngine.Columns;

/// <summary>Builds a <see cref="BinaryColumn"/> from byte spans; ends in <see cref="Build"/>, after which it starts afresh.</summary>
public sealed class BinaryColumnBuilder
{
    private readonly BufferBuilder _offsets = new();
    private readonly BufferBuilder _data;
    private readonly ValidityBuilder _validity = new();

    public BinaryColumnBuilder(int dataCapacity = 4096)
    {
        _data = new BufferBuilder(dataCapacity);
        _offsets.Append(0);
    }

    public int Length { get; private set; }

    public void Append(ReadOnlySpan<byte> value)
    {
        _data.Append(value);
        Commit();
    }

    /// <summary>Reserves <paramref name="byteCount"/> bytes for the next value, to be filled before any other call.</summary>
    public Span<byte> Reserve(int byteCount)
    {
        Span<byte> span = _data.Reserve(byteCount);
        Commit();
        return span;
    }

    public void AppendNull()
    {
        _offsets.Append(_data.Length);
        _validity.AppendNull();
        Length++;
    }

    public BinaryColumn Build()
    {
        int nulls = _validity.NullCount;
        var column = new BinaryColumn(_offsets.Build(), _data.Build(), Length, _validity.Build(), nulls);
        _offsets.Append(0);
        Length = 0;
        return column;
    }

    private void Commit()
    {
        _offsets.Append(_data.Length);
        _validity.AppendValid();
        Length++;
    }
}
