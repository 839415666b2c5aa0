namespace TrafficEngine.Columns;

/// <summary>Builds a bit-packed <see cref="BooleanColumn"/>.</summary>
public sealed class BooleanColumnBuilder
{
    private readonly BufferBuilder _bits = new();
    private readonly ValidityBuilder _validity = new();

    public int Length { get; private set; }

    public void Append(bool value)
    {
        AppendBit(value);
        _validity.AppendValid();
    }

    public void Append(bool? value)
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
        AppendBit(false);
        _validity.AppendNull();
    }

    public BooleanColumn Build()
    {
        int nulls = _validity.NullCount;
        var column = new BooleanColumn(_bits.Build(), Length, _validity.Build(), nulls);
        Length = 0;
        return column;
    }

    private void AppendBit(bool value)
    {
        if ((Length & 7) == 0)
        {
            _bits.Append((byte)0);
        }

        if (value)
        {
            _bits.WrittenSpan[Length >> 3] |= (byte)(1 << (Length & 7));
        }

        Length++;
    }
}
