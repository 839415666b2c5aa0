using System.CommandLine;
using Apache.Arrow;
using Apache.Arrow.Types;
using TrafficEngine.Arrow;
using TrafficEngine.Congestion;
using TrafficEngine.Geo;
using TrafficEngine.Publishing;

namespace Jobs.Commands;

/// <summary>
/// `traffic congestion`: traversals (from `traffic match`) and the network in; segment speeds, levels, the city TPI,
/// area and corridor indices, reliability and a map layer out.
/// </summary>
internal static class CongestionCommand
{
    public static Command Create(CliContext context)
    {
        var defaults = new CongestionOptions();
        var network = new Option<string>("--network") { Description = "The road network Arrow file the traversals were matched on.", Required = true };
        var traversals = new Option<string>("--traversals") { Description = "The traversals Arrow file written by `traffic match`.", Required = true };
        var output = new Option<string>("--out") { Description = "Output folder.", Required = true };
        var bin = new Option<int>("--bin") { Description = "Bin width in minutes (5, 15 or 60; bins start at Beijing local midnight).", DefaultValueFactory = _ => defaults.BinMinutes };
        var areas = new Option<string?>("--areas") { Description = "GeoJSON polygons (districts or any areas) to index; the name comes from the name property." };
        var areaName = new Option<string?>("--area-name") { Description = "The GeoJSON property holding an area's name (default: name, NAME, name_en, id)." };
        var corridors = new Option<string?>("--corridors") { Description = "Corridors CSV: corridor,edge_id rows in driving order, or corridor,road_name,direction rows." };
        var minVehicles = new Option<int>("--min-vehicles") { Description = "Bins with fewer distinct vehicles are low-sample: flagged, not published.", DefaultValueFactory = _ => defaults.MinVehicles };
        var freeFlowMinVehicles = new Option<int>("--free-flow-min-vehicles") { Description = "Distinct vehicles a cell needs to inform free flow (an aggregate: the k rule does not apply).", DefaultValueFactory = _ => defaults.FreeFlowMinVehicles };
        var minCoverage = new Option<double>("--min-coverage") { Description = "City, area and corridor bins observing less of the network (VKT-weighted share of each class's length) get no TPI: level insufficient_data.", DefaultValueFactory = _ => defaults.MinCoverage };
        var replicates = new Option<int>("--interval-replicates") { Description = "Bootstrap replicates over vehicles behind the 90 % intervals tpi_low..tpi_high and tti_low..tti_high (0: no intervals).", DefaultValueFactory = _ => defaults.IntervalReplicates };
        var freeFlow = new Option<string>("--free-flow") { Description = "Free-flow method: p85 (85th percentile of off-peak speeds) or fastest4 (mean of the 4 fastest hours).", DefaultValueFactory = _ => "p85" };
        var tpi = new Option<string?>("--tpi-breakpoints") { Description = "Congested-mileage ratio to TPI breakpoints, ratio:index pairs (default 0:0,0.04:2,0.08:4,0.11:6,0.14:8,0.17:10)." };
        var holidays = new Option<string?>("--holidays") { Description = "Public holidays (not workdays), comma-separated dates yyyy-MM-dd." };
        var workdays = new Option<string?>("--extra-workdays") { Description = "Weekend days worked (China's make-up workdays), comma-separated dates yyyy-MM-dd." };
        Option<string[]> history = HistoryOption();
        Option<string> compression = ArrowOptions.Compression();
        var command = new Command("congestion", "Segment speeds, congestion levels, the Beijing TPI, travel-time and reliability indices from traversals.")
        {
            network, traversals, output, bin, areas, areaName, corridors, minVehicles, minCoverage, replicates, freeFlow, freeFlowMinVehicles, tpi, holidays, workdays, history, compression,
        };
        command.SetAction((parse, cancel) =>
        {
            ArrowOptions.Apply(context, parse, compression);
            var options = new CongestionOptions
            {
                BinMinutes = parse.GetValue(bin),
                MinVehicles = parse.GetValue(minVehicles),
                MinCoverage = parse.GetValue(minCoverage),
                FreeFlowMinVehicles = parse.GetValue(freeFlowMinVehicles),
                IntervalReplicates = parse.GetValue(replicates),
                FreeFlowMethod = parse.GetValue(freeFlow) switch
                {
                    "p85" => FreeFlowMethod.OffPeakPercentile,
                    "fastest4" => FreeFlowMethod.FastestHours,
                    string other => throw new ArgumentException($"--free-flow: unknown method '{other}'; use p85 or fastest4"),
                    null => FreeFlowMethod.OffPeakPercentile,
                },
                Calendar = new BeijingCalendar(Dates(parse.GetValue(holidays), "--holidays"), Dates(parse.GetValue(workdays), "--extra-workdays")),
            };
            if (parse.GetValue(tpi) is { } breakpoints)
            {
                options.Tpi = ParseTpi(breakpoints);
            }

            Execute(context, new CongestionRequest(
                context.Resolve(parse.GetValue(network)!), context.Resolve(parse.GetValue(traversals)!), context.Resolve(parse.GetValue(output)!),
                parse.GetValue(areas) is { } a ? context.Resolve(a) : null, parse.GetValue(areaName),
                parse.GetValue(corridors) is { } c ? context.Resolve(c) : null, HistoryPaths(context, parse.GetValue(history))), options, cancel);
            return Task.FromResult(0);
        });
        return command;
    }

    public static CongestionResult Execute(CliContext context, CongestionRequest request, CongestionOptions options, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            options.Validate();
        }
        catch (ArgumentOutOfRangeException ex)
        {
            string option = ex.ParamName switch
            {
                nameof(CongestionOptions.BinMinutes) => "bin",
                nameof(CongestionOptions.MinCoverage) => "min-coverage",
                nameof(CongestionOptions.FreeFlowMinVehicles) => "free-flow-min-vehicles",
                nameof(CongestionOptions.IntervalReplicates) => "interval-replicates",
                _ => "min-vehicles",
            };
            string reason = ex.Message.Split('\n')[0].Trim();
            throw new ArgumentException($"--{option}: {reason} (got {ex.ActualValue})", ex);
        }

        RequireFile(request.Network, "--network");
        RequireFile(request.Traversals, "--traversals");
        if (request.Areas is not null)
        {
            RequireFile(request.Areas, "--areas");
        }

        if (request.Corridors is not null)
        {
            RequireFile(request.Corridors, "--corridors");
        }

        RequireHistory(request.History);
        RoadNetwork roads = context.ReadNetwork(request.Network);
        AreaPolygons? areas = request.Areas is null ? null : AreaPolygons.Read(request.Areas, request.AreaNameProperty);
        Corridors? corridors = request.Corridors is null ? null : Corridors.Read(request.Corridors, roads);
        // Read batch by batch and sorted by bin through temporary files, so memory stays bounded whatever the file's size.
        var batches = new ArrowFileSource(request.Traversals);
        CongestionResult result = ProgressReporter.Run(context, "congestion", progress =>
            CongestionAnalyzer.Analyze(roads, batches, options, areas, corridors, request.History, progress: progress, cancel: cancel));
        cancel.ThrowIfCancellationRequested();
        IReadOnlyList<string> files = CongestionPublisher.Publish(result, request.Output, context.Compression);
        Print(context, result, files);
        return result;
    }

    /// <summary>`--history`: earlier segment_speeds.arrow files, or folders holding them, for free flow and typical speeds.</summary>
    internal static Option<string[]> HistoryOption() => new("--history")
    {
        Description = "Earlier segment_speeds.arrow files, or folders holding them (searched recursively): their last 28 days before this data join the free-flow estimate.",
        AllowMultipleArgumentsPerToken = true,
    };

    /// <summary>The `--history` paths resolved against the working folder; null when none were given.</summary>
    internal static IReadOnlyList<string>? HistoryPaths(CliContext context, string[]? paths) =>
        paths is { Length: > 0 } ? [.. paths.Select(context.Resolve)] : null;

    /// <summary>Checks that every `--history` path exists, before any work is done.</summary>
    internal static void RequireHistory(IReadOnlyList<string>? paths)
    {
        foreach (string path in paths ?? [])
        {
            if (!File.Exists(path) && !Directory.Exists(path))
            {
                throw new FileNotFoundException($"--history: file or folder '{path}' not found");
            }
        }
    }

    private static TpiScale ParseTpi(string text)
    {
        var ratios = new List<double>();
        var indices = new List<double>();
        foreach (string pair in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            string[] parts = pair.Split(':');
            if (parts.Length != 2
                || !double.TryParse(parts[0], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double ratio)
                || !double.TryParse(parts[1], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double index))
            {
                throw new ArgumentException($"--tpi-breakpoints: '{pair}' is not ratio:index (for example 0.04:2)");
            }

            ratios.Add(ratio);
            indices.Add(index);
        }

        try
        {
            return new TpiScale(ratios, indices);
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException($"--tpi-breakpoints: {ex.Message.Split(" (Parameter")[0]}", ex);
        }
    }

    private static List<DateOnly> Dates(string? text, string option)
    {
        var dates = new List<DateOnly>();
        foreach (string item in (text ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!DateOnly.TryParseExact(item, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out DateOnly date))
            {
                throw new ArgumentException($"{option}: '{item}' is not a date yyyy-MM-dd");
            }

            dates.Add(date);
        }

        return dates;
    }

    private static void RequireFile(string path, string option)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{option}: file '{path}' not found");
        }
    }

    private static void Print(CliContext context, CongestionResult result, IReadOnlyList<string> files)
    {
        CongestionReport r = result.Report;
        TextWriter w = context.Out;
        w.WriteLine($"congestion summary ({result.Options.BinMinutes}-minute bins, {r.Vehicles:N0} vehicles)");
        w.WriteLine($"  traversals read     {r.TraversalsRead,12:N0}");
        w.WriteLine($"  traversals used     {r.TraversalsUsed,12:N0}");
        w.WriteLine($"  unknown edges       {r.UnknownEdges,12:N0}");
        w.WriteLine($"  null or bad rows    {r.NullRows + r.RejectedRows,12:N0}");
        w.WriteLine($"  implausible speed   {r.ImplausibleSpeedRows,12:N0}  (below {result.Options.MinTraversalSpeedKmh} or above {result.Options.MaxTraversalSpeedKmh} km/h: parked or waiting)");
        w.WriteLine($"  segment x bin cells {r.Cells,12:N0}  ({r.LowSampleCells:N0} low-sample, not published)");
        int insufficient = Enumerable.Range(0, result.City.Count).Count(result.City.IsInsufficient);
        w.WriteLine($"  city index bins     {r.Bins,12:N0}  ({insufficient:N0} with too little of the network observed: insufficient_data)");
        int peak = -1;
        for (int i = 0; i < result.City.Count; i++)
        {
            if (!result.City.IsInsufficient(i) && (peak < 0 || result.City.Tpi[i] > result.City.Tpi[peak]))
            {
                peak = i;
            }
        }

        if (r.Bins > 0)
        {
            w.WriteLine($"  time span           {BeijingCalendar.FormatLocal(r.FirstBinStartMs)} .. {BeijingCalendar.FormatLocal(r.LastBinStartMs)}");
        }

        if (peak >= 0)
        {
            w.WriteLine($"  highest TPI         {result.City.Tpi[peak],12:F2}  at {BeijingCalendar.FormatLocal(result.City.BinStartMs[peak])} ({CongestionLevels.English(result.City.Levels[peak])})");
        }

        IReadOnlyList<int> sources = r.EdgesByFreeFlowSource;
        w.WriteLine($"  free flow from      {sources[(int)FreeFlowSource.Edge],12:N0} edges' own data, {sources[(int)FreeFlowSource.Road]:N0} their road, "
            + $"{sources[(int)FreeFlowSource.ClassInArea]:N0} their class in the area, {sources[(int)FreeFlowSource.Network]:N0} the network's speed");
        if (r.History is { } h)
        {
            w.WriteLine($"  history             {h.CellsUsed,12:N0}  cells of {h.Days} days from {h.Files} file(s) ({h.CellsTooOld:N0} older than {result.Options.HistoryDays} days, "
                + $"{h.CellsNotEarlier:N0} not before this data, {h.CellsOnRepeatedDays:N0} on days read twice, {h.UnknownEdgeCells:N0} on {h.UnknownEdges:N0} edges not in this network)");
        }

        w.WriteLine($"  recurrent congested {result.Recurrent.Count,12:N0}  segment x bin-of-day cells over {result.Workdays} workdays");
        foreach (string file in files)
        {
            w.WriteLine($"  wrote {file}");
        }
    }
}

/// <summary>The files of one `traffic congestion` run.</summary>
internal sealed record CongestionRequest(string Network, string Traversals, string Output, string? Areas, string? AreaNameProperty, string? Corridors,
    IReadOnlyList<string>? History = null);
