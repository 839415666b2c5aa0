namespace TrafficEngine.Commute;

/// <summary>
/// A transportation problem: supplies a_i (employed residents of home zone i), demands b_j (jobs of work zone j) with
/// equal totals, and the arcs (i, j) that may carry flow with their unit cost c_ij (distance or time). The flow x_ij
/// must have row sums a and column sums b, x &gt;= 0; <see cref="TransportationSolver"/> minimises or maximises
/// sum c_ij x_ij. Amounts may be real (non-integer commuter counts).
/// </summary>
public sealed class TransportationProblem
{
    public TransportationProblem(double[] supply, double[] demand, int[] arcHome, int[] arcWork, double[] arcCost)
    {
        ArgumentNullException.ThrowIfNull(supply);
        ArgumentNullException.ThrowIfNull(demand);
        ArgumentNullException.ThrowIfNull(arcHome);
        ArgumentNullException.ThrowIfNull(arcWork);
        ArgumentNullException.ThrowIfNull(arcCost);
        if (arcHome.Length != arcWork.Length || arcHome.Length != arcCost.Length)
        {
            throw new ArgumentException("arcHome, arcWork and arcCost must have one entry per arc.", nameof(arcCost));
        }

        double supplyTotal = 0, demandTotal = 0;
        foreach (double a in supply)
        {
            if (!double.IsFinite(a) || a < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(supply), "supplies must be finite and non-negative.");
            }

            supplyTotal += a;
        }

        foreach (double b in demand)
        {
            if (!double.IsFinite(b) || b < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(demand), "demands must be finite and non-negative.");
            }

            demandTotal += b;
        }

        if (Math.Abs(supplyTotal - demandTotal) > 1e-9 * Math.Max(1, supplyTotal))
        {
            throw new ArgumentException($"supply total {supplyTotal} differs from demand total {demandTotal}.", nameof(demand));
        }

        for (int k = 0; k < arcHome.Length; k++)
        {
            if ((uint)arcHome[k] >= (uint)supply.Length || (uint)arcWork[k] >= (uint)demand.Length)
            {
                throw new ArgumentOutOfRangeException(nameof(arcHome), $"arc {k} ({arcHome[k]}, {arcWork[k]}) is outside the problem.");
            }

            if (!double.IsFinite(arcCost[k]))
            {
                throw new ArgumentOutOfRangeException(nameof(arcCost), $"arc {k} has no finite cost.");
            }
        }

        Supply = supply;
        Demand = demand;
        ArcHome = arcHome;
        ArcWork = arcWork;
        ArcCost = arcCost;
        Total = supplyTotal;
    }

    public double[] Supply { get; }

    public double[] Demand { get; }

    public int[] ArcHome { get; }

    public int[] ArcWork { get; }

    public double[] ArcCost { get; }

    public int ArcCount => ArcCost.Length;

    /// <summary>Total supply (= total demand).</summary>
    public double Total { get; }

    /// <summary>
    /// A dense problem: every pair (i, j) whose cost in the row-major matrix <paramref name="costs"/>
    /// (supply.Length x demand.Length) is finite is an arc; NaN marks a pair with no cost (no arc).
    /// </summary>
    public static TransportationProblem Dense(double[] supply, double[] demand, double[] costs)
    {
        ArgumentNullException.ThrowIfNull(supply);
        ArgumentNullException.ThrowIfNull(demand);
        ArgumentNullException.ThrowIfNull(costs);
        if (costs.Length != supply.Length * demand.Length)
        {
            throw new ArgumentException("costs must be supply.Length x demand.Length, row-major.", nameof(costs));
        }

        int arcs = 0;
        foreach (double c in costs)
        {
            if (double.IsFinite(c))
            {
                arcs++;
            }
        }

        var home = new int[arcs];
        var work = new int[arcs];
        var cost = new double[arcs];
        int k = 0;
        for (int i = 0; i < supply.Length; i++)
        {
            for (int j = 0; j < demand.Length; j++)
            {
                double c = costs[(i * demand.Length) + j];
                if (double.IsFinite(c))
                {
                    home[k] = i;
                    work[k] = j;
                    cost[k] = c;
                    k++;
                }
            }
        }

        return new TransportationProblem(supply, demand, home, work, cost);
    }
}
