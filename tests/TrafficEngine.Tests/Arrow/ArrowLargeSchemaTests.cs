using TrafficEngine.Arrow;
using TrafficEngine.Columns;

namespace TrafficEngine.Tests.Arrow;

public class ArrowLargeSchemaTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(13)]
    [InlineData(40)]
    [InlineData(200)]
    public void WriteRead_ManyFieldsAndMetadata_RoundTrips(int fieldCount)
    {
        // Regression: the FlatBuffers builder wrote a table's vtable without first making room for it, which failed
        // whenever a vtable crossed the end of the buffer (seen with 13 fields, two of them dictionaries, plus metadata).
        var fields = new List<Field>();
        var columns = new List<Column>();
        for (int f = 0; f < fieldCount; f++)
        {
            var metadata = new Dictionary<string, string> { ["note"] = new string('x', f * 7) };
            if (f % 3 == 0)
            {
                var builder = new DictionaryColumnBuilder();
                builder.Append("a" + f);
                builder.Append(null);
                fields.Add(new Field("d" + f, DataType.Dictionary(DataType.Int32, DataType.Utf8), metadata: metadata));
                columns.Add(builder.Build());
            }
            else
            {
                var builder = new ColumnBuilder<long>(DataType.Int64);
                builder.Append(f);
                builder.Append(-f);
                fields.Add(new Field("i" + f, DataType.Int64, metadata: metadata));
                columns.Add(builder.Build());
            }
        }

        var schemaMetadata = Enumerable.Range(0, fieldCount).ToDictionary(i => "key" + i, i => new string('y', i * 3));
        var schema = new Schema(fields, schemaMetadata);
        using var stream = new MemoryStream();

        using (var writer = new ArrowFileWriter(stream, schema, leaveOpen: true))
        {
            writer.WriteBatch(new Batch(schema, columns));
        }

        stream.Position = 0;
        using var reader = new ArrowFileReader(stream);
        Assert.Equal(schema, reader.Schema);
        Batch batch = reader.ReadBatch(0);
        for (int f = 0; f < fieldCount; f++)
        {
            Assert.Equal(columns[f].GetValue(0), batch[f].GetValue(0));
            Assert.Equal(columns[f].GetValue(1), batch[f].GetValue(1));
        }
    }
}
