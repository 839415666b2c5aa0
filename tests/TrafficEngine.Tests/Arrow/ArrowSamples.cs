using Apache.Arrow;
using Apache.Arrow.Types;
using TrafficEngine.Arrow;

namespace TrafficEngine.Tests.Arrow;

/// <summary>Batches with every type the engine writes, nulls included, built through the engine's builders.</summary>
internal static class ArrowSamples
{
    public static Schema Schema { get; } = new(
    [
        new Field("i16", Int16Type.Default, nullable: true),
        new Field("i32", Int32Type.Default, nullable: false, [new KeyValuePair<string, string>("unit", "count")]),
        new Field("i64", Int64Type.Default, nullable: true),
        new Field("f32", FloatType.Default, nullable: true),
        new Field("f64", DoubleType.Default, nullable: true),
        new Field("flag", BooleanType.Default, nullable: true),
        new Field("name", StringType.Default, nullable: true),
        new Field("ts", ArrowTypes.TimestampMsUtc, nullable: false),
        new Field("road", ArrowTypes.DictionaryUtf8, nullable: true),
        GeoArrow.WkbField("geometry", nullable: true),
    ], [new KeyValuePair<string, string>("source", "traffic-tests")]);

    /// <summary>The shared dictionary of the <c>road</c> column (one per file: see <see cref="ArrowFileOutput"/>).</summary>
    public static StringArray Roads { get; } = ArrowArrays.Strings(["G6", "Chang'an Ave", "三环路", "东直门内大街"]);

    /// <summary><paramref name="rows"/> rows from row number <paramref name="start"/>; every third row is null where it may be.</summary>
    public static RecordBatch Create(int start, int rows)
    {
        var i16 = new FixedWidthArrayBuilder<short>(Int16Type.Default);
        var i32 = new FixedWidthArrayBuilder<int>(Int32Type.Default);
        var i64 = new FixedWidthArrayBuilder<long>(Int64Type.Default);
        var f32 = new FixedWidthArrayBuilder<float>(FloatType.Default);
        var f64 = new FixedWidthArrayBuilder<double>(DoubleType.Default);
        var flag = new BooleanArray.Builder();
        var name = new StringArray.Builder();
        var ts = new FixedWidthArrayBuilder<long>(ArrowTypes.TimestampMsUtc);
        var road = new FixedWidthArrayBuilder<int>(Int32Type.Default);
        var geometry = new BinaryArray.Builder();
        for (int r = start; r < start + rows; r++)
        {
            bool isNull = r % 3 == 1;
            i32.Append(r);
            ts.Append(1_700_000_000_000L + (r * 1000L));
            if (isNull)
            {
                i16.AppendNull();
                i64.AppendNull();
                f32.AppendNull();
                f64.AppendNull();
                flag.AppendNull();
                name.AppendNull();
                road.AppendNull();
                geometry.AppendNull();
                continue;
            }

            i16.Append((short)(-r));
            i64.Append((1L << 40) + r);
            f32.Append(r + 0.5f);
            f64.Append(r == 0 ? double.NaN : r / 4.0);
            flag.Append(r % 2 == 0);
            name.Append($"v{r}ü");
            road.Append(r % Roads.Length);
            geometry.Append(new byte[] { 1, 2, (byte)r });
        }

        return ArrowColumns.Batch(Schema,
        [
            i16.Build(), i32.Build(), i64.Build(), f32.Build(), f64.Build(), flag.Build(), name.Build(), ts.Build(),
            ArrowArrays.Dictionary(road.Build(), Roads), geometry.Build(),
        ]);
    }

    /// <summary>Every value of every row, boxed, for comparing batches.</summary>
    public static List<object?[]> Rows(IEnumerable<RecordBatch> batches) =>
        batches.SelectMany(b => Enumerable.Range(0, b.Length).Select(i => b.Arrays.Select(c => ArrowArrays.GetValue(c, i)).ToArray())).ToList();

    public static void AssertSameRows(IEnumerable<RecordBatch> expected, IEnumerable<RecordBatch> actual)
    {
        List<object?[]> a = Rows(expected), b = Rows(actual);
        Assert.Equal(a.Count, b.Count);
        for (int i = 0; i < a.Count; i++)
        {
            Assert.Equal(a[i], b[i]);
        }
    }
}
