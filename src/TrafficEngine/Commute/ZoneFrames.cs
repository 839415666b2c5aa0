using Microsoft.Data.Analysis;

namespace TrafficEngine.Commute;

/// <summary>The zone and district tables of a commute result as DataFrames.</summary>
internal static class ZoneFrames
{
    public static readonly string[] ZoneColumns =
    [
        "zone_id", "name", "district", "residents", "jobs", "jobs_housing_ratio", "jobs_housing_ratio_catchment", "self_containment",
        "internal_capture", "net_flow", "mean_distance_km", "mean_time_min",
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
        double[] distanceSum = new double[n], distanceWeight = new double[n], timeSum = new double[n], timeWeight = new double[n];
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

            if (double.IsFinite(cellDistance[c]))
            {
                distanceSum[h] += t * cellDistance[c];
                distanceWeight[h] += t;
            }

            if (double.IsFinite(cellTime[c]))
            {
                timeSum[h] += t * cellTime[c];
                timeWeight[h] += t;
            }
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
            new DoubleDataFrameColumn("mean_distance_km", Enumerable.Range(0, n).Select(z => Ratio(distanceSum[z], distanceWeight[z]))),
            new DoubleDataFrameColumn("mean_time_min", Enumerable.Range(0, n).Select(z => Ratio(timeSum[z], timeWeight[z]))));
    }

    /// <summary>
    /// The same per district (zones without a district are left out): self-containment and internal capture count
    /// the commuters who live and work in the district. Empty (with its columns) when no zone has a district. As
    /// published, they are null for a district holding a suppressed cell between two of its zones: they would give
    /// the sum of its hidden cells inside, one more equation for an attacker.
    /// </summary>
    public static DataFrame Districts(OdTable table, double[] cellDistance, double[] cellTime, bool[] suppressed)
    {
        CommuteZones zones = table.Zones;
        string[] names = [.. zones.Districts.Where(d => d is not null).Distinct().Order(StringComparer.Ordinal)!];
        var index = names.Select((d, i) => (d, i)).ToDictionary(p => p.d, p => p.i, StringComparer.Ordinal);
        int n = names.Length;
        double[] residents = new double[n], jobs = new double[n], own = new double[n], zoneCount = new double[n];
        var hiddenInside = new bool[n];
        double[] distanceSum = new double[n], distanceWeight = new double[n], timeSum = new double[n], timeWeight = new double[n];
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
                    hiddenInside[h] |= suppressed[c];
                }

                if (double.IsFinite(cellDistance[c]))
                {
                    distanceSum[h] += t * cellDistance[c];
                    distanceWeight[h] += t;
                }

                if (double.IsFinite(cellTime[c]))
                {
                    timeSum[h] += t * cellTime[c];
                    timeWeight[h] += t;
                }
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
            new DoubleDataFrameColumn("self_containment", Enumerable.Range(0, n).Select(z => hiddenInside[z] ? null : Ratio(own[z], residents[z]))),
            new DoubleDataFrameColumn("internal_capture", Enumerable.Range(0, n).Select(z => hiddenInside[z] ? null : Ratio(own[z], jobs[z]))),
            new DoubleDataFrameColumn("net_flow", Enumerable.Range(0, n).Select(z => jobs[z] - residents[z])),
            new DoubleDataFrameColumn("mean_distance_km", Enumerable.Range(0, n).Select(z => Ratio(distanceSum[z], distanceWeight[z]))),
            new DoubleDataFrameColumn("mean_time_min", Enumerable.Range(0, n).Select(z => Ratio(timeSum[z], timeWeight[z]))));
    }

    private static double? Ratio(double numerator, double denominator) => denominator > 0 ? numerator / denominator : null;
}
