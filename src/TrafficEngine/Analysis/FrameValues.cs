using Microsoft.Data.Analysis;
using TrafficEngine.Congestion;

namespace TrafficEngine.Analysis;

/// <summary>Typed reads of a DataFrame's columns into the arrays of an engine table, failing on nulls with column and row.</summary>
internal static class FrameValues
{
    internal static DataFrameColumn Column(DataFrame frame, string name)
    {
        int index = frame.Columns.IndexOf(name);
        return index >= 0 ? frame.Columns[index] : throw new ArgumentException($"The frame has no column \"{name}\".", nameof(frame));
    }

    internal static T[] Values<T>(DataFrame frame, string name)
        where T : unmanaged
    {
        if (Column(frame, name) is not PrimitiveDataFrameColumn<T> column)
        {
            throw new ArgumentException($"Column \"{name}\" holds {Column(frame, name).DataType.Name}, not {typeof(T).Name}.", nameof(frame));
        }

        var values = new T[column.Length];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = column[i] ?? throw new ArgumentException($"Column \"{name}\", row {i}: null; the table cannot hold a null.", nameof(frame));
        }

        return values;
    }

    internal static long[] BinStarts(DataFrame frame)
    {
        DateTime[] times = Values<DateTime>(frame, "bin_start");
        var ms = new long[times.Length];
        for (int i = 0; i < times.Length; i++)
        {
            DateTime time = times[i];
            if (time.Kind != DateTimeKind.Utc || time.Ticks % TimeSpan.TicksPerMillisecond != 0)
            {
                throw new ArgumentException($"Column \"bin_start\", row {i}: {time:O} is not a UTC time in whole milliseconds.", nameof(frame));
            }

            ms[i] = new DateTimeOffset(time).ToUnixTimeMilliseconds();
        }

        return ms;
    }

    internal static TEnum[] Codes<TEnum>(DataFrame frame, string name, int count, Func<int, string> code, Func<int, TEnum> value)
    {
        if (Column(frame, name) is not StringDataFrameColumn column)
        {
            throw new ArgumentException($"Column \"{name}\" holds {Column(frame, name).DataType.Name}, not String.", nameof(frame));
        }

        var byCode = new Dictionary<string, TEnum>(StringComparer.Ordinal);
        for (int i = 0; i < count; i++)
        {
            byCode.Add(code(i), value(i));
        }

        var values = new TEnum[column.Length];
        for (int i = 0; i < values.Length; i++)
        {
            string? text = column[i];
            if (text is null || !byCode.TryGetValue(text, out values[i]!))
            {
                throw new ArgumentException(
                    $"Column \"{name}\", row {i}: {(text is null ? "null" : $"\"{text}\"")} is not one of {string.Join(", ", byCode.Keys)}.", nameof(frame));
            }
        }

        return values;
    }
}
