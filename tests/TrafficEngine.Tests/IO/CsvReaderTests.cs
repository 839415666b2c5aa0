using System.IO.Compression;
using System.Text;
using TrafficEngine.IO;

namespace TrafficEngine.Tests.IO;

public sealed class CsvReaderTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("traffic-csv-").FullName;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Next_QuotedCommasQuotesAndLineBreaks_OneFieldEachAtTheRecordStartLine(bool gzip)
    {
        string path = Write("t.csv", "\uFEFFId,\"Note\"\r\n1,\"a, b\"\r\n2,\"say \"\"hi\"\"\"\r\n3,\"two\r\nlines\"\r\n\r\n4,plain\n", gzip);
        using var csv = new CsvReader(path);
        var rows = new List<(long Line, string Where, string Id, string Note)>();

        while (csv.Next())
        {
            rows.Add((csv.Line, csv.Where, csv.Chars(0).ToString(), csv.Chars(1).ToString()));
        }

        Assert.Equal(["id", "note"], csv.Names);
        Assert.Equal(
            [
                (2L, "line 2", "1", "a, b"),
                (3L, "line 3", "2", "say \"hi\""),
                (4L, "line 4 (where the record starts; it runs to line 5)", "3", "two\nlines"),
                (7L, "line 7", "4", "plain"),
            ],
            rows);
    }

    [Fact]
    public void Fail_NamesFileRecordStartAndField()
    {
        string path = Write("f.csv", "a,b\n\"x\ny\",z\n");
        using var csv = new CsvReader(path);
        Assert.True(csv.Next());

        UserInputException error = csv.Fail(1, "bad.");

        Assert.Equal($"{path}: line 2 (where the record starts; it runs to line 3), field b: bad.", error.Message);
        Assert.Equal((path, 2L, "b"), (error.File, error.Line, error.Field));
    }

    [Theory]
    [InlineData("", "the file is empty")]
    [InlineData("a,\"b\n", "line 1 (header): malformed quotes")]
    [InlineData("a,b\n1,\"x\"y\n", "line 2, field b: malformed quotes")]
    public void Open_BadFile_UserInputExceptionNamingTheFile(string text, string expected)
    {
        string path = Write("bad.csv", text);

        var error = Assert.Throws<UserInputException>(() =>
        {
            using var csv = new CsvReader(path);
            while (csv.Next())
            {
            }
        });

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.StartsWith(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_MissingFile_UserInputExceptionNamingIt()
    {
        string path = Path.Combine(_folder, "missing.csv");

        var error = Assert.Throws<UserInputException>(() => new CsvReader(path));

        Assert.Equal(path, error.File);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Require_MissingColumn_NamesTheHeaderLineAndTheNamesTried()
    {
        string path = Write("r.csv", "u,v\n1,2\n");
        using var csv = new CsvReader(path);

        var error = Assert.Throws<UserInputException>(() => csv.Require("wkt (geometry)", "wkt", "geometry"));

        Assert.Contains("line 1 (header): required column wkt (geometry) is missing (looked for wkt, geometry; found u, v)", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string name, string text, bool gzip = false)
    {
        string path = Path.Combine(_folder, gzip ? name + ".gz" : name);
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        if (gzip)
        {
            using FileStream file = File.Create(path);
            using var zip = new GZipStream(file, CompressionLevel.Fastest);
            zip.Write(bytes);
        }
        else
        {
            File.WriteAllBytes(path, bytes);
        }

        return path;
    }
}
