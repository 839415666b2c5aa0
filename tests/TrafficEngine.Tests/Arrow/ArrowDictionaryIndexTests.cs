using TrafficEngine.Arrow;
using TrafficEngine.Columns;

namespace TrafficEngine.Tests.Arrow;

public sealed class ArrowDictionaryIndexTests
{
    [Theory]
    [InlineData(0, 2)]
    [InlineData(37, -1)]
    [InlineData(99, 3)]
    [InlineData(40, int.MinValue)]
    public void Read_IndexOutsideDictionary_NamesTheFirstBadRow(int row, int badIndex)
    {
        var schema = new Schema([new Field("road", DataType.Dictionary(DataType.Int32, DataType.Utf8), nullable: false)]);
        var dictionary = new StringColumnBuilder();
        dictionary.Append("A1");
        dictionary.Append("B2");
        var indices = new ColumnBuilder<int>(DataType.Int32);
        for (int i = 0; i < 100; i++)
        {
            indices.Append(i == row ? badIndex : i == row + 1 ? 5 : i % 2);
        }

        var batch = new Batch(schema, [new DictionaryColumn(indices.Build(), dictionary.Build())]);
        byte[] bytes = SampleBatches.WriteStream(schema, batch);

        var error = Assert.Throws<ArrowFormatException>(() => SampleBatches.ReadStream(bytes));

        Assert.Contains($"row {row} has dictionary index {badIndex} ", error.Message, StringComparison.Ordinal);
    }
}
