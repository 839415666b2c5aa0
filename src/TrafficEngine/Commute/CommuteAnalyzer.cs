using System.Diagnostics;
using TrafficEngine.Geo;

namespace TrafficEngine.Commute;

/// <summary>
/// The files of a commute run: the OD table, and optionally zone polygons, a road network, and the congestion
/// output whose speeds in Beijing local hours [PeriodFromHour, PeriodToHour) give routed times.
/// </summary>
public sealed record CommuteInputs(
    string OdPath,
    string? ZonesPath = null,
    string? ZoneIdProperty = null,
    string? ZoneNameProperty = null,
    string? DistrictProperty = null,
    string? ZonesCrs = null,
    string? NetworkPath = null,
    string? SegmentSpeedsPath = null,
    int PeriodFromHour = 7,
    int PeriodToHour = 9);

/// <summary>
/// Commute OD analytics and job-housing balance (DOMAIN.md §4): zone and district tables, the observed, minimum and
/// maximum commute (exact, by <see cref="TransportationSolver"/>), excess commuting, commuting potential utilised,
/// the commuting-report indicators and the commuting radius, and the suppression of small OD cells.
/// </summary>
public static class CommuteAnalyzer
{
    /// <summary>Reads the inputs (zones, OD table, network) and analyses them.</summary>
    public static CommuteResult Run(CommuteInputs inputs, CommuteOptions options)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        CommuteZones? zones = inputs.ZonesPath is null ? null
            : CommuteZones.Read(inputs.ZonesPath, inputs.ZoneIdProperty, inputs.ZoneNameProperty, inputs.DistrictProperty, inputs.ZonesCrs);
        var quarantine = new OdQuarantine();
        OdTable table = OdTableReader.Read(inputs.OdPath, options.Columns, zones, quarantine);
        RoadNetwork? network = inputs.NetworkPath is null ? null : RoadNetworkFile.Read(inputs.NetworkPath);
        float[]? congested = network is null || inputs.SegmentSpeedsPath is null ? null
            : CongestedSpeeds.Read(inputs.SegmentSpeedsPath, network, inputs.PeriodFromHour, inputs.PeriodToHour);
        CommuteCosts costs = CommuteCosts.Build(table, network, !options.ObservedPairsOnly, congested);
        return Analyze(table, costs, options, quarantine);
    }

    public static CommuteResult Analyze(OdTable table, CommuteCosts costs, CommuteOptions options, OdQuarantine quarantine)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(costs);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(quarantine);
        options.Validate();
        int n = table.Zones.Count, cells = table.CellCount;
        var cellDistance = new double[cells];
        var cellTime = new double[cells];
        for (int c = 0; c < cells; c++)
        {
            int pair = (table.Home[c] * n) + table.Work[c];
            cellDistance[c] = costs.DistanceKm[pair];
            cellTime[c] = costs.TimeMin[pair];
        }

        FlagMissing(table, cellDistance, "distance", quarantine);
        FlagMissing(table, cellTime, "time", quarantine);
        var watch = Stopwatch.StartNew();
        Extremes distance = Solve(table, cellDistance, costs.DistanceKm, options.ObservedPairsOnly);
        Extremes time = Solve(table, cellTime, costs.TimeMin, options.ObservedPairsOnly);
        double solverSeconds = watch.Elapsed.TotalSeconds;

        SuppressionResult suppression = OdSuppression.Suppress(n, table.Home, table.Work, table.Commuters, options.K);
        bool[] withheldDistricts = ZoneFrames.WithheldDistricts(table, suppression.Suppressed);
        CommuteEllipse ellipse = Radius(table, options.RadiusShare);
        var summary = new CommuteSummary
        {
            Commuters = table.TotalCommuters,
            Zones = n,
            ObservedPairs = table.Commuters.Count(t => t > 0),
            ObservedPairsOnly = options.ObservedPairsOnly,
            CommutersWithDistance = distance.Total,
            MeanDistanceKm = distance.Observed,
            MinDistanceKm = distance.Min,
            MaxDistanceKm = distance.Max,
            ExcessCommuting = distance.Excess,
            CommutingPotentialUtilised = distance.Utilised,
            DistanceArcs = distance.Arcs,
            CommutersWithTime = time.Total,
            MeanTimeMin = time.Observed,
            MinTimeMin = time.Min,
            MaxTimeMin = time.Max,
            ExcessCommutingTime = time.Excess,
            CommutingPotentialUtilisedTime = time.Utilised,
            TimeArcs = time.Arcs,
            ShareTimeLe45 = Share(table.Commuters, cellTime, t => t <= 45),
            ShareTimeGt60 = Share(table.Commuters, cellTime, t => t > 60),
            ShareDistanceLe5 = Share(table.Commuters, cellDistance, d => d <= 5),
            CommutingRadiusKm = ellipse.RadiusKm,
            NetworkCostPairs = costs.NetworkDistances,
            StraightLineCostPairs = costs.StraightLineDistances,
            SolverSeconds = solverSeconds,
            SolverObjectiveErrorBoundKm = distance.ErrorBound,
            K = options.K,
            SuppressedCells = suppression.Suppressed.Count(s => s),
            PrimarySuppressedCells = suppression.PrimaryCount,
            ComplementarySuppressedCells = suppression.ComplementaryCount,
            UnprotectedCells = suppression.UnprotectedCount,
            Districts = withheldDistricts.Length,
            WithheldDistricts = withheldDistricts.Count(w => w),
            CatchmentRadiusKm = options.CatchmentRadiusKm,
            Quarantined = quarantine.CountsByReason(),
        };
        return new CommuteResult(
            ZoneFrames.Zones(table, cellDistance, cellTime, suppression.Suppressed, options.CatchmentRadiusKm),
            ZoneFrames.Districts(table, cellDistance, cellTime, suppression.Suppressed, withheldDistricts),
            summary, suppression, table, costs, quarantine, ellipse);
    }

    /// <summary>
    /// The transportation problem of one cost: margins are the residents and jobs of the commuters whose pair has a
    /// cost (so observed, minimum and maximum are over the same people), arcs the observed pairs with a cost, or every
    /// pair with a cost between a zone with such residents and one with such jobs.
    /// </summary>
    internal static TransportationProblem? Problem(OdTable table, double[] cellCost, double[] pairCost, bool observedOnly)
    {
        int n = table.Zones.Count;
        var supply = new double[n];
        var demand = new double[n];
        double total = 0;
        for (int c = 0; c < table.CellCount; c++)
        {
            if (double.IsFinite(cellCost[c]))
            {
                supply[table.Home[c]] += table.Commuters[c];
                demand[table.Work[c]] += table.Commuters[c];
                total += table.Commuters[c];
            }
        }

        if (total <= 0)
        {
            return null;
        }

        var home = new List<int>();
        var work = new List<int>();
        var cost = new List<double>();
        if (observedOnly)
        {
            for (int c = 0; c < table.CellCount; c++)
            {
                if (double.IsFinite(cellCost[c]) && table.Commuters[c] > 0)
                {
                    home.Add(table.Home[c]);
                    work.Add(table.Work[c]);
                    cost.Add(cellCost[c]);
                }
            }
        }
        else
        {
            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    double c = pairCost[(i * n) + j];
                    if (supply[i] > 0 && demand[j] > 0 && double.IsFinite(c))
                    {
                        home.Add(i);
                        work.Add(j);
                        cost.Add(c);
                    }
                }
            }
        }

        return new TransportationProblem(supply, demand, [.. home], [.. work], [.. cost]);
    }

    private static Extremes Solve(OdTable table, double[] cellCost, double[] pairCost, bool observedOnly)
    {
        TransportationProblem? problem = Problem(table, cellCost, pairCost, observedOnly);
        if (problem is null)
        {
            return new Extremes(0, double.NaN, double.NaN, double.NaN, 0, 0);
        }

        double weighted = 0;
        for (int c = 0; c < table.CellCount; c++)
        {
            if (double.IsFinite(cellCost[c]))
            {
                weighted += table.Commuters[c] * cellCost[c];
            }
        }

        TransportationSolution low = TransportationSolver.Minimise(problem);
        TransportationSolution high = TransportationSolver.Maximise(problem);
        double total = problem.Total;
        return new Extremes(total, weighted / total, low.Objective / total, high.Objective / total, problem.ArcCount,
            Math.Max(low.ObjectiveErrorBound, high.ObjectiveErrorBound) / total);
    }

    private static void FlagMissing(OdTable table, double[] cellCost, string what, OdQuarantine quarantine)
    {
        if (!cellCost.Any(double.IsFinite))
        {
            return;
        }

        for (int c = 0; c < table.CellCount; c++)
        {
            if (!double.IsFinite(cellCost[c]) && table.Commuters[c] > 0)
            {
                quarantine.Add(new OdQuarantineEntry(table.Source, table.Line[c], what, OdReasons.MissingCost,
                    $"pair {table.Zones.Ids[table.Home[c]]} -> {table.Zones.Ids[table.Work[c]]} has no {what} (counted in residents and jobs, not in the {what} metrics)", true));
            }
        }
    }

    private static double Share(double[] commuters, double[] cost, Func<double, bool> test)
    {
        double hit = 0, all = 0;
        for (int c = 0; c < commuters.Length; c++)
        {
            if (double.IsFinite(cost[c]))
            {
                all += commuters[c];
                hit += test(cost[c]) ? commuters[c] : 0;
            }
        }

        return all > 0 ? hit / all : double.NaN;
    }

    private static CommuteEllipse Radius(OdTable table, double share)
    {
        CommuteZones zones = table.Zones;
        if (!zones.HasGeometry)
        {
            return new CommuteEllipse(double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
        }

        // Half a commuter at each zone centroid per end: the sums per zone of residents/2 + jobs/2.
        var weight = new double[zones.Count];
        for (int c = 0; c < table.CellCount; c++)
        {
            weight[table.Home[c]] += table.Commuters[c] / 2;
            weight[table.Work[c]] += table.Commuters[c] / 2;
        }

        return CommutingRadius.Compute(zones.X, zones.Y, weight, share);
    }

    private readonly record struct Extremes(double Total, double Observed, double Min, double Max, int Arcs, double ErrorBound)
    {
        public double Excess => Observed > 0 ? (Observed - Min) / Observed : double.NaN;

        public double Utilised => Max > Min ? (Observed - Min) / (Max - Min) : double.NaN;
    }
}
