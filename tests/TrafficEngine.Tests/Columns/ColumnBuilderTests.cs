using TrafficEngine.Columns;

namespace TrafficEngine.Tests.Columns;

public sealed class ColumnBuilderTests
{
    [Fact]
    public void Build_WithNulls_KeepsValuesAndValidity()
    {
        var builder = new ColumnBuilder<double>(DataType.Float64);
        builder.Append(1.5);
        builder.AppendNull();
        builder.Append(double.NaN);

        Column<double> column = builder.Build();

        Assert.Equal(3, column.Length);
        Assert.Equal(1, column.NullCount);
        Assert.True(column.IsValid(0));
        Assert.True(column.IsNull(1));
        Assert.True(double.IsNaN(column.Values[2]));
        Assert.True(column.ValuesBuffer.IsAlignedTo(64));
    }

    [Fact]
    public void Build_WithoutNulls_HasNoValidityBitmap()
    {
        var builder = new ColumnBuilder<int>(DataType.Int32, capacity: 1);
        for (int i = 0; i < 1000; i++)
        {
            builder.Append(i);
        }

        Column<int> column = builder.Build();

        Assert.True(column.Validity.IsEmpty);
        Assert.Equal(Enumerable.Range(0, 1000), column.Values.ToArray());
    }

    [Fact]
    public void Slice_SharesBuffersAndRecountsNulls()
    {
        var builder = new ColumnBuilder<long>(DataType.TimestampMsUtc);
        for (int i = 0; i < 20; i++)
        {
            if (i % 3 == 0)
            {
                builder.AppendNull();
            }
            else
            {
                builder.Append(i);
            }
        }

        Column<long> column = builder.Build();

        Column<long> slice = column.Slice(5, 10);

        Assert.Equal(10, slice.Length);
        Assert.Equal(3, slice.NullCount); // rows 6, 9, 12
        Assert.Equal(5L, slice.Values[0]);
        Assert.True(slice.IsNull(1));
        Assert.Equal(column.ValuesBuffer.Memory, slice.ValuesBuffer.Memory);
    }

    [Fact]
    public void StringBuilder_RoundTripsUnicodeAndNulls()
    {
        var builder = new StringColumnBuilder();
        builder.Append("长安街");
        builder.AppendNull();
        builder.Append("");
        builder.Append("Ring 2");

        StringColumn column = builder.Build();
        StringColumn slice = column.Slice(1, 3);

        Assert.Equal("长安街", column.GetString(0));
        Assert.Null(column.GetString(1));
        Assert.Equal("", column.GetString(2));
        Assert.Equal("", slice.GetString(1));
        Assert.Equal("Ring 2", slice.GetString(2));
        Assert.Equal(1, slice.NullCount);
    }

    [Fact]
    public void BooleanBuilder_PacksBits()
    {
        var builder = new BooleanColumnBuilder();
        bool?[] values = [true, false, null, true, true, false, false, true, true, null, false];
        foreach (bool? value in values)
        {
            builder.Append(value);
        }

        BooleanColumn column = builder.Build();
        BooleanColumn slice = column.Slice(3, 8);

        Assert.Equal(values, Enumerable.Range(0, values.Length).Select(i => (bool?)column.GetValue(i)));
        Assert.Equal(values[3..], Enumerable.Range(0, 8).Select(i => (bool?)slice.GetValue(i)));
        Assert.Equal(2, column.NullCount);
    }

    [Fact]
    public void DictionaryBuilder_SharesEntries()
    {
        var builder = new DictionaryColumnBuilder();
        foreach (string? value in new[] { "wgs84", "gcj02", null, "wgs84" })
        {
            builder.Append(value);
        }

        DictionaryColumn column = builder.Build();

        Assert.Equal(2, column.Dictionary.Length);
        Assert.Equal(["wgs84", "gcj02", null, "wgs84"], Enumerable.Range(0, 4).Select(column.GetString));
        Assert.Equal("wgs84", column.Slice(3, 1).GetString(0));
        Assert.True(column.Slice(2, 2).IsNull(0));
    }

    [Fact]
    public void Batch_RejectsMismatchedLengthsAndTypes()
    {
        var schema = new Schema([new Field("a", DataType.Int32), new Field("b", DataType.Float64)]);
        var ints = new ColumnBuilder<int>(DataType.Int32);
        ints.Append(1);
        var doubles = new ColumnBuilder<double>(DataType.Float64);
        doubles.Append(1);
        doubles.Append(2);

        Assert.Throws<ArgumentException>(() => new Batch(schema, [ints.Build(), doubles.Build()]));
        Assert.Throws<ArgumentException>(() => new Batch(schema, [new ColumnBuilder<double>(DataType.Float64).Build(), new ColumnBuilder<int>(DataType.Int32).Build()]));
    }
}
