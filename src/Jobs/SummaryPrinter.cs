using TrafficEngine.Ingest;

namespace Jobs;

/// <summary>Prints an ingest summary as aligned plain text: readable at a terminal and in a CI log alike.</summary>
internal static class SummaryPrinter
{
    public static void Print(CliContext context, IngestReport report, string output, string quarantine, string summary)
    {
        TextWriter w = context.Out;
        w.WriteLine($"ingest summary ({report.Format}, {report.SourceCrs} -> wgs84, {report.SourceFiles.Count} file(s), {report.InputBytes / 1e6:F1} MB in {report.Elapsed.TotalSeconds:F2} s)");
        w.WriteLine($"  rows read        {report.RowsRead,12:N0}");
        w.WriteLine($"  rows kept        {report.RowsKept,12:N0}");
        w.WriteLine($"  rows rejected    {report.RowsRejectedTotal,12:N0}");
        foreach (KeyValuePair<string, long> reason in report.RowsRejected)
        {
            w.WriteLine($"    {reason.Key,-18}{reason.Value,10:N0}");
        }

        w.WriteLine($"  vehicles         {report.Vehicles,12:N0}");
        w.WriteLine($"  time span        {report.FirstTimestampBeijing ?? "-"} .. {report.LastTimestampBeijing ?? "-"}");
        w.WriteLine($"  sampling p50/p90 {Seconds(report.SamplingIntervalP50Seconds)} / {Seconds(report.SamplingIntervalP90Seconds)}");
        foreach (string warning in report.Warnings)
        {
            context.Warn(warning);
        }

        w.WriteLine($"  wrote {output}");
        w.WriteLine($"        {quarantine}");
        w.WriteLine($"        {summary}");
    }

    private static string Seconds(double? value) => value is { } s ? $"{s:F0} s" : "-";
}
