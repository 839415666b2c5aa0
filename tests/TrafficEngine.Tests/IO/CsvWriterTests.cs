using System.Globalization;
using TrafficEngine.IO;

namespace TrafficEngine.Tests.IO;

public sealed class CsvWriterTests
{
    [Fact]
    public void Add_QuotesOnlyWhatRfc4180Needs_LfLineEnds()
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);

        using (var csv = new CsvWriter(text, ["name", "note"]))
        {
            csv.Add("plain").Add("a,b").EndRow();
            csv.Add("say \"hi\"").Add("two\nlines").EndRow();
            csv.Add("cr\r").Add((string?)null).EndRow();
        }

        Assert.Equal("name,note\nplain,\"a,b\"\n\"say \"\"hi\"\"\",\"two\nlines\"\n\"cr\r\",\n", text.ToString());
    }

    [Theory]
    [InlineData(0.1 + 0.2, "0.30000000000000004")]
    [InlineData(1.5, "1.5")]
    [InlineData(-0.0, "0")]
    [InlineData(1e-7, "1E-07")]
    [InlineData(123456789012.25, "123456789012.25")]
    [InlineData(double.NaN, "")]
    [InlineData(double.PositiveInfinity, "")]
    public void Add_Double_ShortestRoundTripInvariant(double value, string expected)
    {
        string written = WriteOne(csv => csv.Add(value));

        Assert.Equal(expected, written);
        if (expected.Length > 0)
        {
            Assert.Equal(value, double.Parse(written, CultureInfo.InvariantCulture)); // round-trips
        }
    }

    [Theory]
    [InlineData(2.345678, 2, "2.35")]
    [InlineData(2.0, 3, "2")]
    [InlineData(-0.0001, 2, "0")]
    [InlineData(double.NaN, 2, "")]
    public void Add_DoubleWithDecimals_RoundedThenShortest(double value, int decimals, string expected)
    {
        Assert.Equal(expected, WriteOne(csv => csv.Add(value, decimals)));
    }

    [Fact]
    public void Add_LongAndBool_Invariant()
    {
        Assert.Equal("-1234567,1.25,true", WriteRow(csv => csv.Add(-1234567L).Add(1.25).Add(true), 3));
    }

    [Fact]
    public void EndRow_WrongFieldCount_Throws()
    {
        using var csv = new CsvWriter(new StringWriter(CultureInfo.InvariantCulture), ["a", "b"]);
        csv.Add("only one");

        Assert.Throws<InvalidOperationException>(csv.EndRow);
    }

    [Fact]
    public void Create_WritesUtf8WithoutBomAndReadsBackThroughCsvReader()
    {
        string path = Path.Combine(Path.GetTempPath(), $"csv-writer-{Guid.NewGuid():N}.csv");
        try
        {
            using (CsvWriter csv = CsvWriter.Create(path, "id", "name"))
            {
                csv.Add(1).Add("环路, \"二\"\n内").EndRow();
            }

            using var reader = new CsvReader(path);
            Assert.True(reader.Next());
            Assert.Equal("环路, \"二\"\n内", reader.Chars(1).ToString());
            Assert.False(reader.Next());
            Assert.NotEqual(0xEF, File.ReadAllBytes(path)[0]);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static string WriteOne(Action<CsvWriter> add) => WriteRow(add, 1);

    private static string WriteRow(Action<CsvWriter> add, int columns)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = new CsvWriter(text, [.. Enumerable.Range(0, columns).Select(i => $"c{i}")]))
        {
            add(csv);
            csv.EndRow();
        }

        return text.ToString().Split('\n')[1];
    }
}
