using Apache.Arrow;
using Microsoft.Data.Analysis;

namespace TrafficEngine.Analysis;

/// <summary>
/// Apache.Arrow record batches to and from <see cref="DataFrame"/>s, for analysts; no engine hot path goes through a
/// DataFrame. Values are copied into memory the DataFrame owns, so the batches can be disposed afterwards.
/// <para>Arrow type to DataFrame column:</para>
/// <list type="bullet">
/// <item>boolean, int8..int64, uint8..uint64, float32, float64: the matching primitive column (Int32DataFrameColumn ...);</item>
/// <item>float16: SingleDataFrameColumn (exact widening; DataFrame has no half column);</item>
/// <item>timestamp (any unit): DateTimeDataFrameColumn; with a time zone the instant in UTC (Kind Utc), without one the
/// wall-clock time (Kind Unspecified); nanoseconds truncated to DateTime's 100 ns ticks;</item>
/// <item>date32, date64: DateTimeDataFrameColumn at midnight (Kind Unspecified);</item>
/// <item>utf8, large utf8, dictionary-encoded utf8: StringDataFrameColumn (decoded);</item>
/// <item>binary, large binary (WKB geometry): VBufferDataFrameColumn&lt;byte&gt;, one byte buffer per row; it cannot
/// hold nulls, so a null binary value fails rather than reading back as an empty one.</item>
/// </list>
/// Nulls stay nulls and NaN stays NaN. <see cref="DataFrame.FromArrowRecordBatch"/> is not used: in Microsoft.Data.Analysis
/// 0.24.0 it throws on dictionaries, timestamps, dates, binary and float16, wraps the batch's own buffers (so the frame
/// dies with the batch) and ignores a sliced array's offset.
/// </summary>
public static class ArrowFrames
{
    /// <summary>One batch as a DataFrame, a column per field in schema order.</summary>
    public static DataFrame ToDataFrame(RecordBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return ToDataFrame(batch.Schema, [batch]);
    }

    /// <summary>Every batch of one schema, concatenated in order, as one DataFrame.</summary>
    public static DataFrame ToDataFrame(Schema schema, IEnumerable<RecordBatch> batches)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(batches);
        RecordBatch[] all = [.. batches];
        var columns = new List<DataFrameColumn>(schema.FieldsList.Count);
        for (int f = 0; f < schema.FieldsList.Count; f++)
        {
            IArrowArray[] chunks = [.. all.Select(b => b.Column(f))];
            columns.Add(FrameColumnReader.Read(schema.FieldsList[f], chunks));
        }

        return new DataFrame(columns);
    }

    /// <summary>
    /// A DataFrame as one record batch. With a <paramref name="schema"/>, its fields are taken by name in the schema's
    /// order with their types, nullability and metadata (dictionary strings, timestamp units, date32, float16 come back
    /// as they were); a value the type cannot hold exactly, or a null in a non-nullable field, fails. Without one, each
    /// column keeps its own type: DateTime as timestamp[ms, UTC], strings as utf8, byte buffers as binary, every field nullable.
    /// </summary>
    public static RecordBatch ToRecordBatch(DataFrame frame, Schema? schema = null)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (frame.Rows.Count > int.MaxValue)
        {
            throw new ArgumentException($"The frame has {frame.Rows.Count} rows; a record batch holds at most {int.MaxValue}.", nameof(frame));
        }

        schema ??= new Schema(frame.Columns.Select(FrameColumnWriter.InferField), null);
        var arrays = new List<IArrowArray>(schema.FieldsList.Count);
        foreach (Field field in schema.FieldsList)
        {
            int index = frame.Columns.IndexOf(field.Name);
            if (index < 0)
            {
                throw new ArgumentException($"The frame has no column \"{field.Name}\" for the schema's field of that name.", nameof(frame));
            }

            IArrowArray array = FrameColumnWriter.Write(frame.Columns[index], field);
            if (!field.IsNullable && array.NullCount > 0)
            {
                throw new ArgumentException($"Column \"{field.Name}\" holds {array.NullCount} nulls; the field is not nullable.", nameof(frame));
            }

            arrays.Add(array);
        }

        return new RecordBatch(schema, arrays, (int)frame.Rows.Count);
    }
}
