using System.Diagnostics;
using System.Globalization;
using Google.OrTools.LinearSolver;
using TrafficEngine.Commute;

namespace Bench;

/// <summary>
/// `commute-solver [--zones 500,2000] [--peer-max 500] [--seed 1]`: minimum and maximum commute (the transportation
/// problem over a dense cost matrix) with the engine's solver (OR-Tools min-cost flow), timed, with the process's peak
/// working set; for sizes up to --peer-max the same problem also goes to OR-Tools' GLOP linear-programming solver as an
/// independent peer: its optimum must agree, and its time is the ratio's baseline. Zones are random points in a 40 km
/// square, residents and jobs random whole numbers (1,000-2,000 per zone on average), cost the straight-line km.
/// </summary>
internal static class CommuteSolverBench
{
    public static int Run(string[] args)
    {
        int[] sizes = BenchArgs.Get(args, "--zones", "500,2000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        int peerMax = BenchArgs.GetInt32(args, "--peer-max", 500);
        int seed = BenchArgs.GetInt32(args, "--seed", 1);
        Console.WriteLine("| zones | arcs | sense | engine (min-cost flow) | mean km | peer (GLOP LP) | peer mean km | peer / engine | peak working set |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
        foreach (int n in sizes)
        {
            (double[] supply, double[] demand, double[] costs) = Instance(n, seed);
            var problem = TransportationProblem.Dense(supply, demand, costs);
            foreach (OptimisationSense sense in new[] { OptimisationSense.Minimise, OptimisationSense.Maximise })
            {
                var clock = Stopwatch.StartNew();
                TransportationSolution solution = TransportationSolver.Solve(problem, sense);
                double engineSeconds = clock.Elapsed.TotalSeconds;
                double engineMean = solution.MeanCost(problem.Total);
                string peer = "-", peerMean = "-", ratio = "-";
                if (n <= peerMax)
                {
                    clock.Restart();
                    double peerObjective = Glop(supply, demand, costs, sense);
                    double peerSeconds = clock.Elapsed.TotalSeconds;
                    double gap = Math.Abs(peerObjective - solution.Objective);
                    if (gap > solution.ObjectiveErrorBound + (1e-7 * Math.Abs(peerObjective)))
                    {
                        throw new InvalidOperationException($"{n} zones {sense}: engine {solution.Objective} against GLOP {peerObjective}, beyond the bound {solution.ObjectiveErrorBound}.");
                    }

                    peer = $"{peerSeconds:F2} s";
                    peerMean = $"{peerObjective / problem.Total:F4}";
                    ratio = $"{peerSeconds / engineSeconds:F1}x";
                }

                Process.GetCurrentProcess().Refresh();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {n:N0} | {problem.ArcCount:N0} | {sense} | {engineSeconds:F2} s | {engineMean:F4} | {peer} | {peerMean} | {ratio} | {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:N0} MB |"));
            }
        }

        return 0;
    }

    private static (double[] Supply, double[] Demand, double[] Costs) Instance(int n, int seed)
    {
        var random = new Random(seed + n);
        var x = new double[n];
        var y = new double[n];
        var supply = new double[n];
        var demand = new double[n];
        for (int i = 0; i < n; i++)
        {
            x[i] = random.NextDouble() * 40;
            y[i] = random.NextDouble() * 40;
            supply[i] = random.Next(1000, 2001);
        }

        // Jobs: the same total, placed at random zones in lots.
        double total = supply.Sum();
        for (int i = 0; i < n; i++)
        {
            demand[i] = random.Next(500, 2501);
        }

        double scale = total / demand.Sum(), assigned = 0;
        for (int i = 0; i < n; i++)
        {
            demand[i] = Math.Floor(demand[i] * scale);
            assigned += demand[i];
        }

        demand[0] += total - assigned;
        var costs = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double dx = x[i] - x[j], dy = y[i] - y[j];
                costs[(i * n) + j] = Math.Sqrt((dx * dx) + (dy * dy));
            }
        }

        return (supply, demand, costs);
    }

    /// <summary>The same problem as a linear programme for GLOP: equality rows and columns, x >= 0.</summary>
    private static double Glop(double[] supply, double[] demand, double[] costs, OptimisationSense sense)
    {
        int n = supply.Length, m = demand.Length;
        using Solver solver = Solver.CreateSolver("GLOP") ?? throw new InvalidOperationException("GLOP is not available.");
        var variables = new Variable[n * m];
        for (int k = 0; k < variables.Length; k++)
        {
            variables[k] = solver.MakeNumVar(0, double.PositiveInfinity, "");
        }

        for (int i = 0; i < n; i++)
        {
            Constraint row = solver.MakeConstraint(supply[i], supply[i], "");
            for (int j = 0; j < m; j++)
            {
                row.SetCoefficient(variables[(i * m) + j], 1);
            }
        }

        for (int j = 0; j < m; j++)
        {
            Constraint column = solver.MakeConstraint(demand[j], demand[j], "");
            for (int i = 0; i < n; i++)
            {
                column.SetCoefficient(variables[(i * m) + j], 1);
            }
        }

        Objective objective = solver.Objective();
        for (int k = 0; k < variables.Length; k++)
        {
            objective.SetCoefficient(variables[k], costs[k]);
        }

        if (sense == OptimisationSense.Minimise)
        {
            objective.SetMinimization();
        }
        else
        {
            objective.SetMaximization();
        }

        Solver.ResultStatus status = solver.Solve();
        return status == Solver.ResultStatus.OPTIMAL
            ? objective.Value()
            : throw new InvalidOperationException($"GLOP ended {status}.");
    }
}
