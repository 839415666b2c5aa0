using Microsoft.Data.Analysis;
using TrafficEngine.Congestion;

namespace TrafficEngine.Analysis;

/// <summary>
/// <see cref="ReliabilityTable"/> to and from <see cref="DataFrame"/>s without loss, on the terms of
/// <see cref="GroupIndexFrames"/>: periods as <see cref="ReliabilityPeriods.Code"/> strings, NaN kept, a null fails.
/// </summary>
public static class ReliabilityFrames
{
    extension(ReliabilityTable table)
    {
        /// <summary>
        /// One row per (unit, period): unit, period, days, samples, free_flow_s, mean_s, p50_s, p80_s, p95_s,
        /// congested_hours_per_day, then the derived pti, buffer_index, lottr (double) and reliable (bool).
        /// </summary>
        public DataFrame ToDataFrame()
        {
            ArgumentNullException.ThrowIfNull(table);
            IReadOnlyList<ReliabilityTable.Row> rows = table.Rows;
            return new DataFrame(
                new Int32DataFrameColumn("unit", rows.Select(r => r.Unit)),
                new StringDataFrameColumn("period", rows.Select(r => ReliabilityPeriods.Code(r.Period))),
                new Int32DataFrameColumn("days", rows.Select(r => r.Days)),
                new Int32DataFrameColumn("samples", rows.Select(r => r.Samples)),
                new DoubleDataFrameColumn("free_flow_s", rows.Select(r => r.FreeFlowSeconds)),
                new DoubleDataFrameColumn("mean_s", rows.Select(r => r.MeanSeconds)),
                new DoubleDataFrameColumn("p50_s", rows.Select(r => r.P50Seconds)),
                new DoubleDataFrameColumn("p80_s", rows.Select(r => r.P80Seconds)),
                new DoubleDataFrameColumn("p95_s", rows.Select(r => r.P95Seconds)),
                new DoubleDataFrameColumn("congested_hours_per_day", rows.Select(r => r.CongestedHoursPerDay)),
                new DoubleDataFrameColumn("pti", rows.Select(r => r.PlanningTimeIndex)),
                new DoubleDataFrameColumn("buffer_index", rows.Select(r => r.BufferIndex)),
                new DoubleDataFrameColumn("lottr", rows.Select(r => r.Lottr)),
                new BooleanDataFrameColumn("reliable", rows.Select(r => r.Reliable)));
        }

        /// <summary>The table a frame of <see cref="ToDataFrame(ReliabilityTable)"/>'s columns holds; the derived columns are ignored.</summary>
        public static ReliabilityTable FromDataFrame(DataFrame frame)
        {
            ArgumentNullException.ThrowIfNull(frame);
            int[] unit = FrameValues.Values<int>(frame, "unit");
            ReliabilityPeriod[] period = FrameValues.Codes(frame, "period", ReliabilityPeriods.Count, i => ReliabilityPeriods.Code((ReliabilityPeriod)i), i => (ReliabilityPeriod)i);
            int[] days = FrameValues.Values<int>(frame, "days");
            int[] samples = FrameValues.Values<int>(frame, "samples");
            double[] freeFlow = FrameValues.Values<double>(frame, "free_flow_s");
            double[] mean = FrameValues.Values<double>(frame, "mean_s");
            double[] p50 = FrameValues.Values<double>(frame, "p50_s");
            double[] p80 = FrameValues.Values<double>(frame, "p80_s");
            double[] p95 = FrameValues.Values<double>(frame, "p95_s");
            double[] congested = FrameValues.Values<double>(frame, "congested_hours_per_day");
            var result = new ReliabilityTable();
            for (int i = 0; i < unit.Length; i++)
            {
                result.Add(new ReliabilityTable.Row(unit[i], period[i], days[i], samples[i], freeFlow[i], mean[i], p50[i], p80[i], p95[i], congested[i]));
            }

            return result;
        }
    }
}
