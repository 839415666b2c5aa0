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

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("23:59:59")]
    [InlineData("13:31:44")]
    [InlineData("24:00:00")]
    [InlineData("12:60:00")]
    [InlineData("12:00:60")]
    [InlineData("12-00:00")]
    [InlineData("12:00-00")]
    [InlineData("1a:00:00")]
    [InlineData("12:0/:00")]
    [InlineData("12:00:0:")]
    [InlineData("\u00ff2:00:00")]
    [InlineData("12:00:00x")]
    public void TryParseTimeOfDay_AgreesWithTheDateTimeParser(string time)
    {
        byte[] bytes = Encoding.Latin1.GetBytes(time);
        bool expected = FieldParsers.TryParseBeijingDateTime(Encoding.Latin1.GetBytes("1970-01-01 " + time[..8]), out long ms);

        bool parsed = FieldParsers.TryParseTimeOfDay(bytes, out int secondOfDay);

        Assert.Equal(expected, parsed);
        if (parsed)
        {
            Assert.Equal(ms + FieldParsers.BeijingOffsetMs, secondOfDay * 1000L);
        }
    }

    [Fact]
    public void TryParseTimeOfDay_EveryByteInEveryPosition_AgreesWithTheDateTimeParser()
    {
        byte[] time = "13:31:44"u8.ToArray();
        for (int position = 0; position < 8; position++)
        {
            for (int b = 0; b < 256; b++)
            {
                byte[] text = (byte[])time.Clone();
                text[position] = (byte)b;
                byte[] full = [.. "1970-01-01 "u8, .. text];

                bool expected = FieldParsers.TryParseBeijingDateTime(full, out long ms);
                bool parsed = FieldParsers.TryParseTimeOfDay(text, out int secondOfDay);

                Assert.True(expected == parsed, $"byte {b} at {position}");
                Assert.True(!parsed || ms + FieldParsers.BeijingOffsetMs == secondOfDay * 1000L, $"byte {b} at {position}");
            }
        }
    }
}
