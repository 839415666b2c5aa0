using System.Globalization;
using System.Text.Json;
using Google.OrTools.LinearSolver;
using TrafficEngine.Commute;
using TrafficEngine.Publishing;
using Xunit.Abstractions;

namespace TrafficEngine.Tests.Commute;

/// <summary>
/// What the published commute files let an outsider learn about hidden OD cells, beyond the row and column totals:
/// district self-containment (sums of hidden cells inside a district), zone and district mean distances and times
/// and the whole-area figures (weighted sums of hidden cells, given the costs, which the attacker is assumed to know
/// exactly). The attacker reads the files a run published and solves two linear programmes per hidden cell.
/// </summary>
public sealed class CommuteDisclosureTests(ITestOutputHelper output)
{
    // Home zones 0, 1 and work zones 0, 1; the four cells form one hidden 4-cycle, plus public cells.
    private static readonly int[] Home = [0, 0, 1, 1, 0, 1, 2, 2, 2];
    private static readonly int[] Work = [0, 1, 0, 1, 2, 2, 0, 1, 2];
    private static readonly bool[] Hidden = [true, true, true, true, false, false, false, false, false];

    [Fact]
    public void PublishableSums_CycleWithOneCellInsideEachDistrict_WithholdsBoth()
    {
        // Zone 0 in district A, zone 1 in B: cell (0,0) counts in A's sum, (1,1) in B's, and the only circulation
        // (+1 on (0,0) and (1,1), -1 on (0,1) and (1,0)) changes both sums: each would pin the whole cycle.
        int[] group = [0, -1, -1, 1, -1, -1, -1, -1, -1];

        bool[] free = DistrictDisclosure.FreeCells(3, Home, Work, Hidden, group, [true, false]);
        bool[] publishable = DistrictDisclosure.PublishableSums(3, Home, Work, Hidden, group, 2);

        Assert.Equal([false, false, false, false], free[..4]);
        Assert.Equal([true, true, true, true], DistrictDisclosure.FreeCells(3, Home, Work, Hidden, group, [false, false])[..4]);
        Assert.Equal([false, false], publishable);
    }

    [Fact]
    public void PublishableSums_CycleInsideOneDistrict_PublishesIt()
    {
        // Zones 0 and 1 both in district A: the circulation adds and removes one inside A, so A's sum says nothing.
        int[] group = [0, 0, 0, 0, -1, -1, -1, -1, -1];

        Assert.Equal([true], DistrictDisclosure.PublishableSums(3, Home, Work, Hidden, group, 1));
        Assert.All(DistrictDisclosure.FreeCells(3, Home, Work, Hidden, group, [true])[..4], Assert.True);
    }

    [Fact]
    public void PublishableSums_SecondCycleCancelsTheSignature_PublishesBoth()
    {
        // Two hidden 4-cycles through cell (0,0): (0,0),(0,1),(1,1),(1,0) and (0,0),(0,2),(2,2),(2,0). District A's
        // sum holds (0,0) alone; cycle one minus cycle two keeps it and still moves every other cell.
        int[] home = [0, 0, 1, 1, 0, 2, 2];
        int[] work = [0, 1, 0, 1, 2, 0, 2];
        bool[] hidden = [true, true, true, true, true, true, true];
        int[] group = [0, -1, -1, -1, -1, -1, -1];

        bool[] free = DistrictDisclosure.FreeCells(3, home, work, hidden, group, [true]);

        // (0,0) is in every circulation's A-part, so it is pinned; the others move along cycle one minus cycle two.
        Assert.False(free[0]);
        Assert.True(free[1] && free[2] && free[3] && free[4] && free[5] && free[6]);
        Assert.Equal([false], DistrictDisclosure.PublishableSums(3, home, work, hidden, group, 1));
    }

    [Fact]
    public void PublishedFiles_ShenzhenWithDistrictsAndK1000_AttackerCannotPinAnyHiddenCell()
    {
        var options = new CommuteOptions { Columns = OdColumns.ShenzhenUnicom(), K = 1000, ObservedPairsOnly = true };
        CommuteResult result = CommuteAnalyzer.Run(new CommuteInputs(CommuteData.ShenzhenOd, CommuteData.ShenzhenZones, "JDBH", "JDMC", "QXMC"), options);
        string folder = Directory.CreateTempSubdirectory("commute-disclosure-").FullName;
        CommutePublisher.Publish(result, folder);

        Attacker attacker = Attacker.Read(folder, result);
        List<(int Cell, double Low, double High)> ranges = attacker.Ranges(attacker.HiddenCells);

        output.WriteLine($"{ranges.Count} hidden cells; {attacker.Equations} equations and {attacker.Intervals} intervals read; districts published {attacker.PublishedDistricts} of {result.Summary.Districts}; narrowest range {ranges.Min(r => r.High - r.Low):F1}");
        Assert.True(ranges.Count > 100, $"only {ranges.Count} hidden cells");
        Assert.True(attacker.PublishedDistricts > 0, "no district sum published: the test would not try them");
        Assert.True(attacker.Intervals > 100, $"only {attacker.Intervals} mean intervals read");
        Assert.All(ranges, r => Assert.InRange(result.Table.Commuters[r.Cell], r.Low - 1e-6, r.High + 1e-6));
        Assert.All(ranges, r => Assert.True(r.High - r.Low >= 1, $"cell {r.Cell} pinned to [{r.Low}, {r.High}]"));
    }

    [Fact]
    public void PublishedFiles_BeijingSample_AttackerCannotPinSampledHiddenCells()
    {
        string samples = Path.Combine(TrafficEngine.Tests.Simulation.CommuteSampleModelTests.RepositoryRoot(), "data", "samples", "beijing_commute");
        CommuteResult result = CommuteAnalyzer.Run(
            new CommuteInputs(Path.Combine(samples, "od.csv"), Path.Combine(samples, "zones.geojson"), ZoneNameProperty: "name", DistrictProperty: "district"),
            new CommuteOptions());
        string folder = Directory.CreateTempSubdirectory("commute-disclosure-").FullName;
        CommutePublisher.Publish(result, folder);

        Attacker attacker = Attacker.Read(folder, result);
        var random = new Random(11);
        int[] sampled = [.. attacker.HiddenCells.OrderBy(_ => random.Next()).Take(12)];
        List<(int Cell, double Low, double High)> ranges = attacker.Ranges(sampled);

        output.WriteLine($"{attacker.HiddenCells.Count} hidden cells, {sampled.Length} attacked; {attacker.Equations} equations, {attacker.Intervals} intervals; districts published {attacker.PublishedDistricts} of {result.Summary.Districts}; narrowest range {ranges.Min(r => r.High - r.Low):F1}");
        Assert.Equal(result.Summary.Districts, attacker.PublishedDistricts);
        Assert.All(ranges, r => Assert.InRange(result.Table.Commuters[r.Cell], r.Low - 1e-6, r.High + 1e-6));
        Assert.All(ranges, r => Assert.True(r.High - r.Low >= 1, $"cell {r.Cell} pinned to [{r.Low}, {r.High}]"));
    }

    [Fact]
    public void PublishedFiles_LeedsCensus_AttackerCannotPinAnyHiddenCell()
    {
        (CommuteResult result, string folder) = Leeds();

        Attacker attacker = Attacker.Read(folder, result);
        List<(int Cell, double Low, double High)> ranges = attacker.Ranges(attacker.HiddenCells);

        output.WriteLine($"{ranges.Count} hidden cells; {attacker.Equations} equations, {attacker.Intervals} intervals; narrowest range {ranges.Min(r => r.High - r.Low):F1}");
        Assert.True(attacker.Intervals > 20, $"only {attacker.Intervals} mean intervals read");
        Assert.All(ranges, r => Assert.InRange(result.Table.Commuters[r.Cell], r.Low - 1e-6, r.High + 1e-6));
        Assert.All(ranges, r => Assert.True(r.High - r.Low >= 1, $"cell {r.Cell} pinned to [{r.Low}, {r.High}]"));
    }

    [Fact]
    public void PublishedFiles_LeedsWithExactZoneMeans_AttackerPinsHiddenCells()
    {
        // The control: the same attacker given unrounded zone means (what the files would say without the steps).
        // A zone whose row hides two cells at different distances gives both away: row sum and weighted sum.
        (CommuteResult result, string folder) = Leeds();

        Attacker attacker = Attacker.Read(folder, result, exactZoneMeans: true);
        List<(int Cell, double Low, double High)> ranges = attacker.Ranges(attacker.HiddenCells);

        (int cell, double low, double high) = ranges.First(r => r.High - r.Low < 1e-6);
        Assert.Equal(result.Table.Commuters[cell], low, 4);
        Assert.Equal(result.Table.Commuters[cell], high, 4);
    }

    private static (CommuteResult Result, string Folder) Leeds()
    {
        var columns = new OdColumns { Home = "Area.of.residence", Work = "Area.of.workplace", Count = "All.categories..Method.of.travel.to.work" };
        CommuteResult result = CommuteAnalyzer.Run(new CommuteInputs(CommuteData.LeedsOd, CommuteData.LeedsZones, "geo_code"), new CommuteOptions { Columns = columns });
        string folder = Directory.CreateTempSubdirectory("commute-disclosure-").FullName;
        CommutePublisher.Publish(result, folder);
        return (result, folder);
    }

    /// <summary>An outsider's linear model of the hidden cells, built from the published files.</summary>
    private sealed class Attacker : IDisposable
    {
        private readonly Solver solver = Solver.CreateSolver("GLOP");
        private readonly Dictionary<int, Variable> variables = [];

        public List<int> HiddenCells { get; } = [];
        public int Equations { get; private set; }
        public int Intervals { get; private set; }
        public int PublishedDistricts { get; private set; }

        public void Dispose() => solver.Dispose();

        /// <summary>
        /// The files of <paramref name="folder"/>; from <paramref name="result"/> only what an outsider can get
        /// elsewhere: the zone order and every pair's distance and time (the attacker can route the public network).
        /// With <paramref name="exactZoneMeans"/> the zone means are taken from the true table instead (a control).
        /// </summary>
        public static Attacker Read(string folder, CommuteResult result, bool exactZoneMeans = false)
        {
            var a = new Attacker();
            OdTable table = result.Table;
            int n = table.Zones.Count;
            var zoneIndex = table.Zones.Ids.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i, StringComparer.Ordinal);
            List<Dictionary<string, string>> zones = CommuteData.ReadCsv(Path.Combine(folder, CommutePublisher.ZonesCsv));
            var district = new string?[n];
            var residents = new double[n];
            var jobs = new double[n];
            foreach (Dictionary<string, string> z in zones)
            {
                int i = zoneIndex[z["zone_id"]];
                residents[i] = Number(z["residents"])!.Value;
                jobs[i] = Number(z["jobs"])!.Value;
                district[i] = z["district"].Length > 0 ? z["district"] : null;
            }

            // Cells: the attacker's cell c is the table's cell c (same home and work), its value known or a variable.
            var known = new double?[table.CellCount];
            var cellOf = new Dictionary<(int, int), int>();
            for (int c = 0; c < table.CellCount; c++)
            {
                cellOf[(table.Home[c], table.Work[c])] = c;
            }

            foreach (Dictionary<string, string> row in CommuteData.ReadCsv(Path.Combine(folder, CommutePublisher.OdPublished)))
            {
                int c = cellOf[(zoneIndex[row["home_zone"]], zoneIndex[row["work_zone"]])];
                if (row["suppressed"] == "true")
                {
                    a.variables[c] = a.solver.MakeNumVar(0, double.PositiveInfinity, $"x{c}");
                    a.HiddenCells.Add(c);
                }
                else
                {
                    known[c] = Number(row["commuters"])!.Value;
                }
            }

            double[] distance = [.. Enumerable.Range(0, table.CellCount).Select(c => result.Costs.DistanceKm[(table.Home[c] * n) + table.Work[c]])];
            double[] time = [.. Enumerable.Range(0, table.CellCount).Select(c => result.Costs.TimeMin[(table.Home[c] * n) + table.Work[c]])];

            // Row and column totals.
            for (int z = 0; z < n; z++)
            {
                a.Sum(c => table.Home[c] == z ? 1 : 0, known, residents[z], residents[z]);
                a.Sum(c => table.Work[c] == z ? 1 : 0, known, jobs[z], jobs[z]);
            }

            // District self-containment: the commuters who live and work in the district, to the nearest whole one.
            List<Dictionary<string, string>> districts = CommuteData.ReadCsv(Path.Combine(folder, CommutePublisher.DistrictsCsv));
            foreach (Dictionary<string, string> d in districts)
            {
                string name = d["district"];
                if (Number(d["self_containment"]) is { } sc)
                {
                    double inside = Math.Round(sc * Number(d["residents"])!.Value);
                    a.Sum(c => district[table.Home[c]] == name && district[table.Work[c]] == name ? 1 : 0, known, inside, inside);
                    a.PublishedDistricts++;
                }

                a.Mean(c => district[table.Home[c]] == name, d, "mean_distance_km", "mean_distance_step_km", distance, known, table);
                a.Mean(c => district[table.Home[c]] == name, d, "mean_time_min", "mean_time_step_min", time, known, table);
            }

            foreach (Dictionary<string, string> z in zones)
            {
                int i = zoneIndex[z["zone_id"]];
                if (exactZoneMeans)
                {
                    double exact = Enumerable.Range(0, table.CellCount).Where(c => table.Home[c] == i).Sum(c => table.Commuters[c] * distance[c]);
                    a.Sum(c => table.Home[c] == i ? distance[c] : 0, known, exact, exact);
                    continue;
                }

                a.Mean(c => table.Home[c] == i, z, "mean_distance_km", "mean_distance_step_km", distance, known, table);
                a.Mean(c => table.Home[c] == i, z, "mean_time_min", "mean_time_step_min", time, known, table);
            }

            // The whole-area figures at their published precision.
            using JsonDocument summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, CommutePublisher.Summary)));
            JsonElement s = summary.RootElement;
            double total = s.GetProperty("commuters").GetDouble();
            a.Around(c => distance[c], known, s, "mean_distance_km", total, 0.0005);
            a.Around(c => time[c], known, s, "mean_time_min", total, 0.0005);
            a.Around(c => time[c] <= 45 ? 1 : 0, known, s, "share_time_le_45", total, 0.00005);
            a.Around(c => time[c] > 60 ? 1 : 0, known, s, "share_time_gt_60", total, 0.00005);
            a.Around(c => distance[c] <= 5 ? 1 : 0, known, s, "share_distance_le_5", total, 0.00005);
            return a;
        }

        private static double? Number(string text) =>
            text.Length == 0 ? null : double.Parse(text, CultureInfo.InvariantCulture);

        /// <summary>low &lt;= sum_c w(c) x_c &lt;= high over all cells, the known ones moved to the bounds.</summary>
        private void Sum(Func<int, double> weight, double?[] known, double low, double high)
        {
            double knownPart = 0;
            var terms = new List<(Variable, double)>();
            for (int c = 0; c < known.Length; c++)
            {
                double w = weight(c);
                if (w == 0)
                {
                    continue;
                }

                if (known[c] is { } v)
                {
                    knownPart += w * v;
                }
                else
                {
                    terms.Add((variables[c], w));
                }
            }

            if (terms.Count == 0)
            {
                return;
            }

            Constraint constraint = solver.MakeConstraint(low - knownPart - 1e-9, high - knownPart + 1e-9);
            foreach ((Variable x, double w) in terms)
            {
                constraint.SetCoefficient(x, w);
            }

            if (low == high)
            {
                Equations++;
            }
            else
            {
                Intervals++;
            }
        }

        /// <summary>A whole-area figure (per commuter) published to a precision: an interval on the weighted sum.</summary>
        private void Around(Func<int, double> weight, double?[] known, JsonElement summary, string name, double total, double halfStep)
        {
            if (summary.GetProperty(name).ValueKind == JsonValueKind.Number)
            {
                double centre = summary.GetProperty(name).GetDouble() * total;
                Sum(weight, known, centre - (halfStep * total), centre + (halfStep * total));
            }
        }

        /// <summary>A published mean m with step s over rows in the set: (m - s/2) W &lt;= sum T cost &lt;= (m + s/2) W.</summary>
        private void Mean(Func<int, bool> inSet, Dictionary<string, string> row, string column, string stepColumn, double[] cost, double?[] known, OdTable table)
        {
            if (Number(row[column]) is not { } mean)
            {
                return;
            }

            double step = Number(row[stepColumn])!.Value;
            double weight = 0;
            for (int c = 0; c < table.CellCount; c++)
            {
                if (inSet(c))
                {
                    Assert.True(double.IsFinite(cost[c]), "the attack assumes every pair has a cost");
                    weight += table.Commuters[c];
                }
            }

            Sum(c => inSet(c) ? cost[c] : 0, known, (mean - (step / 2)) * weight, (mean + (step / 2)) * weight);
        }

        public List<(int Cell, double Low, double High)> Ranges(IEnumerable<int> cells)
        {
            var ranges = new List<(int, double, double)>();
            Objective objective = solver.Objective();
            foreach (int c in cells)
            {
                Variable x = variables[c];
                objective.Clear();
                objective.SetCoefficient(x, 1);
                objective.SetMinimization();
                Assert.Equal(Solver.ResultStatus.OPTIMAL, solver.Solve());
                double low = x.SolutionValue();
                objective.SetMaximization();
                Solver.ResultStatus status = solver.Solve();
                Assert.True(status is Solver.ResultStatus.OPTIMAL or Solver.ResultStatus.UNBOUNDED, $"{status}");
                ranges.Add((c, low, status == Solver.ResultStatus.UNBOUNDED ? double.PositiveInfinity : x.SolutionValue()));
            }

            return ranges;
        }
    }
}
