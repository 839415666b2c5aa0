using System.Diagnostics;
using Spectre.Console;
using TrafficEngine;
using TrafficEngine.Ingest;

namespace Jobs;

/// <summary>
/// Shows progress (ingest by bytes read, match and congestion by rows): a Spectre.Console bar at a terminal, plain lines (at most one per 10 % or 5 s) when the
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

    /// <summary>Progress of work counted in units (fixes, traversals) out of a known total.</summary>
    public static T Run<T>(CliContext context, string title, long total, string unit, Func<IProgress<long>, T> work)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(work);
        if (!context.Interactive)
        {
            return work(new CountedLines(context.Error, title, total, unit));
        }

        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(context.Error) });
        return console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                ProgressTask task = ctx.AddTask(title, maxValue: Math.Max(1, total));
                T result = work(new Counted(task, title, unit));
                task.Value = task.MaxValue;
                return result;
            });
    }

    /// <summary>Progress of work in stages (<see cref="StageProgress"/>): one bar whose description and scale follow the stage.</summary>
    public static T Run<T>(CliContext context, string title, Func<IProgress<StageProgress>, T> work)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(work);
        if (!context.Interactive)
        {
            return work(new StageLines(context.Error, title));
        }

        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(context.Error) });
        return console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(ctx =>
            {
                ProgressTask task = ctx.AddTask(title, maxValue: 1);
                T result = work(new Staged(task, title));
                task.Value = task.MaxValue;
                return result;
            });
    }

    private sealed class Staged(ProgressTask task, string title) : IProgress<StageProgress>
    {
        public void Report(StageProgress value)
        {
            task.MaxValue = Math.Max(1, value.Total);
            task.Value = value.Total > 0 ? Math.Min(value.Done, value.Total) : 0;
            task.Description = $"{title}: {value.Stage} {value.Done:N0} {value.Unit}";
        }
    }

    /// <summary>Plain lines for stages: the first report of a stage, then at most one per 10 % or 5 s.</summary>
    private sealed class StageLines(TextWriter writer, string title) : IProgress<StageProgress>
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private string? _stage;
        private long _lastTenth = -1;
        private TimeSpan _lastAt = TimeSpan.Zero;

        public void Report(StageProgress value)
        {
            long tenth = value.Total > 0 ? value.Done * 10 / value.Total : 0;
            if (value.Stage == _stage && tenth == _lastTenth && _clock.Elapsed - _lastAt < TimeSpan.FromSeconds(5))
            {
                return;
            }

            _stage = value.Stage;
            _lastTenth = tenth;
            _lastAt = _clock.Elapsed;
            string of = value.Total > 0 ? $"{100.0 * value.Done / value.Total,5:F1} % of {value.Total:N0}" : $"{value.Done:N0}";
            writer.WriteLine($"{title}: {value.Stage} {of} {value.Unit}, {_clock.Elapsed.TotalSeconds:F1} s");
        }
    }

    private sealed class Counted(ProgressTask task, string title, string unit) : IProgress<long>
    {
        public void Report(long value)
        {
            task.Value = Math.Min(value, task.MaxValue);
            task.Description = $"{title} {value:N0} {unit}";
        }
    }

    private sealed class CountedLines(TextWriter writer, string title, long total, string unit) : IProgress<long>
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private long _lastTenth = -1;
        private TimeSpan _lastAt = TimeSpan.Zero;

        public void Report(long value)
        {
            long tenth = total > 0 ? value * 10 / total : 0;
            if (tenth == _lastTenth && _clock.Elapsed - _lastAt < TimeSpan.FromSeconds(5))
            {
                return;
            }

            _lastTenth = tenth;
            _lastAt = _clock.Elapsed;
            double percent = total > 0 ? 100.0 * value / total : 0;
            writer.WriteLine($"{title}: {percent,5:F1} % of {total:N0} {unit}, {_clock.Elapsed.TotalSeconds:F1} s");
        }
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
