namespace TrafficEngine.Columns;

/// <summary>
/// Builds a validity bitmap lazily: nothing is allocated until the first null, so columns without nulls
/// carry an empty bitmap as Arrow allows.
/// </summary>
internal sealed class ValidityBuilder
{
    private BufferBuilder? _bits;
    private int _length;

    public int NullCount { get; private set; }

    public void AppendValid()
    {
        if (_bits is not null)
        {
            SetNext(true);
        }

        _length++;
    }

    public void AppendValid(int count)
    {
        if (_bits is null)
        {
            _length += count;
            return;
        }

        for (int i = 0; i < count; i++)
        {
            SetNext(true);
            _length++;
        }
    }

    public void AppendNull()
    {
        if (_bits is null)
        {
            _bits = new BufferBuilder(BitUtil.BytesForBits(Math.Max(_length + 1, 512)));
            Span<byte> bytes = _bits.Reserve(BitUtil.BytesForBits(_length));
            bytes.Fill(0xFF);
            int tail = _length & 7;
            if (tail != 0)
            {
                bytes[^1] = (byte)((1 << tail) - 1);
            }
        }

        SetNext(false);
        _length++;
        NullCount++;
    }

    public ArrowBuffer Build()
    {
        ArrowBuffer result = _bits is null ? ArrowBuffer.Empty : _bits.Build();
        _bits = null;
        _length = 0;
        NullCount = 0;
        return result;
    }

    private void SetNext(bool valid)
    {
        int needed = BitUtil.BytesForBits(_length + 1);
        if (needed > _bits!.Length)
        {
            _bits.Reserve(needed - _bits.Length);
        }

        if (valid)
        {
            _bits.WrittenSpan[_length >> 3] |= (byte)(1 << (_length & 7));
        }
    }
}
