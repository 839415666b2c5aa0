using System.Buffers.Binary;
using System.Text;
using TrafficEngine.IO;
using TrafficEngine.Geo;
using TrafficEngine.Geo.Import;
using TrafficEngine.Ingest;
using static TrafficEngine.Tests.Geo.NetworkTestSupport;

namespace TrafficEngine.Tests.Geo;

/// <summary>
/// Corrupt shapefiles, attribute tables and GeoJSON features read through the NetTopologySuite readers: each error
/// still names the file, the record (or feature) and the field, as a rejected record or one user error.
/// </summary>
public sealed class NetworkLibraryReaderTests
{
    private const int DbfHeaderSize = 321; // the toy grid's: 32 + 9 fields x 32 + 1
    private const int DbfRecordSize = 205;

    [Fact]
    public void Shapefile_TruncatedShp_FailsNamingTheFile()
    {
        string folder = CopyToyGrid();
        string shp = Path.Combine(folder, "edges.shp");
        byte[] bytes = File.ReadAllBytes(shp);
        File.WriteAllBytes(shp, bytes[..(bytes.Length - 30)]);

        var error = Assert.ThrowsAny<UserInputException>(() => Import(shp));

        Assert.Contains("edges.shp: its header says", error.Message, StringComparison.Ordinal);
        Assert.Contains("(file truncated)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Shapefile_RecordLengthPastTheEnd_FailsNamingTheRecord()
    {
        string folder = CopyToyGrid();
        string shp = Path.Combine(folder, "edges.shp");
        byte[] bytes = File.ReadAllBytes(shp);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(RecordOffset(bytes, 3) + 4), 1 << 20);
        File.WriteAllBytes(shp, bytes);

        var error = Assert.ThrowsAny<UserInputException>(() => Import(shp));

        Assert.Contains("edges.shp: record 3: content length 2097152 bytes does not fit", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, error.Line);
    }

    [Theory]
    [InlineData(2, 36, 1_000_000, "record 2, field 'shape': 1000000 parts and 2 points do not fit the 80-byte record")]
    [InlineData(5, 0, 1, "record 5, field 'shape': shape type 1 is not the file's polyline type 3")]
    [InlineData(7, 0, 0, "record 7, field 'shape': null shape")]
    [InlineData(9, 40, 1, "record 9, field 'shape': Invalid number of points in LineString (found 1")]
    public void Shapefile_BadShape_RecordRejectedNamingRecordAndField(int record, int contentOffset, int value, string message)
    {
        string folder = CopyToyGrid();
        string shp = Path.Combine(folder, "edges.shp");
        byte[] bytes = File.ReadAllBytes(shp);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(RecordOffset(bytes, record) + 8 + contentOffset), value);
        File.WriteAllBytes(shp, bytes);

        (RoadNetwork network, NetworkImportReport report) = Import(shp);

        Assert.Equal(29, network.EdgeCount);
        Assert.Equal(1, report.RejectedCount(ImportSink.BadGeometry));
        string warning = Assert.Single(report.Warnings, w => w.Contains("edges.shp", StringComparison.Ordinal));
        Assert.Contains(message, warning, StringComparison.Ordinal);
    }

    [Fact]
    public void Dbf_TextWhereANodeIdBelongs_RecordRejectedNamingTheField()
    {
        string folder = CopyToyGrid();
        WriteDbfField(folder, record: 4, offset: 1 + 21 + 21, "abc".PadRight(21)); // source, a character field

        (RoadNetwork network, NetworkImportReport report) = Import(Path.Combine(folder, "edges.shp"));

        Assert.Equal(29, network.EdgeCount);
        Assert.Equal(1, report.RejectedCount(ImportSink.BadField));
        Assert.Contains(report.Warnings, w => w.Contains("edges.shp: record 4, field 'source': 'abc' is not an integer node id", StringComparison.Ordinal));
    }

    [Fact]
    public void Dbf_CorruptNumericField_FailsNamingRecordAndField()
    {
        string folder = CopyToyGrid();
        WriteDbfField(folder, record: 5, offset: 1 + (4 * 21), "12x4".PadLeft(24)); // cost, numeric (24, 15)

        var error = Assert.ThrowsAny<UserInputException>(() => Import(Path.Combine(folder, "edges.shp")));

        Assert.Contains("edges.dbf: record 5, field 'cost': '12x4' is not a value of the field's type", error.Message, StringComparison.Ordinal);
        Assert.Equal(5, error.Line);
        Assert.Equal("cost", error.Field);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Dbf_Truncated_FailsNamingTheFile()
    {
        string folder = CopyToyGrid();
        string dbf = Path.Combine(folder, "edges.dbf");
        byte[] bytes = File.ReadAllBytes(dbf);
        File.WriteAllBytes(dbf, bytes[..(DbfHeaderSize + (10 * DbfRecordSize))]);

        var error = Assert.ThrowsAny<UserInputException>(() => Import(Path.Combine(folder, "edges.shp")));

        Assert.Contains("edges.dbf: its header counts 30 records of 205 bytes but the file holds 10 (file truncated)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GeoJson_BadPropertiesAndType_RejectedNamingTheMember()
    {
        string path = Write(TempFolder(), "roads.geojson", """
            {"type": "FeatureCollection", "features": [
              {"type": "Feature", "properties": {"highway": "primary"}, "geometry": {"type": "LineString", "coordinates": [[1.0, 2.0], [1.1, 2.0]]}},
              {"type": "Feature", "properties": 5, "geometry": {"type": "LineString", "coordinates": [[1.0, 2.0], [1.1, 2.0]]}},
              {"type": "Road", "properties": {"highway": "primary"}, "geometry": {"type": "LineString", "coordinates": [[1.0, 2.0], [1.1, 2.0]]}},
              {"type": "Feature", "properties": {"highway": "primary"}, "geometry": {"type": "LineString", "coordinates": [[1.0], [1.1, 2.0]]}}
            ]}
            """);

        (RoadNetwork network, NetworkImportReport report) = Import(path);

        Assert.Equal(2, network.EdgeCount);
        Assert.Equal(2, report.RejectedCount(ImportSink.BadField));
        Assert.Equal(1, report.RejectedCount(ImportSink.BadGeometry));
        Assert.Contains(report.Warnings, w => w.Contains("roads.geojson: feature 2, field 'properties'", StringComparison.Ordinal));
        Assert.Contains(report.Warnings, w => w.Contains("roads.geojson: feature 3, field 'type'", StringComparison.Ordinal));
        Assert.Contains(report.Warnings, w => w.Contains("roads.geojson: feature 4, field 'geometry'", StringComparison.Ordinal));
    }

    [Fact]
    public void GeoJson_InvalidJsonAfterTheFeatures_FailsWithTheLine()
    {
        string path = Write(TempFolder(), "roads.geojson", """
            {"type": "FeatureCollection", "features": [
              {"type": "Feature", "properties": {"highway": "primary"}, "geometry": {"type": "LineString", "coordinates": [[1.0, 2.0], [1.1, 2.0]]}}
            ],
            "name": oops}
            """);

        var error = Assert.ThrowsAny<UserInputException>(() => Import(path));

        Assert.Contains("roads.geojson: line 4: not valid JSON", error.Message, StringComparison.Ordinal);
        Assert.Equal(4, error.Line);
    }

    /// <summary>The byte offset of a 1-based record's header in a .shp file.</summary>
    private static int RecordOffset(byte[] shp, int record)
    {
        int offset = 100;
        for (int r = 1; r < record; r++)
        {
            offset += 8 + (BinaryPrimitives.ReadInt32BigEndian(shp.AsSpan(offset + 4)) * 2);
        }

        return offset;
    }

    private static void WriteDbfField(string folder, int record, int offset, string text)
    {
        string dbf = Path.Combine(folder, "edges.dbf");
        byte[] bytes = File.ReadAllBytes(dbf);
        Encoding.ASCII.GetBytes(text).CopyTo(bytes, DbfHeaderSize + ((record - 1) * DbfRecordSize) + offset);
        File.WriteAllBytes(dbf, bytes);
    }

    private static string CopyToyGrid()
    {
        string folder = TempFolder();
        string source = Path.GetDirectoryName(SharedData("fmm_example_networks/toy_grid/edges.shp"))!;
        foreach (string extension in new[] { ".shp", ".dbf", ".prj", ".cpg", ".shx" })
        {
            File.Copy(Path.Combine(source, "edges" + extension), Path.Combine(folder, "edges" + extension));
            File.SetAttributes(Path.Combine(folder, "edges" + extension), FileAttributes.Normal);
        }

        return folder;
    }
}
