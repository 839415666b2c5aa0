using TrafficEngine.Commute;

namespace TrafficEngine.Tests.Commute;

public class TransportationSolverTests
{
    /// <summary>Winston, Operations Research, the Powerco problem: 3 plants, 4 cities, optimum 1020.</summary>
    [Fact]
    public void Minimise_PowercoTextbookInstance_Is1020()
    {
        var problem = TransportationProblem.Dense([35, 50, 40], [45, 20, 30, 30],
            [8, 6, 10, 9, 9, 12, 13, 7, 14, 9, 16, 5]);

        TransportationSolution solution = TransportationSolver.Minimise(problem);

        Assert.Equal(1020, solution.Objective, 9);
        AssertMargins(problem, solution);
    }

    /// <summary>Hillier and Lieberman, the P and T Company (canneries to warehouses): optimum 152,535.</summary>
    [Fact]
    public void Minimise_HillierLiebermanCanneries_Is152535()
    {
        var problem = TransportationProblem.Dense([75, 125, 100], [80, 65, 70, 85],
            [464, 513, 654, 867, 352, 416, 690, 791, 995, 682, 388, 685]);

        TransportationSolution solution = TransportationSolver.Minimise(problem);

        Assert.Equal(152535, solution.Objective, 9);
        AssertMargins(problem, solution);
    }

    [Fact]
    public void MinimiseAndMaximise_RandomSmallIntegerInstances_MatchBruteForce()
    {
        var random = new Random(11);
        for (int trial = 0; trial < 300; trial++)
        {
            int rows = random.Next(1, 4), columns = random.Next(1, 4);
            (double[] supply, double[] demand) = RandomMargins(random, rows, columns, 7);
            double[] costs = [.. Enumerable.Range(0, rows * columns).Select(_ => Math.Round(random.NextDouble() * 20, 2))];
            var problem = TransportationProblem.Dense(supply, demand, costs);

            (double min, double max) = BruteForce(supply, demand, costs);
            TransportationSolution low = TransportationSolver.Minimise(problem);
            TransportationSolution high = TransportationSolver.Maximise(problem);

            Assert.Equal(min, low.Objective, 6);
            Assert.Equal(max, high.Objective, 6);
            AssertMargins(problem, low);
            AssertMargins(problem, high);
        }
    }

    [Fact]
    public void Minimise_HalfCommuters_IsHalfTheDoubledIntegerOptimum()
    {
        var random = new Random(5);
        for (int trial = 0; trial < 100; trial++)
        {
            int rows = random.Next(2, 4), columns = random.Next(2, 4);
            (double[] supply, double[] demand) = RandomMargins(random, rows, columns, 6);
            double[] half = [.. supply.Select(a => a / 2)];
            double[] halfDemand = [.. demand.Select(b => b / 2)];
            double[] costs = [.. Enumerable.Range(0, rows * columns).Select(_ => (double)random.Next(0, 30))];

            (double min, double max) = BruteForce(supply, demand, costs);
            var problem = TransportationProblem.Dense(half, halfDemand, costs);
            TransportationSolution low = TransportationSolver.Minimise(problem);
            TransportationSolution high = TransportationSolver.Maximise(problem);

            Assert.Equal(half.Concat(halfDemand).Any(a => a != Math.Floor(a)) ? TransportationSolver.FractionalFlowScale : 1, low.FlowScale);
            Assert.Equal(min / 2, low.Objective, 6);
            Assert.Equal(max / 2, high.Objective, 6);
            AssertMargins(problem, low);
        }
    }

    [Theory]
    [InlineData(OptimisationSense.Minimise)]
    [InlineData(OptimisationSense.Maximise)]
    public void Duals_RandomRealInstances_CertifyOptimality(OptimisationSense sense)
    {
        var random = new Random(sense == OptimisationSense.Minimise ? 1 : 2);
        for (int trial = 0; trial < 40; trial++)
        {
            int rows = random.Next(2, 15), columns = random.Next(2, 15);
            // A feasible sparse table (real counts) gives the margins; its cells and some other pairs get costs.
            var supply = new double[rows];
            var demand = new double[columns];
            var costs = new double[rows * columns];
            for (int cell = 0; cell < costs.Length; cell++)
            {
                bool observed = random.NextDouble() < 0.5;
                double count = observed ? Math.Round(random.NextDouble() * 300, 1) : 0;
                supply[cell / columns] += count;
                demand[cell % columns] += count;
                costs[cell] = observed || random.NextDouble() < 0.5 ? random.NextDouble() * 40 : double.NaN;
            }

            double total = supply.Sum();
            var problem = TransportationProblem.Dense(supply, demand, costs);

            TransportationSolution solution = TransportationSolver.Solve(problem, sense);
            (double[] u, double[] v) = TransportationDuals.Compute(problem, solution);

            double tolerance = (0.5 / solution.CostScale) + 1e-9;
            double dual = 0;
            for (int i = 0; i < rows; i++)
            {
                dual += supply[i] * u[i];
            }

            for (int j = 0; j < columns; j++)
            {
                dual += demand[j] * v[j];
            }

            for (int k = 0; k < problem.ArcCount; k++)
            {
                double reduced = problem.ArcCost[k] - u[problem.ArcHome[k]] - v[problem.ArcWork[k]];
                Assert.True(sense == OptimisationSense.Minimise ? reduced >= -tolerance : reduced <= tolerance, $"arc {k}: reduced cost {reduced}");
                if (solution.ScaledFlow[k] > 0)
                {
                    Assert.True(Math.Abs(reduced) <= tolerance, $"arc {k} carries flow with reduced cost {reduced}");
                }
            }

            Assert.True(Math.Abs(solution.Objective - dual) <= solution.ObjectiveErrorBound + (total * tolerance), $"primal {solution.Objective} vs dual {dual}");
            AssertMargins(problem, solution);
        }
    }

    [Fact]
    public void Duals_SuboptimalFlow_AreRejected()
    {
        var problem = TransportationProblem.Dense([1, 1], [1, 1], [0, 10, 10, 0]);
        TransportationSolution optimal = TransportationSolver.Minimise(problem);
        TransportationSolution swapped = optimal with { ScaledFlow = [0, 1, 1, 0] };

        Assert.Equal(0, optimal.Objective);
        Assert.Throws<InvalidOperationException>(() => TransportationDuals.Compute(problem, swapped));
    }

    [Fact]
    public void Solve_ObservedPairsOnly_CannotCarryTheMargins_Throws()
    {
        var problem = new TransportationProblem([2, 0], [0, 2], [1], [1], [3.0]);

        Assert.Throws<InvalidOperationException>(() => TransportationSolver.Minimise(new TransportationProblem([1, 1], [1, 1], [0, 1], [0, 0], [1.0, 1.0])));
        Assert.Equal(6, TransportationSolver.Minimise(new TransportationProblem([2, 0], [0, 2], [0], [1], [3.0])).Objective);
        Assert.NotNull(problem);
    }

    private static void AssertMargins(TransportationProblem problem, TransportationSolution solution)
    {
        var rows = new double[problem.Supply.Length];
        var columns = new double[problem.Demand.Length];
        for (int k = 0; k < problem.ArcCount; k++)
        {
            Assert.True(solution.Flow[k] >= 0);
            rows[problem.ArcHome[k]] += solution.Flow[k];
            columns[problem.ArcWork[k]] += solution.Flow[k];
        }

        for (int i = 0; i < rows.Length; i++)
        {
            Assert.True(Math.Abs(problem.Supply[i] - rows[i]) <= 1 / solution.FlowScale, $"row {i}: {rows[i]} for {problem.Supply[i]}");
        }

        for (int j = 0; j < columns.Length; j++)
        {
            Assert.True(Math.Abs(problem.Demand[j] - columns[j]) <= 1 / solution.FlowScale, $"column {j}: {columns[j]} for {problem.Demand[j]}");
        }
    }

    private static (double[] Supply, double[] Demand) RandomMargins(Random random, int rows, int columns, int max)
    {
        double[] supply = [.. Enumerable.Range(0, rows).Select(_ => (double)random.Next(0, max))];
        int total = (int)supply.Sum();
        var demand = new double[columns];
        for (int unit = 0; unit < total; unit++)
        {
            demand[random.Next(columns)]++;
        }

        return (supply, demand);
    }

    /// <summary>
    /// Every non-negative integer matrix with the margins (the transportation polytope's vertices are integral when
    /// the margins are, so the best of them is the LP optimum), cell by cell in row-major order.
    /// </summary>
    private static (double Min, double Max) BruteForce(double[] supply, double[] demand, double[] costs)
    {
        int rows = supply.Length, columns = demand.Length;
        var rowLeft = supply.Select(a => (int)a).ToArray();
        var columnLeft = demand.Select(b => (int)b).ToArray();
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        void Cell(int index, double cost)
        {
            if (index == rows * columns)
            {
                if (rowLeft.All(r => r == 0) && columnLeft.All(c => c == 0))
                {
                    min = Math.Min(min, cost);
                    max = Math.Max(max, cost);
                }

                return;
            }

            int i = index / columns, j = index % columns;
            int upper = Math.Min(rowLeft[i], columnLeft[j]);
            int lower = j == columns - 1 ? rowLeft[i] : 0;
            for (int x = lower; x <= upper; x++)
            {
                rowLeft[i] -= x;
                columnLeft[j] -= x;
                Cell(index + 1, cost + (x * costs[index]));
                rowLeft[i] += x;
                columnLeft[j] += x;
            }
        }

        Cell(0, 0);
        return (min, max);
    }
}
