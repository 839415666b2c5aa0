namespace TrafficEngine.Commute;

/// <summary>
/// Dual potentials that certify a <see cref="TransportationSolution"/>: u_i per home zone and v_j per work zone with
/// u_i + v_j &lt;= c_ij on every arc (&gt;= when maximising) and equality wherever the flow is positive, so that
/// sum a_i u_i + sum b_j v_j equals the primal objective (weak duality then proves optimality). They are the
/// shortest-path distances in the residual network of the solver's integer problem (Bellman-Ford with a queue from a
/// virtual source joined to every node at cost 0): an optimal flow leaves no negative cycle, so the distances exist.
/// </summary>
public static class TransportationDuals
{
    /// <summary>Potentials in the caller's cost units, from the solver's integer costs.</summary>
    public static (double[] HomePotential, double[] WorkPotential) Compute(TransportationProblem problem, TransportationSolution solution)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(solution);
        int rows = problem.Supply.Length, columns = problem.Demand.Length, nodes = rows + columns;
        long[] cost = solution.SolverCost;
        var outArcs = new List<int>[nodes];
        for (int n = 0; n < nodes; n++)
        {
            outArcs[n] = [];
        }

        // Residual arc 2k: home -> work at +cost (uncapacitated); 2k + 1: work -> home at -cost where the flow is positive.
        for (int k = 0; k < problem.ArcCount; k++)
        {
            outArcs[problem.ArcHome[k]].Add(2 * k);
            if (solution.ScaledFlow[k] > 0)
            {
                outArcs[rows + problem.ArcWork[k]].Add((2 * k) + 1);
            }
        }

        var distance = new long[nodes];
        var queued = new bool[nodes];
        var passes = new int[nodes];
        var queue = new Queue<int>(Enumerable.Range(0, nodes));
        Array.Fill(queued, true);
        while (queue.Count > 0)
        {
            int node = queue.Dequeue();
            queued[node] = false;
            if (++passes[node] > nodes + 1)
            {
                throw new InvalidOperationException("the residual network has a negative cycle: the flow is not optimal.");
            }

            foreach (int residual in outArcs[node])
            {
                int k = residual >> 1;
                bool forward = (residual & 1) == 0;
                int head = forward ? rows + problem.ArcWork[k] : problem.ArcHome[k];
                long candidate = distance[node] + (forward ? cost[k] : -cost[k]);
                if (candidate < distance[head])
                {
                    distance[head] = candidate;
                    if (!queued[head])
                    {
                        queued[head] = true;
                        queue.Enqueue(head);
                    }
                }
            }
        }

        // Solver potentials u' = -d(home), v' = d(work) satisfy u' + v' <= solver cost. Undo the cost shift:
        // minimise: solver cost = scaled + C, so u = u' - C, v = v'; maximise: solver cost = C - scaled, so
        // u = -u', v = C - v' gives u + v >= scaled cost.
        double scale = solution.CostScale;
        long ceiling = solution.CostCeiling;
        bool minimise = solution.Sense == OptimisationSense.Minimise;
        var u = new double[rows];
        var v = new double[columns];
        for (int i = 0; i < rows; i++)
        {
            long solverU = -distance[i];
            u[i] = (minimise ? solverU - ceiling : -solverU) / scale;
        }

        for (int j = 0; j < columns; j++)
        {
            long solverV = distance[rows + j];
            v[j] = (minimise ? solverV : ceiling - solverV) / scale;
        }

        return (u, v);
    }
}
