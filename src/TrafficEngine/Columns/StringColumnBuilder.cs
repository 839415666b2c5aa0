using System.Text;

namespace TrafficEngine.Columns;

/// <summary>Builds a utf8 <see cref="StringColumn"/> from strings or raw UTF-8 bytes.</summary>
public sealed class StringColumnBuilder
{
    private readonly BufferBuilder _offsets = new();
    private readonly BufferBuilder _data;
    private readonly ValidityBuilder _validity = new();

    public StringColumnBuilder(int dataCapacity = 4096)
    {
        _data = new BufferBuilder(dataCapacity);
        _offsets.Append(0);
    }

    public int Length { get; private set; }

    public void Append(string? value)
    {
        if (value is null)
        {
            AppendNull();
            return;
        }

        int bytes = Encoding.UTF8.GetByteCount(value);
        Encoding.UTF8.GetBytes(value, _data.Reserve(bytes));
        Commit();
    }

    /// <summary>Appends UTF-8 bytes as they are (the caller guarantees they are valid UTF-8).</summary>
    public void Append(ReadOnlySpan<byte> utf8)
    {
        _data.Append(utf8);
        Commit();
    }

    public void AppendNull()
    {
        _offsets.Append(_data.Length);
        _validity.AppendNull();
        Length++;
    }

    public StringColumn Build()
    {
        int nulls = _validity.NullCount;
        var column = new StringColumn(_offsets.Build(), _data.Build(), Length, _validity.Build(), nulls);
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
