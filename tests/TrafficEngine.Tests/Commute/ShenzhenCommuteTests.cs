using System.Globalization;
using System.Text.Json;
using TrafficEngine.Commute;
using TrafficEngine.Publishing;
using Xunit.Abstractions;

namespace TrafficEngine.Tests.Commute;

/// <summary>The Shenzhen Unicom street-level table (61 sub-districts, 3,593 pairs, 8,939,305 commuters per PROVENANCE.md).</summary>
public class ShenzhenCommuteTests(ITestOutputHelper output)
{
    private static readonly Lazy<CommuteResult> AllPairs = new(() => Run(observedOnly: false));

    [Fact]
    public void Run_Shenzhen_TotalsAndMeansMatchTheTableAndProvenance()
    {
        CommuteResult result = AllPairs.Value;
        CommuteSummary s = result.Summary;
        (double total, double weightedKm, double weightedMin) = Independent();

        Assert.Equal(8_939_305, s.Commuters);
        Assert.Equal(total, s.Commuters);
        Assert.Equal(61, s.Zones);
        Assert.Equal(3_593, s.ObservedPairs);
        Assert.Empty(result.Quarantine.Entries);
        Assert.Equal(weightedKm / total, s.MeanDistanceKm, 9);
        Assert.Equal(weightedMin / total, s.MeanTimeMin, 9);
        Assert.Equal(61 * 61 - 3_593, s.StraightLineCostPairs);
        Assert.Equal(total, CommuteAnalyzerTests.Column(result.Zones, "residents").Sum(), 3);
        Assert.Equal(0, CommuteAnalyzerTests.Column(result.Zones, "net_flow").Sum(), 3);
        Assert.Equal(total, CommuteAnalyzerTests.Column(result.Districts, "jobs").Sum(), 3);
        int districts = CommuteData.ReadCsv(CommuteData.ShenzhenCentroids).Select(r => r["QXMC"]).Distinct().Count();
        Assert.Equal(districts, result.Districts.Rows.Count);
        output.WriteLine(JsonSerializer.Serialize(s));
    }

    [Fact]
    public void Run_Shenzhen_ExtremesBracketTheObservedMeanAndMorePairsWidenThem()
    {
        CommuteSummary all = AllPairs.Value.Summary;
        CommuteSummary observed = Run(observedOnly: true).Summary;

        Assert.InRange(all.MinDistanceKm, 0, all.MeanDistanceKm);
        Assert.InRange(all.MaxDistanceKm, all.MeanDistanceKm, 200);
        Assert.True(all.MinDistanceKm <= observed.MinDistanceKm + 1e-9);
        Assert.True(all.MaxDistanceKm >= observed.MaxDistanceKm - 1e-9);
        Assert.InRange(observed.CommutingPotentialUtilised, 0, 1);
        Assert.InRange(observed.ExcessCommuting, 0, 1);
        Assert.InRange(all.CommutingRadiusKm, 5, 60);
        output.WriteLine($"observed pairs ({observed.DistanceArcs} arcs): min {observed.MinDistanceKm:F6} max {observed.MaxDistanceKm:F6}; all pairs ({all.DistanceArcs} arcs): min {all.MinDistanceKm:F6} max {all.MaxDistanceKm:F6}; obs {all.MeanDistanceKm:F3}");
    }

    [Theory]
    [InlineData(OptimisationSense.Minimise)]
    [InlineData(OptimisationSense.Maximise)]
    public void Solve_ShenzhenDistanceProblem_DualPotentialsCertifyTheOptimum(OptimisationSense sense)
    {
        CommuteResult result = AllPairs.Value;
        int n = result.Table.Zones.Count;
        double[] cellCost = [.. Enumerable.Range(0, result.Table.CellCount).Select(c => result.Costs.DistanceKm[(result.Table.Home[c] * n) + result.Table.Work[c]])];
        TransportationProblem problem = CommuteAnalyzer.Problem(result.Table, cellCost, result.Costs.DistanceKm, observedOnly: false)!;

        TransportationSolution solution = TransportationSolver.Solve(problem, sense);
        (double[] u, double[] v) = TransportationDuals.Compute(problem, solution);

        double dual = problem.Supply.Select((a, i) => a * u[i]).Sum() + problem.Demand.Select((b, j) => b * v[j]).Sum();
        // Straight-line costs are not whole multiples of the cost scale: each is rounded by at most half a unit.
        double tolerance = (0.5 / solution.CostScale) + 1e-9;
        for (int k = 0; k < problem.ArcCount; k++)
        {
            double reduced = problem.ArcCost[k] - u[problem.ArcHome[k]] - v[problem.ArcWork[k]];
            double slack = sense == OptimisationSense.Minimise ? reduced : -reduced;
            Assert.True(slack >= -tolerance, $"arc {k}: {reduced}");
            Assert.True(solution.ScaledFlow[k] == 0 || Math.Abs(reduced) <= tolerance, $"arc {k} carries flow at reduced cost {reduced}");
        }

        Assert.Equal(solution.Objective, dual, solution.ObjectiveErrorBound + (problem.Total * tolerance));
    }

    [Fact]
    public void Publish_Shenzhen_AttackerOnThePublishedFilesPinsNoHiddenCell()
    {
        CommuteResult result = AllPairs.Value;
        string folder = Directory.CreateTempSubdirectory("commute-publish-").FullName;

        CommutePublisher.Publish(result, folder);
        List<Dictionary<string, string>> od = CommuteData.ReadCsv(Path.Combine(folder, CommutePublisher.OdPublished));
        List<Dictionary<string, string>> zones = CommuteData.ReadCsv(Path.Combine(folder, CommutePublisher.ZonesCsv));
        var index = zones.Select((z, i) => (z["zone_id"], i)).ToDictionary(p => p.Item1, p => p.i);
        var published = new OdSuppressionTests.Published(
            zones.Count,
            [.. od.Select(r => index[r["home_zone"]])],
            [.. od.Select(r => index[r["work_zone"]])],
            [.. od.Select(r => r["suppressed"] == "true" ? (double?)null : double.Parse(r["commuters"], CultureInfo.InvariantCulture))],
            [.. zones.Select(z => double.Parse(z["residents"], CultureInfo.InvariantCulture))],
            [.. zones.Select(z => double.Parse(z["jobs"], CultureInfo.InvariantCulture))]);
        List<(int Cell, double Low, double High)> ranges = OdSuppressionTests.Attack(published);

        Assert.True(result.Summary.PrimarySuppressedCells > 0);
        Assert.Equal(result.Summary.SuppressedCells, ranges.Count);
        Assert.All(ranges, r => Assert.True(r.High - r.Low >= 1, $"cell {r.Cell} pinned to [{r.Low}, {r.High}]"));
        Assert.All(od.Where(r => r["suppressed"] == "false"), r => Assert.True(double.Parse(r["commuters"], CultureInfo.InvariantCulture) >= 10));
        Assert.True(File.Exists(Path.Combine(folder, CommutePublisher.ZonesGeoJson)));
        Assert.True(File.Exists(Path.Combine(folder, CommutePublisher.ZonesArrow)));
        using JsonDocument summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, CommutePublisher.Summary)));
        foreach (string key in new[] { "commuters", "mean_distance_km", "min_distance_km", "max_distance_km", "excess_commuting", "commuting_potential_utilised", "share_time_le_45", "share_time_gt_60", "share_distance_le_5" })
        {
            Assert.True(summary.RootElement.TryGetProperty(key, out _), key);
        }

        Assert.Empty(Directory.GetDirectories(folder));

        // A district's self-containment gives the sum of its inside cells; withheld exactly where the disclosure
        // test says so (CommuteDisclosureTests attacks the files with these sums in).
        List<Dictionary<string, string>> districts = CommuteData.ReadCsv(Path.Combine(folder, CommutePublisher.DistrictsCsv));
        Assert.Equal(result.Summary.Districts, districts.Count);
        Assert.Equal(result.Summary.WithheldDistricts, districts.Count(d => d["self_containment"].Length == 0));
        Assert.Contains(districts, d => d["self_containment"].Length > 0);
    }

    private static CommuteResult Run(bool observedOnly) => CommuteAnalyzer.Run(
        new CommuteInputs(CommuteData.ShenzhenOd, CommuteData.ShenzhenZones, "JDBH", "JDMC", "QXMC"),
        new CommuteOptions { Columns = OdColumns.ShenzhenUnicom(), ObservedPairsOnly = observedOnly });

    /// <summary>Totals from the CSV by plain splitting, independent of the engine's reader.</summary>
    private static (double Total, double Km, double Min) Independent()
    {
        double total = 0, km = 0, min = 0;
        foreach (string line in File.ReadLines(CommuteData.ShenzhenOd).Skip(1))
        {
            string[] f = line.Split(',');
            double flow = double.Parse(f[2], CultureInfo.InvariantCulture);
            total += flow;
            km += flow * double.Parse(f[3], CultureInfo.InvariantCulture);
            min += flow * double.Parse(f[4], CultureInfo.InvariantCulture);
        }

        return (total, km, min);
    }
}
