using Microsoft.Data.Analysis;

namespace TrafficEngine.Commute;

/// <summary>The zone and district tables of a commute result as DataFrames.</summary>
internal static class ZoneFrames
{
    public static readonly string[] ZoneColumns =
    [
        "zone_id", "name", "district", "residents", "jobs", "jobs_housing_ratio", "jobs_housing_ratio_catchment", "self_containment",
        "internal_capture", "net_flow", "mean_distance_km", "mean_time_min", "mean_distance_step_km", "mean_time_step_min",
    ];

    /// <summary>
    /// Zone z: residents = sum_j T_zj, jobs = sum_i T_iz, JHR = jobs / residents, the catchment JHR over the zones whose
    /// centroid lies within r, self-containment T_zz / residents, internal capture T_zz / jobs, net flow = jobs -
    /// residents (inbound - outbound), and mean distance and time of the commuters living in z (pairs with a cost).
    /// </summary>
    public static DataFrame Zones(OdTable table, double[] cellDistance, double[] cellTime, bool[] suppressed, double radiusKm)
    {
        CommuteZones zones = table.Zones;
        int n = zones.Count;
        var residents = new double[n];
        var jobs = new double[n];
        var own = new double[n];
        var ownHidden = new bool[n];
        var distance = new PublishedMean(n);
        var time = new PublishedMean(n);
        for (int c = 0; c < table.CellCount; c++)
        {
            int h = table.Home[c], w = table.Work[c];
            double t = table.Commuters[c];
            residents[h] += t;
            jobs[w] += t;
            if (h == w)
            {
                own[h] += t;
                ownHidden[h] = suppressed[c];
            }

            distance.Add(h, t, cellDistance[c], suppressed[c]);
            time.Add(h, t, cellTime[c], suppressed[c]);
        }

        var catchment = new double?[n];
        for (int z = 0; z < n; z++)
        {
            if (!zones.HasGeometry)
            {
                continue;
            }

            double r = 0, j = 0;
            for (int other = 0; other < n; other++)
            {
                if (other == z || zones.StraightDistanceKm(z, other) <= radiusKm)
                {
                    r += residents[other];
                    j += jobs[other];
                }
            }

            catchment[z] = Ratio(j, r);
        }

        return new DataFrame(
            new StringDataFrameColumn("zone_id", zones.Ids),
            new StringDataFrameColumn("name", zones.Names),
            new StringDataFrameColumn("district", zones.Districts),
            new DoubleDataFrameColumn("residents", residents),
            new DoubleDataFrameColumn("jobs", jobs),
            new DoubleDataFrameColumn("jobs_housing_ratio", Enumerable.Range(0, n).Select(z => Ratio(jobs[z], residents[z]))),
            new DoubleDataFrameColumn("jobs_housing_ratio_catchment", catchment),
            new DoubleDataFrameColumn("self_containment", Enumerable.Range(0, n).Select(z => ownHidden[z] ? null : Ratio(own[z], residents[z]))),
            new DoubleDataFrameColumn("internal_capture", Enumerable.Range(0, n).Select(z => ownHidden[z] ? null : Ratio(own[z], jobs[z]))),
            new DoubleDataFrameColumn("net_flow", Enumerable.Range(0, n).Select(z => jobs[z] - residents[z])),
            new DoubleDataFrameColumn("mean_distance_km", Enumerable.Range(0, n).Select(distance.Value)),
            new DoubleDataFrameColumn("mean_time_min", Enumerable.Range(0, n).Select(time.Value)),
            new DoubleDataFrameColumn("mean_distance_step_km", Enumerable.Range(0, n).Select(distance.Step)),
            new DoubleDataFrameColumn("mean_time_step_min", Enumerable.Range(0, n).Select(time.Step)));
    }

    /// <summary>The districts of the zones, in ordinal order (the rows of <see cref="Districts"/>).</summary>
    public static string[] DistrictNames(CommuteZones zones) =>
        [.. zones.Districts.Where(d => d is not null).Distinct().Order(StringComparer.Ordinal)!];

    /// <summary>
    /// Per district, whether its self-containment and internal capture must be withheld: they give the sum of its
    /// hidden cells between two of its zones, one more equation for an attacker, and are published only while that
    /// pins no hidden cell the row and column totals leave free (<see cref="DistrictDisclosure"/>).
    /// </summary>
    public static bool[] WithheldDistricts(OdTable table, bool[] suppressed)
    {
        CommuteZones zones = table.Zones;
        string[] names = DistrictNames(zones);
        var index = names.Select((d, i) => (d, i)).ToDictionary(p => p.d, p => p.i, StringComparer.Ordinal);
        var group = new int[table.CellCount];
        var hiddenInside = new bool[names.Length];
        for (int c = 0; c < table.CellCount; c++)
        {
            string? hd = zones.Districts[table.Home[c]], wd = zones.Districts[table.Work[c]];
            group[c] = hd is not null && hd == wd ? index[hd] : -1;
            if (group[c] >= 0 && suppressed[c])
            {
                hiddenInside[group[c]] = true;
            }
        }

        if (!hiddenInside.Any(h => h))
        {
            return new bool[names.Length];
        }

        bool[] publishable = DistrictDisclosure.PublishableSums(zones.Count, table.Home, table.Work, suppressed, group, names.Length);
        return [.. publishable.Select(p => !p)];
    }

    /// <summary>
    /// The same per district (zones without a district are left out): self-containment and internal capture count
    /// the commuters who live and work in the district, null where <paramref name="withheld"/> says so. Empty (with
    /// its columns) when no zone has a district.
    /// </summary>
    public static DataFrame Districts(OdTable table, double[] cellDistance, double[] cellTime, bool[] suppressed, bool[] withheld)
    {
        CommuteZones zones = table.Zones;
        string[] names = DistrictNames(zones);
        var index = names.Select((d, i) => (d, i)).ToDictionary(p => p.d, p => p.i, StringComparer.Ordinal);
        int n = names.Length;
        double[] residents = new double[n], jobs = new double[n], own = new double[n], zoneCount = new double[n];
        var distance = new PublishedMean(n);
        var time = new PublishedMean(n);
        foreach (string? d in zones.Districts)
        {
            if (d is not null)
            {
                zoneCount[index[d]]++;
            }
        }

        for (int c = 0; c < table.CellCount; c++)
        {
            string? hd = zones.Districts[table.Home[c]], wd = zones.Districts[table.Work[c]];
            double t = table.Commuters[c];
            if (hd is not null)
            {
                int h = index[hd];
                residents[h] += t;
                if (hd == wd)
                {
                    own[h] += t;
                }

                distance.Add(h, t, cellDistance[c], suppressed[c]);
                time.Add(h, t, cellTime[c], suppressed[c]);
            }

            if (wd is not null)
            {
                jobs[index[wd]] += t;
            }
        }

        return new DataFrame(
            new StringDataFrameColumn("district", names),
            new DoubleDataFrameColumn("zones", zoneCount),
            new DoubleDataFrameColumn("residents", residents),
            new DoubleDataFrameColumn("jobs", jobs),
            new DoubleDataFrameColumn("jobs_housing_ratio", Enumerable.Range(0, n).Select(z => Ratio(jobs[z], residents[z]))),
            new DoubleDataFrameColumn("self_containment", Enumerable.Range(0, n).Select(z => withheld[z] ? null : Ratio(own[z], residents[z]))),
            new DoubleDataFrameColumn("internal_capture", Enumerable.Range(0, n).Select(z => withheld[z] ? null : Ratio(own[z], jobs[z]))),
            new DoubleDataFrameColumn("net_flow", Enumerable.Range(0, n).Select(z => jobs[z] - residents[z])),
            new DoubleDataFrameColumn("mean_distance_km", Enumerable.Range(0, n).Select(distance.Value)),
            new DoubleDataFrameColumn("mean_time_min", Enumerable.Range(0, n).Select(time.Value)),
            new DoubleDataFrameColumn("mean_distance_step_km", Enumerable.Range(0, n).Select(distance.Step)),
            new DoubleDataFrameColumn("mean_time_step_min", Enumerable.Range(0, n).Select(time.Step)));
    }

    /// <summary>The steps mean distances (km) and times (min) are published to: the finest that covers the hidden cells.</summary>
    public static readonly double[] MeanSteps = [0.1, 0.2, 0.5, 1, 2, 5, 10];

    /// <summary>
    /// A mean cost as published: the mean over the commuters with a cost, rounded to a step, with the step, or null
    /// when no step covers its hidden cells. Knowing every pair's cost, an attacker reads a zone's mean as one more
    /// equation on its hidden cells; rounded, it is an interval of width step x weight (commuter-km) that the truth
    /// lies strictly inside, so it cannot pin a cell by itself. The step is the finest of <see cref="MeanSteps"/>
    /// whose width is at least twice the spread of the costs of the hidden cells (a hidden cell without a cost
    /// counting as 0): moving one commuter between any two of them then keeps the mean within its step in at least
    /// one direction. A zone with no hidden cell gets the finest step.
    /// </summary>
    private sealed class PublishedMean(int groups)
    {
        private readonly double[] sum = new double[groups];
        private readonly double[] weight = new double[groups];
        private readonly double[] hiddenLow = Enumerable.Repeat(double.PositiveInfinity, groups).ToArray();
        private readonly double[] hiddenHigh = Enumerable.Repeat(double.NegativeInfinity, groups).ToArray();

        public void Add(int group, double commuters, double cost, bool hidden)
        {
            if (double.IsFinite(cost))
            {
                sum[group] += commuters * cost;
                weight[group] += commuters;
            }

            if (hidden)
            {
                double c = double.IsFinite(cost) ? cost : 0;
                hiddenLow[group] = Math.Min(hiddenLow[group], c);
                hiddenHigh[group] = Math.Max(hiddenHigh[group], c);
            }
        }

        public double? Step(int group)
        {
            if (weight[group] <= 0)
            {
                return null;
            }

            double spread = hiddenHigh[group] >= hiddenLow[group] ? hiddenHigh[group] - hiddenLow[group] : 0;
            foreach (double step in MeanSteps)
            {
                if (step * weight[group] >= 2 * spread)
                {
                    return step;
                }
            }

            return null;
        }

        public double? Value(int group) => Step(group) is { } step
            ? Math.Round(Math.Round(sum[group] / weight[group] / step, MidpointRounding.AwayFromZero) * step, 6)
            : null;
    }

    private static double? Ratio(double numerator, double denominator) => denominator > 0 ? numerator / denominator : null;
}
