using System.Globalization;
using System.Text;
using TrafficEngine.Ingest;

namespace TrafficEngine.Tests.Ingest;

public sealed class FieldParsersTests
{
    [Theory]
    [InlineData("116.25009")]
    [InlineData("39.90629")]
    [InlineData("-0.1")]
    [InlineData("+12")]
    [InlineData("0.000000000000000000001")]
    [InlineData("123456789012345678")]
    [InlineData("1234567890123456789012")]
    [InlineData("1e5")]
    [InlineData("2.5E-3")]
    [InlineData("9007199254740993")]
    [InlineData("0.30000000000000004")]
    public void TryParseDouble_Numbers_MatchDoubleParse(string text)
    {
        bool ok = FieldParsers.TryParseDouble(Encoding.ASCII.GetBytes(text), out double value);

        Assert.True(ok);
        Assert.Equal(double.Parse(text, CultureInfo.InvariantCulture), value);
    }

    [Fact]
    public void TryParseDouble_RandomDecimals_BitExactWithDoubleParse()
    {
        var random = new Random(42);
        for (int i = 0; i < 200_000; i++)
        {
            string text = (random.NextDouble() * 360 - 180).ToString("F" + random.Next(0, 12), CultureInfo.InvariantCulture);

            Assert.True(FieldParsers.TryParseDouble(Encoding.ASCII.GetBytes(text), out double value));
            Assert.Equal(BitConverter.DoubleToInt64Bits(double.Parse(text, CultureInfo.InvariantCulture)), BitConverter.DoubleToInt64Bits(value));
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("-")]
    [InlineData(".")]
    [InlineData("1.2.3")]
    [InlineData("12a")]
    [InlineData(" 12")]
    public void TryParseDouble_Garbage_Fails(string text)
    {
        Assert.False(FieldParsers.TryParseDouble(Encoding.ASCII.GetBytes(text), out _));
    }

    [Theory]
    [InlineData("2008-02-02 13:30:50", "2008-02-02T05:30:50Z")]
    [InlineData("2008-02-29 00:00:00", "2008-02-28T16:00:00Z")]
    [InlineData("1970-01-01 08:00:00", "1970-01-01T00:00:00Z")]
    public void TryParseBeijingDateTime_Valid_ConvertsToUtc(string text, string utc)
    {
        Assert.True(FieldParsers.TryParseBeijingDateTime(Encoding.ASCII.GetBytes(text), out long ms));

        Assert.Equal(DateTimeOffset.Parse(utc, CultureInfo.InvariantCulture).ToUnixTimeMilliseconds(), ms);
    }

    [Theory]
    [InlineData("2008-02-30 00:00:00")]
    [InlineData("2007-02-29 00:00:00")]
    [InlineData("2008-13-01 00:00:00")]
    [InlineData("2008-02-02 24:00:00")]
    [InlineData("2008-02-02T13:30:50")]
    [InlineData("2008-02-02 13:30")]
    [InlineData("2008/02/02 13:30:50")]
    public void TryParseBeijingDateTime_Invalid_Fails(string text)
    {
        Assert.False(FieldParsers.TryParseBeijingDateTime(Encoding.ASCII.GetBytes(text), out _));
    }

    [Theory]
    [InlineData("2008-02-02T13:30:50+08:00", 1201930250000L)]
    [InlineData("2008-02-02T05:30:50Z", 1201930250000L)]
    [InlineData("2008-02-02T05:30:50.123Z", 1201930250123L)]
    [InlineData("2008-02-02T05:30:50.1234567Z", 1201930250123L)]
    [InlineData("2008-02-02 13:30:50.5+0800", 1201930250500L)]
    [InlineData("2008-02-01T23:30:50-06:00", 1201930250000L)]
    [InlineData("2008-02-02T13:30:50", 1201930250000L)]
    [InlineData("2008-02-02 13:30:50.5", 1201930250500L)]
    [InlineData("1201930250", 1201930250000L)]
    [InlineData("1201930250.25", 1201930250250L)]
    [InlineData("1201930250123", 1201930250123L)]
    public void TryParseTimestamp_Forms_GiveUtcMilliseconds(string text, long expected)
    {
        Assert.True(FieldParsers.TryParseTimestamp(Encoding.ASCII.GetBytes(text), out long ms));

        Assert.Equal(expected, ms);
    }

    [Theory]
    [InlineData("2008-02-02T13:30:50+8")]
    [InlineData("2008-02-02T13:30")]
    [InlineData("2008-02-02T13:30:50.")]
    [InlineData("yesterday")]
    [InlineData("-5")]
    public void TryParseTimestamp_Invalid_Fails(string text)
    {
        Assert.False(FieldParsers.TryParseTimestamp(Encoding.ASCII.GetBytes(text), out _));
    }
}
