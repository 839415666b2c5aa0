using Apache.Arrow;
using Apache.Arrow.Ipc;
using Apache.Arrow.Types;
using Microsoft.Data.Analysis;
using TrafficEngine.Analysis;

namespace TrafficEngine.Tests.Analysis;

public sealed class ResultFramesTests
{
    [Fact]
    public void Open_TwoZstdBatchesWithDictionaryTimestampAndNulls_ConcatenatesWithTypesAndNulls()
    {
        var dictionary = new DictionaryType(Int32Type.Default, StringType.Default, false);
        var schema = new Schema(
        [
            new Field("speed_kmh", DoubleType.Default, true), new Field("bin_start", new TimestampType(TimeUnit.Millisecond, "UTC"), false),
            new Field("level", dictionary, true),
        ], null);
        RecordBatch Batch(double? speed, long ms, int? level) => new(schema,
        [
            speed is { } s ? new DoubleArray.Builder().Append(s).Build() : new DoubleArray.Builder().AppendNull().Build(),
            new TimestampArray.Builder(TimeUnit.Millisecond, "UTC").Append(DateTimeOffset.FromUnixTimeMilliseconds(ms)).Build(),
            new DictionaryArray(dictionary, level is { } l ? new Int32Array.Builder().Append(l).Build() : new Int32Array.Builder().AppendNull().Build(),
                new StringArray.Builder().Append("light").Append("severe").Build()),
        ], 1);
        using var stream = new MemoryStream();
        using (var writer = new ArrowFileWriter(stream, schema, leaveOpen: true, new IpcOptions { CompressionCodec = CompressionCodecType.Zstd, CompressionCodecFactory = new Apache.Arrow.Compression.CompressionCodecFactory() }))
        {
            writer.WriteRecordBatch(Batch(double.NaN, 1_000, 1));
            writer.WriteRecordBatch(Batch(null, 2_000, null));
            writer.WriteEnd();
        }

        stream.Position = 0;
        DataFrame frame = ResultFrames.Open(stream);

        Assert.Equal(2, frame.Rows.Count);
        var speed = (DoubleDataFrameColumn)frame["speed_kmh"];
        Assert.True(double.IsNaN(speed[0]!.Value));
        Assert.Null(speed[1]);
        var bin = (PrimitiveDataFrameColumn<DateTime>)frame["bin_start"];
        Assert.Equal(new DateTime(1970, 1, 1, 0, 0, 2, DateTimeKind.Utc), bin[1]);
        Assert.Equal(DateTimeKind.Utc, bin[1]!.Value.Kind);
        var level = (StringDataFrameColumn)frame["level"];
        Assert.Equal("severe", level[0]);
        Assert.Null(level[1]);
    }
}
