using TrafficEngine.Arrow;
using TrafficEngine.Columns;

namespace TrafficEngine.Tests.Arrow;

/// <summary>
/// Schema metadata of every size round trips: a value that filled the flatbuffer up to the vtable once made the
/// schema writer run off the front of its buffer (found writing the match summary into the traversals file).
/// </summary>
public sealed class ArrowSchemaMetadataSizeTests
{
    [Fact]
    public void WriteRead_MetadataValuesOfManySizes_RoundTrip()
    {
        string path = Path.Combine(Path.GetTempPath(), $"traffic-metadata-{Guid.NewGuid():N}.arrow");
        try
        {
            for (int size = 0; size < 3000; size += 7)
            {
                var metadata = new Dictionary<string, string> { ["k"] = new string('x', size), ["note"] = "n" };
                var schema = new Schema([new Field("a", DataType.Int64, nullable: false)], metadata);
                var column = new ColumnBuilder<long>(DataType.Int64);
                column.Append(size);

                ArrowFile.Write(path, schema, [new Batch(schema, [column.Build()])]);
                (Schema read, List<Batch> batches) = ArrowFile.ReadAll(path);

                Assert.Equal(metadata["k"], read.Metadata["k"]);
                Assert.Equal((long)size, batches[0].Get<Column<long>>("a")[0]);
            }
        }
        finally
        {
            File.Delete(path);
        }
    }
}
