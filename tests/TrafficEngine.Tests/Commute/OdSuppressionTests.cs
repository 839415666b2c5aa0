using Google.OrTools.LinearSolver;
using TrafficEngine.Commute;

namespace TrafficEngine.Tests.Commute;

public class OdSuppressionTests
{
    [Fact]
    public void Suppress_LeedsCensusTable_AttackerLpCannotPinAnyHiddenCell()
    {
        CommuteResult result = LeedsResult(10);

        Assert.True(result.Summary.PrimarySuppressedCells > 50, $"only {result.Summary.PrimarySuppressedCells} small cells");
        Assert.True(result.Summary.ComplementarySuppressedCells > 0);
        Assert.Equal(0, result.Summary.UnprotectedCells);
        Published published = Publish(result.Table, result.Suppression.Suppressed);
        List<(int Cell, double Low, double High)> ranges = Attack(published);

        Assert.Equal(result.Suppression.Suppressed.Count(s => s), ranges.Count);
        Assert.All(ranges, r => Assert.True(r.High - r.Low >= 1, $"cell {r.Cell} pinned to [{r.Low}, {r.High}]"));
        Assert.All(ranges, r => Assert.InRange(result.Table.Commuters[r.Cell], r.Low - 1e-6, r.High + 1e-6));
        AssertRowsAndColumnsHideTwoOrNone(result.Table, result.Suppression.Suppressed);
    }

    [Fact]
    public void Suppress_ShenzhenWithK1000_AttackerLpCannotPinAnyHiddenCell()
    {
        CommuteResult result = CommuteAnalyzer.Run(
            new CommuteInputs(CommuteData.ShenzhenOd, CommuteData.ShenzhenZones, "JDBH"),
            new CommuteOptions { Columns = OdColumns.ShenzhenUnicom(), K = 1000, ObservedPairsOnly = true });

        Published published = Publish(result.Table, result.Suppression.Suppressed);
        List<(int Cell, double Low, double High)> ranges = Attack(published);

        Assert.True(result.Summary.PrimarySuppressedCells > 100);
        Assert.Equal(0, result.Summary.UnprotectedCells);
        Assert.All(ranges, r => Assert.True(r.High - r.Low >= 1, $"cell {r.Cell} pinned to [{r.Low}, {r.High}]"));
        AssertRowsAndColumnsHideTwoOrNone(result.Table, result.Suppression.Suppressed);
    }

    [Fact]
    public void Attack_PrimarySuppressionOnly_RecoversSomeHiddenCellExactly()
    {
        CommuteResult result = LeedsResult(10);
        bool[] primaryOnly = result.Suppression.Primary;

        List<(int Cell, double Low, double High)> ranges = Attack(Publish(result.Table, primaryOnly));
        (int cell, double low, double high) = ranges.First(r => r.High - r.Low < 1e-6);

        Assert.Equal(result.Table.Commuters[cell], low, 6);
        Assert.Equal(result.Table.Commuters[cell], high, 6);
    }

    [Fact]
    public void Suppress_TwoCellsInOneRowAndColumnsOtherwiseFull_AddsAFourCycle()
    {
        // 3 x 3, one small cell (0,0) = 2: the cheapest cycle through it takes (0,1), (1,1), (1,0) = 11 + 12 + 13.
        int[] home = [0, 0, 0, 1, 1, 1, 2, 2, 2];
        int[] work = [0, 1, 2, 0, 1, 2, 0, 1, 2];
        double[] count = [2, 11, 50, 13, 12, 60, 70, 80, 90];

        SuppressionResult result = OdSuppression.Suppress(3, home, work, count, 10);

        Assert.Equal([true, true, false, true, true, false, false, false, false], result.Suppressed);
        Assert.Equal(1, result.PrimaryCount);
        Assert.Equal(3, result.ComplementaryCount);
    }

    [Fact]
    public void Suppress_SmallCellAloneInItsRow_IsCountedUnprotected()
    {
        int[] home = [0, 1, 1];
        int[] work = [0, 0, 1];
        double[] count = [3, 40, 50];

        SuppressionResult result = OdSuppression.Suppress(2, home, work, count, 10);

        Assert.Equal(1, result.UnprotectedCount);
    }

    private static CommuteResult LeedsResult(double k)
    {
        var columns = new OdColumns { Home = "Area.of.residence", Work = "Area.of.workplace", Count = "All.categories..Method.of.travel.to.work" };
        return CommuteAnalyzer.Run(new CommuteInputs(CommuteData.LeedsOd, CommuteData.LeedsZones, "geo_code"), new CommuteOptions { Columns = columns, K = k });
    }

    /// <summary>What an outsider sees: each cell's value or "hidden", and every zone's residents and jobs.</summary>
    internal sealed record Published(int Zones, int[] Home, int[] Work, double?[] Value, double[] Residents, double[] Jobs);

    private static Published Publish(OdTable table, bool[] suppressed)
    {
        int n = table.Zones.Count;
        var residents = new double[n];
        var jobs = new double[n];
        for (int c = 0; c < table.CellCount; c++)
        {
            residents[table.Home[c]] += table.Commuters[c];
            jobs[table.Work[c]] += table.Commuters[c];
        }

        return new Published(n, table.Home, table.Work, [.. table.Commuters.Select((t, c) => suppressed[c] ? (double?)null : t)], residents, jobs);
    }

    /// <summary>
    /// The attacker: for every hidden cell, the least and greatest value it can take given the published cells, the
    /// row totals (residents) and column totals (jobs), and non-negativity: two linear programmes (GLOP) per cell.
    /// </summary>
    internal static List<(int Cell, double Low, double High)> Attack(Published p)
    {
        using Solver solver = Solver.CreateSolver("GLOP");
        var variables = new Dictionary<int, Variable>();
        double[] rowLeft = (double[])p.Residents.Clone(), columnLeft = (double[])p.Jobs.Clone();
        for (int c = 0; c < p.Value.Length; c++)
        {
            if (p.Value[c] is { } v)
            {
                rowLeft[p.Home[c]] -= v;
                columnLeft[p.Work[c]] -= v;
            }
            else
            {
                variables[c] = solver.MakeNumVar(0, double.PositiveInfinity, $"x{c}");
            }
        }

        var rows = new Constraint[p.Zones];
        var columns = new Constraint[p.Zones];
        for (int z = 0; z < p.Zones; z++)
        {
            rows[z] = solver.MakeConstraint(rowLeft[z], rowLeft[z]);
            columns[z] = solver.MakeConstraint(columnLeft[z], columnLeft[z]);
        }

        foreach ((int c, Variable x) in variables)
        {
            rows[p.Home[c]].SetCoefficient(x, 1);
            columns[p.Work[c]].SetCoefficient(x, 1);
        }

        var ranges = new List<(int, double, double)>();
        Objective objective = solver.Objective();
        foreach ((int c, Variable x) in variables)
        {
            objective.Clear();
            objective.SetCoefficient(x, 1);
            objective.SetMinimization();
            Assert.Equal(Solver.ResultStatus.OPTIMAL, solver.Solve());
            double low = x.SolutionValue();
            objective.SetMaximization();
            Solver.ResultStatus status = solver.Solve();
            double high = status == Solver.ResultStatus.UNBOUNDED ? double.PositiveInfinity : x.SolutionValue();
            Assert.True(status is Solver.ResultStatus.OPTIMAL or Solver.ResultStatus.UNBOUNDED, $"{status}");
            ranges.Add((c, low, high));
        }

        return ranges;
    }

    private static void AssertRowsAndColumnsHideTwoOrNone(OdTable table, bool[] suppressed)
    {
        int n = table.Zones.Count;
        var rows = new int[n];
        var columns = new int[n];
        for (int c = 0; c < table.CellCount; c++)
        {
            if (suppressed[c])
            {
                rows[table.Home[c]]++;
                columns[table.Work[c]]++;
            }
        }

        Assert.DoesNotContain(1, rows);
        Assert.DoesNotContain(1, columns);
    }
}
