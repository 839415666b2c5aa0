using System.CommandLine;
using TrafficEngine.Commute;
using TrafficEngine.Geo;
using TrafficEngine.Publishing;

namespace Jobs.Commands;

/// <summary>
/// `traffic commute`: an OD table of commuters (and optionally zone polygons and a road network) in; zone and
/// district job-housing tables, the suppressed OD table, the commute summary and the quarantine out.
/// </summary>
internal static class CommuteCommand
{
    public static Command Create(CliContext context)
    {
        var defaults = new CommuteOptions();
        var od = new Option<string?>("--od") { Description = "OD table CSV: one row per home zone, work zone, with commuters and optional mean distance (km), time (min), mode." };
        var probes = new Option<string?>("--probes") { Description = "Instead of --od: probes.arrow with an occupied flag; taxi trips (pick-up to drop-off) between --zones become the OD." };
        var zones = new Option<string?>("--zones") { Description = "Zone polygons: GeoJSON (CRS from its crs member, else WGS-84) or a shapefile with .prj." };
        var zoneId = new Option<string?>("--zone-id-property") { Description = "The zone property holding the id used in the OD table (default: zone_id, id, ID)." };
        var zoneName = new Option<string?>("--zone-name-property") { Description = "The zone property holding a display name." };
        var district = new Option<string?>("--district-property") { Description = "The zone property holding the district (default: district, when present)." };
        var zonesCrs = new Option<string?>("--zones-crs") { Description = "The zones' coordinate system as an EPSG name (e.g. EPSG:32650), overriding the file's; needed for a shapefile without .prj." };
        var network = new Option<string?>("--network") { Description = "Road network Arrow file: shortest distance and free-flow time between zone centroids where the table has none." };
        var congested = new Option<string?>("--congested") { Description = "segment_speeds.arrow from `traffic congestion`: routed times at the speeds of --period instead of free flow (needs --network)." };
        var period = new Option<string>("--period") { Description = "Beijing local hours of --congested, from-to (default 7-9: the morning peak).", DefaultValueFactory = _ => "7-9" };
        var home = new Option<string>("--home-column") { Description = "Home zone column.", DefaultValueFactory = _ => OdColumns.DefaultHome };
        var work = new Option<string>("--work-column") { Description = "Work zone column.", DefaultValueFactory = _ => OdColumns.DefaultWork };
        var count = new Option<string>("--count-column") { Description = "Commuters column.", DefaultValueFactory = _ => OdColumns.DefaultCount };
        var distance = new Option<string?>("--distance-column") { Description = "Mean distance column in km (default distance_km, when present)." };
        var time = new Option<string?>("--time-column") { Description = "Mean time column in minutes (default time_min, when present)." };
        var mode = new Option<string?>("--mode-column") { Description = "Mode column (default mode, when present); a pair's modes are merged." };
        var observedOnly = new Option<bool>("--observed-pairs-only") { Description = "Minimum and maximum commute over the observed pairs only (default: every zone pair with a cost)." };
        var k = new Option<double>("--k") { Description = "OD cells with fewer commuters are suppressed in od_published.csv, with complementary cells.", DefaultValueFactory = _ => defaults.K };
        var catchment = new Option<double>("--catchment-km") { Description = "Radius of the floating catchment of the jobs-housing ratio, km.", DefaultValueFactory = _ => defaults.CatchmentRadiusKm };
        var output = new Option<string>("--out") { Description = "Output folder.", Required = true };
        Option<string> compression = ArrowOptions.Compression();
        var command = new Command("commute", "Commute OD analytics: job-housing balance per zone and district, minimum and maximum commute, excess commuting, commuting indicators.")
        {
            od, probes, zones, zoneId, zoneName, district, zonesCrs, network, congested, period, home, work, count, distance, time, mode, observedOnly, k, catchment, output, compression,
        };
        command.SetAction((parse, cancel) =>
        {
            ArrowOptions.Apply(context, parse, compression);
            var options = new CommuteOptions
            {
                Columns = new OdColumns
                {
                    Home = parse.GetValue(home)!,
                    Work = parse.GetValue(work)!,
                    Count = parse.GetValue(count)!,
                    Distance = parse.GetValue(distance),
                    Time = parse.GetValue(time),
                    Mode = parse.GetValue(mode),
                },
                ObservedPairsOnly = parse.GetValue(observedOnly),
                K = parse.GetValue(k),
                CatchmentRadiusKm = parse.GetValue(catchment),
            };
            string? odPath = parse.GetValue(od), probesPath = parse.GetValue(probes);
            if ((odPath is null) == (probesPath is null))
            {
                throw new ArgumentException("give one OD source: --od <od.csv> or --probes <probes.arrow>");
            }

            var inputs = new CommuteInputs(
                odPath is null ? "" : context.Resolve(odPath),
                parse.GetValue(zones) is { } z ? context.Resolve(z) : null,
                parse.GetValue(zoneId), parse.GetValue(zoneName), parse.GetValue(district), parse.GetValue(zonesCrs),
                parse.GetValue(network) is { } n ? context.Resolve(n) : null);
            CongestedPeriod? peak = parse.GetValue(congested) is { } c ? new CongestedPeriod(context.Resolve(c), Hours(parse.GetValue(period)!)) : null;
            Execute(context, inputs, context.Resolve(parse.GetValue(output)!), options, probesPath is null ? null : context.Resolve(probesPath), peak, cancel);
            return Task.FromResult(0);
        });
        return command;
    }

    /// <summary>Runs one commute analysis; with <paramref name="probesPath"/> the OD comes from taxi trips instead of inputs.OdPath.</summary>
    public static CommuteResult Execute(CliContext context, CommuteInputs inputs, string output, CommuteOptions options, string? probesPath = null,
        CongestedPeriod? congested = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(options);
        try
        {
            options.Validate();
        }
        catch (ArgumentOutOfRangeException ex)
        {
            string option = ex.ParamName switch
            {
                nameof(CommuteOptions.K) => "k",
                nameof(CommuteOptions.CatchmentRadiusKm) => "catchment-km",
                _ => "k",
            };
            throw new ArgumentException($"--{option}: {ex.Message.Split('\n')[0].Trim()} (got {ex.ActualValue})", ex);
        }

        if (probesPath is null)
        {
            RequireFile(inputs.OdPath, "--od");
        }
        else
        {
            RequireFile(probesPath, "--probes");
            if (inputs.ZonesPath is null)
            {
                throw new ArgumentException("--probes: trips are assigned to zone polygons; give --zones too");
            }
        }

        if (inputs.ZonesPath is not null)
        {
            RequireFile(inputs.ZonesPath, "--zones");
        }

        if (congested is not null)
        {
            RequireFile(congested.SegmentSpeeds, "--congested");
            if (inputs.NetworkPath is null)
            {
                throw new ArgumentException("--congested: congested times are routed on the network the speeds were computed on; give --network too");
            }
        }

        if (inputs.NetworkPath is not null)
        {
            RequireFile(inputs.NetworkPath, "--network");
            if (inputs.ZonesPath is null)
            {
                throw new ArgumentException("--network: routing between zones needs their centroids; give --zones too");
            }
        }

        CommuteZones? zones = inputs.ZonesPath is null ? null
            : CommuteZones.Read(inputs.ZonesPath, inputs.ZoneIdProperty, inputs.ZoneNameProperty, inputs.DistrictProperty, inputs.ZonesCrs);
        var quarantine = new OdQuarantine();
        OdTable table;
        if (probesPath is null)
        {
            table = OdTableReader.Read(inputs.OdPath, options.Columns, zones, quarantine);
        }
        else
        {
            ProbeOd trips = ProbeOdBuilder.Build(new ArrowFileSource(probesPath), zones!);
            ProbeOdReport r = trips.Report;
            context.Out.WriteLine($"taxi trips: {r.Trips:N0} from {r.Vehicles:N0} vehicles ({r.TruncatedRuns:N0} truncated, {r.BrokenRuns:N0} broken by gaps, {r.ShortRuns:N0} too short, {r.OutsideZones:N0} outside the zones)");
            table = trips.Table;
        }
        cancel.ThrowIfCancellationRequested();
        RoadNetwork? roads = inputs.NetworkPath is null ? null : context.ReadNetwork(inputs.NetworkPath);
        float[]? kmh = congested is null || roads is null ? null
            : CongestedSpeeds.Read(congested.SegmentSpeeds, roads, congested.Hours.From, congested.Hours.To);
        CommuteCosts costs = CommuteCosts.Build(table, roads, !options.ObservedPairsOnly, kmh);
        cancel.ThrowIfCancellationRequested();
        CommuteResult result = CommuteAnalyzer.Analyze(table, costs, options, quarantine);
        cancel.ThrowIfCancellationRequested();
        IReadOnlyList<string> files = CommutePublisher.Publish(result, output, context.Compression);
        Print(context, result, files);
        return result;
    }

    private static (int From, int To) Hours(string text)
    {
        string[] parts = text.Split('-', StringSplitOptions.TrimEntries);
        if (parts.Length == 2 && int.TryParse(parts[0], System.Globalization.CultureInfo.InvariantCulture, out int from)
            && int.TryParse(parts[1], System.Globalization.CultureInfo.InvariantCulture, out int to) && from >= 0 && to <= 24 && from < to)
        {
            return (from, to);
        }

        throw new ArgumentException($"--period: '{text}' is not from-to whole hours of the day (for example 7-9)");
    }

    private static void RequireFile(string path, string option)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{option}: file '{path}' not found");
        }
    }

    private static void Print(CliContext context, CommuteResult result, IReadOnlyList<string> files)
    {
        CommuteSummary s = result.Summary;
        TextWriter w = context.Out;
        w.WriteLine($"commute summary ({s.Zones:N0} zones, {s.ObservedPairs:N0} observed pairs, {s.Commuters:N0} commuters)");
        w.WriteLine($"  mean distance       {s.MeanDistanceKm,12:F2} km  (min {s.MinDistanceKm:F2}, max {s.MaxDistanceKm:F2} over {(s.ObservedPairsOnly ? "observed pairs" : "all pairs with a cost")}: {s.DistanceArcs:N0})");
        w.WriteLine($"  excess commuting    {s.ExcessCommuting,12:P1}  (potential utilised {s.CommutingPotentialUtilised:P1})");
        w.WriteLine($"  mean time           {s.MeanTimeMin,12:F1} min (min {s.MinTimeMin:F1}, max {s.MaxTimeMin:F1})");
        w.WriteLine($"  within 45 min       {s.ShareTimeLe45,12:P1}  (over 60 min {s.ShareTimeGt60:P1}; within 5 km {s.ShareDistanceLe5:P1})");
        w.WriteLine($"  commuting radius    {s.CommutingRadiusKm,12:F1} km");
        w.WriteLine($"  costs filled        {s.NetworkCostPairs,12:N0} pairs by the network, {s.StraightLineCostPairs:N0} by straight lines (flagged)");
        w.WriteLine($"  suppressed cells    {s.SuppressedCells,12:N0}  ({s.PrimarySuppressedCells:N0} below k = {s.K}, {s.ComplementarySuppressedCells:N0} complementary, {s.UnprotectedCells:N0} unprotectable)");
        w.WriteLine($"  quarantined         {result.Quarantine.Entries.Count,12:N0}  ({string.Join(", ", s.Quarantined.Select(q => $"{q.Key} {q.Value:N0}"))})");
        foreach (string file in files)
        {
            w.WriteLine($"  wrote {file}");
        }
    }
}

/// <summary>The congestion output and the hours of the day whose speeds give the commute times.</summary>
internal sealed record CongestedPeriod(string SegmentSpeeds, (int From, int To) Hours);
