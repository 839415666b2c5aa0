using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Apache.Arrow;
using Apache.Arrow.C;
using Apache.Arrow.Types;
using TrafficEngine.Arrow;

namespace TrafficEngine.Tests.Arrow;

/// <summary>The engine's buffers and builders handed to Apache.Arrow, and a batch through the C Data Interface.</summary>
public sealed class ArrowLayerTests
{
    [Fact]
    public void NativeBuffer_IsAligned_AndTheArrayIsAViewOfIt()
    {
        NativeBuffer buffer = NativeBuffer.Allocate<double>(1000, zeroed: false);
        Assert.True(NativeBuffer.IsAligned(buffer.Bytes, 64));
        Span<double> values = buffer.As<double>();
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = i * 1.5;
        }

        PrimitiveArray<double> array = ArrowArrays.Primitive<double>(DoubleType.Default, buffer.ToArrow<double>(1000), 1000);
        Assert.True(Unsafe.AreSame(in MemoryMarshal.GetReference(array.Values), in MemoryMarshal.GetReference((ReadOnlySpan<double>)values)));
        values[7] = -1;
        Assert.Equal(-1, array.Values[7]);
        Assert.IsType<DoubleArray>(array);
    }

    [Fact]
    public void FixedWidthBuilder_GrowsKeepsNullsAndBuildsTheTypedArray()
    {
        var builder = new FixedWidthArrayBuilder<long>(ArrowTypes.TimestampMsUtc, capacity: 1);
        for (int i = 0; i < 5000; i++)
        {
            if (i % 7 == 3)
            {
                builder.AppendNull();
            }
            else
            {
                builder.Append(i);
            }
        }

        builder.AppendRange([1L, 2L]);
        PrimitiveArray<long> array = builder.Build();
        var timestamps = Assert.IsType<TimestampArray>(array);
        Assert.Equal(5002, timestamps.Length);
        Assert.Equal(Enumerable.Range(0, 5000).Count(i => i % 7 == 3), timestamps.NullCount);
        Assert.True(timestamps.IsNull(3));
        Assert.Equal(4, timestamps.Values[4]);
        Assert.Equal(2, timestamps.Values[^1]);
        Assert.True(NativeBuffer.IsAligned(timestamps.ValueBuffer.Span, 64));
        Assert.Throws<ArgumentException>(() => new FixedWidthArrayBuilder<int>(Int64Type.Default));
    }

    [Fact]
    public void DictionaryBuilder_CodesInOrderOfFirstAppearance()
    {
        var builder = new DictionaryArrayBuilder();
        Assert.Equal(0, builder.Append("b"));
        Assert.Equal(1, builder.Append("a"));
        Assert.Equal(0, builder.Append("b"));
        Assert.Equal(-1, builder.Append(null));
        DictionaryArray array = builder.Build();
        Assert.Equal(["b", "a", "b", null], Enumerable.Range(0, 4).Select(i => ArrowArrays.GetString(array, i)));
        Assert.Equal(2, array.Dictionary.Length);
        Assert.Equal(1, array.NullCount);
    }

    [Fact]
    public void Batch_RefusesMismatchedTypesLengthsAndNulls()
    {
        var schema = new Schema([new Field("a", Int64Type.Default, nullable: false), new Field("b", DoubleType.Default, nullable: true)], []);
        Assert.Throws<ArgumentException>(() => ArrowColumns.Batch(schema, [ArrowArrays.Copy(Int64Type.Default, [1L])]));
        Assert.Throws<ArgumentException>(() => ArrowColumns.Batch(schema, [ArrowArrays.Copy(Int64Type.Default, [1L]), ArrowArrays.Copy(Int64Type.Default, [1L])]));
        Assert.Throws<ArgumentException>(() => ArrowColumns.Batch(schema, [ArrowArrays.Copy(Int64Type.Default, [1L]), ArrowArrays.Copy(DoubleType.Default, [1.0, 2.0])]));
        var withNull = new FixedWidthArrayBuilder<long>(Int64Type.Default);
        withNull.AppendNull();
        Assert.Throws<ArgumentException>(() => ArrowColumns.Batch(schema, [withNull.Build(), ArrowArrays.Copy(DoubleType.Default, [1.0])]));
    }

    [Fact]
    public unsafe void CDataInterface_ExportedBatch_ImportsBackEqual()
    {
        RecordBatch batch = ArrowSamples.Create(0, 40);
        CArrowArray* array = CArrowArray.Create();
        CArrowSchema* schema = CArrowSchema.Create();
        try
        {
            CArrowSchemaExporter.ExportSchema(batch.Schema, schema);
            CArrowArrayExporter.ExportRecordBatch(batch, array);
            Schema importedSchema = CArrowSchemaImporter.ImportSchema(schema);
            RecordBatch imported = CArrowArrayImporter.ImportRecordBatch(array, importedSchema);
            Assert.Equal(batch.Schema.FieldsList.Select(f => (f.Name, f.IsNullable)), importedSchema.FieldsList.Select(f => (f.Name, f.IsNullable)));
            Assert.All(batch.Schema.FieldsList.Zip(importedSchema.FieldsList), p => Assert.True(ArrowTypes.Same(p.First.DataType, p.Second.DataType)));
            Assert.Equal("traffic-tests", importedSchema.Metadata["source"]);
            ArrowValidation.Validate(imported, "imported", 0);
            ArrowSamples.AssertSameRows([batch], [imported]);
        }
        finally
        {
            CArrowArray.Free(array);
            CArrowSchema.Free(schema);
        }
    }
}
