using TrafficEngine.Arrow;
using TrafficEngine.Columns;

namespace TrafficEngine.Tests.Arrow;

/// <summary>Batches covering every engine type, with nulls, for the Arrow tests.</summary>
internal static class SampleBatches
{
    public static Schema AllTypes { get; } = new(
        [
            new Field("i8", DataType.Int8),
            new Field("i16", DataType.Int16),
            new Field("i32", DataType.Int32, nullable: false, new Dictionary<string, string> { ["unit"] = "count" }),
            new Field("i64", DataType.Int64),
            new Field("u8", DataType.UInt8),
            new Field("u16", DataType.UInt16),
            new Field("u32", DataType.UInt32),
            new Field("u64", DataType.UInt64),
            new Field("f32", DataType.Float32),
            new Field("f64", DataType.Float64),
            new Field("flag", DataType.Boolean),
            new Field("name", DataType.Utf8),
            new Field("ts", DataType.TimestampMsUtc),
            new Field("ts_naive_us", DataType.Timestamp(TimeUnit.Microsecond, null)),
            new Field("day", DataType.Date32),
            new Field("road", DataType.Dictionary(DataType.Int32, DataType.Utf8)),
        ],
        new Dictionary<string, string> { ["source"] = "traffic-tests", ["version"] = "1" });

    /// <summary>Rows <paramref name="start"/>..start+count; every 5th row is null except in the non-nullable i32.</summary>
    public static Batch Create(int start, int count, string[]? roads = null)
    {
        roads ??= ["A1", "B2", "Ringstraße", "", "N7"];
        var i8 = new ColumnBuilder<sbyte>(DataType.Int8);
        var i16 = new ColumnBuilder<short>(DataType.Int16);
        var i32 = new ColumnBuilder<int>(DataType.Int32);
        var i64 = new ColumnBuilder<long>(DataType.Int64);
        var u8 = new ColumnBuilder<byte>(DataType.UInt8);
        var u16 = new ColumnBuilder<ushort>(DataType.UInt16);
        var u32 = new ColumnBuilder<uint>(DataType.UInt32);
        var u64 = new ColumnBuilder<ulong>(DataType.UInt64);
        var f32 = new ColumnBuilder<float>(DataType.Float32);
        var f64 = new ColumnBuilder<double>(DataType.Float64);
        var flag = new BooleanColumnBuilder();
        var name = new StringColumnBuilder();
        var ts = new ColumnBuilder<long>(DataType.TimestampMsUtc);
        var tsNaive = new ColumnBuilder<long>(DataType.Timestamp(TimeUnit.Microsecond, null));
        var day = new ColumnBuilder<int>(DataType.Date32);
        var road = new DictionaryColumnBuilder();
        for (int r = start; r < start + count; r++)
        {
            i32.Append(r * 7);
            if (r % 5 == 0)
            {
                i8.AppendNull();
                i16.AppendNull();
                i64.AppendNull();
                u8.AppendNull();
                u16.AppendNull();
                u32.AppendNull();
                u64.AppendNull();
                f32.AppendNull();
                f64.AppendNull();
                flag.AppendNull();
                name.AppendNull();
                ts.AppendNull();
                tsNaive.AppendNull();
                day.AppendNull();
                road.AppendNull();
                continue;
            }

            i8.Append((sbyte)(r % 256 - 128));
            i16.Append((short)(-r * 3));
            i64.Append(((long)r << 33) - 5);
            u8.Append((byte)r);
            u16.Append((ushort)(r * 11));
            u32.Append((uint)r * 100_000u);
            u64.Append(ulong.MaxValue - (ulong)r);
            f32.Append(r * 0.5f);
            f64.Append(r / 3.0);
            flag.Append(r % 3 == 0);
            name.Append(r % 7 == 0 ? "" : $"veh-{r}-é");
            ts.Append(1_700_000_000_000L + r);
            tsNaive.Append(1_700_000_000_000_000L + r);
            day.Append(19_000 + r);
            road.Append(roads[r % roads.Length]);
        }

        return new Batch(AllTypes,
        [
            i8.Build(), i16.Build(), i32.Build(), i64.Build(), u8.Build(), u16.Build(), u32.Build(), u64.Build(),
            f32.Build(), f64.Build(), flag.Build(), name.Build(), ts.Build(), tsNaive.Build(), day.Build(), road.Build(),
        ]);
    }

    public static byte[] WriteFile(Schema schema, params Batch[] batches)
    {
        using var stream = new MemoryStream();
        using (var writer = new ArrowFileWriter(stream, schema, leaveOpen: true))
        {
            foreach (Batch batch in batches)
            {
                writer.WriteBatch(batch);
            }
        }

        return stream.ToArray();
    }

    public static byte[] WriteStream(Schema schema, params Batch[] batches)
    {
        using var stream = new MemoryStream();
        using (var writer = new ArrowStreamWriter(stream, schema, leaveOpen: true))
        {
            foreach (Batch batch in batches)
            {
                writer.WriteBatch(batch);
            }
        }

        return stream.ToArray();
    }

    public static List<Batch> ReadFile(byte[] bytes)
    {
        using var reader = new ArrowFileReader(new MemoryStream(bytes));
        return reader.ReadAll().ToList();
    }

    public static List<Batch> ReadStream(byte[] bytes)
    {
        using var reader = new ArrowStreamReader(new MemoryStream(bytes));
        var batches = new List<Batch>();
        while (reader.ReadNext() is { } batch)
        {
            batches.Add(batch);
        }

        return batches;
    }

    /// <summary>Asserts both batches hold the same schema and the same values, row by row.</summary>
    public static void AssertSameValues(Batch expected, Batch actual)
    {
        Assert.Equal(expected.Schema, actual.Schema);
        Assert.Equal(expected.Length, actual.Length);
        for (int c = 0; c < expected.Columns.Count; c++)
        {
            Assert.Equal(expected.Columns[c].NullCount, actual.Columns[c].NullCount);
            for (int r = 0; r < expected.Length; r++)
            {
                Assert.Equal(expected.Columns[c].GetValue(r), actual.Columns[c].GetValue(r));
            }
        }
    }
}
