using System.Diagnostics;
using Spectre.Console;
using TrafficEngine.Ingest;

namespace Jobs;

/// <summary>
/// Shows ingest progress: a Spectre.Console bar at a terminal, plain lines (at most one per 10 % or 5 s) when the
/// output goes to a file or CI log.
/// </summary>
internal static class ProgressReporter
{
    public static T Run<T>(CliContext context, string title, Func<IProgress<IngestProgress>, T> work)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(work);
        if (!context.Interactive)
        {
            return work(new PlainLines(context.Error, title));
        }

        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(context.Error) });
        return console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new TransferSpeedColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                ProgressTask task = ctx.AddTask(title, maxValue: 1);
                T result = work(new Progress(task));
                task.Value = task.MaxValue;
                return result;
            });
    }

    private sealed class Progress(ProgressTask task) : IProgress<IngestProgress>
    {
        public void Report(IngestProgress value)
        {
            task.MaxValue = Math.Max(1, value.TotalBytes);
            task.Value = Math.Min(value.BytesRead, task.MaxValue);
            task.Description = $"ingest {value.RowsRead:N0} rows";
        }
    }

    private sealed class PlainLines(TextWriter writer, string title) : IProgress<IngestProgress>
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private long _lastTenth = -1;
        private TimeSpan _lastAt = TimeSpan.Zero;

        public void Report(IngestProgress value)
        {
            long tenth = value.TotalBytes > 0 ? value.BytesRead * 10 / value.TotalBytes : 0;
            if (tenth == _lastTenth && _clock.Elapsed - _lastAt < TimeSpan.FromSeconds(5))
            {
                return;
            }

            _lastTenth = tenth;
            _lastAt = _clock.Elapsed;
            double percent = value.TotalBytes > 0 ? 100.0 * value.BytesRead / value.TotalBytes : 0;
            writer.WriteLine($"{title}: {percent,5:F1} % of {value.TotalBytes / 1e6:F1} MB, {value.RowsRead:N0} rows, {_clock.Elapsed.TotalSeconds:F1} s");
        }
    }
}
