using Google.OrTools.Graph;

namespace TrafficEngine.Commute;

/// <summary>
/// Exact minimum and maximum of a <see cref="TransportationProblem"/> by Google OR-Tools' min-cost flow (cost-scaling
/// push-relabel, exact on integers): home zones are sources, work zones sinks, one uncapacitated arc per pair with a
/// cost. Real amounts and costs are scaled to integers as <see cref="TransportationSolution"/> describes; the maximum
/// is the minimum of <c>ceiling - cost</c> (non-negative costs, the same optimal flows as negated costs).
/// </summary>
public static class TransportationSolver
{
    /// <summary>Amounts are multiplied by this when any of them is not a whole number.</summary>
    public const double FractionalFlowScale = 1000;

    /// <summary>Largest integer cost handed to the solver: the cost scale is chosen so the dearest arc maps near it.</summary>
    private const double CostResolution = 1e6;

    /// <summary>Bound kept on |total scaled flow x largest scaled cost|, below 2^63 with room for the solver's sums.</summary>
    private const double ObjectiveLimit = 1e18;

    public static TransportationSolution Minimise(TransportationProblem problem) => Solve(problem, OptimisationSense.Minimise);

    public static TransportationSolution Maximise(TransportationProblem problem) => Solve(problem, OptimisationSense.Maximise);

    public static TransportationSolution Solve(TransportationProblem problem, OptimisationSense sense)
    {
        ArgumentNullException.ThrowIfNull(problem);
        int rows = problem.Supply.Length, columns = problem.Demand.Length;
        double flowScale = IsWhole(problem.Supply) && IsWhole(problem.Demand) ? 1 : FractionalFlowScale;
        long total = (long)Math.Round(problem.Total * flowScale);
        long[] supply = Apportion(problem.Supply, flowScale, total);
        long[] demand = Apportion(problem.Demand, flowScale, total);

        double maxAbsCost = 0;
        foreach (double c in problem.ArcCost)
        {
            maxAbsCost = Math.Max(maxAbsCost, Math.Abs(c));
        }

        // Costs are shifted to be non-negative before the solver sees them, which at most doubles their range.
        double range = Math.Max(2 * maxAbsCost, 1e-300);
        // A power of ten, so that costs with few decimals (1.21 km, 11.87 min) scale to exact integers.
        double costScale = Math.Pow(10, Math.Floor(Math.Log10(Math.Min(CostResolution / range, ObjectiveLimit / (Math.Max(total, 1) * range)))));
        int arcs = problem.ArcCount;
        var scaledCost = new long[arcs];
        long lowest = long.MaxValue, highest = long.MinValue;
        bool costsExact = true;
        for (int k = 0; k < arcs; k++)
        {
            double scaled = problem.ArcCost[k] * costScale;
            scaledCost[k] = (long)Math.Round(scaled);
            costsExact &= Math.Abs(scaled - scaledCost[k]) <= 1e-6;
            lowest = Math.Min(lowest, scaledCost[k]);
            highest = Math.Max(highest, scaledCost[k]);
        }

        // Minimise: cost - lowest; maximise: highest - cost. Both non-negative; the optimal flows are those of c or -c.
        long ceiling = sense == OptimisationSense.Minimise ? -lowest : highest;
        var solverCost = new long[arcs];
        for (int k = 0; k < arcs; k++)
        {
            solverCost[k] = sense == OptimisationSense.Minimise ? scaledCost[k] + ceiling : ceiling - scaledCost[k];
        }

        long[] flows = SolveScaled(rows, columns, supply, demand, problem.ArcHome, problem.ArcWork, solverCost, total);
        var flow = new double[arcs];
        double objective = 0;
        for (int k = 0; k < arcs; k++)
        {
            flow[k] = flows[k] / flowScale;
            objective += flow[k] * problem.ArcCost[k];
        }

        double costError = costsExact ? 0 : problem.Total / costScale;
        double amountError = flowScale == 1 ? 0 : (rows + columns) / flowScale * maxAbsCost;
        double bound = costError + amountError + (1e-12 * Math.Abs(objective));
        return new TransportationSolution(sense, objective, flow, flows, solverCost, supply, demand, flowScale, costScale, ceiling, bound);
    }

    private static long[] SolveScaled(int rows, int columns, long[] supply, long[] demand, int[] home, int[] work, long[] cost, long total)
    {
        int arcs = cost.Length;
        var flows = new long[arcs];
        if (total == 0)
        {
            return flows;
        }

        using var solver = new MinCostFlow(rows + columns, arcs);
        for (int k = 0; k < arcs; k++)
        {
            solver.AddArcWithCapacityAndUnitCost(home[k], rows + work[k], total, cost[k]);
        }

        for (int i = 0; i < rows; i++)
        {
            solver.SetNodeSupply(i, supply[i]);
        }

        for (int j = 0; j < columns; j++)
        {
            solver.SetNodeSupply(rows + j, -demand[j]);
        }

        MinCostFlowBase.Status status = solver.Solve();
        if (status != MinCostFlowBase.Status.OPTIMAL)
        {
            throw new InvalidOperationException($"the transportation problem has no optimal flow (min-cost flow status {status}): the arcs cannot carry the supplies to the demands.");
        }

        for (int k = 0; k < arcs; k++)
        {
            flows[k] = solver.Flow(k);
        }

        return flows;
    }

    private static bool IsWhole(double[] amounts)
    {
        foreach (double a in amounts)
        {
            if (a != Math.Floor(a) || a > 1e15)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Integers close to amounts x scale that add up to <paramref name="total"/>: floors, then one more unit to the
    /// largest remainders (or one less from the smallest) until the total is met.
    /// </summary>
    internal static long[] Apportion(double[] amounts, double scale, long total)
    {
        var result = new long[amounts.Length];
        var remainder = new double[amounts.Length];
        long sum = 0;
        for (int i = 0; i < amounts.Length; i++)
        {
            double scaled = amounts[i] * scale;
            result[i] = (long)Math.Floor(scaled);
            remainder[i] = scaled - result[i];
            sum += result[i];
        }

        int[] order = [.. Enumerable.Range(0, amounts.Length).OrderByDescending(i => remainder[i]).ThenBy(i => i)];
        for (int r = 0; sum < total && order.Length > 0; r = (r + 1) % order.Length)
        {
            result[order[r]]++;
            sum++;
        }

        for (int r = order.Length - 1; sum > total && order.Length > 0; r = r == 0 ? order.Length - 1 : r - 1)
        {
            if (result[order[r]] > 0)
            {
                result[order[r]]--;
                sum--;
            }
        }

        return result;
    }
}
